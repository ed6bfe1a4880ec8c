"""Point layers for any map: resettlement sites, rail stations and halts, civil airports.

Each layer is a ``folium.FeatureGroup`` holding one GeoJSON of point features drawn as
circle markers; style and tooltip come from compact per-feature properties, so the
payload stays small. Points are GCJ-02 like the county shapes; ``datum="WGS-84"``
converts them for a WGS-84 basemap. Tooltip text is HTML-escaped here.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from collections.abc import Mapping, Sequence
from urllib.parse import quote

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from jinja2 import Template

from geo.assets import asset_url, markercluster_js_css, publish_script
from geo.datum import WGS84, gcj02_to_wgs84
from geo.fmt import format_value
from geo.i18n import translator
from geo.maps import DATUM
from geo.provenance import joined, source_label
from geo.safetext import Markup, esc
from geo.site_points import SIZE_CLASS_ORDER, precision_label, size_class_label

SIZE_COLORS = {"ge10000": "#6a1b6e", "3000_9999": "#a23b72", "800_2999": "#d9738c", "lt800": "#f0b5a8"}
# Circle area ∝ population: radius = scale · √population, never under the floor (so tiny sites stay visible).
RADIUS_SCALE = 0.13
RADIUS_FLOOR = 2.0
EXACT_STYLE = {"weight": 1.2, "fillOpacity": 0.75, "opacity": 1.0}
APPROXIMATE_STYLE = {"weight": 1.6, "fillOpacity": 0.12, "opacity": 0.95, "dashArray": "3 3"}
STATION_STYLES = {
    "客运站": {"radius": 2.6, "color": "#1b1b1b", "fillColor": "#1b1b1b", "weight": 0.6, "fillOpacity": 0.9},
    "乘降所": {"radius": 1.8, "color": "#6b6b6b", "fillColor": "#ffffff", "weight": 0.8, "fillOpacity": 1.0},
}
AIRPORT_STYLE = {"radius": 4.0, "color": "#1f5fa8", "fillColor": "#ffffff", "weight": 2.0, "fillOpacity": 1.0}
STATIC_ROWS = 8_000  # characters of row data above which the rows travel as a static script
CLUSTER_OPTIONS = {"maxClusterRadius": 45, "disableClusteringAtZoom": 8, "showCoverageOnHover": False}

LABELS = {
    "stations": ("铁路客运站", "Rail stations"),
    "halts": ("铁路乘降所", "Rail halts"),
    "airports": ("民用机场", "Civil airports"),
    "population": ("搬迁人口", "Relocated"),
    "location": ("位置", "Location"),
    "exact": ("实心：坐标精确", "Solid: exact coordinates"),
    "approximate": (
        "虚线空心：位置近似（乡镇驻地或县域代表点，见提示）",
        "Dashed, hollow: approximate (township seat or county point, see tooltip)",
    ),
    "area_note": ("圆面积与人数成正比", "Circle area proportional to people"),
    "station_vintage": (
        "站点约2021年1月快照（缺少部分2021年前高铁站）",
        "Stations: ~Jan 2021 snapshot (misses some HSR)",
    ),
    "airport_vintage": ("机场名录为2026年现状", "Airports: 2026 list"),
}


def _t(key: str, lang: str) -> str:
    return translator(lang, LABELS)(key)


def radius_px(population: float | None) -> float:
    """Marker radius in pixels for a population (area proportional); missing → the floor."""
    if population is None or pd.isna(population) or population <= 0:
        return RADIUS_FLOOR
    return round(max(RADIUS_FLOOR, RADIUS_SCALE * math.sqrt(float(population))), 1)


def _coordinates(lon: pd.Series, lat: pd.Series, datum: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon.to_numpy(dtype=float), lat.to_numpy(dtype=float)
    if datum == WGS84:
        x, y = gcj02_to_wgs84(x, y)
    elif datum != DATUM:
        raise ValueError(f"unsupported datum: {datum!r}")
    return np.round(x, 5), np.round(y, 5)


def _script_json(value: object) -> str:
    """Compact JSON that is safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class CircleMarkers(MacroElement):
    """Circle markers built in the browser from compact rows, each with a sticky tooltip.

    A row is ``[lon, lat, style_key, radius or 0, title, detail, tail_index, properties]``;
    the tooltip is ``<b>title</b><br>detail`` plus the shared ``tails[tail_index]``. Title,
    detail and tails are HTML already escaped by the caller. ``properties`` (optional) are
    what a click returns to Streamlit (``last_active_drawing``). Added to a marker cluster,
    the markers are added in one ``addLayers`` call.

    With ``rows_url`` (see ``static_rows``) the rows are not in the script: it loads them once
    from that static, content-hashed file (``window.atlasPoints[rows_key]``) and then adds the
    markers; clicks still reach Streamlit through the parent layer, to which they propagate. A
    marker cluster already on the map by then cannot take markers, so a fresh one with the same
    options is filled and put in its place.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var styles = {{ this.styles_json }}, tails = {{ this.tails_json }}, rows = {{ this.rows_json if not this.rows_url else "null" }};
            var target = {{ this._parent.get_name() }};
            var build = function (rows) {
                var markers = rows.map(function (r) {
                    var marker = L.circleMarker([r[1], r[0]], Object.assign({}, styles[r[2]], r[3] ? {radius: r[3]} : {}));
                    marker.feature = {type: "Feature", properties: r[7] || {}};
                    marker.bindTooltip("<b>" + r[4] + "</b>" + (r[5] ? "<br>" + r[5] : "") + tails[r[6]], {sticky: true});
                    return marker;
                });
                if (target.addLayers && target._map) {
                    // a cluster group already on the map (rows loaded later) only takes markers before it is
                    // added: fill a fresh one with the same options and put it in the old one's place
                    var holder = Object.values(target._eventParents || {})[0] || target._map;
                    var fresh = new target.constructor(target.options);
                    fresh.addLayers(markers);
                    holder.removeLayer(target);
                    holder.addLayer(fresh);
                } else if (target.addLayers) { target.addLayers(markers); } else { markers.forEach(function (m) { target.addLayer(m); }); }
            };
            if (rows) { build(rows); return; }
            {% if this.rows_url %}
            var store = window.atlasPoints = window.atlasPoints || {}, key = {{ this.rows_key_json }};
            if (store[key]) { build(store[key]); return; }
            var script = document.createElement("script");
            script.src = {{ this.rows_url_json }};
            script.onload = function () { build(store[key]); };
            document.body.appendChild(script);
            {% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self, rows: Sequence[Sequence[object]], styles: Mapping[str, Mapping[str, object]], tails: Sequence[str]
    ) -> None:
        super().__init__()
        self._name = "CircleMarkers"
        self.rows_json = _script_json(list(rows))
        self.styles_json = _script_json(styles)
        self.tails_json = _script_json(list(tails))
        self.rows_url: str | None = None

    def static_rows(self, base_url_path: str = "") -> CircleMarkers:
        """The same markers with their rows in a static script (``geo.assets.publish_script``): a map
        message then carries a URL instead of thousands of rows, and the browser caches the file."""
        copy = CircleMarkers([], {}, [])
        copy.styles_json, copy.tails_json, copy.rows_json = self.styles_json, self.tails_json, self.rows_json
        key = hashlib.sha256(self.rows_json.encode("utf-8")).hexdigest()[:16]
        name = publish_script("points", f"(window.atlasPoints = window.atlasPoints || {{}})[{json.dumps(key)}] = {self.rows_json};\n")
        copy.rows_url = asset_url(name, base_url_path, folder="generated")
        copy.rows_key_json, copy.rows_url_json = json.dumps(key), _script_json(copy.rows_url)
        return copy


def _escape(value: object) -> str:
    return html.escape(value) if isinstance(value, str) else ""


def _site_tail(row: pd.Series, lang: str) -> str:
    """Tooltip lines shared by a county's sites: place, location precision, source with year and flag."""
    place = " · ".join(_escape(v) for v in (row.county, row.prefecture, row.province) if isinstance(v, str))
    source = _escape(source_label(joined(row), lang))
    return (
        f"<br>{place}<br>{_t('location', lang)}：{precision_label(row.location_precision, lang)}"
        f"<br>{_t('source', lang)}：{source}"
    )


