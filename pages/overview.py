"""全国总览 — the national map of key counties, for leaders: the whole picture first."""

from __future__ import annotations

import streamlit as st

from geo import maps, printmap
from geo.classify import SCHEMES
from geo.pageschemas import OVERVIEW as SCHEMA
from ui import layers, places, safe, url
from ui.choropleth import indicator_choropleth, indicator_legend, show_notices, year_select
from ui.completeness import incomplete_legend, incomplete_overlay
from ui.county_search import county_search
from ui.frame import require_app_frame
from ui.mapview import clicked_adcode, show_map
from ui.overview_parts import (
    breadcrumb,
    headline,
    indicator_menu,
    inset_png,
    legend_for_levels,
    list_progress,
    map_footer,
    narrow_screen_order,
    prefecture_counts,
)
from ui.point_toggles import point_layer_controls
from ui.printing import choropleth_legend, completeness, print_action
from ui.state import db_version, lang, query, source_book, tr

require_app_frame()

LABELS = {
    "title": ("国家乡村振兴重点帮扶县 · 全国总览", "National rural-revitalization key counties · overview"),
    "color_by": ("着色方式", "Colour by"),
    "by_level": ("帮扶级别", "Level"),  # short: two buttons share a 260 px sidebar
    "by_indicator": ("指标分级", "Indicator"),
    "scheme": ("分级方法", "Classification"),
    "quantiles": ("分位数", "Quantiles"),
    "natural_breaks": ("自然断点", "Natural breaks"),
    "equal_interval": ("等间距", "Equal interval"),
    "manual": ("手动断点", "Manual breaks"),
    "classes": ("分级数", "Classes"),
    "breaks": ("断点（逗号分隔）", "Breaks (comma-separated)"),
    "scope": ("着色范围", "Coloured counties"),
    "scope_key": ("国家级+省级", "National + provincial"),
    "scope_national": ("仅国家级", "National only"),
    "drill_province": ("省（区、市）", "Province"),
    "drill_prefecture": ("市（州、盟）", "Prefecture"),
    "whole_country": ("全国", "China"),
    "basemap": ("底图", "Basemap"),
    "basemap_none": ("无底图（离线）", "No basemap (offline)"),
    "basemap_tianditu": ("天地图（需密钥，WGS-84）", "Tianditu (key, WGS-84)"),
    "basemap_amap": ("高德（GCJ-02）", "Amap (GCJ-02)"),
    "no_key": ("未配置天地图密钥（TIANDITU_KEY），已使用无底图。", "No Tianditu key (TIANDITU_KEY) configured; no basemap."),
    "open_profile": ("打开县情档案", "Open county profile"),
    "no_values": ("该指标在此年份没有数据。", "This indicator has no values for that year."),
    "year_static": ("（无年份）", "(no year)"),
    "print_title_levels": ("国家乡村振兴重点帮扶县分布 · {place}", "Rural-revitalization key counties · {place}"),
    "print_title_indicator": ("{indicator} · {place} · {year}", "{indicator} · {place} · {year}"),
    "print_scope": ("着色：{scope}", "Coloured: {scope}"),
    "other_counties": ("其他县级单位", "Other counties"),
    "find_place": ("定位：省 · 市 · 县", "Find a place"),
    "map_layers": ("底图与图层", "Basemap and layers"),
}




# With the title and headline cards above it, a 580 px map ends inside a 1440×900 first
# screen, so the 南海诸岛 inset (bottom right of the map) and the legend are seen unscrolled.
MAP_HEIGHT = 580

t = tr(LABELS)
language = lang()
version = db_version()
counties = query("county_list")
provinces = query("province_list")

narrow_screen_order()
st.container(key="ov_title").markdown(f"### {t('title')}")
with st.container(key="ov_cards"):
    headline(t, language)

state = url.page(SCHEMA)
# The finder (province, prefecture, county search) behind one click: see the map layers below.
finder = st.sidebar.popover(t("find_place"), icon=":material/search:", width="stretch")
with st.sidebar:
    st.subheader(t("controls"))
    color_by = state.bind(
        "ov_color", st.segmented_control, t("color_by"), ["level", "indicator"], format_func=lambda v: t("by_" + v),
    ) or "level"
    indicator = year = None
    scheme, k, manual = "quantiles", 5, ""
    scope = "key"
    if color_by == "indicator":
        names, indicator_years = indicator_menu(version, language)
        indicator = state.bind("ov_ind", st.selectbox, t("indicator"), list(names), format_func=names.get, placeholder=t("choose"))
        years = list(indicator_years.get(indicator, ()))
        if years:
            year = year_select(state, "ov_year", indicator, years, t("year"))
        else:
            st.caption(t("year") + " " + t("year_static"))
        scheme = state.bind("ov_scheme", st.selectbox, t("scheme"), SCHEMES, format_func=t, placeholder=t("choose"))
        if scheme == "manual":
            manual = state.bind("ov_breaks", st.text_input, t("breaks"), max_chars=200)
        else:
            k = state.bind("ov_k", st.slider, t("classes"), min_value=3, max_value=7)
        scope = state.bind(
            "ov_scope", st.radio, t("scope"), ["key", "national"], horizontal=True,
            format_func=lambda v: t("scope_" + v),
        )
    # Behind a click, like the finder above: a closed popover's widgets are not rendered in the
    # browser, so their element scripts are not loaded before the map's frame (docs/performance.md).
    with st.popover(t("map_layers"), icon=":material/layers:", width="stretch"):
        basemap_key = state.bind(
            "ov_basemap", st.selectbox, t("basemap"), ["none", "tianditu", "amap"],
            format_func=lambda v: t("basemap_" + v), placeholder=t("choose"),
        )
        no_key = basemap_key == "tianditu" and not layers.tianditu_key()
        basemap_key = "none" if no_key else basemap_key
        extra_layers = point_layer_controls(state, "ov", layers.basemap_datum(basemap_key))
    if no_key:  # outside the popover: a shared link asking for 天地图 says so without a click
        st.info(t("no_key"))

