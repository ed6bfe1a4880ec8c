"""The workbench's view models, computed once per process (``ui.memo.shared``) from the database
version, the language and the page's parameters.

A visitor with a shared link (or the default view) looks these up instead of redoing the
pandas, scoring and map-layer work per session: the page reads its URL, fetches the views for
those parameters and emits elements. Values are frames (handed out as shallow copies) or
read-only: tuples, frozen mappings, rendered layers, pyarrow tables.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

import pandas as pd
import pyarrow as pa
import streamlit as st

from geo import export, maps, printmap, scoring
from geo import workbench as wb
from geo.classify import NO_DATA_COLOR, Choropleth
from geo.filters import FilterSpec, effective_year, year_list
from geo.fmt import unit_label
from geo.i18n import level_label, translator
from geo.provenance import SourceBook
from geo.safetext import Markup, fmt, join
from ui import layers, memo
from ui.choropleth import indicator_choropleth, legend_html
from ui.completeness import incomplete_legend, incomplete_overlay
from ui.folium_adapter import MapPayload, RenderedLayer, prerender
from ui.overview_parts import inset_png, legend_for_levels
from ui.prepared import arrow_table
from ui.printing import choropleth_legend, completeness
from ui.state import query

Version = tuple[str, float]
OTHER_COLOR = "#7f9cc0"  # matching counties that are not key counties
MAP_WIDTH, MAP_HEIGHT = 800, 520

VIEW_LABELS = {
    "print_title": ("规划工作台 · 符合条件的县（{n}个）", "Planners' workbench · matching counties ({n})"),
    "none": ("非重点帮扶县", "Not a key county"),
    "missing": ("缺该指标数据", "No data for the indicator"),
    "missing_ind": ("缺数据指标", "Missing indicator"),
    "static": ("不分年份", "no year"),
    "latest_header": ("各县最新年份", "each county's latest year"),
    "rank_prov": ("省内名次", "rank in province"),
    "rank_sel": ("筛选内名次", "rank in selection"),
    "pct": ("百分位", "percentile"),
    "contrib": ("评分贡献", "contribution"),
}


class Reference(NamedTuple):
    """What every run of the page needs whatever its parameters (per version and language)."""

    counties: pd.DataFrame  # queries/county_list, by adcode
    catalog: pd.DataFrame  # indicator catalogue with the valid ranges, by indicator_id
    names: Mapping[str, str]  # indicator → name in the language
    province_names: Mapping[str, str]
    prefecture_names: Mapping[str, str]
    county_labels: Mapping[str, str]  # adcode → '名称（省份）'
    years: Mapping[str, tuple[int, ...]]  # indicator → its years (empty: a static indicator)
    all_years: tuple[int, ...]
    book: SourceBook
    indicators: tuple[str, ...]  # the catalogue's indicator_ids in order (the pickers' options)
    directions: Mapping[str, str]  # indicator → its default scoring direction (scoring.default_direction)


@memo.shared(maxsize=8)
def reference(version: Version, language: str) -> Reference:
    counties = query("county_list").set_index("adcode")
    provinces = query("province_list")
    prefectures = query("prefecture_list", {"province": None})
    catalog = query("indicator_catalog").set_index("indicator_id").join(
        query("workbench_valid_ranges").set_index("indicator_id")
    )
    years = {ind: tuple(year_list(value)) for ind, value in catalog.years.items()}
    return Reference(
        counties=counties,
        catalog=catalog,
        names=MappingProxyType((catalog.name_zh if language == "zh" else catalog.name_en).to_dict()),
        province_names=MappingProxyType(dict(zip(provinces.adcode, provinces.name, strict=True))),
        prefecture_names=MappingProxyType(dict(zip(prefectures.adcode, prefectures.name, strict=True))),
        county_labels=MappingProxyType(wb.county_labels(counties)),
        years=MappingProxyType(years),
        all_years=tuple(sorted({y for ys in years.values() for y in ys})),
        book=SourceBook(query("sources_list")),
        indicators=tuple(catalog.index),
        directions=MappingProxyType({ind: scoring.default_direction(value) for ind, value in catalog.higher_is_better.items()}),
    )


@memo.shared(maxsize=8)
def base_map(version: Version, language: str) -> MapPayload:
    """The workbench's base map (no tiles, with the 南海诸岛 inset)."""
    return layers.base_map(version, language, "none", inset_png(version))


