"""The gap figures (geo.gap) for one indicator and year pair, computed once per process and
database version and shared by every session: the 差距监测 page's view and tables, and the
county profile's trajectory section (charts as ``ui.prepared`` specs, tables as Arrow tables)."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

from geo import export, gap, maps, printmap, provenance
from geo.classify import Choropleth, LegendRow
from geo.fmt import format_value, unit_label
from geo.i18n import translator
from geo.provenance import source_label
from geo.safetext import Markup, fmt, join
from geo.urlschema import Dropped, Param
from ui import county_view, layers, memo, safe
from ui.charts import titled
from ui.choropleth import legend_html
from ui.completeness import incomplete_legend, incomplete_overlay
from ui.folium_adapter import MapPayload, RenderedLayer
from ui.overview_parts import inset_png
from ui.prepared import arrow_table, chart_spec, compact_table, show_chart, spec_over
from ui.printing import choropleth_legend, completeness
from ui.state import db_version, query, source_book, tr

PAGE_LABELS = {
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


@memo.shared(maxsize=8)
def _series(version: tuple[str, float]) -> pd.DataFrame:
    return gap.yearly_series(query("indicator_catalog")).set_index("indicator_id")


class SeriesMenu(NamedTuple):
    """The page's choice of series, made once per database version (a catalogue frame's index, ``loc``
    and shallow copy were ≈1 ms of every visit)."""

    codes: tuple[str, ...]  # the yearly series of the catalogue (two or more years), in its order
    nominal: frozenset[str]  # those shown as nominal money (gap.is_money): the export's note says so


@memo.shared(maxsize=8)
def series_menu(version: tuple[str, float]) -> SeriesMenu:
    catalog = _series(version)
    nominal = (code for code, unit, text in zip(catalog.index, catalog.unit, catalog.description, strict=True)
               if gap.is_money(unit, text))  # fmt: skip
    return SeriesMenu(tuple(catalog.index), frozenset(nominal))


class YearChoice(NamedTuple):
    """The years the page offers for one indicator and scope, and its default pair."""

    years: tuple[int, ...]  # with values in the scope (the series' own years when the scope has fewer than two)
    default: tuple[int, int]  # the first and latest of them in 2020–2023 (gap.default_years)


@memo.shared(maxsize=512)
def _year_choice(version: tuple[str, float], indicator: str, province: str | None) -> YearChoice:
    years = tuple(gap.years_in_scope(query("gap_years"), indicator, province))
    if len(years) < 2:
        years = tuple(gap.years_in_scope(query("gap_years"), indicator, None))
    if len(years) < 2:
        years = tuple(_series(version).years[indicator])
    return YearChoice(years, gap.default_years(years) or (years[0], years[-1]))


def year_choice(version: tuple[str, float], indicator: str, province: str | None) -> YearChoice:
    """The years that have values of ``indicator`` in the scope and the default first and latest year
    among them, so a province without 2023 values defaults to its own latest year (read-only)."""
    return _year_choice(version, indicator, province)


def year_refused(param: Param, default: int) -> Dropped:
    """The notice for a year in the link that has no values in the chosen scope."""
    return Dropped(param.name, param.label, ("在所选范围内没有数据", "has no values in the chosen scope"),
                   (f"该范围的默认年份 {default}", f"the scope's default year {default}"))  # fmt: skip


@memo.shared(maxsize=8)
def _names(version: tuple[str, float], lang: str) -> tuple[Mapping[str, str], Mapping[str, str]]:
    catalog = _series(version)
    provinces = query("province_list")
    indicators = dict(zip(catalog.index, catalog.name_zh if lang == "zh" else catalog.name_en, strict=True))
    return MappingProxyType(indicators), MappingProxyType(dict(zip(provinces.adcode, provinces.name, strict=True)))


def names(version: tuple[str, float], lang: str) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """(indicator_id → series name, province adcode → province name) in ``lang`` (read-only)."""
    return _names(version, lang)


@memo.shared(maxsize=4)
def _series_values(version: tuple[str, float]) -> gap.SeriesValues:
    """Every value of the yearly series, read once per process and database (shared, read-only)."""
    indicators = list(_series(version).index)
    return gap.SeriesValues(indicators, query("gap_counties"), query("gap_series_values", {"indicators": indicators}))


@memo.shared(maxsize=64)
def _frames(
    version: tuple[str, float], indicator: str, first: int, latest: int
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    values = _series_values(version).values(indicator, first, latest)
    rows = gap.county_table(gap.panel(values, first, latest))
    return values, rows, gap.coverage(values, first, latest)


@memo.shared(maxsize=64)
def _used_sources(version: tuple[str, float], indicator: str, first: int, latest: int) -> pd.DataFrame:
    """gap.source_rows of the whole-country values (the same for every scope, metric and language)."""
    values = _frames(version, indicator, first, latest)[0]
    return gap.source_rows(values, indicator, first, latest, query("sources_list"))


@memo.shared(maxsize=64)
def _cited(version: tuple[str, float], indicator: str, first: int, latest: int) -> pd.DataFrame:
    """The source rows of the series' own values (``_used_sources`` without the grouping's), one per
    source: what the legend, the notes and the print cite (for every scope, metric and language)."""
    used = _used_sources(version, indicator, first, latest)
    return used[used.indicator_id == indicator].drop_duplicates("source_id")


@memo.shared(maxsize=64)
def _province_groups(version: tuple[str, float], indicator: str, first: int, latest: int) -> pd.DataFrame:
    """Per-province ratios of the whole-country panel (the same for every metric and language)."""
    return gap.province_groups(_frames(version, indicator, first, latest)[1], latest - first)


class GapView(NamedTuple):
    """Everything the 差距监测 page shows for one indicator, years, scope, metric and language.

    Shared by every session: read-only."""

    values: pd.DataFrame  # every county's yearly values in the range
    rows: pd.DataFrame  # whole-country panel with county figures
    scope_rows: pd.DataFrame
    scope_values: pd.DataFrame
    counts: dict[str, int]  # coverage in scope
    medians: pd.DataFrame
    ratios: pd.DataFrame
    by_province: pd.DataFrame  # whole-country scope only (else empty)
    sources: pd.DataFrame  # gap.source_rows
    choro: Choropleth
    features: dict  # the counties with values in scope (a county_features subset)
    value_labels: dict[str, str]


class _Scope(NamedTuple):
    """The part of a view that is the same for every metric and language."""

    scope_rows: pd.DataFrame
    scope_values: pd.DataFrame
    counts: dict[str, int]
    medians: pd.DataFrame
    ratios: pd.DataFrame
    by_province: pd.DataFrame
    with_values: list[str]  # adcodes with a value in the scope, sorted
    features: dict


@memo.shared(maxsize=64)
def _scope(version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None) -> _Scope:
    values, rows, whole_country = _frames(version, indicator, first, latest)
    scope_rows = rows[rows.province_adcode == province] if province else rows
    scope_values = values[values.province_adcode == province] if province else values
    medians = gap.group_medians(scope_rows, latest - first)
    with_values = sorted(scope_values.adcode.unique().tolist())  # not a set of Arrow strings, one by one
    features = layers.county_features(version, "province" if province else "national", province, None, False,
                                      maps.DATUM)
    subset = copy.copy(features)  # keeps the collection's source key: the rendered layer is cached by content
    shown = set(with_values)  # the choropleth's fills: every county with a value in the scope
    subset["features"] = [f for f in features["features"] if f["properties"]["adcode"] in shown]
    return _Scope(
        scope_rows, scope_values, gap.coverage(scope_values, first, latest) if province else whole_country, medians,
        gap.ratios(medians), pd.DataFrame() if province else _province_groups(version, indicator, first, latest),
        with_values, subset,
    )


@memo.shared(maxsize=64)
def _value_labels(version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None,
                  lang: str) -> dict[str, str]:  # fmt: skip
    """The map's tooltip text per county with a value in the scope (the same for both metrics)."""
    rows = _frames(version, indicator, first, latest)[1]
    t = translator(lang, gap.GAP_LABELS)
    figures = dict(zip(rows.adcode.tolist(), zip(rows.cagr.to_numpy(), rows.ratio_change.to_numpy(), strict=True), strict=True))
    no_data = t("no_data")

    def text(value: float, render: Callable[[float], str]) -> str:
        return no_data if pd.isna(value) else render(float(value))

    tooltip, no_panel = t("tooltip"), t("no_panel")
    return {
        code: tooltip.format(
            g=text(figures[code][0], gap.signed_percent),
            c=text(figures[code][1], lambda v: gap.signed_points(v, lang)),
        ) if code in figures else no_panel
        for code in _scope(version, indicator, first, latest, province).with_values
    }


