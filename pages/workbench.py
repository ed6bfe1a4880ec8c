"""规划工作台 — filter counties, rank them with a composite score, compare a few, export, share.

The whole state lives in the URL as codes (never labels, so a link works in either language)
and a link reproduces the view. Filtering runs in ``queries/workbench_filter.sql``; scoring and exports in ``geo/``.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from geo import scoring
from geo import workbench as wb
from geo.filters import FLAGS, LEVELS, FilterError, FilterSpec, RangeFilter, check_range
from geo.filters import effective_year as year_for
from geo.fmt import unit_label
from geo.i18n import level_label
from geo.pageschemas import (
    LATEST,  # ranking year: each county's newest value, its year shown per row
    VIEWS,
)
from geo.pageschemas import WORKBENCH as SCHEMA
from geo.safetext import fmt
from ui import layers, safe, url
from ui.charts import trend_chart
from ui.choropleth import year_select
from ui.county_search import county_adder
from ui.frame import require_app_frame
from ui.mapview import clicked_adcode, show_map
from ui.point_toggles import point_layer_controls
from ui.printing import print_action
from ui.state import db_version, lang, query, tr
from ui.workbench_views import (
    EXPORT_TYPES,
    MAP_HEIGHT,
    VIEW_LABELS,
    base_map,
    export_file,
    filter_view,
    map_frame,
    rank_view,
    ranking,
    reference,
    source_lines,
)

require_app_frame()

LABELS = {
    "title": ("规划工作台", "Planners' workbench"),
    "intro": (
        "按地区、帮扶级别、标志和指标范围筛选；表格与地图联动；综合评分、对比、导出。链接即保存当前视图。",
        "Filter by place, support level, flags and indicator ranges; table and map move together; "
        "score, compare, export. The link keeps the whole view.",
    ),
    "filters": ("筛选条件", "Filters"),
    "trend_header": ("**{}：{}**", "**{}: {}**"),
    "focus_note": ("地图上点击的 {name} 已勾选，置于表格首行。", "{name}, clicked on the map, is ticked and shown first."),
    "flags": ("标志（同时满足）", "Flags (all must hold)"),
    "range_ind": ("指标范围", "Indicator range"),
    "no_range": ("— 不按指标筛选 —", "— no indicator filter —"),
    "low": ("下限", "From"),
    "high": ("上限", "To"),
    "matching": ("符合条件的县", "Matching counties"),
    "selected": ("已选", "Selected"),
    "missing_list": ("缺数据的县（未计入符合条件数，单列）", "Counties without data (not counted as matching)"),
    "selection": ("已选县（表格勾选、点击地图或在右侧搜索添加）", "Selected counties (tick rows, click the map or search on the right)"),
    "view": ("视图", "View"),
    "rank": ("排名与评分", "Rank & score"),
    "compare": ("对比", "Compare"),
    "export": ("导出", "Export"),
    "rank_inds": ("评分指标", "Scoring indicators"),
    "rank_year": ("多年份指标取用年份", "Year for yearly indicators"),
    "norm": ("标准化方法", "Normalisation"),
    "minmax": ("极差（0–100）", "Min-max (0–100)"),
    "zscore": ("Z 分数", "Z-score"),
    "weights": ("权重与方向", "Weights and direction"),
    "weight": ("权重", "Weight"),
    "direction": ("方向", "Direction"),
    "up": ("越高越好", "Higher is better"),
    "down": ("越低越好", "Lower is better"),
    "skip": ("不计入评分", "Not scored"),
    "neutral": ("中性指标：请选择方向或不计入", "Neutral indicator: choose a direction or leave it out"),
    "sort": ("排序", "Sort by"),
    "score_note": (
        "综合评分在当前筛选出的县之间标准化；缺任一计分指标的县不评分（无数据）。名次 1 为最好。",
        "The score is normalised over the filtered counties; a county missing any scored indicator gets none. "
        "Rank 1 is best.",
    ),
    "pick_two": ("请在表格或地图上选择 2–6 个县进行对比。", "Select 2–6 counties in the table or on the map."),
    "first_six": ("只对比前 6 个已选县。", "Only the first 6 selected counties are compared."),
    "contrib_chart": ("综合评分构成", "What makes up the score"),
    "scope": ("导出范围", "Export"),
    "scope_match": ("全部符合条件的县", "All matching counties"),
    "scope_sel": ("仅已选县", "Selected counties only"),
    "nothing": ("没有可导出的县。", "No counties to export."),
    "no_match": (
        "没有符合筛选条件的县：地图只显示底图。请放宽省份、级别或数值范围。",
        "No county matches the filters: the map shows the base map only. Widen the province, level or range.",
    ),
    "export_note": (
        "CSV 为 UTF-8（含 BOM，可直接用 Excel 打开）；XLSX 第二页为来源；GeoJSON 坐标为 GCJ-02。",
        "CSV is UTF-8 with BOM (opens in Excel); the XLSX has a sources sheet; GeoJSON coordinates are GCJ-02.",
    ),
    "latest": ("最新年份", "Latest year"),
    "years_differ": (
        "各县最新年份不同：{spans}。每行在“年份”列标注所用年份，不同年份的数值可比性有限。",
        "Counties' latest years differ: {spans}. Each row shows the year used in its year column; "
        "values from different years compare only roughly.",
    ),
    "year_fallback": (
        "{name}没有{year}年数据，改用{used}年。",
        "{name} has no {year} data; {used} is used instead.",
    ),
    "year_empty": (
        "{name}在{year}年没有符合条件的县的数据（全部为无数据）；可改选“最新年份”。",
        "{name} has no value for any matching county in {year} (all no data); try “Latest year”.",
    ),
    "flag_official_norail": (
        "官方：160个国家重点帮扶县中{official}个不通铁路（2021）。这里的计数是“县内无铁路站点”"
        "（站点代理，约2021年快照，有线无站的县也算），且只含已列出并符合筛选条件的县，故与官方数字不同。",
        "Official: {official} of the 160 national key counties had no railway (2021). This count is "
        "“no rail station in the county” (a station proxy, ~2021 snapshot; a line without a stop counts as none) "
        "over the listed counties matching the filters, so it differs from the official figure.",
    ),
    "flag_official_noair": (
        "无官方对比数字；机场名录为2026年现状（含2021年后新开机场）。",
        "No official figure to compare; the airport list is current (2026), including airports opened after 2021.",
    ),
    "list_note": (
        "重点帮扶县名单待补全：仅收录有公开来源确认的县。",
        "The key-county list is incomplete: only counties confirmed by a public source are included.",
    ),
}
t = tr(LABELS, VIEW_LABELS)
language = lang()
version = db_version()
# Everything below that depends only on the database, the language and the URL comes from
# process-wide views (ui/workbench_views): a run looks them up and emits elements.
ref = reference(version, language)
counties, catalog, names = ref.counties, ref.catalog, ref.names


def years_of(indicator: str) -> tuple[int, ...]:
    return ref.years.get(indicator, ())


# --- the URL holds the whole state as codes (geo.pageschemas.WORKBENCH); widgets are bound to it ---
state = url.page(SCHEMA)


# --- a map click from the last run: applied before the selection widget exists -------------
if "wb_pending" in st.session_state:
    st.session_state["sel"] = st.session_state.pop("wb_pending")

# --- filters (sidebar) -----------------------------------------------------------------
with st.sidebar:
    st.subheader(t("filters"))
    chosen_provinces = state.bind(
        "prov", st.multiselect, t("province"), list(ref.province_names), placeholder=t("all"),
        format_func=ref.province_names.get,
    )
    pref_options = [p for p in ref.prefecture_names if not chosen_provinces or p[:2] + "0000" in chosen_provinces]
    chosen_prefectures = state.bind(
        "pref", st.multiselect, t("prefecture"), pref_options, placeholder=t("all"),
        format_func=ref.prefecture_names.get,
    )
    chosen_levels = state.bind(
        "lvl", st.multiselect, t("level"), list(LEVELS), placeholder=t("all"),
        format_func=lambda code: t("none") if code == "none" else level_label(code, language),
    )
    chosen_flags = state.bind(
        "flag", st.multiselect, t("flags"), list(FLAGS), placeholder=t("all"),
        format_func=lambda code: FLAGS[code][1 if language == "zh" else 2],
    )
    indicator = state.bind(
        "ind", st.selectbox, t("range_ind"), [None, *ref.indicators],
        format_func=lambda code: t("no_range") if code is None else names[code], placeholder=t("choose"),
    )
    ranges: tuple[RangeFilter, ...] = ()
    year = None
    if indicator:
        if years_of(indicator):
            year = year_select(state, "year", indicator, list(years_of(indicator)), t("year"))
        else:
            st.caption(f"{t('year')}：{t('static')}" if language == "zh" else f"{t('year')}: {t('static')}")
        col_low, col_high = st.columns(2)
        low = state.bind("lo", col_low.number_input, t("low"), value=None, format="%g")
        high = state.bind("hi", col_high.number_input, t("high"), value=None, format="%g")
        try:
            check_range(low, high, catalog.min_valid.get(indicator), catalog.max_valid.get(indicator))
            ranges = (RangeFilter(indicator, year, low, high),)
        except FilterError as problem:
            safe.warning("{}", problem.message(language))
        safe.caption("{}", unit_label(catalog.unit[indicator], language))
    point_layers = point_layer_controls(state, "wb")

spec = FilterSpec(tuple(chosen_provinces), tuple(chosen_prefectures), tuple(chosen_levels), tuple(chosen_flags), ranges)
found = filter_view(version, language, spec, indicator, year)
matching = found.matching

st.title(t("title"))
st.caption(t("intro") + " " + t("list_note"))
count_col, missing_col, selected_col = st.columns(3)
count_col.metric(t("matching"), f"{len(matching):,}")
missing_col.metric(t("missing"), f"{len(found.missing):,}")
if "norail" in chosen_flags:
    rail_official = query("sites_official_figures", {"figure_ids": ["key_counties_without_railway"]})
    if not rail_official.empty:
        safe.caption(t("flag_official_norail"), official=int(rail_official.value.iloc[0]))
if "noair" in chosen_flags:
    st.caption(t("flag_official_noair"))

# --- map: matching counties coloured, counties without data grey, selection outlined --------
selection = [code for code in st.session_state.get("sel", []) if code in counties.index]
frame = map_frame(version, tuple(selection), found.box)  # the view moves to the ticked counties
if found.layer is None:
    st.info(t("no_match"))
dynamic = [*([found.layer] if found.layer else []), frame.fit, found.overlay, *([frame.highlight] if frame.highlight else [])]
map_col, legend_col = st.columns([5, 1])
with map_col:
    result = show_map(
        base_map(version, language), key="wb_map", layers=[*dynamic, *point_layers], center=frame.center,
        zoom=frame.zoom, height=MAP_HEIGHT,
    )
with legend_col:
    safe.html("{}{}", found.legend, found.list_legend)
    print_action(found.print_view, "wb_print", language)
clicked = clicked_adcode(result, "wb_clicked")
if clicked:
    st.session_state["wb_pending"] = wb.toggled(selection, clicked)
    st.session_state["wb_focus"] = clicked if clicked not in selection else None
    st.rerun()



def add_to_selection(code: str) -> None:
    """A county found by name joins the selection (at the end), as a map click would."""
    st.session_state["sel"] = [*(c for c in st.session_state.get("sel", []) if c != code), code]
    st.session_state["wb_focus"] = None


# The selection box offers the ticked counties only (to see and remove them); more come by the
# table, the map or the search beside it. A box offering all 2,875 was ~70 kB of every visit.
chosen_col, add_col = st.columns([3, 2])
with add_col:
    county_adder(st.container(), "wb_add", add_to_selection)
offered = [code for code in state.get("sel") or () if code in ref.county_labels]
selection = state.bind(
    "sel", chosen_col.multiselect, t("selection"), offered, placeholder="—", format_func=ref.county_labels.get
)
selected_col.metric(t("selected"), f"{len(selection):,}")
if len(found.missing):
    with st.expander(fmt("{}：{:,}", t("missing_list"), len(found.missing))):
        st.dataframe(found.missing, hide_index=True)

# --- ranking inputs, shared by the three views ------------------------------------------
view = state.bind("view", st.segmented_control, t("view"), list(VIEWS), format_func=t) or "rank"
rank_col, year_col, norm_col = st.columns([3, 1, 1])
rank_inds = state.bind(
    "rk", rank_col.multiselect, t("rank_inds"), list(ref.indicators), format_func=names.get, max_selections=8, placeholder=t("choose"),
)
year_choice = state.bind(
    "ryear", year_col.selectbox, t("rank_year"), [LATEST, *(str(y) for y in ref.all_years[::-1])],
    format_func=lambda code: t("latest") if code == LATEST else code, placeholder=t("choose"),
)
rank_year = None if year_choice == LATEST else int(year_choice)
method = state.bind("norm", norm_col.segmented_control, t("norm"), list(scoring.METHODS), format_func=t) or "minmax"
criteria = []
with st.expander(t("weights")):
    for column, ind in zip(st.columns(max(len(rank_inds), 1)), rank_inds, strict=False):
        default = ref.directions[ind]
        if default == "skip":
            safe.markdown("**{}**", names[ind], on=column)
        else:  # the name and its fixed direction in one element (each element costs every visit)
            safe.markdown("**{}**  \n:gray[{}]", names[ind], t(default), on=column)
        weight = state.bind(f"w_{ind}", column.slider, t("weight"), min_value=0, max_value=10)
        if default == "skip":
            direction = state.bind(
                f"d_{ind}", column.selectbox, t("direction"), list(scoring.DIRECTIONS), format_func=t, help=t("neutral"), placeholder=t("choose"),
            )
        else:
            direction = default
        criteria.append(scoring.Criterion(ind, float(weight), scoring.DIRECTIONS[direction]))

scored = ranking(version, spec, tuple(rank_inds), rank_year, tuple(criteria), method)
if rank_year is None:
    spans = [f"{names[ind]} {first}–{last}" for ind, first, last in scored.spans]
    if spans:
        safe.info(t("years_differ"), spans="；".join(spans) if language == "zh" else "; ".join(spans))
else:
    for ind in rank_inds:
        if years_of(ind) and scored.years[ind] != rank_year:
            safe.warning(t("year_fallback"), name=names[ind], year=rank_year, used=scored.years[ind])
        elif ind in scored.empty:
            safe.warning(t("year_empty"), name=names[ind], year=scored.years[ind] or t("static"))
ranked, values_long = scored.ranked, scored.values


def on_table_select(key: str, rows: list[str]) -> None:
    """Rows ticked in the table replace the table's part of the selection."""
    picked = [rows[i] for i in st.session_state[key]["selection"]["rows"]]
    st.session_state["sel"] = [c for c in st.session_state.get("sel", []) if c not in rows] + picked
    st.session_state["wb_focus"] = None


