"""易地搬迁安置点 — relocation sites on the map, in tables, and beside the official figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import maps, printmap
from geo.fmt import format_count, format_value
from geo.i18n import level_label
from geo.pageschemas import SITES as SCHEMA
from geo.point_layers import SIZE_COLORS, sites_legend_html
from geo.provenance import SourceBook
from geo.site_points import SIZE_CLASS_ORDER, precision_label, site_points, size_class_label
from ui import layers, safe, url
from ui.completeness import incomplete_legend, incomplete_overlay
from ui.county_search import county_search
from ui.frame import require_app_frame
from ui.mapview import show_map
from ui.overview_parts import inset_png
from ui.point_toggles import cluster_assets, point_layer, size_class_filter
from ui.printing import completeness, print_action
from ui.state import db_version, lang, query, tr

require_app_frame()

PAGE_LABELS = {
    "title": ("易地扶贫搬迁安置点", "Poverty-relief relocation sites"),
    "intro": (
        "圆面积与安置人数成正比。来源都没有给出坐标：已知所在乡镇的安置点画在乡镇驻地（乡镇驻地，位置近似），"
        "其余画在所在县的代表点（县域代表点，位置近似）；虚线空心＝位置近似。",
        "Circle area is proportional to the people resettled. No source gives coordinates: a site whose township "
        "is known is drawn at the township seat (approximate), the others at their county's representative point "
        "(approximate); dashed, hollow = approximate location.",
    ),
    "filters": ("安置点筛选", "Site filters"),
    "key_only": ("仅重点帮扶县", "Key counties only"),
    "clustered": ("全国视图下聚合", "Cluster at national zoom"),
    "coverage": ("数据覆盖与官方数字", "What the data covers vs the official figures"),
    "large_national": ("万人以上集中安置点（全国）", "Sites over 10,000 people (China)"),
    "large_key": ("其中在重点帮扶县", "… of which in key counties"),
    "large_zhaotong": ("昭通市万人以上安置点", "Sites over 10,000 people in 昭通"),
    "by_precision": ("按定位精度", "By location precision"),
    "in_data": ("数据中", "in our data"),
    "coverage_note": (
        "数据中的 {large} 个万人以上安置点 = 广西安置点名录 {registry} 个 + 新闻报道 {news} 个；"
        "未找到全国66个万人以上安置点（或重点帮扶县内43个）的公开名单，也没有任何安置点坐标。"
        "广西为全区名录（{sites} 个安置点中的绝大多数），其他省份只有新闻点名的大型安置点，"
        "因此各省合计不代表全省，数据与官方数字之差是“未收录”，不是“不存在”。",
        "The {large} sites over 10,000 people in the data = {registry} from the Guangxi site registry + {news} "
        "named in news reports. No public list of the 66 large sites (or the 43 in key counties) was found, and no "
        "source gives coordinates. Guangxi is a full registry (most of the {sites} sites); other provinces only "
        "have large sites named in the news, so province totals are not province totals, and the gap to the "
        "official figures means 'not in our data', not 'does not exist'.",
    ),
    "zoom": ("缩放到", "Zoom to"),
    "whole_country": ("全国", "China"),
    "zoom_note": ("列表与合计只含{place}的安置点。", "Lists and totals show only the sites in {place}."),
    "no_sizes": ("请至少选择一个规模等级。", "Pick at least one size class."),
    "clicked": ("已选安置点", "Selected site"),
    "tab_sites": ("安置点列表", "Sites"),
    "tab_county": ("按县汇总", "By county"),
    "tab_province": ("按省汇总", "By province"),
    "col_name": ("安置点", "Site"),
    "col_population": ("搬迁人口", "People relocated"),
    "col_size": ("规模", "Size class"),
    "col_precision": ("位置精度", "Location"),
    "col_note": ("人口口径", "Population note"),
    "col_sites": ("安置点数", "Sites"),
    "col_large": ("万人以上", "Over 10,000"),
    "totals_note": (
        "合计只包括数据中收录的安置点（广西为全区名录，其他省份仅新闻报道的万人以上安置点）。",
        "Totals cover only the sites in our data (all of Guangxi; elsewhere only large sites named in the news).",
    ),
}

# (official figure id, label, coverage column counting the same thing in our data)
FIGURES = (
    ("large_sites_national", "large_national", "large_sites"),
    ("large_sites_in_key_counties", "large_key", "large_sites_key"),
    ("zhaotong_large_sites", "large_zhaotong", "large_sites_prefecture"),
)
ZHAOTONG = "530600"
KEY_FILLS = {"national": "#f3d3cf", "provincial": "#fbe3cc"}

t = tr(PAGE_LABELS)
language = lang()
version = db_version()
book = SourceBook(query("sources_list"))


st.title(t("title"))
st.caption(t("intro"))

state = url.page(SCHEMA)
with st.sidebar:
    st.subheader(t("filters"))
    sizes = size_class_filter(state, "st_sizes")
    key_only = state.bind("st_key", st.checkbox, t("key_only"))
    clustered = state.bind("st_cluster", st.checkbox, t("clustered"))
    # Zoom to a province, prefecture or county (昭通's large sites, say); codes in the URL.
    st.subheader(t("zoom"))
    provinces = query("province_list")
    province_names = dict(zip(provinces.adcode, provinces.name, strict=True))
    zoom_province = state.bind(
        "st_prov", st.selectbox, t("province"), [None, *province_names],
        format_func=lambda code: province_names.get(code, t("whole_country")), placeholder=t("choose"),
    )
    prefectures = query("prefecture_list", {"province": zoom_province}) if zoom_province else None
    prefecture_names = {} if prefectures is None else dict(zip(prefectures.adcode, prefectures.name, strict=True))
    zoom_prefecture = state.bind(
        "st_pref", st.selectbox, t("prefecture"), [None, *prefecture_names],
        format_func=lambda code: prefecture_names.get(code, "—"), disabled=not zoom_province, placeholder=t("choose"),
    )
    zoom_county = county_search(st.sidebar, state, "st_county")

# --- coverage vs official figures -------------------------------------------------------------
coverage = query("sites_coverage", {"prefecture": ZHAOTONG}).iloc[0]
official = query("sites_official_figures", {"figure_ids": [f[0] for f in FIGURES]}).set_index("figure_id")
st.subheader(t("coverage"))
columns = st.columns(4)
for column, (figure_id, label, data_column) in zip(columns, FIGURES, strict=False):
    figure = official.loc[figure_id] if figure_id in official.index else None
    official_text = t("no_data") if figure is None else format_count(figure.value, language)
    column.metric(
        t(label),
        f"{format_count(coverage[data_column], language)} / {official_text}",
        help=f"{t('in_data')} / {t('official')}",
    )
    if figure is not None:
        safe.caption("{}：{} — {}（{}）", t("official"), figure.statement_zh, figure.source, figure.as_of, on=column)
columns[3].metric(
    f"{t('by_precision')}：{precision_label('township', language)}",
    f"{format_count(coverage.sites_township, language)} / {format_count(coverage.sites, language)}",
)
columns[3].caption(
    " · ".join(
        f"{precision_label(code, language)} {format_count(coverage[f'sites_{code}'], language)}"
        for code in ("township", "county", "exact")
    )
)
safe.caption("{}：{}", t("in_data"), book.labels(["gx_relocation_registry", "news_sites"], language), on=columns[3])
safe.info(
    t("coverage_note"),
    large=int(coverage.large_sites),
    registry=int(coverage.large_sites_registry),
    news=int(coverage.large_sites_news),
    sites=int(coverage.sites),
)

# --- map ---------------------------------------------------------------------------------------
if not sizes:
    st.warning(t("no_sizes"))
params = {"size_classes": list(sizes), "key_only": key_only}
points = site_points(query("sites_points", params))
features = layers.county_features(version, "national", None, None, True, maps.DATUM)
fills = {f["properties"]["adcode"]: KEY_FILLS[f["properties"]["support_level"]] for f in features["features"]}
dynamic = [layers.colored_key_layer(features, fills, language, name="key_context")]
dynamic.append(incomplete_overlay(language))
dynamic.append(cluster_assets())
if sizes:
    dynamic.append(point_layer("sites", sizes=sizes, clustered=clustered, key_only=key_only))
counties = query("county_list").set_index("adcode")
if zoom_county and zoom_county in counties.index:
    area, place = counties.loc[zoom_county], counties.loc[zoom_county, "name"]
elif zoom_prefecture:
    area, place = prefectures.set_index("adcode").loc[zoom_prefecture], prefecture_names[zoom_prefecture]
elif zoom_province:
    area, place = provinces.set_index("adcode").loc[zoom_province], province_names[zoom_province]
else:
    area, place = None, None
box = maps.NATIONAL_EXTENT if area is None else (area.min_lon, area.min_lat, area.max_lon, area.max_lat)
center, zoom = maps.view_for_bounds(*box, width=1100, height=600)
dynamic.append(maps.fit_bounds_layer(box))
in_area = zoom_county or zoom_prefecture or zoom_province or ""
prefix = in_area if zoom_county else in_area[:4] if zoom_prefecture else in_area[:2]
if prefix:
    points = points[points.adcode.str.startswith(prefix)]
map_column, legend_column = st.columns([5, 1])
with map_column:
    base = layers.base_map(version, language, "none", inset_png(version))
    result = show_map(base, key="sites_map", layers=dynamic, center=center, zoom=zoom, height=600)
with legend_column:
    safe.html("{}", sites_legend_html(language, sizes or SIZE_CLASS_ORDER))
    legend_levels = [KEY_FILLS["national"], KEY_FILLS["provincial"]]
    safe.html("{}", maps.legend_rows(legend_levels, [t("national"), t("provincial")]))
    safe.html("{}", incomplete_legend(language))
    print_points = tuple(
        printmap.PrintPoints(tuple(group.lon), tuple(group.lat), SIZE_COLORS[code], size_class_label(code, language),
                             size=4 + 10 * SIZE_CLASS_ORDER[::-1].index(code))
        for code, group in points.dropna(subset=["lon", "lat"]).groupby("size_class")
        if code in SIZE_COLORS and code in (sizes or ())
    )
    print_action(
        printmap.PrintView(
            t("title"), fills, [(KEY_FILLS["national"], t("national")), (KEY_FILLS["provincial"], t("provincial"))],
            legend_title=t("level"), points=print_points,
            sources=[book.label(code, language) for code in points.source_id.dropna().unique()],
            **completeness(language),
        ),
        "st_print", language,
    )

clicked_id = ((result.get("last_active_drawing") or {}).get("properties") or {}).get("site_id")
clicked = points[points.site_id == clicked_id]
if not clicked.empty:
    row = clicked.iloc[0]
    safe.success(
        "{}：**{}** · {} · {} · {} — {}（{}）· {} · {}",
        t("clicked"), row["name"], row.county, row.prefecture, row.province,
        format_value(row.population, "人", language), size_class_label(row.size_class, language),
        precision_label(row.location_precision, language), book.label(row.source_id, language),
    )  # fmt: skip

# --- tables ------------------------------------------------------------------------------------
if place:
    safe.caption(t("zoom_note"), place=place)
tab_sites, tab_county, tab_province = st.tabs([t("tab_sites"), t("tab_county"), t("tab_province")])
with tab_sites:
    table = pd.DataFrame(
        {
            t("col_name"): points["name"],
            t("col_place"): points.county + " · " + points.prefecture + " · " + points.province,
            t("level"): points.support_level.map(lambda v: level_label(v, language)),
            t("col_population"): points.population.map(lambda v: format_value(v, "人", language)),
            t("col_size"): points.size_class.map(lambda v: size_class_label(v, language)),
            t("col_precision"): points.location_precision.map(lambda v: precision_label(v, language)),
            t("source"): points.source_id.map(lambda s: book.label(s, language)),
            t("col_note"): points.population_note,
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
for tab, by in ((tab_county, "county"), (tab_province, "province")):
    with tab:
        totals = query("sites_totals", {**params, "by": by})
        if prefix and "adcode" in totals:
            totals = totals[totals.adcode.astype(str).str.startswith(prefix if by == "county" else prefix[:2])]
        frame = pd.DataFrame({t(by): totals["name"]})
        if by == "county":
            frame[t("col_place")] = totals.place
            frame[t("level")] = totals.support_level.map(lambda v: level_label(v, language))
        frame[t("col_sites")] = totals.site_count.map(lambda v: format_count(v, language))
        frame[t("col_population")] = totals.population.map(lambda v: format_value(v, "人", language))
        frame[t("col_large")] = totals.large_site_count.map(lambda v: format_count(v, language))
        frame[t("source")] = totals.source_ids.map(lambda ids: book.labels(str(ids).split(', '), language))
        st.dataframe(frame, hide_index=True, width="stretch")
        st.caption(t("totals_note"))

st.caption(t("datum_note"))