@memo.shared(maxsize=64)
def _view(
    version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None, metric: str, lang: str
) -> GapView:
    """The scope's figures (made once for every metric and language) with this metric's choropleth."""
    values, rows, _ = _frames(version, indicator, first, latest)
    scope = _scope(version, indicator, first, latest, province)
    catalog = _series(version)
    name = str(catalog.name_zh[indicator] if lang == "zh" else catalog.name_en[indicator])
    choro = gap.change_choropleth(rows, scope.scope_rows, scope.with_values, metric, first, latest, name,
                                  _cited(version, indicator, first, latest), lang)  # fmt: skip
    return GapView(
        values, rows, scope.scope_rows, scope.scope_values, scope.counts, scope.medians, scope.ratios,
        scope.by_province, _used_sources(version, indicator, first, latest), choro, scope.features,
        _value_labels(version, indicator, first, latest, province, lang),
    )


def gap_view(version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None, metric: str,
             lang: str) -> GapView:  # fmt: skip
    """The page's figures, computed once per process for each distinct choice (read-only)."""
    return _view(version, indicator, int(first), int(latest), province, metric, lang)


class Formats(NamedTuple):
    """The page's cell texts for one indicator and language."""

    t: Callable[[str], str]
    value: Callable[[object], str]
    lang: str

    def pct(self, value: object) -> str:
        return self.t("no_data") if pd.isna(value) else f"{float(value) * 100:.1f}%"

    def growth(self, value: object) -> str:
        return self.t("no_data") if pd.isna(value) else gap.signed_percent(float(value))

    def trend(self, trend: object) -> str:
        return self.t("trend_" + trend) if isinstance(trend, str) else self.t("no_data")

    def points(self, value: object) -> str:
        return self.t("no_data") if pd.isna(value) else gap.signed_points(float(value), self.lang)


