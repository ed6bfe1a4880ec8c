"""Streamlit side of the choropleth: build it (cached per database version) and render its legend.

The maths, fills, labels and sources are ``geo.classify.Choropleth``; this module only
fetches the values and draws the legend, so the overview, workbench, infra and print show
the same classes for the same input.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from geo.classify import CHORO_LABELS, Choropleth, LegendRow, build_choropleth, default_year, parse_breaks
from geo.i18n import translator
from geo.maps import legend_rows
from geo.safetext import Markup, fmt, join
from ui import memo, safe
from ui.frozen import FrozenDict
from ui.state import db_version, query, tr
from ui.url import PageState


@memo.shared(maxsize=128)
def indicator_choropleth(
    version: tuple[str, float],
    indicator: str,
    year: int | None,
    scheme: str = "quantiles",
    k: int = 5,
    breaks_text: str = "",
    scope: str = "key",
    lang: str = "zh",
    shown: tuple[str, ...] | None = None,
) -> Choropleth | None:
    """The choropleth of ``indicator`` in ``year``: breaks over every year of the indicator in ``scope``.

    ``breaks_text`` is the manual breaks as typed ('100, 200'); what is not a number is
    ignored with a notice. ``shown`` limits the coloured counties and legend counts (a filter
    on the workbench) without changing the breaks. None when the indicator is not in the catalogue.
    """
    catalog = query("indicator_catalog").set_index("indicator_id")
    if indicator not in catalog.index:
        return None
    meta = catalog.loc[indicator]
    breaks, bad = parse_breaks(breaks_text)
    notices = [translator(lang, CHORO_LABELS)("notice_bad_breaks").format(items="、".join(bad))] if bad else []
    if scheme == "manual" and not breaks_text.strip():
        notices = []
    values = query("indicator_values", {"indicator": indicator, "year": year})
    if shown is not None:
        values = values[values.adcode.isin(shown)]
    pooled = query("indicator_values_pooled", {"indicator": indicator})
    choro = build_choropleth(
        values,
        scheme,
        k,
        breaks,
        scope,
        pooled=pooled,
        title=str(meta.name_zh if lang == "zh" else meta.name_en),
        unit=meta.unit if isinstance(meta.unit, str) else "",
        decimals=int(meta.decimals) if pd.notna(meta.decimals) else None,
        year=year,
        lang=lang,
        notices=notices,
    )
    return dataclasses.replace(choro, fills=FrozenDict(choro.fills))  # shared by every session: read-only


def legend_html(choro: Choropleth, extra: tuple[LegendRow, ...] = ()) -> Markup:
    """Title, unit and year, one row per class with its county count, 无数据, any ``extra`` rows
    (e.g. counties outside the scope) and the sources (labelled by geo.provenance)."""
    t = translator(choro.lang)
    zh = choro.lang == "zh"
    rows = (*choro.rows, *extra)
    labels = [f"{row.label}（{row.count}）" if zh else f"{row.label} ({row.count})" for row in rows[: len(choro.rows)]]
    labels += [row.label for row in extra]
    colon = "：" if zh else ": "
    sources = join("", [
        fmt(
            "<div style='font-size:.8em;color:{}'>{}{}{}</div>",
            Markup("#b3261e" if source.unverified else "#555"), t("source"), colon, source.label,
        )
        for source in choro.sources
    ])  # fmt: skip
    header = fmt(
        "<b>{}</b><div style='font-size:.85em' class='atlas-legend-unit'>{}</div>", choro.title, choro.header
    )
    return header + legend_rows([row.color for row in rows], labels) + sources


@memo.shared(maxsize=128)
def indicator_legend(
    version: tuple[str, float], indicator: str, year: int | None, scheme: str, k: int, breaks_text: str, scope: str,
    lang: str,
) -> Markup:
    """``legend_html`` of ``indicator_choropleth`` with the same arguments, made once."""
    choro = indicator_choropleth(version, indicator, year, scheme, k, breaks_text, scope, lang)
    return legend_html(choro) if choro is not None else Markup("")


def show_notices(choro: Choropleth, where=st) -> None:
    """The choropleth's notices (what was used instead of bad input) as plain text."""
    for notice in choro.notices:
        safe.caption("{}", notice, on=where)


YEAR_LABELS = {
    "year_note": (
        "默认 {default} 年：已列出重点县中数据最全的最新年份；{year} 年有 {m} 个重点县有数据。",
        "Default {default}: the latest year with good coverage of the listed key counties; {year}: {m} key counties with data.",
    ),
}


@memo.shared(maxsize=128)
def _coverage(version: tuple[str, float], indicator: str) -> Mapping[int, int]:
    """Key counties with a value, per year of ``indicator`` (read-only), counted in the pooled values
    the breaks are computed over: no query of its own on an indicator's first choice."""
    pooled = query("indicator_values_pooled", {"indicator": indicator})
    keyed = pooled[pooled.support_level.notna() & pooled.year.notna()]
    return FrozenDict({int(year): int(count) for year, count in keyed.groupby("year").size().items()})


def year_select(state: PageState, name: str, indicator: str, years: list[int], label: str, where=st) -> int:
    """A year box bound to URL parameter ``name`` that opens on the latest well-covered year
    (geo.classify.default_year), not on a newest year that leaves the map grey, and says which."""
    newest_first = sorted(years, reverse=True)
    coverage = _coverage(db_version(), indicator)
    best_year = default_year(coverage) or newest_first[0]
    if state.get(name) not in newest_first:
        st.session_state[name] = best_year
    t = tr(YEAR_LABELS)
    year = state.bind(name, where.selectbox, label, newest_first, placeholder=t("choose"))
    safe.caption(t("year_note"), default=best_year, year=year, m=int(coverage.get(year, 0)), on=where)
    return year