class FilterView(NamedTuple):
    """The counties a filter finds and the map and legend of them (per version, language, filter)."""

    matching: tuple[str, ...]
    missing: pd.DataFrame  # the 缺数据 list as shown (empty when none is missing)
    layer: RenderedLayer | None  # the coloured counties; None when the filter finds none
    overlay: RenderedLayer  # the incomplete-list outlines
    box: wb.Box | None  # around every county found
    choro: Choropleth | None
    legend: Markup
    list_legend: Markup
    print_view: printmap.PrintView


@memo.shared(maxsize=64)
def filter_view(
    version: Version, language: str, spec: FilterSpec, indicator: str | None, year: int | None
) -> FilterView:
    ref = reference(version, language)
    t = translator(language, VIEW_LABELS)
    found = query("workbench_filter", spec.params())
    matching = found[found.status == "match"]
    missing = found[found.status == "missing"]
    features = layers.county_features(version, "national", None, None, False, maps.DATUM)
    shown = set(found.adcode)
    subset = copy.copy(features)
    subset["features"] = [f for f in features["features"] if f["properties"]["adcode"] in shown]
    value_labels = None
    choro = None
    if indicator:
        values_now = query("indicator_values", {"indicator": indicator, "year": year}).set_index("adcode")
        choro = indicator_choropleth(version, indicator, year, "quantiles", 5, "", "all", language, tuple(sorted(shown)))
        fills = {code: choro.fills.get(code, NO_DATA_COLOR) if choro else NO_DATA_COLOR for code in matching.adcode}
        unit, decimals = ref.catalog.unit[indicator], int(ref.catalog.decimals[indicator])
        value_labels = {row.Index: layers.value_label(row.value, unit, row.year, language, decimals)
                        for row in values_now.loc[list(shown)].itertuples()}
    else:
        fills = {row.adcode: maps.LEVEL_COLORS.get(row.support_level, OTHER_COLOR) for row in matching.itertuples()}
    fills.update({code: NO_DATA_COLOR for code in missing.adcode})
    # folium cannot draw a layer without features: the page then shows the base map and says so
    layer = layers.colored_key_layer(subset, fills, language, value_labels, name="workbench") if subset["features"] else None

    classified = choro is not None and choro.classification is not None
    if classified:
        print_legend, print_legend_title = choropleth_legend(choro)
        print_sources = [source.label for source in choro.sources]
    else:
        print_legend = [(maps.LEVEL_COLORS[level], t(level)) for level in ("national", "provincial")]
        print_legend += [(OTHER_COLOR, t("none")), (NO_DATA_COLOR, t("missing"))]
        print_legend_title, print_sources = t("level"), [ref.book.label("key_list_rows", language)]
    print_view = printmap.PrintView(
        t("print_title").format(n=len(matching)), MappingProxyType(fills), print_legend,
        legend_title=print_legend_title, sources=print_sources, **completeness(language),
    )
    listing = missing[["adcode", "name", "prefecture", "province"]].assign(
        missing=missing.missing_indicators.map(lambda ids: "、".join(ref.names.get(i, i) for i in ids))
    ).rename(columns={"missing": t("missing_ind")})
    return FilterView(
        matching=tuple(matching.adcode),
        missing=listing,
        layer=layer,
        overlay=incomplete_overlay(language),
        box=wb.bounds(found),
        choro=choro,
        legend=legend_html(choro) if classified else legend_for_levels(t, OTHER_COLOR),
        list_legend=incomplete_legend(language),
        print_view=print_view,
    )


class MapFrame(NamedTuple):
    """Where the map looks and the outlines of the ticked counties (per selection)."""

    center: tuple[float, float]
    zoom: float
    fit: RenderedLayer
    highlight: RenderedLayer | None


@memo.shared(maxsize=256)
def map_frame(version: Version, selection: tuple[str, ...], found_box: wb.Box | None) -> MapFrame:
    """The view fits the ticked counties (with their neighbours), else every county found, else China."""
    counties = reference(version, "zh").counties
    box = maps.padded_box(wb.bounds(counties.loc[list(selection)])) if selection else found_box
    box = box or maps.NATIONAL_EXTENT
    center, zoom = maps.view_for_bounds(*box, width=MAP_WIDTH, height=MAP_HEIGHT)
    highlight = None
    if selection:
        features = layers.county_features(version, "national", None, None, False, maps.DATUM)
        chosen = set(selection)
        ticked = copy.copy(features)
        ticked["features"] = [dict(f) for f in features["features"] if f["properties"]["adcode"] in chosen]
        if ticked["features"]:
            highlight = prerender(maps.highlight_layer(ticked))
    return MapFrame(center, zoom, prerender(maps.fit_bounds_layer(box)), highlight)