# --- drill-down and search (codes in the URL, labels only for display) -------------------
province_names = places.province_names(version)
province = state.bind(
    "ov_prov", finder.selectbox, t("drill_province"), [None, *province_names],
    format_func=lambda code: province_names.get(code, t("whole_country")), placeholder=t("whole_country"),
)
prefecture_names = places.prefecture_names(version, province)
prefecture = state.bind(
    "ov_pref", finder.selectbox, t("drill_prefecture"), [None, *prefecture_names],
    format_func=lambda code: prefecture_names.get(code, "—"), disabled=not province, placeholder=t("choose"),
)
searched = county_search(finder, state, "ov_county")
breadcrumb(t, province_names.get(province), prefecture_names.get(prefecture))
if province and not prefecture:
    prefecture_counts(language, province)

# --- colours: by support level, or classified indicator values (breaks fixed per indicator) ---
datum = layers.basemap_datum(basemap_key)
# Zoomed in (a province, or a searched county) the coloured layer uses province-level detail.
detail_province = province or (counties.set_index("adcode").province_adcode.get(searched) if searched else None)
level_name = "province" if detail_province else "national"
features = layers.county_features(version, level_name, detail_province, prefecture, not detail_province, datum)
value_labels: dict[str, str] | None = None
choro = None
legend_markup = legend_for_levels(t)
if color_by == "indicator" and indicator:
    choro = indicator_choropleth(version, indicator, year, scheme, k, manual, scope, language)
    fills = choro.fills if choro else {}
    if choro is None or choro.classification is None:
        st.warning(t("no_values"))
    else:
        legend_markup = indicator_legend(version, indicator, year, scheme, k, manual, scope, language)
    value_labels = layers.indicator_value_labels(version, indicator, year, language, features[layers.SOURCE])
else:
    fills = layers.level_fills(version, level_name, detail_province, prefecture, not detail_province, datum)
dynamic = [layers.colored_key_layer(features, fills, language, value_labels)]
dynamic.append(incomplete_overlay(language, datum, province))
legend_markup += incomplete_legend(language, province)

# --- view: searched county > prefecture > province > whole country ----------------------
view_box = None
if searched:
    row = counties.set_index("adcode").loc[searched]
    view_box = maps.padded_box((row.min_lon, row.min_lat, row.max_lon, row.max_lat))  # with its neighbours
    dynamic.append(layers.highlight(version, searched, datum))
elif prefecture:
    row = query("prefecture_list", {"province": province}).set_index("adcode").loc[prefecture]
    view_box = (row.min_lon, row.min_lat, row.max_lon, row.max_lat)
elif province:
    row = provinces.set_index("adcode").loc[province]
    view_box = (row.min_lon, row.min_lat, row.max_lon, row.max_lat)
view_box = view_box or maps.NATIONAL_EXTENT
center, zoom = maps.view_for_bounds(*view_box, width=1100, height=MAP_HEIGHT)
dynamic.append(layers.fit_view(view_box))  # refit at the map's real width (a phone)

map_col, legend_col = st.container(key="ov_mapbox").columns([5, 1])
with map_col:
    base = layers.base_map(version, language, basemap_key, inset_png(version, language))
    result = show_map(base, key="ov_map", layers=[*dynamic, *extra_layers], center=center, zoom=zoom, height=MAP_HEIGHT)
with legend_col:
    safe.html("{}", legend_markup)
    if choro is not None:
        show_notices(choro)
    if searched:
        st.page_link("pages/county.py", label=t("open_profile"), icon=":material/description:",
                     query_params={"adcode": searched})

# --- print what is on screen -------------------------------------------------------------
place = " · ".join(
    name for name in (province_names.get(province), prefecture_names.get(prefecture)) if name
) or t("whole_country")
print_province = detail_province or None
if choro is not None and choro.classification is not None:
    print_legend, print_legend_title = choropleth_legend(choro)
    when = (f"{choro.year}年" if language == "zh" else str(choro.year)) if choro.year else t("year_static")
    print_title = t("print_title_indicator").format(indicator=choro.title, place=place, year=when)
    print_sources = [source.label for source in choro.sources]
    print_subtitle = t("print_scope").format(scope=t("scope_" + scope))
else:
    print_legend = [(maps.LEVEL_COLORS[level], t(level)) for level in ("national", "provincial")]
    print_legend.append((printmap.DEFAULT_FILL, t("other_counties")))
    print_legend_title, print_subtitle = t("level"), ""
    print_title = t("print_title_levels").format(place=place)
    print_sources = [source_book(version).label("key_list_rows", language)]
print_action(
    printmap.PrintView(
        print_title, fills, print_legend, legend_title=print_legend_title, subtitle=print_subtitle,
        province=print_province, highlight=searched or None, sources=print_sources,
        **completeness(language, print_province),
    ),
    "ov_print", language, where=legend_col,
)

clicked = clicked_adcode(result, "ov_clicked")
if clicked:
    url.switch_page("county", {"adcode": clicked})

map_footer(t, language)
list_progress(language)
