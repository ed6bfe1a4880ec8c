"""县情档案 — one county: status with its source, every indicator with year, unit, source
and rank, comparison with the province and the key-county median, trends, sites, map."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo.fmt import format_value
from geo.i18n import level_label
from geo.pageschemas import COUNTY as SCHEMA
from geo.provenance import SourceBook, is_unverified, joined, kind_label, source_label, status
from geo.safetext import esc, link
from geo.site_points import precision_label
from geo.sources import SELECTION_CRITERIA
from ui import safe, url
from ui.charts import bar_chart, trend_chart
from ui.county_map import locator_map
from ui.frame import require_app_frame
from ui.gap_data import county_trajectory
from ui.mapview import show_map
from ui.state import db_version, lang, query, tr

require_app_frame()

LABELS = {
    "pick": ("选择县（名称或代码）", "Choose a county (name or code)"),
    "status": ("帮扶级别", "Support level"),
    "status_source": ("名单来源", "Source of the status"),
    "support_note": ("名单核对备注（研究记录原文，英文）", "Notes on the list entry"),
    "more_sources": ("其他来源（{n}条）", "Other sources ({n})"),
    "flags": ("县情标识", "Flags"),
    "exit_year": ("摘帽年份", "Exit year"),
    "rail": ("县内有铁路站点（代理指标）", "Rail station in county (proxy)"),
    "airport": ("县内有民用机场", "Civil airport in county"),
    "expressway": ("通高速公路", "Expressway"),
    "criteria": ("三项识别指标（重点帮扶县的选定标准）", "The three selection criteria of key counties"),
    "criteria_note": (
        "人均地区生产总值、人均一般公共预算收入、农村居民人均可支配收入：各取本县最新年份；"
        "人均一般公共预算收入 = 一般公共预算收入 ÷ 同年年末人口（第三方县域人口序列）。",
        "GDP per capita, general public budget revenue per capita, rural disposable income per capita: each at "
        "the county's latest year; revenue per capita = revenue ÷ year-end population of the same year "
        "(third-party county population series).",
    ),
    "indicators": ("指标（最新年份）", "Indicators (latest year)"),
    "col_indicator": ("指标", "Indicator"),
    "col_value": ("数值", "Value"),
    "col_year": ("年份", "Year"),
    "col_rank_province": ("省内排名", "Rank in province"),
    "col_rank_key": ("国家重点帮扶县中排名", "Rank among national key counties"),
    "col_province_median": ("全省中位数", "Province median"),
    "col_key_median": ("国家重点帮扶县中位数", "National key-county median"),
    "col_source": ("来源", "Source"),
    "col_verified": ("核实", "Checked"),
    "rank_note": (
        "排名：按“越高越好/越低越好”方向排序，方向未定的指标按数值从高到低；同一指标同一年份比较。"
        "国家重点帮扶县仅含已确认名单中的县。",
        "Ranks follow each indicator's direction (neutral ones: high to low), same indicator and year. "
        "National key counties: only those in the confirmed list.",
    ),
    "compare": ("与全省及重点帮扶县中位数比较", "Compared with province and key-county medians"),
    "compare_pick": ("比较指标", "Indicator to compare"),
    "this_county": ("本县", "This county"),
    "trend_pick": ("趋势指标", "Indicator"),
    "no_sites": ("数据中没有该县的安置点记录（仅广西有完整名录）。", "No sites recorded for this county (only Guangxi has a full registry)."),
    "precision": ("定位", "Location"),
    "map": ("位置与相邻县", "Location and neighbours"),
    "none_chosen": ("请选择一个县。", "Choose a county."),
}

t = tr(LABELS)
language = lang()
counties = query("county_list")
labels = {
    row.adcode: f"{row.name} · {row.prefecture} · {row.province}（{row.adcode}）" for row in counties.itertuples(index=False)
}
state = url.page(SCHEMA)
adcode = state.bind(
    "adcode", st.selectbox, t("pick"), [None, *labels], format_func=lambda c: "" if c is None else labels[c],
    placeholder=t("choose"),
)
if not adcode:
    st.info(t("none_chosen"))
    st.stop()

county = query("county_profile", {"adcode": adcode}).iloc[0]
safe.markdown("## {}", county["name"])
safe.caption("{} · {} · {} {}", county.prefecture, county.province, t("adcode"), adcode)


def yes_no(value: object) -> str:
    return t("no_data") if pd.isna(value) else (t("yes") if bool(value) else t("no"))


def status_sources(county: pd.Series, t: Callable[[str], str], language: str) -> None:
    """The best source of the status first (official > media > mirror); the others in an expander."""
    kind = kind_label(county.support_source_kind, language)
    best = county.support_source_url
    safe.markdown("{}（{}）：{}", t("status_source"), kind, link(best, best))
    quote = county.support_source_quote if isinstance(county.support_source_quote, str) else None
    if quote:
        safe.caption("{}", quote[:400])
    elif isinstance(county.support_note, str) and county.support_note:
        # The list's research notes are recorded in English (with Chinese quotations): in Chinese
        # mode they sit, labelled as such, in a closed expander.
        if language == "zh":
            with st.expander(esc(t("support_note"))):
                safe.caption("{}", county.support_note[:400])
        else:
            safe.caption("{}", county.support_note[:400])
    others = query("key_county_sources_list", {"adcode": county.adcode})
    others = others[others.url != best]
    if not others.empty:
        with st.expander(esc(t("more_sources").format(n=len(others)))):
            for row in others.itertuples():
                said = row.quote[:300] if isinstance(row.quote, str) else ""
                safe.markdown("- {}：{} {}", kind_label(row.kind, language), link(row.url, row.url), said)


info, map_col = st.columns([3, 2])
with info:
    safe.markdown("**{}：{}**", t("status"), level_label(county.support_level, language))
    if isinstance(county.support_source_url, str) and county.support_source_url:
        status_sources(county, t, language)
    flags = pd.DataFrame(
        [
            (t("poverty832"), yes_no(county.is_poverty832)),
            (t("exit_year"), t("no_data") if pd.isna(county.poverty_exit_year) else str(int(county.poverty_exit_year))),
            (t("sanqu"), yes_no(county.is_sanqu_sanzhou)),
            (t("ethnic"), yes_no(county.is_ethnic_area)),
            (t("rail"), yes_no(county.has_railway)),
            (t("airport"), yes_no(county.has_airport)),
            (t("expressway"), yes_no(county.has_expressway)),
        ],
        columns=[t("flags"), ""],
    )
    st.dataframe(flags, hide_index=True, width="stretch")
with map_col:
    st.markdown(f"**{t('map')}**")
    base, view = locator_map(db_version(), adcode, language)
    show_map(base, key=f"county_map_{adcode}", height=320, returned_objects=(), center=view[0], zoom=view[1])

ranks = query("county_indicator_ranks", {"adcode": adcode})
ranks["label"] = ranks.name_zh if language == "zh" else ranks.name_en


def fmt(value: object, row: pd.Series) -> str:
    decimals = int(row.decimals) if pd.notna(row.decimals) else None
    return format_value(value, row.unit, language, decimals=decimals, per_capita=row.unit == "元")


def names_of(indicator_id: str) -> str:
    catalog = query("indicator_catalog").set_index("indicator_id")
    return str(catalog.name_zh[indicator_id] if language == "zh" else catalog.name_en[indicator_id])


def rank_text(rank: object, total: object) -> str:
    return t("no_data") if pd.isna(rank) or not total else f"{int(rank)} / {int(total)}"


table = pd.DataFrame(
    {
        t("col_indicator"): ranks.label,
        t("col_value"): [fmt(row.value, row) for _, row in ranks.iterrows()],
        t("col_year"): ranks.year.map(lambda y: "—" if pd.isna(y) else str(int(y))),
        t("col_rank_province"): [rank_text(r.rank_province, r.n_province) for r in ranks.itertuples()],
        t("col_rank_key"): [rank_text(r.rank_national_key, r.n_national_key) for r in ranks.itertuples()],
        t("col_province_median"): [fmt(row.province_median, row) for _, row in ranks.iterrows()],
        t("col_key_median"): [fmt(row.national_key_median, row) for _, row in ranks.iterrows()],
        t("col_verified"): [
            ("⚠ " if is_unverified(joined(r)) else "") + status(joined(r), language) for r in ranks.itertuples()
        ],
        t("col_source"): [source_label(joined(r), language) for r in ranks.itertuples()],
    }
)
st.markdown(f"#### {t('criteria')}")
criteria = ranks.set_index("indicator_id")
for column, indicator_id in zip(st.columns(len(SELECTION_CRITERIA)), SELECTION_CRITERIA, strict=True):
    if indicator_id not in criteria.index:  # the county has no value in any year
        column.metric(names_of(indicator_id), t("no_data"))
        continue
    row = criteria.loc[indicator_id]
    column.metric(str(row.label), fmt(row.value, row))
    year_text = "—" if pd.isna(row.year) else str(int(row.year))
    safe.caption("{} {} · {}", t("col_year"), year_text, source_label(joined(row), language), on=column)
st.caption(t("criteria_note"))
st.markdown(f"#### {t('indicators')}")
# The verification mark has its own narrow column before the long source titles, so it is
# visible at 1440 px without scrolling the table sideways.
st.dataframe(
    table, hide_index=True, width="stretch",
    column_config={
        t("col_year"): st.column_config.TextColumn(width="small"),
        t("col_verified"): st.column_config.TextColumn(width="small"),
        t("col_source"): st.column_config.TextColumn(width="large"),
    },
)
st.caption(t("rank_note"))

compare_col, trend_col = st.columns(2)
with compare_col:
    st.markdown(f"#### {t('compare')}")
    names = dict(zip(ranks.indicator_id, ranks.label, strict=True))
    default = list(names).index("pop_census") if "pop_census" in names else 0
    chosen = st.selectbox(t("compare_pick"), list(names), index=default, format_func=names.get, key="cmp_ind", placeholder=t("choose"))
    row = ranks.set_index("indicator_id").loc[chosen]
    bars = pd.DataFrame(
        {
            "who": [t("this_county"), t("col_province_median"), t("col_key_median")],
            "value": [row.value, row.province_median, row.national_key_median],
        }
    )
    st.altair_chart(bar_chart(bars, row.unit, language, ["#b3261e", "#8c8c8c", "#f08c3a"]), width="stretch")
    year_text = "—" if pd.isna(row.year) else int(row.year)
    safe.caption("{} {} · {}：{}", t("col_year"), year_text, t("col_source"), source_label(joined(row), language))
with trend_col:
    trends = query("county_trends", {"adcode": adcode})
    multi = trends.groupby("indicator_id").year.nunique()
    multi = [code for code in multi[multi > 1].index if code in names]
    st.markdown(f"#### {t('trend')}")
    if multi:
        pick = st.selectbox(t("trend_pick"), multi, format_func=names.get, key="trend_ind", placeholder=t("choose"))
        series = trends[trends.indicator_id == pick]
        unit = ranks.set_index("indicator_id").loc[pick].unit
        st.altair_chart(trend_chart(series, unit, language, t("col_year")), width="stretch")
        safe.caption("{}", SourceBook(query("sources_list")).labels(series.source_id, language, sep=" · "))
    else:
        st.caption(t("no_data"))

county_trajectory(adcode, trends, language)

st.markdown(f"#### {t('sites')}")
sites = query("county_sites_list", {"adcode": adcode})
if sites.empty:
    st.caption(t("no_sites"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("sites"): sites.name,
                t("col_value"): [format_value(p, "人", language) for p in sites.population],
                t("col_source"): [source_label(joined(r), language) for r in sites.itertuples()],
                t("precision"): [precision_label(code, language) for code in sites.location_precision],
            }
        ),
        hide_index=True,
        width="stretch",
    )