if view == "rank":
    sort_options = ["score", "adcode", *rank_inds]
    sort_by = state.bind(
        "sort", st.selectbox, t("sort"), sort_options,
        format_func=lambda code: t(code) if code in ("score", "adcode") else names[code], placeholder=t("choose"),
    )
    shown = rank_view(version, language, spec, tuple(rank_inds), rank_year, tuple(criteria), method, sort_by)
    table, rows = shown.table, list(shown.rows)
    # A Streamlit dataframe cannot be scrolled from Python: a county just clicked on the map is
    # brought to the first row instead (ticked), and the caption says so.
    focus = st.session_state.get("wb_focus")
    if focus in shown.rows and focus in selection:
        at = rows.index(focus)
        order = [at, *range(at), *range(at + 1, len(rows))]
        table, rows = table.take(order), [rows[i] for i in order]
        safe.caption(t("focus_note"), name=counties.name.get(focus, focus))
    chosen = set(selection)
    picked_rows = [i for i, code in enumerate(rows) if code in chosen]
    table_key = f"wb_table_{abs(hash((tuple(rows), tuple(selection)))) % 10**12}"
    st.dataframe(
        table, key=table_key, on_select=partial(on_table_select, table_key, rows),
        selection_mode="multi-row", selection_default={"selection": {"rows": picked_rows}},
        column_config=dict(shown.config), hide_index=True, placeholder=t("no_data"),
    )
    st.caption(t("score_note"))
    safe.markdown("**{}**\n{}", t("sources"), shown.sources)