def formats(catalog: pd.DataFrame, indicator: str, lang: str) -> Formats:
    meta = catalog.loc[indicator]
    unit = meta.unit if isinstance(meta.unit, str) else ""
    decimals = int(meta.decimals) if pd.notna(meta.decimals) else None

    def value(number: object) -> str:
        return format_value(number, unit, lang, decimals=decimals, per_capita=unit == "元")

    return Formats(translator(lang, PAGE_LABELS), value, lang)


class GapTables(NamedTuple):
    """The page's group, ratio and province tables and the group export (read-only)."""

    groups: pd.DataFrame  # as shown, for the export
    groups_table: pa.Table
    ratios_table: pa.Table
    provinces_table: pa.Table | None  # whole-country scope only
    groups_export: pd.DataFrame


def _scope_name(version: tuple[str, float], t: Callable[[str], str], province: str | None) -> str:
    return _names(version, "zh")[1].get(province, t("whole_country"))  # province names are the same in both


@memo.shared(maxsize=128)
def _tables(version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None,
            lang: str) -> GapTables:  # fmt: skip
    view = _view(version, indicator, first, latest, province, gap.METRICS[0], lang)
    catalog = _series(version)
    f = formats(catalog, indicator, lang)
    t = f.t
    medians, ratio_table = view.medians, view.ratios
    groups = pd.DataFrame(
        {
            t("col_group"): [t("grp_" + grp) for grp in medians.index],
            t("col_n"): medians.n.to_list(),
            t("col_median").format(y=first): medians.median0.map(f.value).to_list(),
            t("col_median").format(y=latest): medians.median1.map(f.value).to_list(),
            t("col_cagr_median"): medians.cagr_of_median.map(f.growth).to_list(),
            t("col_median_cagr"): medians.median_cagr.map(f.growth).to_list(),
        }
    )
    ratios = pd.DataFrame(
        {
            t("col_pair"): [f"{t('grp_' + r.key)} {t('vs')} {t('grp_' + r.other)}" for r in ratio_table.itertuples()],
            t("col_ratio").format(y=first): ratio_table.ratio0.map(f.pct).to_list(),
            t("col_ratio").format(y=latest): ratio_table.ratio1.map(f.pct).to_list(),
            t("col_change"): ratio_table.change.map(f.points).to_list(),
            t("col_trend"): ratio_table.trend.map(f.trend).to_list(),
        }
    )
    provinces = None
    if not province and not view.rows.empty:
        by_province = view.by_province
        provinces = arrow_table(pd.DataFrame(
            {
                t("province"): by_province.province,
                **{f"{t('col_n')}·{t('grp_' + grp)}": by_province[f"n_{grp}"] for grp in gap.GROUPS},
                t("col_ratio").format(y=first): by_province.ratio0.map(f.pct),
                t("col_ratio").format(y=latest): by_province.ratio1.map(f.pct),
                t("col_change"): by_province.change.map(f.points),
                t("col_trend"): by_province.trend.map(f.trend),
            }
        ))  # fmt: skip
    names = catalog.name_zh if lang == "zh" else catalog.name_en
    groups_export = groups.assign(**{t("indicator"): names[indicator], t("scope"): _scope_name(version, t, province)})
    return GapTables(groups, arrow_table(groups), arrow_table(ratios), provinces, groups_export)