class Values(NamedTuple):
    """The scoring indicators' values for every county (per version, indicators and ranking year)."""

    long: pd.DataFrame  # rows (adcode, indicator_id, year, value, source_id)
    wide: pd.DataFrame  # one value column per indicator, by adcode
    value_years: pd.DataFrame  # year of each value, one column per indicator
    years: Mapping[str, int | None]  # indicator → the year read (None: static or each county's newest)


@memo.shared(maxsize=64)
def indicator_values(version: Version, indicators: tuple[str, ...], rank_year: int | None) -> Values:
    ref = reference(version, "zh")
    read = {ind: effective_year(ref.years.get(ind), rank_year) for ind in indicators}
    if rank_year is None:
        values = query("workbench_values_latest", {"indicators": list(indicators)})
    else:
        values = query("workbench_values", {"indicators": list(indicators), "years": [read[i] for i in indicators]})
    return Values(values, scoring.pivot(values), scoring.pivot(values, "year"), MappingProxyType(read))


class Ranked(NamedTuple):
    """The per-indicator ranks of the counties a filter finds, and what the notices need."""

    table: pd.DataFrame  # geo.scoring.indicator_table
    spans: tuple[tuple[str, int, int], ...]  # newest values from several years, per indicator
    empty: tuple[str, ...]  # indicators without any value for the matching counties


@memo.shared(maxsize=128)
def indicator_ranks(
    version: Version, spec: FilterSpec, rank_year: int | None, directions: tuple[scoring.Criterion, ...]
) -> Ranked:
    """Keyed by the criteria without their weights: a weight change reuses it."""
    indicators = tuple(c.indicator for c in directions)
    values = indicator_values(version, indicators, rank_year)
    found = query("workbench_filter", spec.params())
    matching = list(found.adcode[found.status == "match"])
    provinces = reference(version, "zh").counties.province_adcode
    return Ranked(
        table=scoring.indicator_table(matching, values.wide, provinces, directions),
        spans=wb.year_spans(values.long, matching, indicators) if rank_year is None else (),
        empty=wb.without_rows(values.long, matching, indicators) if matching else (),
    )


class Ranking(NamedTuple):
    """The scored table of the counties a filter finds, and what its notices need."""

    ranked: pd.DataFrame  # geo.scoring.rank_table of the matching counties
    values: pd.DataFrame  # long rows (adcode, indicator_id, year, value, source_id) of every county
    value_years: pd.DataFrame
    years: Mapping[str, int | None]
    spans: tuple[tuple[str, int, int], ...]
    empty: tuple[str, ...]


@memo.shared(maxsize=64)
def ranking(
    version: Version,
    spec: FilterSpec,
    indicators: tuple[str, ...],
    rank_year: int | None,
    criteria: tuple[scoring.Criterion, ...],
    method: str,
) -> Ranking:
    values = indicator_values(version, indicators, rank_year)
    directions = tuple(scoring.Criterion(c.indicator, 1.0, c.direction) for c in criteria)
    part = indicator_ranks(version, spec, rank_year, directions)
    return Ranking(
        ranked=scoring.with_score(part.table, criteria, method),
        values=values.long,
        value_years=values.value_years,
        years=values.years,
        spans=part.spans,
        empty=part.empty,
    )


class RankView(NamedTuple):
    """The rank table as the page shows it (per ranking, language and sort)."""

    table: pa.Table  # what st.dataframe receives (converted once, not per run)
    rows: tuple[str, ...]  # adcode of each row, in order
    config: Mapping[str, object]
    sources: Markup


def indicator_header(ref: Reference, language: str, indicator: str, year: int | None, rank_year: int | None) -> str:
    """'名称（单位，年份）', the year being 各县最新年份 when each county's newest value is shown."""
    t = translator(language, VIEW_LABELS)
    unit = unit_label(ref.catalog.unit.get(indicator), language)
    if year is None and ref.years.get(indicator) and rank_year is None:
        when = t("latest_header")
    else:
        when = t("static") if year is None else (f"{year}年" if language == "zh" else str(year))
    return f"{ref.names[indicator]}（{unit + '，' if unit else ''}{when}）"