def site_style_key(size_class: str, approximate: bool) -> str:
    """The style key of a site marker: size class plus ``~`` for an approximate location."""
    return size_class + ("~" if approximate else "")


def _site_styles() -> dict[str, dict[str, object]]:
    styles = {}
    for code, colour in SIZE_COLORS.items():
        styles[site_style_key(code, False)] = {"color": colour, "fillColor": colour, **EXACT_STYLE}
        styles[site_style_key(code, True)] = {"color": colour, "fillColor": colour, **APPROXIMATE_STYLE}
    return styles


class _ClusterAssets(JSCSSMixin, MacroElement):
    """Carries the local Leaflet.markercluster JS/CSS, so a map has them before any cluster appears."""

    _template = Template("{% macro script(this, kwargs) %}{% endmacro %}")

    def __init__(self, base_url_path: str = "") -> None:
        super().__init__()
        self.default_js, self.default_css = markercluster_js_css(base_url_path)


def cluster_assets_layer(base_url_path: str = "") -> folium.FeatureGroup:
    """An empty layer that makes streamlit-folium load markercluster with the map.

    streamlit-folium loads script links only when the map is first created; a cluster
    layer switched on later would find ``L.markerClusterGroup`` missing without this.
    """
    group = folium.FeatureGroup(name="cluster_assets", control=False)
    _ClusterAssets(base_url_path).add_to(group)
    return group


