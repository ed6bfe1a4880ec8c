"""Charts in one style: years as plain labels ("2018", never "2,018"), one display unit per
axis (亿元, not 万元 beside 亿元 values) in the page's language."""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.fmt import display_scale

LINE_COLOURS = ["#b3261e", "#1f4e9c", "#f08c3a", "#3a7d44", "#6a3d9a", "#8c8c8c"]


def scaled(values: pd.Series, unit: str | None, lang: str) -> tuple[pd.Series, str]:
    """``values`` in one display unit for the whole axis, and that unit's label."""
    magnitude = float(values.abs().max()) if values.notna().any() else 0.0
    factor, label, _decimals = display_scale(unit, magnitude, lang)
    return values.astype(float) * factor, label


def trend_chart(
    frame: pd.DataFrame, unit: str | None, lang: str, year_title: str, series: str | None = None, height: int = 200
) -> alt.Chart:
    """Lines over ``frame``'s ``year`` and ``value`` (one per ``series`` column value, if given)."""
    data = frame.dropna(subset=["year"]).copy()
    data["value"], unit_text = scaled(data["value"], unit, lang)
    data["year_label"] = data["year"].astype(int).astype(str)
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


def bar_chart(frame: pd.DataFrame, unit: str | None, lang: str, colours: list[str], height: int = 160) -> alt.Chart:
    """Horizontal bars of ``frame``'s ``value`` per ``who`` in one display unit."""
    data = frame.copy()
    data["value"], unit_text = scaled(data["value"], unit, lang)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(x=alt.X("value:Q", title=unit_text or None), y=alt.Y("who:N", title=None, sort=None),
                color=alt.Color("who:N", legend=None, scale=alt.Scale(range=colours)))
        .properties(height=height)
    )