def gap_tables(version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None,
               lang: str) -> GapTables:  # fmt: skip
    """Group medians, ratios, the per-province table and the sources sheet as shown (read-only)."""
    return _tables(version, indicator, int(first), int(latest), province, lang)


@memo.shared(maxsize=64)
def _sources_sheet(version: tuple[str, float], indicator: str, first: int, latest: int, lang: str) -> pd.DataFrame:
    used = _used_sources(version, indicator, first, latest)
    catalog = _series(version)
    names = (catalog.name_zh if lang == "zh" else catalog.name_en).to_dict()
    group = translator(lang, PAGE_LABELS)("group")
    return export.sources_sheet(used, pd.Series({**names, gap.GROUP_ID: group}), lang)


def sources_sheet(version: tuple[str, float], indicator: str, first: int, latest: int, lang: str) -> pd.DataFrame:
    """The XLSX exports' sources sheet (the values' sources in both years and the grouping's), made
    when an export is asked for, not with the page (the same for every scope)."""
    return _sources_sheet(version, indicator, int(first), int(latest), lang)


class MapParts(NamedTuple):
    """The page's texts, map, legend and print view for one choice (read-only, shared).

    The texts are whole blocks (title to map heading, the notes after the map, the table
    headings with their rules), one element each: Streamlit's cost per visit grows with the
    number of elements more than with their length."""

    top: Markup  # title, intro, basis, notes (thin latest year, nominal, sources), headline, map heading
    base: MapPayload
    layers: tuple[RenderedLayer, ...]
    center: tuple[float, float]
    zoom: float
    legend: Markup  # the change legend, the incomplete-list legend and the click hint
    after_map: Markup  # the province and list notes, the group table's heading
    ratios_head: Markup
    counties_head: Markup
    print_view: printmap.PrintView


# caption-like text inside a block (Streamlit's caption: smaller, grey)
NOTE = "<div style='font-size:.875rem;color:rgba(49,51,63,.6);line-height:1.5'>{}</div>"


