"""基础设施短板 — key counties ranked by distance to rail and air, flags beside the official figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import maps, printmap
from geo.classify import LegendRow, build_choropleth
from geo.fmt import NO_DATA, format_count, format_value
from geo.i18n import level_label
from geo.pageschemas import INFRA as SCHEMA
from geo.point_layers import LABELS as POINT_LABELS
from geo.point_layers import infra_legend_html
from geo.provenance import SourceBook
from ui import layers, safe, url
from ui.choropleth import legend_html
from ui.completeness import incomplete_legend, incomplete_overlay
from ui.frame import require_app_frame
from ui.mapview import show_map
from ui.overview_parts import inset_png
from ui.point_toggles import point_layer
from ui.printing import choropleth_legend, completeness, print_action
from ui.state import db_version, lang, query, tr

require_app_frame()

PAGE_LABELS = {
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

t = tr(PAGE_LABELS)
language = lang()
version = db_version()
book = SourceBook(query("sources_list"))


def point_label(key: str, lang: str) -> str:
    return POINT_LABELS[key][1 if lang == "en" else 0]


def flag_text(value: object) -> str:
    return NO_DATA[language] if pd.isna(value) else t("yes" if bool(value) else "no")


def distance_text(value: object, year: object) -> str:
    text = t("within") if value == 0 else format_value(value, "公里", language, decimals=1)
    return text if pd.isna(value) or pd.isna(year) else f"{text} · {int(year)}"


st.title(t("title"))
st.caption(t("intro"))
state = url.page(SCHEMA)

# --- flag counts beside the official figures ---------------------------------------------------
counts = query("infra_flag_counts").iloc[0]
official = query(
    "sites_official_figures", {"figure_ids": ["key_counties_without_railway", "key_counties_without_expressway"]}
).set_index("figure_id")
st.subheader(t("flags"))
tiles = (
    ("no_railway", counts.without_railway, counts.railway_known, "key_counties_without_railway"),
    ("no_station", counts.without_rail_station, counts.rail_station_known, None),
    ("no_airport", counts.without_airport, counts.airport_known, None),
    ("no_expressway", counts.without_expressway, counts.expressway_known, "key_counties_without_expressway"),
)
for column, (label, without, known, figure_id) in zip(st.columns(4), tiles, strict=True):
    ours = f"{format_count(without, language)} / {format_count(known, language)}" if known else t("no_data")
    column.metric(t(label), ours, help=t("of_listed"))
    figure = official.loc[figure_id] if figure_id in official.index else None
    if figure is None:
        column.caption(t("no_official"))
    else:
        safe.caption(
            "{}：{} / 160（{}） — {}；{}" if language == "zh" else "{}: {} / 160 ({}) — {}; {}",
            t("official"), format_count(figure.value, language), figure.as_of, figure.statement_zh, figure.source,
            on=column,
        )  # fmt: skip
safe.caption("{}：{}" if language == "zh" else "{}: {}", t("source"), book.label("infra_flags", language))
safe.warning(t("vintage"), listed=int(counts.listed))

# --- controls ----------------------------------------------------------------------------------
with st.sidebar:
    st.subheader(t("controls"))
    metric = state.bind("inf_metric", st.radio, t("color_by"), ["dist_rail_km", "dist_airport_km"], format_func=t)
    level = state.bind(
        "inf_level", st.selectbox, t("level"), ["national", "provincial", "both"],
        format_func=lambda v: t("both") if v == "both" else level_label(v, language), placeholder=t("choose"),
    )
    show_stations = state.bind("inf_rail", st.checkbox, t("show_stations"))
    show_airports = state.bind("inf_air", st.checkbox, t("show_airports"))

# --- map: key counties coloured by distance, stations and airports on top ---------------------
reference = query("infra_key_counties", {"level": None})
ranked = query("infra_key_counties", {"level": None if level == "both" else level})
ranked = ranked.sort_values(metric, ascending=False, na_position="last").reset_index(drop=True)
values = ranked.set_index("adcode")[metric]
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
    lang=language,
)
features = layers.county_features(version, "national", None, None, True, maps.DATUM)
fills = dict(choro.fills)
labels = {code: distance_text(values[code], ranked.set_index("adcode")[year_column][code]) for code in values.index}
dynamic = [layers.colored_key_layer(features, fills, language, labels, name="infra_distance")]
dynamic.append(incomplete_overlay(language))
if show_stations:
    dynamic.append(point_layer("stations"))
if show_airports:
    dynamic.append(point_layer("airports"))
center, zoom = maps.view_for_bounds(*maps.NATIONAL_EXTENT, width=1100, height=600)
dynamic.append(maps.fit_bounds_layer(maps.NATIONAL_EXTENT))
map_column, legend_column = st.columns([5, 1])
with map_column:
    base = layers.base_map(version, language, "none", inset_png(version))
    show_map(base, key="infra_map", layers=dynamic, center=center, zoom=zoom, height=600, returned_objects=())
with legend_column:
    safe.html("{}", legend_html(choro, (LegendRow("#ffffff", t("other"), 0),)))
    st.caption(t("zero_note"))
    safe.html("{}", incomplete_legend(language))
    safe.html("{}", infra_legend_html(language))
    print_legend, print_legend_title = choropleth_legend(choro)
    print_points = []
    if show_stations:
        stations = query("infra_stations")
        stations = stations[stations.kind == "客运站"]
        print_points.append(printmap.PrintPoints(tuple(stations.lon), tuple(stations.lat), "#1b1b1b",
                                                 point_label("stations", language), size=1.5))
    if show_airports:
        airports = query("infra_airports")
        print_points.append(printmap.PrintPoints(tuple(airports.lon), tuple(airports.lat), "#1f5fa8",
                                                 point_label("airports", language), size=9, marker="^"))
    print_action(
        printmap.PrintView(
            f"{t('title')} · {t(metric)}", fills, print_legend, legend_title=print_legend_title,
            subtitle=level_label(level, language) if level != "both" else t("both"),
            sources=[book.label(code, language) for code in ("infra_flags", "rail_stations", "airports")],
            points=tuple(print_points), **completeness(language),
        ),
        "inf_print", language,
    )

# --- ranking -----------------------------------------------------------------------------------
st.subheader(t("ranking"))
table = pd.DataFrame(
    {
        t("rank"): range(1, len(ranked) + 1),
        t("county"): ranked["name"],
        t("col_place"): ranked.prefecture + " · " + ranked.province,
        t("level"): ranked.support_level.map(lambda v: level_label(v, language)),
        t("col_rail"): [distance_text(v, y) for v, y in zip(ranked.dist_rail_km, ranked.dist_rail_year, strict=True)],
        t("col_air"): [
            distance_text(v, y) for v, y in zip(ranked.dist_airport_km, ranked.dist_airport_year, strict=True)
        ],
        t("col_has_railway"): ranked.has_railway.map(flag_text),
        t("col_has_airport"): ranked.has_airport.map(flag_text),
        t("col_has_expressway"): ranked.has_expressway.map(flag_text),
    }
)
st.dataframe(table, hide_index=True, width="stretch")
safe.caption(
    "{}：{}。" if language == "zh" else "{}: {}.", t("source"),
    book.labels(["infra_flags", "rail_stations", "airports"], language, sep="；" if language == "zh" else "; "),
)
st.caption(t("datum_note"))