def point_group(
    markers: CircleMarkers, name: str, clustered: bool = False, base_url_path: str = ""
) -> folium.FeatureGroup:
    """A fresh layer around ``markers`` (which may be cached), optionally clustered below zoom 8.

    Layers must be new on every render: folium adds an ``addTo`` child to a layer each time
    it is rendered, so a cached layer would replay stale variable names. The markers
    element carries all the data and adds no children, so it can be reused.
    """
    group = folium.FeatureGroup(name=name)
    parent: folium.FeatureGroup | MarkerCluster = group
    if clustered:
        parent = MarkerCluster(name=f"{name}_cluster", control=False, options=CLUSTER_OPTIONS)
        parent.default_js, parent.default_css = markercluster_js_css(base_url_path)
        parent.add_to(group)
    parent.add_child(markers.static_rows(base_url_path) if len(markers.rows_json) > STATIC_ROWS else markers)
    return group


def site_markers(points: pd.DataFrame, lang: str, *, datum: str = DATUM) -> CircleMarkers:
    """Proportional circles for sites (``geo.site_points.site_points`` rows), largest drawn first.

    Approximate locations are hollow and dashed, with the precision in the tooltip.
    """
    points = points.sort_values("population", ascending=False, na_position="last")
    lon, lat = _coordinates(points["draw_lon"], points["draw_lat"], datum)
    tails: dict[str, int] = {}
    rows = []
    for x, y, (_, row) in zip(lon.tolist(), lat.tolist(), points.iterrows(), strict=True):
        tail = tails.setdefault(_site_tail(row, lang), len(tails))
        people = format_value(row.population, "人", lang)
        detail = f"{_t('population', lang)}：{people}（{size_class_label(row.size_class, lang)}）"
        style = site_style_key(row.size_class, bool(row.approximate))
        properties = {"site_id": row.site_id, "adcode": row.adcode}
        rows.append([x, y, style, radius_px(row.population), _escape(row["name"]), detail, tail, properties])
    return CircleMarkers(rows, _site_styles(), list(tails))