@memo.shared(maxsize=64)
def _map_parts(version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None,
               metric: str, lang: str) -> MapParts:  # fmt: skip
    view = _view(version, indicator, first, latest, province, metric, lang)
    catalog = _series(version)
    f = formats(catalog, indicator, lang)
    t = f.t
    scope_name = _scope_name(version, t, province)
    used = view.sources
    sources = [
        provenance.source_label(provenance.joined(source), lang)
        for source in _cited(version, indicator, first, latest).to_dict("records")
    ]
    meta = catalog.loc[indicator]
    unit = meta.unit if isinstance(meta.unit, str) else ""
    counts = view.counts
    names = catalog.name_zh if lang == "zh" else catalog.name_en
    notes = [fmt(t("thin_latest"), b=latest, nb=counts["latest"])] if counts["latest"] < 0.6 * counts["first"] else []
    if gap.is_money(meta.unit, meta.description):
        notes.append(t("nominal_note"))
    notes += [fmt(t("source_note"), label) for label in sources]
    ratios = view.ratios
    headline = ratios[(ratios.key == "national") & (ratios.other == "poverty832")].iloc[0]
    if isinstance(headline.trend, str):
        verdict = fmt("<p><b>" + t("headline") + "</b></p>", scope=scope_name, r0=f.pct(headline.ratio0),
                      r1=f.pct(headline.ratio1), a=first, b=latest, change=f.points(headline.change),
                      trend=t("trend_" + headline.trend))  # fmt: skip
    else:
        verdict = fmt("<p>" + t("no_headline") + "</p>", scope=scope_name, m=gap.MIN_RATIO_N)
    heading = "<h4>{}（{}）</h4>" if lang == "zh" else "<h4>{} ({})</h4>"
    # HTML blocks (st.html: no Markdown is parsed), each part escaped by fmt.
    top = join("", [
        fmt("<h3>{}</h3>", t("title")), fmt(NOTE, t("intro")),
        fmt("<p>" + t("basis") + "</p>", name=names[indicator], unit=unit_label(unit, lang) or "—", a=first, b=latest, n=counts["both"],
            na=counts["first"], nb=counts["latest"]),
        *([fmt(NOTE, join("<br>", notes))] if notes else []), verdict, fmt("<h4>{}</h4>", t("map_title")),
    ])  # fmt: skip
    after_map = join("", [
        fmt(NOTE, " ".join((t("province_note"), t("list_note"), t("datum_note")))),
        fmt(heading, t("groups"), scope_name),
    ])  # fmt: skip
    ratios_head = join("", [fmt("<h4>{}</h4>", t("ratios")), fmt(NOTE, fmt(t("ratio_rule"), m=gap.MIN_RATIO_N))])
    counties_head = join("", [fmt(heading, t("counties"), scope_name),
                                   fmt(NOTE, t("rank_note") + " " + t("province_note"))])  # fmt: skip
    dynamic = (
        layers.colored_key_layer(view.features, dict(view.choro.fills), lang, view.value_labels, name="gap"),
        incomplete_overlay(lang, province=province),  # the groups hold only the confirmed key counties
    )
    box = (73.4, 17.8, 135.1, 53.6)
    if province:
        row = query("province_list").set_index("adcode").loc[province]
        box = (row.min_lon, row.min_lat, row.max_lon, row.max_lat)
    center, zoom = maps.view_for_bounds(*box, width=1100, height=600)
    context = LegendRow(maps.CONTEXT_STYLE["fillColor"], t("legend_context"), 0)
    print_legend, print_legend_title = choropleth_legend(view.choro)
    book = source_book(version)
    print_view = printmap.PrintView(
        t("title"), dict(view.choro.fills), [*print_legend, (context.color, context.label)],
        legend_title=print_legend_title, subtitle=f"{names[indicator]} · {first}→{latest} · {scope_name}",
        province=province, sources=[book.label(code, lang) for code in dict.fromkeys(used.source_id)],
        **completeness(lang, province),
    )  # fmt: skip
    legend = join("", [legend_html(view.choro, (context,)), incomplete_legend(lang, province), fmt(NOTE, t("open_profile"))])
    return MapParts(
        top, layers.base_map(version, lang, "none", inset_png(version, lang)), dynamic, center, zoom, legend, after_map,
        ratios_head, counties_head, print_view,
    )  # fmt: skip


def map_parts(version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None,
              metric: str, lang: str) -> MapParts:  # fmt: skip
    """Texts, map layers, legend and print view of the page for one choice (read-only)."""
    return _map_parts(version, indicator, int(first), int(latest), province, metric, lang)


class CountyTable(NamedTuple):
    frame: pd.DataFrame  # as shown, for the export (read-only)
    table: pa.Table
    config: Mapping[str, Any]  # st.dataframe column_config (Streamlit copies it)


@memo.shared(maxsize=64)
def _county_table(version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None,
                  sort: str, lang: str) -> CountyTable:  # fmt: skip
    view = _view(version, indicator, first, latest, province, gap.METRICS[0], lang)
    catalog = _series(version)
    t = translator(lang, PAGE_LABELS)
    unit = catalog.unit[indicator] if isinstance(catalog.unit[indicator], str) else ""
    column, ascending = gap.COUNTY_SORTS[sort]
    ordered = view.scope_rows.sort_values([column, "adcode"], ascending=[ascending, True], na_position="last")

    def rank_text(rank: object, total: object) -> str | None:
        return None if pd.isna(rank) or not total else f"{int(rank)} / {int(total)}"

    shown_unit = unit_label(unit, lang)
    suffix = (f"（{shown_unit}）" if lang == "zh" else f" ({shown_unit})") if unit else ""
    frame = pd.DataFrame(
        {
            "adcode": ordered.adcode,
            t("county"): ordered["name"],
            t("province"): ordered.province,
            t("group"): ordered.grp.map(lambda g: t("grp_" + g)),
            t("col_value").format(y=first) + suffix: ordered.v0,
            t("col_value").format(y=latest) + suffix: ordered.v1,
            t("col_cagr") + " %": ordered.cagr * 100,
            t("col_ratio_prov").format(y=first) + " %": ordered.ratio0 * 100,
            t("col_ratio_prov").format(y=latest) + " %": ordered.ratio1 * 100,
            t("col_ratio_change"): ordered.ratio_change * 100,
            t("col_ground"): ordered.ratio_change.map(lambda x: t(gap.ground(x)) if gap.ground(x) else None),
            t("col_rank_province"): [rank_text(r, n) for r, n in zip(ordered.rank_province, ordered.n_rank_province, strict=True)],
            t("col_rank_key"): [rank_text(r, n) for r, n in zip(ordered.rank_key, ordered.n_rank_key, strict=True)],
        }
    )
    decimals = catalog.decimals[indicator]
    number = f"%.{int(decimals) if pd.notna(decimals) else 2}f"
    config: dict[str, Any] = {
        name: st.column_config.NumberColumn(name, format=number if i < 2 else "%+.1f" if i in (2, 5) else "%.1f")
        for i, name in enumerate(list(frame.columns)[4:10])
    }
    config["adcode"] = t("adcode")
    return CountyTable(frame, compact_table(frame), MappingProxyType(config))


