"""The infrastructure page's figures, made once per process for each (language, metric, level):
the ranked key counties, their choropleth, the rendered map layer, the ranking table and the
print points. The page (``pages/infra.py``) reads its URL state and emits these."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import pyarrow as pa

from geo import maps, printmap
from geo.classify import Choropleth, LegendRow, build_choropleth
from geo.fmt import NO_DATA, format_count, format_value
from geo.i18n import level_label, translator
from geo.point_layers import LABELS as POINT_LABELS
from geo.safetext import Markup
from ui import layers, memo
from ui.choropleth import legend_html
from ui.folium_adapter import RenderedLayer
from ui.frozen import FrozenDict
from ui.prepared import compact_table
from ui.state import query

LABELS = {
    "title": ("基础设施短板：铁路、机场、高速公路", "Infrastructure gaps: rail, airports, expressways"),
    "intro": (
        "按到最近铁路站点和机场的距离给重点帮扶县排序（县域边界到站点的直线距离，县内有站点记为0）。",
        "Key counties ranked by distance to the nearest rail station and airport (straight line from the county "
        "boundary; 0 when the county contains one).",
    ),
    "flags": ("国家重点帮扶县：标志计数与官方数字", "National key counties: flag counts vs the official figures"),
    "no_railway": ("不通铁路（站点代理）", "No railway (station proxy)"),
    "no_station": ("无铁路客运站", "No passenger station"),
    "no_airport": ("县内无机场", "No airport in county"),
    "no_expressway": ("不通高速公路", "No expressway"),
    "of_listed": (
        "数据中：无此项的县 / 已列出且有数据的国家重点帮扶县",
        "our data: counties without / listed with data",
    ),
    "no_official": ("无官方对比数字", "no official figure to compare"),
    "vintage": (
        "**数据年份与偏差：** 铁路站点为约2021年1月快照，缺少部分2021年前开通的高铁站（如从江、榕江、三都），"
        "且“有站点”只是“通铁路”的代理（有线无站的县被计为不通），因此**高估**铁路短板；"
        "机场名录为2026年现状，包含2021年后新开机场，因此对2021年**低估**机场短板；"
        "高速公路**无数据**（未找到可离线使用的高速公路线数据），69个县无法复核；"
        "我们的名单只收录了160个国家重点帮扶县中的 {listed} 个，计数不能与官方数字直接相比。",
        "**Vintage and bias:** rail stations are a ~January 2021 snapshot that misses some high-speed stations "
        "opened before 2021 (从江, 榕江, 三都) and 'has a station' is only a proxy for 'has a railway' (a line "
        "without a stop counts as none), so the rail gap is **overstated**; the airport list is current (2026) and "
        "includes airports opened after 2021, so the 2021 airport gap is **understated**; expressways: **no data** "
        "(no usable expressway line file was found), so the 69 cannot be checked; our list holds only {listed} of "
        "the 160 national key counties, so counts are not directly comparable with the official ones.",
    ),
    "color_by": ("着色", "Colour by"),
    "dist_rail_km": ("到最近铁路站点距离", "Distance to nearest rail station"),
    "dist_airport_km": ("到最近机场距离", "Distance to nearest airport"),
    "both": ("国家级+省级", "National + provincial"),
    "show_stations": ("显示铁路站点", "Show rail stations"),
    "show_airports": ("显示机场", "Show airports"),
    "ranking": ("重点帮扶县排序（距离由远到近）", "Key counties, farthest first"),
    "rank": ("排名", "Rank"),
    "col_rail": ("铁路站点距离", "To rail station"),
    "col_air": ("机场距离", "To airport"),
    "col_has_railway": ("有铁路站点（代理）", "Rail station/halt (proxy)"),
    "col_has_airport": ("县内有机场", "Airport in county"),
    "col_has_expressway": ("通高速公路", "Expressway"),
    "within": ("县内有", "in county"),
    "other": ("非重点帮扶县 / 未显示", "Other counties / not shown"),
    "zero_note": ("0 表示县内有站点或机场；其余为县界到最近站点的直线距离。", "0: the county contains one; otherwise straight-line distance from the county boundary."),
}

# Fixed distance classes (km): 0 means the county contains a station/airport.
DISTANCE_BREAKS = (0.0, 25.0, 50.0, 100.0)


@dataclass(frozen=True)
class InfraView:
    """What the map, legend, print and ranking show for one metric and level (read-only)."""

    choro: Choropleth
    layer: RenderedLayer
    legend: Markup  # the choropleth's legend with the 'other counties' row
    table: pa.Table  # the ranking as Arrow, converted once (what st.dataframe sends)


@dataclass(frozen=True)
class FlagTile:
    """One flag count beside its official figure (``official`` None when there is none)."""

    label: str
    ours: str
    official: tuple[str, str, str, str] | None  # (count, as of, statement, source): untrusted text, escaped when shown


@memo.shared(maxsize=8)
def flag_tiles(version: tuple[str, float], lang: str) -> tuple[tuple[FlagTile, ...], int]:
    """(the four flag tiles, listed national key counties)."""
    t = translator(lang, LABELS)
    counts = query("infra_flag_counts").iloc[0]
    official = query(
        "sites_official_figures", {"figure_ids": ["key_counties_without_railway", "key_counties_without_expressway"]}
    ).set_index("figure_id")
    tiles = (
        ("no_railway", counts.without_railway, counts.railway_known, "key_counties_without_railway"),
        ("no_station", counts.without_rail_station, counts.rail_station_known, None),
        ("no_airport", counts.without_airport, counts.airport_known, None),
        ("no_expressway", counts.without_expressway, counts.expressway_known, "key_counties_without_expressway"),
    )
    made = []
    for label, without, known, figure_id in tiles:
        ours = f"{format_count(without, lang)} / {format_count(known, lang)}" if known else t("no_data")
        figure = official.loc[figure_id] if figure_id in official.index else None
        made.append(FlagTile(t(label), ours, None if figure is None else (
            format_count(figure.value, lang), str(figure.as_of), str(figure.statement_zh), str(figure.source),
        )))
    return tuple(made), int(counts.listed)


def point_label(key: str, lang: str) -> str:
    return POINT_LABELS[key][1 if lang == "en" else 0]


def _distance_text(value: object, year: object, lang: str) -> str:
    text = translator(lang, LABELS)("within") if value == 0 else format_value(value, "公里", lang, decimals=1)
    return text if pd.isna(value) or pd.isna(year) else f"{text} · {int(year)}"


@memo.shared(maxsize=32)
def infra_view(version: tuple[str, float], lang: str, metric: str, level: str) -> InfraView:
    """Key counties of ``level`` ('national', 'provincial', 'both') ranked by ``metric``, farthest first."""
    t = translator(lang, LABELS)
    reference = query("infra_key_counties", {"level": None})
    ranked = query("infra_key_counties", {"level": None if level == "both" else level})
    ranked = ranked.sort_values(metric, ascending=False, na_position="last").reset_index(drop=True)
    year_column = "dist_rail_year" if metric == "dist_rail_km" else "dist_airport_year"
    years = sorted(int(y) for y in ranked[year_column].dropna().unique())
    choro = build_choropleth(
        ranked.rename(columns={metric: "value"}),
        "manual",
        manual_breaks=DISTANCE_BREAKS,
        pooled=reference.rename(columns={metric: "value"}),
        title=t(metric),
        unit="公里",
        decimals=0,
        year=years[-1] if len(years) == 1 else None,
        lang=lang,
    )
    choro = replace(choro, fills=FrozenDict(choro.fills))  # shared by every session: read-only
    labels = {
        code: _distance_text(value, year, lang)
        for code, value, year in zip(ranked.adcode, ranked[metric], ranked[year_column], strict=True)
    }
    features = layers.county_features(version, "national", None, None, True, maps.DATUM)
    layer = layers.colored_key_layer(features, choro.fills, lang, FrozenDict(labels), name="infra_distance")

    def flag(value: object) -> str:
        return NO_DATA[lang] if pd.isna(value) else t("yes" if bool(value) else "no")

    def distances(values: pd.Series, years: pd.Series) -> list[str]:
        return [_distance_text(v, y, lang) for v, y in zip(values, years, strict=True)]

    table = pd.DataFrame(
        {
            t("rank"): range(1, len(ranked) + 1),
            t("county"): ranked["name"],
            t("col_place"): ranked.prefecture + " · " + ranked.province,
            t("level"): ranked.support_level.map(lambda v: level_label(v, lang)),
            t("col_rail"): distances(ranked.dist_rail_km, ranked.dist_rail_year),
            t("col_air"): distances(ranked.dist_airport_km, ranked.dist_airport_year),
            t("col_has_railway"): ranked.has_railway.map(flag),
            t("col_has_airport"): ranked.has_airport.map(flag),
            t("col_has_expressway"): ranked.has_expressway.map(flag),
        }
    )
    legend = legend_html(choro, (LegendRow("#ffffff", t("other"), 0),))
    return InfraView(choro, layer, legend, compact_table(table))


@memo.shared(maxsize=16)
def print_points(
    version: tuple[str, float], lang: str, stations: bool, airports: bool
) -> tuple[printmap.PrintPoints, ...]:
    """The rail stations and airports as the print draws them (only the layers shown)."""
    points = []
    if stations:
        found = query("infra_stations")
        found = found[found.kind == "客运站"]
        points.append(printmap.PrintPoints(tuple(found.lon), tuple(found.lat), "#1b1b1b",
                                           point_label("stations", lang), size=1.5))
    if airports:
        found = query("infra_airports")
        points.append(printmap.PrintPoints(tuple(found.lon), tuple(found.lat), "#1f5fa8",
                                           point_label("airports", lang), size=9, marker="^"))
    return tuple(points)
