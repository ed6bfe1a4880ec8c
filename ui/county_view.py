"""The county profile's figures (pages/county.py), made once per process for each (database
version, county, language, chosen indicator) and shared by every session: tables as Arrow tables,
charts as Vega-Lite specs (``ui.prepared``), texts as strings. The page only emits them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from geo.fmt import format_value
from geo.i18n import level_label, translator
from geo.provenance import is_unverified, joined, kind_label, source_label, status
from geo.safetext import Markup, esc, fmt, link
from geo.site_points import precision_label
from geo.sources import SELECTION_CRITERIA
from ui import memo
from ui.charts import bar_spec, trend_spec
from ui.prepared import arrow_table
from ui.state import query, source_book

LABELS = {
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
    "none_chosen": ("请在上方输入县名、曾用名或代码，选择一个县。", "Type a county name, former name or code above and choose one."),
}

COMPARE_COLOURS = ["#b3261e", "#8c8c8c", "#f08c3a"]


class Criterion(NamedTuple):
    label: str
    value: str
    year: str | None  # None: the county has no value in any year
    source: str


class Heading(NamedTuple):
    """The name, place and support status with its sources, as escaped text (``geo.safetext``)."""

    title: Markup  # "## 镇雄县"
    place: Markup  # prefecture · province · 代码
    level: Markup  # **帮扶级别：…**
    source: Markup | None  # the best source of the status (official > media > mirror); None: no source
    quote: Markup | None  # what that source says
    note: Markup | None  # else the list's research note (English: in an expander in Chinese mode)
    others_label: Markup
    others: tuple[Markup, ...]  # the other sources, one line each


def heading(version: tuple[str, float], county: Any, t: Callable[[str], str], lang: str) -> Heading:
    adcode = county.adcode
    place = fmt("{} · {} · {} {}", county.prefecture, county.province, t("adcode"), adcode)
    colon = "：" if lang == "zh" else ": "
    level = fmt("**{}{}{}**", t("status"), colon, level_label(county.support_level, lang))
    best = county.support_source_url if isinstance(county.support_source_url, str) and county.support_source_url else None
    if best is None:
        return Heading(fmt("## {}", county["name"]), place, level, None, None, None, esc(""), ())
    kind = fmt("（{}）" if lang == "zh" else " ({})", kind_label(county.support_source_kind, lang))
    source = fmt("{}{}{}{}", t("status_source"), kind, colon, link(best, best))
    quote = esc(county.support_source_quote[:400]) if isinstance(county.support_source_quote, str) else None
    note = esc(county.support_note[:400]) if not quote and isinstance(county.support_note, str) and county.support_note else None
    others = county_rows(version, "key_county_sources_list", adcode)
    lines = tuple(
        fmt("- {}{}{} {}", kind_label(row.kind, lang), colon, link(row.url, row.url), row.quote[:300] if isinstance(row.quote, str) else "")
        for row in others[others.url != best].itertuples()
    )
    return Heading(fmt("## {}", county["name"]), place, level, source, quote, note,
                   esc(t("more_sources").format(n=len(lines))), lines)  # fmt: skip


class Profile(NamedTuple):
    """What the profile shows for one county and language (read-only, shared)."""

    heading: Heading
    flags: pa.Table
    indicators: pa.Table
    criteria: tuple[Criterion, ...]
    names: Mapping[str, str]  # indicator_id → label, in the table's order
    compare_default: int
    trend_options: tuple[str, ...]  # indicators with two or more years
    sites: pa.Table | None


def _fmt(value: object, row: Any, lang: str) -> str:
    decimals = int(row.decimals) if pd.notna(row.decimals) else None
    return format_value(value, row.unit, lang, decimals=decimals, per_capita=row.unit == "元")


class _Lookup(NamedTuple):
    frame: pd.DataFrame  # a query's rows for every county, ordered by adcode
    spans: Mapping[str, tuple[int, int]]  # adcode → (first row, end) in ``frame``


def spans(adcodes: pd.Series) -> Mapping[str, tuple[int, int]]:
    """adcode → (first row, end) of its rows in ``adcodes`` (sorted, so each county's rows are together)."""
    codes = adcodes.to_numpy(dtype=object)
    starts = [0, *(np.flatnonzero(codes[1:] != codes[:-1]) + 1).tolist()] if len(codes) else []
    ends = [*starts[1:], len(codes)]
    return MappingProxyType({str(codes[a]): (a, b) for a, b in zip(starts, ends, strict=True)})


@memo.shared(maxsize=16)
def _every_county(version: tuple[str, float], name: str) -> _Lookup:
    frame = query(name, {"adcode": None})
    return _Lookup(frame, spans(frame["adcode"]))


def county_rows(version: tuple[str, float], name: str, adcode: str) -> pd.DataFrame:
    """``queries/<name>.sql``'s rows for one county (read-only), looked up in that query's result for
    every county (``$adcode`` NULL), which is run once per process: a county's first view then
    queries nothing (five queries were ≈ 25–50 ms of it)."""
    found = _every_county(version, name)
    first, end = found.spans.get(adcode, (0, 0))
    return found.frame.iloc[first:end].reset_index(drop=True)


SOURCE_FIELDS = {"title": "source_title", "title_zh": "source_title_zh", "title_en": "source_title_en",
                 "url": "source_url", "year": "source_year", "verified": "source_verified"}  # fmt: skip
"""``sources`` columns joined to a county's ranks as ``source_<column>`` (``geo.provenance.joined``)."""


@memo.shared(maxsize=4)
def _labels(version: tuple[str, float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(catalogue names, units and decimals by indicator_id; sources as ``source_…`` columns by
    source_id) to join to a county's ranks."""
    catalog = query("indicator_catalog")[["indicator_id", "name_zh", "name_en", "unit", "unit_en", "decimals",
                                          "higher_is_better"]]  # fmt: skip
    sources = query("sources_list")[["source_id", *SOURCE_FIELDS]].rename(columns=SOURCE_FIELDS)
    return catalog.set_index("indicator_id"), sources.set_index("source_id")


@memo.shared(maxsize=512)
def _ranks(version: tuple[str, float], adcode: str, lang: str) -> pd.DataFrame:
    """The county's ranks (``county_indicator_ranks``) with names, units and sources, in indicator
    order, once per county and language (the profile and both charts read it)."""
    catalog, sources = _labels(version)
    rows = county_rows(version, "county_indicator_ranks", adcode)
    rows = rows[rows.indicator_id.isin(catalog.index)].reset_index(drop=True)  # an inner join on the catalogue
    # columns looked up by reindex, not two joins (≈ 1.5 ms less of a county's first view; the same frame)
    labels = catalog.reindex(rows.indicator_id).reset_index(drop=True)
    cited = sources.reindex(rows.source_id).reset_index(drop=True)
    ranks = pd.concat([rows, labels, cited], axis=1)
    return ranks.assign(label=ranks.name_zh if lang == "zh" else ranks.name_en)


def _year_text(year: object) -> str:
    return "—" if pd.isna(year) else str(int(year))


@memo.shared(maxsize=256)
def profile(version: tuple[str, float], adcode: str, lang: str) -> Profile:
    t = translator(lang, LABELS)
    county = county_rows(version, "county_profile", adcode).iloc[0]

    def yes_no(value: object) -> str:
        return t("no_data") if pd.isna(value) else (t("yes") if bool(value) else t("no"))

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
    ranks = _ranks(version, adcode, lang)
    rows = list(ranks.itertuples(index=False))

    def rank_text(rank: object, total: object) -> str:
        return t("no_data") if pd.isna(rank) or not total else f"{int(rank)} / {int(total)}"

    table = pd.DataFrame(
        {
            t("col_indicator"): ranks.label,
            t("col_value"): [_fmt(r.value, r, lang) for r in rows],
            t("col_year"): ranks.year.map(_year_text),
            t("col_rank_province"): [rank_text(r.rank_province, r.n_province) for r in rows],
            t("col_rank_key"): [rank_text(r.rank_national_key, r.n_national_key) for r in rows],
            t("col_province_median"): [_fmt(r.province_median, r, lang) for r in rows],
            t("col_key_median"): [_fmt(r.national_key_median, r, lang) for r in rows],
            t("col_verified"): [("⚠ " if is_unverified(joined(r)) else "") + status(joined(r), lang) for r in rows],
            t("col_source"): [source_label(joined(r), lang) for r in rows],
        }
    )
    by_id = {r.indicator_id: r for r in rows}
    criteria = []
    for indicator_id in SELECTION_CRITERIA:
        row = by_id.get(indicator_id)
        if row is None:  # the county has no value in any year
            catalog = _labels(version)[0]
            name = catalog.name_zh[indicator_id] if lang == "zh" else catalog.name_en[indicator_id]
            criteria.append(Criterion(str(name), t("no_data"), None, ""))
        else:
            criteria.append(Criterion(str(row.label), _fmt(row.value, row, lang), _year_text(row.year),
                                      source_label(joined(row), lang)))  # fmt: skip
    names = dict(zip(ranks.indicator_id, ranks.label, strict=True))
    trends = county_rows(version, "county_trends", adcode)
    years = trends.groupby("indicator_id").year.nunique()
    sites = county_rows(version, "county_sites_list", adcode)
    sites_table = None if sites.empty else arrow_table(pd.DataFrame(
        {
            t("sites"): sites.name,
            t("col_value"): [format_value(p, "人", lang) for p in sites.population],
            t("col_source"): [source_label(joined(r), lang) for r in sites.itertuples()],
            t("precision"): [precision_label(code, lang) for code in sites.location_precision],
        }
    ))  # fmt: skip
    return Profile(
        heading(version, county, t, lang), arrow_table(flags), arrow_table(table), tuple(criteria), MappingProxyType(names),
        list(names).index("pop_census") if "pop_census" in names else 0,
        tuple(code for code in years[years > 1].index if code in names), sites_table,
    )  # fmt: skip


class Chart(NamedTuple):
    spec: dict[str, Any]  # ui.prepared.chart_spec: read-only
    caption: str


@memo.shared(maxsize=512)
def compare_chart(version: tuple[str, float], adcode: str, indicator: str, lang: str) -> Chart:
    """The county, its province median and the key-county median for one indicator (bars)."""
    t = translator(lang, LABELS)
    row = _ranks(version, adcode, lang).set_index("indicator_id").loc[indicator]
    bars = pd.DataFrame(
        {
            "who": [t("this_county"), t("col_province_median"), t("col_key_median")],
            "value": [row.value, row.province_median, row.national_key_median],
        }
    )
    caption = f"{t('col_year')} {_year_text(row.year)} · {t('col_source')}：{source_label(joined(row), lang)}"
    return Chart(bar_spec(bars, row.unit, lang, COMPARE_COLOURS), caption)


@memo.shared(maxsize=512)
def trend(version: tuple[str, float], adcode: str, indicator: str, lang: str) -> Chart:
    """The county's yearly values of one indicator (line) and their sources."""
    t = translator(lang, LABELS)
    trends = county_rows(version, "county_trends", adcode)
    series = trends.loc[trends.indicator_id == indicator, ["indicator_id", "year", "value", "source_id"]]
    unit = _ranks(version, adcode, lang).set_index("indicator_id").loc[indicator].unit
    caption = source_book(version).labels(series.source_id, lang, sep=" · ")
    return Chart(trend_spec(series, unit, lang, t("col_year")), caption)