def county_rows(version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None,
                sort: str, lang: str) -> CountyTable:  # fmt: skip
    """The per-county table in ``sort`` order, as shown (read-only)."""
    return _county_table(version, indicator, int(first), int(latest), province, sort, lang)


TRAJECTORY_LABELS = {
    "gap_section": ("差距监测：与全省、国家重点帮扶县中位数比较", "Gap monitor: against province and key-county medians"),
    "gap_pick": ("指标", "Indicator"),
    "gap_none": ("本县没有两个以上年份的数据。", "This county has no indicator with two or more years."),
    "gap_not_counted": (
        "本县在 {a} 年或 {b} 年缺数据，不计入差距监测。", "This county lacks {a} or {b}: not counted in the gap monitor."
    ),
    "gap_open": ("在差距监测中打开", "Open in the gap monitor"),
}
COLORS = {"county": "#b3261e", "province_median": "#8c8c8c", "key_median": "#f08c3a"}


@memo.shared(maxsize=256)
def _trajectory_choices(version: tuple[str, float], adcode: str) -> Mapping[str, tuple[int, int]]:
    """Catalogue series the county has two years of → its (first, latest) year, in catalogue order."""
    own = gap.county_years(county_view.county_rows(version, "county_trends", adcode))
    return MappingProxyType({code: own[code] for code in _series(version).index if code in own})


@memo.shared(maxsize=64)
def _trajectory_medians(version: tuple[str, float], indicator: str, first: int, latest: int) -> pd.DataFrame:
    """Every province's and the key counties' median per year (``gap.trajectory_medians``), once per
    series and years rather than per county (≈20 ms of each county's first view)."""
    values, rows, _ = _frames(version, indicator, first, latest)
    return gap.trajectory_medians(values, rows)


def warm_trajectories(version: tuple[str, float], province: str) -> None:
    """Make the medians (and panel) of the trajectories a county of ``province`` most likely starts
    with, at the province's default years: 农村居民人均可支配收入 (the usual first series) and the
    first catalogue series with two years there (where a county without it most often starts), for
    ``ui.county_warm``: 6–8 series × years in all, for about 85 % of the counties with a trajectory."""
    years = query("gap_years")
    offered = [code for code in _series(version).index if len(gap.years_in_scope(years, code, province)) > 1]
    for indicator in dict.fromkeys([*(["rural_income"] if "rural_income" in offered else []), *offered[:1]]):
        first, latest = _year_choice(version, indicator, province).default
        if latest > first:
            _trajectory_medians(version, indicator, first, latest)


class Trajectory(NamedTuple):
    first: int
    latest: int
    spec: dict[str, Any] | None  # None: the county lacks the first or the latest year
    caption: str
    link: str


class _Panel(NamedTuple):
    """A series × years' values and panel rows (``_frames``) with where each county's rows are."""

    values: pd.DataFrame
    rows: pd.DataFrame
    spans: Mapping[str, tuple[int, int]]  # adcode → (first, end) of its rows in ``values``
    at: Mapping[str, int]  # adcode → its row in ``rows`` (panel counties only)


