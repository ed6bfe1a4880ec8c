"""差距监测 — are the key counties catching up? Group medians, the key/other ratio and how it
moved, growth per group, a map of change and per-county figures for one indicator and two years.

Every figure comes from ``geo.gap`` on the counties that have values in both years; the page
says how many those were. Money series are nominal (no deflator with a source in data/).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import export, gap, maps, pageschemas, printmap, provenance
from geo.classify import LegendRow
from geo.fmt import format_value, unit_label
from geo.provenance import SourceBook
from ui import layers, safe, url
from ui.choropleth import legend_html
from ui.frame import require_app_frame
from ui.gap_data import gap_view, list_completeness, series
from ui.mapview import clicked_adcode, show_map
from ui.overview_parts import inset_png
from ui.printing import choropleth_legend, print_action
from ui.state import db_version, lang, query, tr

require_app_frame()

LABELS = {
    **gap.GAP_LABELS,
    "title": ("差距监测：重点帮扶县是否在追赶？", "Gap monitor: are the key counties catching up?"),
    "intro": (
        "过渡期目标“两个缩小”之一：缩小重点帮扶县与其他县的发展差距。下表和地图比较两个年份，"
        "只计两个年份都有数据的县。",
        "One goal of the transition period: narrow the gap between key counties and other counties. "
        "The tables and the map compare two years, counting only counties with values in both.",
    ),
    "settings": ("差距设置", "Gap settings"),
    "first": ("起始年份", "First year"),
    "latest": ("对比年份", "Latest year"),
    "scope": ("范围", "Scope"),
    "whole_country": ("全国", "China"),
    "metric": ("地图着色", "Map colour"),
    "metric_ratio": ("相对全省中位数的变化", "Change in ratio to province median"),
    "metric_growth": ("年均增长率", "Compound annual growth"),
    "sort": ("县表排序", "Sort counties by"),
    "sort_lost": ("相对全省下降最多", "Most ground lost"),
    "sort_gained": ("相对全省上升最多", "Most ground gained"),
    "sort_growth": ("增长最快", "Fastest growth"),
    "sort_adcode": ("行政区划代码", "Admin code"),
    "bad_years": (
        "起始年份须早于对比年份，已改用默认年份 {a}—{b}。",
        "The first year must come before the latest; the default years {a}–{b} are used instead.",
    ),
    "no_series": ("数据库中没有多年份指标。", "The database has no yearly series."),
    "basis": (
        "口径：{name}（{unit}），{a}年与{b}年。两个年份都有数据的县：{n}个（{a}年{na}个，{b}年{nb}个）；"
        "缺任一年份的县不计入。",
        "Basis: {name} ({unit}), {a} and {b}. Counties with values in both years: {n} ({na} in {a}, {nb} in {b}); "
        "counties missing either year are not counted.",
    ),
    "thin_latest": (
        "{b}年仅{nb}个县有数据；选较早的对比年份可比较更多县。",
        "Only {nb} counties have {b} values; an earlier latest year compares more counties.",
    ),
    "nominal_note": (
        "货币指标为名义值（当年价），未扣除价格因素；data/ 中没有带来源的价格指数，故不提供实际值。",
        "Money series are nominal (current prices), not adjusted for inflation; data/ has no sourced deflator, "
        "so no real-terms option is offered.",
    ),
    "source_note": ("来源：{}", "Source: {}"),
    "province_note": (
        "“全省中位数”为本省两个年份都有数据的县的中位数；本数据主要覆盖原贫困县，并非全省所有县。",
        "'Province median' is the median of the province's counties with values in both years; the data cover "
        "mostly former poverty counties, not every county of the province.",
    ),
    "headline": (
        "{scope}：国家重点帮扶县中位数为其他原贫困县的 {r0}（{a}年）→ {r1}（{b}年），{change}，差距{trend}。",
        "{scope}: the national key-county median was {r0} of other former poverty counties' in {a} and {r1} in {b} "
        "({change}); the gap {trend}.",
    ),
    "trend_narrowed": ("缩小", "narrowed"),
    "trend_widened": ("扩大", "widened"),
    "trend_unchanged": ("未变", "did not change"),
    "no_headline": (
        "{scope}：国家重点帮扶县或其他原贫困县不足{m}个，不计算比值。",
        "{scope}: fewer than {m} national key counties or other former poverty counties; no ratio.",
    ),
    "groups": ("分组中位数", "Group medians"),
    "col_group": ("组别", "Group"),
    "col_n": ("县数", "Counties"),
    "col_median": ("{y}年中位数", "Median {y}"),
    "col_cagr_median": ("中位数年均增长", "Growth of the median (p.a.)"),
    "col_median_cagr": ("各县年均增长的中位数", "Median county growth (p.a.)"),
    "ratios": ("重点帮扶县与对照组之比（中位数之比）", "Key counties against comparison groups (ratio of medians)"),
    "col_pair": ("比较", "Comparison"),
    "col_ratio": ("{y}年", "{y}"),
    "col_change": ("变化", "Change"),
    "col_trend": ("差距", "Gap"),
    "ratio_rule": (
        "比值需两组各至少{m}个县；“差距缩小”指比值更接近 100%。",
        "A ratio needs at least {m} counties in each group; 'narrowed' means the ratio moved towards 100%.",
    ),
    "vs": ("÷", "÷"),
    "map_title": ("变化地图", "Map of change"),
    "legend_context": ("其他区县（该指标无数据）", "Other counties (no values)"),
    "provinces": ("各省：国家重点帮扶县 ÷ 其他原贫困县", "By province: national key ÷ other former poverty counties"),
    "counties": ("各县", "Counties"),
    "col_value": ("{y}年", "{y}"),
    "col_cagr": ("年均增长", "Growth p.a."),
    "col_prov_median": ("全省中位数{y}", "Province median {y}"),
    "col_ratio_prov": ("相对全省{y}", "vs province {y}"),
    "col_ratio_change": ("相对全省变化（百分点）", "Change vs province (pp)"),
    "col_ground": ("相对全省中位数", "Against province median"),
    "col_rank_province": ("省内增速排名", "Growth rank in province"),
    "col_rank_key": ("国家重点县中增速排名", "Growth rank among national key counties"),
    "rank_note": ("排名 1 为增长最快；并列取较好名次。", "Rank 1 = fastest growth; ties share the better rank."),
    "export": ("导出", "Export"),
    "export_counties": ("各县（CSV）", "Counties (CSV)"),
    "export_counties_xlsx": ("各县（XLSX，含来源）", "Counties (XLSX with sources)"),
    "export_groups": ("分组中位数（CSV）", "Group medians (CSV)"),
    "export_groups_xlsx": ("分组中位数（XLSX，含来源）", "Group medians (XLSX with sources)"),
    "no_rows": ("该范围内没有两个年份都有数据的县。", "No county in this scope has values in both years."),
    "open_profile": ("点击地图上的县可打开县情档案。", "Click a county on the map to open its profile."),
    "group": ("分组", "Group"),
    "list_note": (
        "重点帮扶县名单待补全：分组只含有公开来源确认的县，其余县按是否原贫困县归入对照组。",
        "The key-county list is incomplete: the groups hold only counties confirmed by a public source; the "
        "others fall into the comparison groups by their former-poverty status.",
    ),
}

t = tr(LABELS)
language = lang()
version = db_version()
catalog = series()
provinces = query("province_list")
sources = query("sources_list")
zh = language == "zh"

if catalog.empty:
    st.info(t("no_series"))
    st.stop()

names = (catalog.name_zh if zh else catalog.name_en).to_dict()
province_names = dict(zip(provinces.adcode, provinces.name, strict=True))

state = url.page(pageschemas.GAP)  # seeds the widgets from a shared link; says what it refused

with st.sidebar:
    st.subheader(t("settings"))
    indicator = state.bind("gap_ind", st.selectbox, t("indicator"), list(catalog.index), format_func=names.get, placeholder=t("choose"))
    if st.session_state.get("_gap_prev_ind") not in (None, indicator):  # a new series: its own default years
        for key in ("gap_y0", "gap_y1"):
            st.session_state.pop(key, None)
    st.session_state["_gap_prev_ind"] = indicator
    years = list(catalog.years[indicator])
    default_first, default_latest = gap.default_years(years) or (years[0], years[-1])
    first_options, latest_options = years[:-1], years[1:][::-1]
    for key, options, default in (("gap_y0", first_options, default_first), ("gap_y1", latest_options, default_latest)):
        if st.session_state.get(key, state.get(key)) not in options:  # none in the link, or not of this series
            st.session_state[key] = default
    first = state.bind("gap_y0", st.selectbox, t("first"), first_options, placeholder=t("choose"))
    latest = state.bind("gap_y1", st.selectbox, t("latest"), latest_options, placeholder=t("choose"))
    if first >= latest:
        safe.warning(t("bad_years"), a=default_first, b=default_latest)
        first, latest = default_first, default_latest
    province = state.bind(
        "gap_prov", st.selectbox, t("scope"), [None, *province_names],
        format_func=lambda code: province_names.get(code, t("whole_country")), placeholder=t("choose"),
    )
    metric = state.bind(
        "gap_metric", st.radio, t("metric"), list(gap.METRICS), format_func=lambda code: t("metric_" + code)
    )

meta = catalog.loc[indicator]
unit = meta.unit if isinstance(meta.unit, str) else ""
decimals = int(meta.decimals) if pd.notna(meta.decimals) else None
view = gap_view(indicator, first, latest, province, metric, language)
rows, scope_rows, medians, ratio_table, choro = view.rows, view.scope_rows, view.medians, view.ratios, view.choro
scope_name = province_names.get(province, t("whole_country"))


def fmt_value(value: object) -> str:
    return format_value(value, unit, language, decimals=decimals, per_capita=unit == "元")


def pct(value: object) -> str:
    return t("no_data") if pd.isna(value) else f"{float(value) * 100:.1f}%"


def growth(value: object) -> str:
    return t("no_data") if pd.isna(value) else gap.signed_percent(float(value))


def trend_text(trend: object) -> str:
    return t("trend_" + trend) if isinstance(trend, str) else t("no_data")


def points(value: object) -> str:
    return t("no_data") if pd.isna(value) else gap.signed_points(float(value), language)


safe.markdown("### {}", t("title"))
st.caption(t("intro"))
scope_counts = view.counts
safe.markdown(
    t("basis"), name=names[indicator], unit=unit_label(unit, language) or "—", a=first, b=latest,
    n=scope_counts["both"], na=scope_counts["first"], nb=scope_counts["latest"],
)
if scope_counts["latest"] < 0.6 * scope_counts["first"]:
    safe.caption(t("thin_latest"), b=latest, nb=scope_counts["latest"])
if gap.is_money(meta.unit, meta.description):
    st.caption(t("nominal_note"))
sources_used = view.sources
for source in sources_used[sources_used.indicator_id == indicator].drop_duplicates("source_id").itertuples():
    safe.caption(t("source_note"), provenance.source_label(provenance.joined(source), language))

# --- group medians and the key/other ratio (whole country or the chosen province) ---------
headline = ratio_table.set_index(["key", "other"]).loc[("national", "poverty832")]
if isinstance(headline.trend, str):
    safe.markdown(
        "**" + t("headline") + "**", scope=scope_name, r0=pct(headline.ratio0), r1=pct(headline.ratio1), a=first,
        b=latest, change=points(headline.change), trend=t("trend_" + headline.trend),
    )
else:
    safe.markdown(t("no_headline"), scope=scope_name, m=gap.MIN_RATIO_N)

# --- map of change: diverging classes fixed over the whole-country panel ------------------
listing = list_completeness(language, province)
dynamic = [
    layers.colored_key_layer(view.features, dict(choro.fills), language, view.value_labels, name="gap"),
    listing.layer,  # the groups hold only the confirmed key counties
]
box = None
if province:
    row = provinces.set_index("adcode").loc[province]
    box = (row.min_lon, row.min_lat, row.max_lon, row.max_lat)
center, zoom = maps.view_for_bounds(*(box or (73.4, 17.8, 135.1, 53.6)), width=1100, height=600)

safe.markdown("#### {}", t("map_title"))
map_col, legend_col = st.columns([5, 1])
with map_col:
    base = layers.base_map(version, language, "none", inset_png(version, language))
    result = show_map(base, key="gap_map", layers=dynamic, center=center, zoom=zoom, height=600)
with legend_col:
    context = LegendRow(maps.CONTEXT_STYLE["fillColor"], t("legend_context"), 0)
    safe.html("{}", legend_html(choro, (context,)))  # Markup: its parts escaped by ui.choropleth
    safe.html("{}", listing.legend)
    st.caption(t("open_profile"))
    print_legend, print_legend_title = choropleth_legend(choro)
    book = SourceBook(sources)
    print_action(
        printmap.PrintView(
            t("title"), dict(choro.fills), [*print_legend, (context.color, context.label)],
            legend_title=print_legend_title, subtitle=f"{names[indicator]} · {first}→{latest} · {scope_name}",
            province=province,
            sources=[book.label(code, language) for code in dict.fromkeys(sources_used.source_id)],
            **listing.print_args,
        ),
        "gap_print", language,
    )
clicked = clicked_adcode(result, "gap_clicked")
if clicked:
    url.switch_page("county", {"adcode": clicked})
st.caption(t("province_note") + " " + t("list_note") + " " + t("datum_note"))


group_display = pd.DataFrame(
    {
        t("col_group"): [t("grp_" + grp) for grp in medians.index],
        t("col_n"): medians.n.to_list(),
        t("col_median").format(y=first): medians.median0.map(fmt_value).to_list(),
        t("col_median").format(y=latest): medians.median1.map(fmt_value).to_list(),
        t("col_cagr_median"): medians.cagr_of_median.map(growth).to_list(),
        t("col_median_cagr"): medians.median_cagr.map(growth).to_list(),
    }
)
safe.markdown("#### {}（{}）" if zh else "#### {} ({})", t("groups"), scope_name)
st.dataframe(group_display, hide_index=True, width="stretch")
ratio_display = pd.DataFrame(
    {
        t("col_pair"): [f"{t('grp_' + r.key)} {t('vs')} {t('grp_' + r.other)}" for r in ratio_table.itertuples()],
        t("col_ratio").format(y=first): ratio_table.ratio0.map(pct).to_list(),
        t("col_ratio").format(y=latest): ratio_table.ratio1.map(pct).to_list(),
        t("col_change"): ratio_table.change.map(points).to_list(),
        t("col_trend"): ratio_table.trend.map(trend_text).to_list(),
    }
)
safe.markdown("#### {}", t("ratios"))
st.dataframe(ratio_display, hide_index=True, width="stretch")
safe.caption(t("ratio_rule"), m=gap.MIN_RATIO_N)

# --- per province (whole-country scope) ---------------------------------------------------
if not province and not rows.empty:
    with st.expander(t("provinces")):
        by_province = view.by_province
        st.dataframe(
            pd.DataFrame(
                {
                    t("province"): by_province.province,
                    **{f"{t('col_n')}·{t('grp_' + grp)}": by_province[f"n_{grp}"] for grp in gap.GROUPS},
                    t("col_ratio").format(y=first): by_province.ratio0.map(pct),
                    t("col_ratio").format(y=latest): by_province.ratio1.map(pct),
                    t("col_change"): by_province.change.map(points),
                    t("col_trend"): by_province.trend.map(trend_text),
                }
            ),
            hide_index=True,
            width="stretch",
        )
        safe.caption(t("ratio_rule"), m=gap.MIN_RATIO_N)

# --- per county: sortable table (numbers stay numbers so header sorting works) -----------
safe.markdown("#### {}（{}）" if zh else "#### {} ({})", t("counties"), scope_name)
sort = state.bind(
    "gap_sort", st.segmented_control, t("sort"), list(gap.COUNTY_SORTS), format_func=lambda c: t("sort_" + c)
) or "lost"
column, ascending = gap.COUNTY_SORTS[sort]
ordered = scope_rows.sort_values([column, "adcode"], ascending=[ascending, True], na_position="last")


def rank_text(rank: object, total: object) -> str | None:
    return None if pd.isna(rank) or not total else f"{int(rank)} / {int(total)}"


unit_suffix = f"（{unit_label(unit, language)}）" if unit and zh else (f" ({unit_label(unit, language)})" if unit else "")
county_display = pd.DataFrame(
    {
        "adcode": ordered.adcode,
        t("county"): ordered["name"],
        t("province"): ordered.province,
        t("group"): ordered.grp.map(lambda g: t("grp_" + g)),
        t("col_value").format(y=first) + unit_suffix: ordered.v0,
        t("col_value").format(y=latest) + unit_suffix: ordered.v1,
        t("col_cagr") + " %": ordered.cagr * 100,
        t("col_ratio_prov").format(y=first) + " %": ordered.ratio0 * 100,
        t("col_ratio_prov").format(y=latest) + " %": ordered.ratio1 * 100,
        t("col_ratio_change"): ordered.ratio_change * 100,
        t("col_ground"): ordered.ratio_change.map(lambda x: t(gap.ground(x)) if gap.ground(x) else None),
        t("col_rank_province"): [rank_text(r, n) for r, n in zip(ordered.rank_province, ordered.n_rank_province, strict=True)],
        t("col_rank_key"): [rank_text(r, n) for r, n in zip(ordered.rank_key, ordered.n_rank_key, strict=True)],
    }
)
number_format = f"%.{decimals if decimals is not None else 2}f"
config = {
    name: st.column_config.NumberColumn(name, format=number_format if i < 2 else "%+.1f" if i in (2, 5) else "%.1f")
    for i, name in enumerate(list(county_display.columns)[4:10])
}
config["adcode"] = t("adcode")
if ordered.empty:
    st.info(t("no_rows"))
else:
    st.dataframe(county_display, hide_index=True, width="stretch", column_config=config, placeholder=t("no_data"))
    st.caption(t("rank_note") + " " + t("province_note"))

# --- export: both tables with a sources sheet ---------------------------------------------
sheet = export.sources_sheet(sources_used, pd.Series({**names, gap.GROUP_ID: t("group")}), language)
group_export = group_display.assign(**{t("indicator"): names[indicator], t("scope"): scope_name})
with st.expander(t("export")):
    cols = st.columns(4)
    stem = f"gap_{indicator}_{first}_{latest}_{province or 'cn'}"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # callables: the files are made only when a button is clicked, not on every rerun
    cols[0].download_button(t("export_counties"), lambda: export.csv_bytes(county_display),
                            f"{stem}_counties.csv", "text/csv", on_click="ignore")
    cols[1].download_button(t("export_counties_xlsx"), lambda: export.xlsx_bytes(county_display, sheet),
                            f"{stem}_counties.xlsx", xlsx, on_click="ignore")
    cols[2].download_button(t("export_groups"), lambda: export.csv_bytes(group_export),
                            f"{stem}_groups.csv", "text/csv", on_click="ignore")
    cols[3].download_button(t("export_groups_xlsx"), lambda: export.xlsx_bytes(group_export, sheet),
                            f"{stem}_groups.xlsx", xlsx, on_click="ignore")
    st.caption(t("nominal_note") if gap.is_money(meta.unit, meta.description) else t("intro"))