def station_markers(stations: pd.DataFrame, lang: str, *, datum: str = DATUM) -> CircleMarkers:
    """Rail stations (filled) and halts (hollow) from ``queries/infra_stations.sql``."""
    lon, lat = _coordinates(stations["lon"], stations["lat"], datum)
    kinds = {"客运站": _t("stations", lang), "乘降所": _t("halts", lang)}
    tails: dict[str, int] = {}
    rows = []
    for x, y, name, kind, bureau in zip(
        lon.tolist(), lat.tolist(), stations["name"], stations["kind"], stations["bureau"], strict=True
    ):
        tail = kinds.get(kind, _escape(kind)) + (f" · {_escape(bureau)}" if isinstance(bureau, str) else "")
        rows.append([x, y, kind, 0, _escape(name), "", tails.setdefault("<br>" + tail, len(tails))])
    return CircleMarkers(rows, STATION_STYLES, list(tails))


def airport_markers(airports: pd.DataFrame, lang: str, *, datum: str = DATUM) -> CircleMarkers:
    """Civil airports with scheduled service from ``queries/infra_airports.sql``."""
    lon, lat = _coordinates(airports["lon"], airports["lat"], datum)
    rows = []
    for x, y, name, iata, icao in zip(
        lon.tolist(), lat.tolist(), airports["name"], airports["iata"], airports["icao"], strict=True
    ):
        codes = " / ".join(_escape(code) for code in (iata, icao) if isinstance(code, str) and code)
        rows.append([x, y, "airport", 0, _escape(name), codes, 0])
    return CircleMarkers(rows, {"airport": AIRPORT_STYLE}, [""])


def _swatch(style: Mapping[str, object], radius: float) -> str:
    """A legend circle drawn like the marker, as an SVG image (a data URL): legends are ``st.html``
    elements, whose sanitiser keeps images but drops inline ``<svg>``."""
    size = int(2 * radius + 4)
    dash = f' stroke-dasharray="{style["dashArray"]}"' if "dashArray" in style else ""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}">'
        f'<circle cx="{size / 2}" cy="{size / 2}" r="{radius}" stroke="{style["color"]}" '
        f'stroke-width="{style["weight"]}" fill="{style["fillColor"]}" fill-opacity="{style["fillOpacity"]}"{dash}/>'
        "</svg>"
    )
    source = "data:image/svg+xml," + quote(svg, safe=" =")
    return f'<img src="{source}" width="{size}" height="{size}" alt="" style="vertical-align:middle">'


def sites_legend_html(lang: str, size_classes: Sequence[str] = SIZE_CLASS_ORDER) -> Markup:
    """Legend: colour per size class, reference circle sizes, exact vs approximate style."""
    styles = _site_styles()
    rows = [f"<b>{_t('sites', lang)}</b>"]
    for code in size_classes:
        rows.append(f"{_swatch(styles[site_style_key(code, False)], 6)} {esc(size_class_label(code, lang))}")
    sizes = " ".join(
        f"{_swatch(styles['ge10000~'], radius_px(n))}{format_value(n, '人', lang)}" for n in (1_000, 10_000, 40_000)
    )
    rows.append(f"<small>{_t('area_note', lang)}</small><br>{sizes}")
    rows.append(f"{_swatch(styles['ge10000'], 6)} {_t('exact', lang)}")
    rows.append(f"{_swatch(styles['ge10000~'], 6)} {_t('approximate', lang)}")
    return Markup("<br>".join(rows))  # built from labels and styles only


def infra_legend_html(lang: str) -> Markup:
    """Legend for the station, halt and airport symbols, with their vintage (labels only)."""
    return Markup("<br>".join(
        [
            f"{_swatch(STATION_STYLES['客运站'], 3)} {_t('stations', lang)}",
            f"{_swatch(STATION_STYLES['乘降所'], 3)} {_t('halts', lang)}",
            f"<small>{_t('station_vintage', lang)}</small>",
            f"{_swatch(AIRPORT_STYLE, 4.0)} {_t('airports', lang)}",
            f"<small>{_t('airport_vintage', lang)}</small>",
        ]
    ))