def source_lines(ref: Reference, language: str, values: pd.DataFrame) -> Markup:
    """'指标，年份：来源（来源年份）' per indicator and source behind the shown values."""
    lines = [
        fmt("- {}{}：{}", ref.names[ind], "" if year is None else f"，{year}", ref.book.label(source, language))
        for ind, year, source in wb.source_rows(values)
    ]
    return join("\n", lines)


@memo.shared(maxsize=64)  # a table of every county is ~0.5 MB
def rank_view(
    version: Version,
    language: str,
    spec: FilterSpec,
    indicators: tuple[str, ...],
    rank_year: int | None,
    criteria: tuple[scoring.Criterion, ...],
    method: str,
    sort_by: str | None,
) -> RankView:
    ref = reference(version, language)
    t = translator(language, VIEW_LABELS)
    scored = ranking(version, spec, indicators, rank_year, criteria, method)
    ordered = wb.rank_order(scored.ranked, sort_by, indicators)
    yearly = [ind for ind in indicators if ref.years.get(ind)]
    shown = wb.rank_rows(ref.counties, ordered, scored.value_years, yearly, lambda v: level_label(v, language))
    config: dict[str, object] = {
        "name": t("county"), "prefecture": t("prefecture"), "province": t("province"), "support_level": t("level"),
        "score": st.column_config.NumberColumn(t("score"), format="%.1f" if method == "minmax" else "%.2f"),
        "score__rank_sel": t("score") + "·" + t("rank_sel"),
        "score__pct": st.column_config.NumberColumn(t("score") + "·" + t("pct"), format="%.0f"),
    }
    for ind in indicators:
        name = ref.names[ind]
        header = indicator_header(ref, language, ind, None if rank_year is None else scored.years[ind], rank_year)
        config[ind] = st.column_config.NumberColumn(header, format=f"%.{int(ref.catalog.decimals[ind])}f")
        config[f"{ind}__year"] = st.column_config.NumberColumn(f"{name}·{t('year')}", format="%d")
        config[f"{ind}__rank_prov"] = f"{name}·{t('rank_prov')}"
        config[f"{ind}__rank_sel"] = f"{name}·{t('rank_sel')}"
        config[f"{ind}__pct"] = st.column_config.NumberColumn(f"{name}·{t('pct')}", format="%.0f")
        config[f"{ind}__contrib"] = st.column_config.NumberColumn(f"{name}·{t('contrib')}", format="%.2f")
    return RankView(
        table=arrow_table(shown),
        rows=tuple(shown.index),
        config=MappingProxyType(config),
        sources=source_lines(ref, language, scored.values),
    )


EXPORT_TYPES = {  # kind → (button label, file name, MIME type)
    "csv": ("CSV", "workbench.csv", "text/csv"),
    "xlsx": ("XLSX", "workbench.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "geojson": ("GeoJSON", "workbench.geojson", "application/geo+json"),
}


def export_file(
    kind: str,
    version: Version,
    language: str,
    spec: FilterSpec,
    indicators: tuple[str, ...],
    rank_year: int | None,
    criteria: tuple[scoring.Criterion, ...],
    method: str,
    sort_by: str | None,
    codes: tuple[str, ...],
) -> bytes:
    """One export of ``codes`` in the table's order: ``kind`` is a key of EXPORT_TYPES.

    Given to ``st.download_button`` as a callable (``functools.partial``), so it runs on the click
    only: the workbook alone was most of an export view's run when it was built on every run.
    """
    ref = reference(version, language)
    scored = ranking(version, spec, indicators, rank_year, criteria, method)
    order = list(wb.rank_order(scored.ranked.reindex(list(codes)), sort_by, indicators).index)
    places = ref.counties.loc[order, ["name", "prefecture", "province", "support_level", "support_source_url",
                                      "support_source_kind"]]  # fmt: skip
    table = export.export_table(places, scored.ranked.reindex(order), scored.values)
    if kind == "geojson":
        return export.geojson_bytes(query("workbench_shapes", {"adcodes": order}), table.set_index("adcode"))
    readable = export.localised(table, dict(ref.names), language)
    if kind == "csv":
        return export.csv_bytes(readable)
    values = scored.values[scored.values.adcode.isin(set(order))]
    return export.xlsx_bytes(readable, export.sources_sheet(values, pd.Series(dict(ref.names)), language), language)