@memo.shared(maxsize=64)
def _trajectory_panel(version: tuple[str, float], indicator: str, first: int, latest: int) -> _Panel:
    """Once per series and years: a county's trajectory then takes its own rows instead of searching
    the whole panel for them (≈5–8 ms of each county's first trajectory on the full frames)."""
    values, rows, _ = _frames(version, indicator, first, latest)  # values ordered by adcode, year
    at = MappingProxyType({str(code): index for index, code in enumerate(rows["adcode"].tolist())})
    return _Panel(values, rows, county_view.spans(values["adcode"]), at)


@memo.shared(maxsize=512)
def _trajectory(version: tuple[str, float], adcode: str, indicator: str, lang: str) -> Trajectory:
    t = translator(lang, gap.GAP_LABELS, TRAJECTORY_LABELS)
    first, latest = _trajectory_choices(version, adcode)[indicator]
    panel = _trajectory_panel(version, indicator, first, latest)
    if adcode not in panel.at:  # it lacks the first or the latest year
        return Trajectory(first, latest, None, "", "")
    start, end = panel.spans.get(adcode, (0, 0))
    rows = panel.rows.iloc[[panel.at[adcode]]]
    # gap.trajectory over the county's own rows: the same frame as over the whole panel
    path = gap.trajectory(panel.values.iloc[start:end], rows, adcode, _trajectory_medians(version, indicator, first, latest))
    catalog = _series(version)
    meta = catalog.loc[indicator]
    unit = meta.unit if isinstance(meta.unit, str) else ""
    labels = {key: t(key if key != "county" else "this_county") for key in COLORS}
    path = path.assign(who=path.series.map(labels))
    template = _trajectory_template(tuple(path.columns), t("year"), unit_label(unit, lang) or "", tuple(labels.values()))
    row = rows.iloc[0]
    notes = [gap.county_line(row, first, latest, lang, formats(catalog, indicator, lang).value)]
    if gap.is_money(meta.unit, meta.description):
        notes.append(t("nominal"))
    source = source_book(version).get(meta.source_id)
    notes.append(f"{t('source')}{'：' if lang == 'zh' else ': '}{source_label(source, lang)}")
    link = urlencode({"gap_ind": indicator, "gap_y0": first, "gap_y1": latest, "gap_prov": row.province_adcode})
    return Trajectory(first, latest, spec_over(template, path), ("。" if lang == "zh" else ". ").join(notes), f"gap?{link}")


@functools.lru_cache(maxsize=64)
def _trajectory_template(columns: tuple[str, ...], year: str, unit: str, labels: tuple[str, ...]) -> dict[str, Any]:
    """The trajectory chart's spec for its axis titles and series labels (``ui.prepared.spec_over``
    draws it over each county's series), converted by altair once per language (``charts.titled``)."""
    return titled(_trajectory_base(columns, year, labels), "y", unit)


@functools.lru_cache(maxsize=8)
def _trajectory_base(columns: tuple[str, ...], year: str, labels: tuple[str, ...]) -> dict[str, Any]:
    chart = (
        alt.Chart(pd.DataFrame(columns=list(columns)))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=year, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="unit", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "who:N", title=None, sort=list(labels),
                scale=alt.Scale(domain=list(labels), range=list(COLORS.values())),
                legend=alt.Legend(orient="top"),
            ),
        )
        .properties(height=300)
    )
    return chart_spec(chart)


def county_trajectory(adcode: str, language: str) -> None:
    """County profile section: the county's series against its province median and the national
    key-county median, over the county's own first and latest year in 2020–2023 (both-years rule)."""
    t = tr(gap.GAP_LABELS, TRAJECTORY_LABELS)
    version = db_version()
    candidates = list(_trajectory_choices(version, adcode))
    safe.markdown("#### {}", t("gap_section"))
    if not candidates:
        st.caption(t("gap_none"))
        return
    names = _names(version, language)[0]
    default = candidates.index("rural_income") if "rural_income" in candidates else 0
    indicator = st.selectbox(t("gap_pick"), candidates, index=default, format_func=names.get, key="gap_traj_ind", placeholder=t("choose"))
    shown = _trajectory(version, adcode, indicator, language)
    if shown.spec is None:
        safe.caption(t("gap_not_counted"), a=shown.first, b=shown.latest)
        return
    show_chart(shown.spec)
    safe.caption("{}", shown.caption)
    # a relative link, not st.page_link: the profile also runs outside the app's navigation (tests, legacy start)
    st.link_button(t("gap_open"), shown.link, icon=":material/trending_up:")
