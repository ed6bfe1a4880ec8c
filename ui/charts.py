"""Charts in one style: years as plain labels ("2018", never "2,018"), one display unit per
axis (亿元, not 万元 beside 亿元 values) in the page's language.

``trend_spec`` and ``bar_spec`` give the chart as the spec ``st.altair_chart`` sends
(``ui.prepared``), altair's conversion made once per axis titles and only the data per call:
a county profile's first view drew three charts at ≈10 ms each.
"""

from __future__ import annotations

import functools
from typing import Any

import altair as alt
import pandas as pd

from geo.fmt import display_scale
from ui.prepared import chart_spec, spec_over

LINE_COLOURS = ["#b3261e", "#1f4e9c", "#f08c3a", "#3a7d44", "#6a3d9a", "#8c8c8c"]


def scaled(values: pd.Series, unit: str | None, lang: str) -> tuple[pd.Series, str]:
    """``values`` in one display unit for the whole axis, and that unit's label."""
    magnitude = float(values.abs().max()) if values.notna().any() else 0.0
    factor, label, _decimals = display_scale(unit, magnitude, lang)
    return values.astype(float) * factor, label


def _trend_data(frame: pd.DataFrame, unit: str | None, lang: str) -> tuple[pd.DataFrame, str]:
    data = frame.dropna(subset=["year"]).copy()
    data["value"], unit_text = scaled(data["value"], unit, lang)
    data["year_label"] = data["year"].astype(int).astype(str)
    return data, unit_text


def _trend(data: pd.DataFrame, unit_text: str, year_title: str, series: str | None, height: int) -> alt.Chart:
    encoding = {
        "x": alt.X("year_label:O", title=year_title, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y("value:Q", title=unit_text or None),
    }
    if series:
        encoding["color"] = alt.Color(f"{series}:N", title=None, scale=alt.Scale(range=LINE_COLOURS),
                                      legend=alt.Legend(orient="bottom"))
        mark = alt.Chart(data).mark_line(point=True)
    else:
        mark = alt.Chart(data).mark_line(point=True, color=LINE_COLOURS[0])
    return mark.encode(**encoding).properties(height=height)


def trend_chart(
    frame: pd.DataFrame, unit: str | None, lang: str, year_title: str, series: str | None = None, height: int = 200
) -> alt.Chart:
    """Lines over ``frame``'s ``year`` and ``value`` (one per ``series`` column value, if given)."""
    data, unit_text = _trend_data(frame, unit, lang)
    return _trend(data, unit_text, year_title, series, height)


def trend_spec(frame: pd.DataFrame, unit: str | None, lang: str, year_title: str, height: int = 200) -> dict[str, Any]:
    """``chart_spec(trend_chart(frame, unit, lang, year_title))`` (one line), converted once per titles."""
    data, unit_text = _trend_data(frame, unit, lang)
    return spec_over(_trend_template(tuple(data.columns), unit_text, year_title, height), data)


@functools.lru_cache(maxsize=256)
def _trend_template(columns: tuple[str, ...], unit_text: str, year_title: str, height: int) -> dict[str, Any]:
    return titled(_trend_base(columns, year_title, height), "y", unit_text)


@functools.lru_cache(maxsize=16)
def _trend_base(columns: tuple[str, ...], year_title: str, height: int) -> dict[str, Any]:
    return chart_spec(_trend(pd.DataFrame(columns=list(columns)), _UNTITLED, year_title, None, height))


_UNTITLED = "unit"
"""The value-axis title a base template is converted with (``titled`` sets the real one)."""


def titled(template: dict[str, Any], channel: str, title: str) -> dict[str, Any]:
    """``template`` (a ``chart_spec``) with the axis title of encoding ``channel`` set as altair sets
    ``title=title or None``: one altair conversion per chart's layout rather than per unit (≈8 ms
    each, ≈35 ms the first in a process), as a county with a unit nobody opened paid. Nested parts
    not on that path are shared."""
    encoding = template["encoding"]
    return {**template, "encoding": {**encoding, channel: {**encoding[channel], "title": title or None}}}


def _bar_data(frame: pd.DataFrame, unit: str | None, lang: str) -> tuple[pd.DataFrame, str]:
    data = frame.copy()
    data["value"], unit_text = scaled(data["value"], unit, lang)
    return data, unit_text


def _bars(data: pd.DataFrame, unit_text: str, colours: list[str], height: int) -> alt.Chart:
    """Horizontal bars of ``data``'s ``value`` per ``who`` in one display unit."""
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(x=alt.X("value:Q", title=unit_text or None), y=alt.Y("who:N", title=None, sort=None),
                color=alt.Color("who:N", legend=None, scale=alt.Scale(range=colours)))
        .properties(height=height)
    )  # fmt: skip


def bar_spec(frame: pd.DataFrame, unit: str | None, lang: str, colours: list[str], height: int = 160) -> dict[str, Any]:
    """Horizontal bars of ``frame``'s ``value`` per ``who`` in one display unit, as the spec altair
    makes of them (``chart_spec``), converted once per titles and colours."""
    data, unit_text = _bar_data(frame, unit, lang)
    return spec_over(_bar_template(tuple(data.columns), unit_text, tuple(colours), height), data)


@functools.lru_cache(maxsize=256)
def _bar_template(columns: tuple[str, ...], unit_text: str, colours: tuple[str, ...], height: int) -> dict[str, Any]:
    return titled(_bar_base(columns, colours, height), "x", unit_text)


@functools.lru_cache(maxsize=16)
def _bar_base(columns: tuple[str, ...], colours: tuple[str, ...], height: int) -> dict[str, Any]:
    return chart_spec(_bars(pd.DataFrame(columns=list(columns)), _UNTITLED, list(colours), height))
