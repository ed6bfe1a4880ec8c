"""The gap figures (geo.gap) for one indicator and year pair, computed once per process and
database version and shared by every session; the county profile's trajectory section."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from geo import gap, maps
from geo.classify import Choropleth
from geo.fmt import format_value, unit_label
from geo.i18n import translator
from geo.provenance import SourceBook, source_label
from geo.safetext import Markup
from ui import layers, safe
from ui.completeness import incomplete_legend, incomplete_overlay
from ui.folium_adapter import RenderedLayer, prerender
from ui.printing import completeness
from ui.state import db_version, query, tr


# cache_resource, not cache_data: shared read-only by every session, never pickled per run
@st.cache_resource(show_spinner=False, max_entries=64)
def _frames(
    version: tuple[str, float], indicator: str, first: int, latest: int
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    values = query("gap_values", {"indicator": indicator, "first": first, "latest": latest})
    rows = gap.county_table(gap.panel(values, first, latest))
    return values, rows, gap.coverage(values, first, latest)


def gap_frames(indicator: str, first: int, latest: int) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """(yearly values, per-county table of the both-years panel, coverage counts)."""
    return _frames(db_version(), indicator, int(first), int(latest))


class GapView(NamedTuple):
    """Everything the 差距监测 page shows for one indicator, years, scope, metric and language."""

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


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(
    version: tuple[str, float], indicator: str, first: int, latest: int, province: str | None, metric: str, lang: str
) -> GapView:
    values, rows, _ = _frames(version, indicator, first, latest)
    t = translator(lang, gap.GAP_LABELS)
    catalog = series()
    name = str(catalog.name_zh[indicator] if lang == "zh" else catalog.name_en[indicator])
    scope_rows = rows[rows.province_adcode == province] if province else rows
    scope_values = values[values.province_adcode == province] if province else values
    medians = gap.group_medians(scope_rows, latest - first)
    used = gap.source_rows(values, indicator, first, latest, query("sources_list"))
    with_values = sorted(set(scope_values.adcode))
    choro = gap.change_choropleth(
        rows, scope_rows, with_values, metric, first, latest, name, used[used.indicator_id == indicator], lang
    )
    features = layers.county_features(version, "province" if province else "national", province, None, False,
                                      maps.DATUM)
    subset = copy.copy(features)  # keeps the collection's source key: the rendered layer is cached by content
    subset["features"] = [f for f in features["features"] if f["properties"]["adcode"] in choro.fills]
    figures = {r.adcode: (r.cagr, r.ratio_change) for r in rows.itertuples(index=False)}
    no_data = t("no_data")

    def text(value: float, render: Callable[[float], str]) -> str:
        return no_data if pd.isna(value) else render(float(value))

    value_labels = {
        code: t("tooltip").format(
            g=text(figures[code][0], gap.signed_percent),
            c=text(figures[code][1], lambda v: gap.signed_points(v, lang)),
        ) if code in figures else t("no_panel")
        for code in with_values
    }
    return GapView(
        values, rows, scope_rows, scope_values, gap.coverage(scope_values, first, latest), medians,
        gap.ratios(medians), pd.DataFrame() if province else gap.province_groups(rows, latest - first), used, choro,
        subset, value_labels,
    )


class Completeness(NamedTuple):
    layer: RenderedLayer  # dashed outlines of provinces with an incomplete key-county list
    legend: Markup
    print_args: dict  # ``incomplete`` and ``notes`` of a PrintView


@st.cache_resource(show_spinner=False, max_entries=16)
def _completeness(version: tuple[str, float], lang: str, province: str | None) -> Completeness:
    return Completeness(
        prerender(incomplete_overlay(lang, province=province)), incomplete_legend(lang, province),
        completeness(lang, province),
    )


def list_completeness(lang: str, province: str | None) -> Completeness:
    """The incomplete-list overlay, legend and print arguments (ui.completeness), made once per process."""
    return _completeness(db_version(), lang, province)


def gap_view(indicator: str, first: int, latest: int, province: str | None, metric: str, lang: str) -> GapView:
    """The page's figures, computed once per process for each distinct choice (read-only)."""
    return _view(db_version(), indicator, int(first), int(latest), province, metric, lang)


def series() -> pd.DataFrame:
    """Yearly series of the catalogue (two or more years), indexed by indicator_id."""
    return gap.yearly_series(query("indicator_catalog")).set_index("indicator_id")


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


def county_trajectory(adcode: str, trends: pd.DataFrame, language: str) -> None:
    """County profile section: the county's series against its province median and the national
    key-county median, over the county's own first and latest year in 2020–2023 (both-years rule)."""
    t = tr(gap.GAP_LABELS, TRAJECTORY_LABELS)
    catalog = series()
    own_years = trends.groupby("indicator_id").year.apply(lambda y: gap.default_years(sorted(set(int(v) for v in y))))
    candidates = [code for code in catalog.index if own_years.get(code) is not None]
    safe.markdown("#### {}", t("gap_section"))
    if not candidates:
        st.caption(t("gap_none"))
        return
    names = (catalog.name_zh if language == "zh" else catalog.name_en).to_dict()
    default = candidates.index("rural_income") if "rural_income" in candidates else 0
    indicator = st.selectbox(t("gap_pick"), candidates, index=default, format_func=names.get, key="gap_traj_ind", placeholder=t("choose"))
    first, latest = own_years[indicator]
    values, rows, _ = gap_frames(indicator, first, latest)
    meta = catalog.loc[indicator]
    unit = meta.unit if isinstance(meta.unit, str) else ""
    decimals = int(meta.decimals) if pd.notna(meta.decimals) else None

    def fmt(value: object) -> str:
        return format_value(value, unit, language, decimals=decimals, per_capita=unit == "元")

    path = gap.trajectory(values, rows, adcode)
    if path.empty:
        safe.caption(t("gap_not_counted"), a=first, b=latest)
        return
    labels = {key: t(key if key != "county" else "this_county") for key in COLORS}
    path = path.assign(who=path.series.map(labels))
    chart = (
        alt.Chart(path)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=t("year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=unit_label(unit, language) or None, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "who:N", title=None, sort=list(labels.values()),
                scale=alt.Scale(domain=list(labels.values()), range=list(COLORS.values())),
                legend=alt.Legend(orient="top"),
            ),
        )
        .properties(height=300)
    )
    st.altair_chart(chart, width="stretch")
    row = rows.set_index("adcode").loc[adcode]
    notes = [gap.county_line(row, first, latest, language, fmt)]
    if gap.is_money(meta.unit, meta.description):
        notes.append(t("nominal"))
    source = SourceBook(query("sources_list")).get(meta.source_id)
    notes.append(f"{t('source')}{'：' if language == 'zh' else ': '}{source_label(source, language)}")
    safe.caption("{}", ("。" if language == "zh" else ". ").join(notes))
    link = urlencode({"gap_ind": indicator, "gap_y0": first, "gap_y1": latest, "gap_prov": row.province_adcode})
    # a relative link, not st.page_link: the profile also runs outside the app's navigation (tests, legacy start)
    st.link_button(t("gap_open"), f"gap?{link}", icon=":material/trending_up:")