elif view == "compare":
    if len(selection) < 2:
        st.info(t("pick_two"))
    else:
        if len(selection) > 6:
            st.caption(t("first_six"))
        chosen = selection[:6]
        compare_inds = list(dict.fromkeys([*rank_inds, *([indicator] if indicator else [])]))
        trend = query("workbench_trend", {"adcodes": chosen, "indicators": compare_inds})
        if rank_year is None:  # each county's newest value of each indicator
            latest = trend.sort_values("year", na_position="first").groupby(["adcode", "indicator_id"]).tail(1)
        else:
            wanted = {i: year_for(years_of(i), rank_year) for i in compare_inds}
            latest = trend[[wanted[i] == y or (wanted[i] is None and pd.isna(y)) for i, y in zip(
                trend.indicator_id, trend.year, strict=True)]]
        county_labels = ref.county_labels
        grid = pd.DataFrame(index=[names[i] for i in compare_inds], columns=[county_labels[c] for c in chosen])
        for row in latest.itertuples(index=False):
            grid.loc[names[row.indicator_id], county_labels[row.adcode]] = layers.value_label(
                row.value, catalog.unit[row.indicator_id], row.year, language, int(catalog.decimals[row.indicator_id])
            )
        st.dataframe(grid.fillna(t("no_data")))
        safe.markdown("**{}**\n{}", t("sources"), source_lines(ref, language, latest))
        parts = ranked.reindex(chosen)
        contrib = parts.filter(like="__contrib").rename(columns=lambda c: names[c.split("__")[0]])
        if not contrib.empty and contrib.notna().any().any():
            st.subheader(t("contrib_chart"))
            st.bar_chart(contrib.rename(index=dict(county_labels)), stack=True, horizontal=True)
        yearly = [i for i in compare_inds if len(years_of(i)) > 1 and trend[trend.indicator_id == i].year.nunique() > 1]
        for column, ind in zip(st.columns(max(len(yearly), 1)), yearly, strict=False):
            lines = trend[trend.indicator_id == ind].assign(county=lambda f: f.adcode.map(county_labels))
            safe.markdown(t("trend_header"), t("trend"), names[ind], on=column)
            column.altair_chart(trend_chart(lines, catalog.unit[ind], language, t("year"), series="county"),
                                width="stretch")

else:
    scope = state.bind(
        "scope", st.radio, t("scope"), ["match", "sel"], horizontal=True, format_func=lambda code: t("scope_" + code),
    )
    codes = list(matching) if scope == "match" else selection
    if not codes:
        st.info(t("nothing"))
    else:
        # Made on the click (st.download_button calls the partial), not on every run of this view.
        made = partial(export_file, version=version, language=language, spec=spec, indicators=tuple(rank_inds),
                       rank_year=rank_year, criteria=tuple(criteria), method=method,
                       sort_by=st.session_state.get("sort", "score"), codes=tuple(codes))  # fmt: skip
        for column, (kind, (label, file_name, mime)) in zip(st.columns(3), EXPORT_TYPES.items(), strict=True):
            column.download_button(label, partial(made, kind), file_name, mime, on_click="ignore", key=f"wb_export_{kind}")
        st.caption(t("export_note"))
