"""The workbench's tables and notices as plain pandas: what the page shows for a filter and a
scoring choice. ``ui/workbench_views.py`` computes them once per process and parameters, so a
session only looks them up (no Streamlit here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd

Box = tuple[float, float, float, float]
PLACE_COLUMNS = ["name", "prefecture", "province", "support_level"]


def county_labels(counties: pd.DataFrame) -> dict[str, str]:
    """adcode (the index) → '名称（省份）', the selection box's label of each county."""
    return dict(zip(counties.index, counties.name + "（" + counties.province + "）", strict=True))


def bounds(frame: pd.DataFrame) -> Box | None:
    """(min_lon, min_lat, max_lon, max_lat) around the rows' boxes; None without rows."""
    if frame.empty:
        return None
    return (frame.min_lon.min(), frame.min_lat.min(), frame.max_lon.max(), frame.max_lat.max())


def toggled(selection: Sequence[str], clicked: str) -> list[str]:
    """The selection after a map click: ``clicked`` leaves it if it was in, else joins at the end."""
    return [code for code in selection if code != clicked] + ([clicked] * (clicked not in selection))


def year_spans(values: pd.DataFrame, adcodes: Iterable[str], indicators: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
    """(indicator, first, last year) for each indicator whose rows for ``adcodes`` span several years.

    ``values``: long rows (adcode, indicator_id, year, …), e.g. each county's newest value.
    """
    rows = values[values.adcode.isin(set(adcodes)) & values.year.notna()]
    years = rows.groupby("indicator_id").year.agg(["min", "max", "nunique"])
    return tuple(
        (ind, int(years.at[ind, "min"]), int(years.at[ind, "max"]))
        for ind in indicators
        if ind in years.index and years.at[ind, "nunique"] > 1
    )


def without_rows(values: pd.DataFrame, adcodes: Iterable[str], indicators: Sequence[str]) -> tuple[str, ...]:
    """The ``indicators`` that have no row at all for ``adcodes``."""
    present = set(values.indicator_id[values.adcode.isin(set(adcodes))])
    return tuple(ind for ind in indicators if ind not in present)


def rank_order(frame: pd.DataFrame, sort_by: str | None, indicators: Sequence[str]) -> pd.DataFrame:
    """Rows in the order of the 排序 choice (rank 1 first, missing values last); else by adcode."""
    if sort_by in ("score", *indicators) and f"{sort_by}__rank_sel" in frame:
        return frame.sort_values(f"{sort_by}__rank_sel", na_position="last", kind="stable")
    return frame.sort_index()


def rank_rows(
    counties: pd.DataFrame,
    ranked: pd.DataFrame,
    value_years: pd.DataFrame,
    yearly: Sequence[str],
    level_label: Callable[[object], str],
) -> pd.DataFrame:
    """The rank table as shown: place columns, then ``ranked``'s columns in its row order, each
    indicator of ``yearly`` followed by the year of its value (``<indicator>__year``), the support
    level in words (``level_label``)."""
    table = counties.loc[ranked.index, PLACE_COLUMNS].join(ranked)
    for ind in yearly:
        years = value_years[ind].reindex(table.index) if ind in value_years else pd.NA
        table.insert(table.columns.get_loc(ind) + 1, f"{ind}__year", years)
    table["support_level"] = table.support_level.map(level_label)
    return table


def source_rows(values: pd.DataFrame) -> list[tuple[str, int | None, object]]:
    """(indicator, year or None, source id) once each, in the order of ``values``."""
    rows = values[["indicator_id", "year", "source_id"]].drop_duplicates()
    return [
        (row.indicator_id, None if pd.isna(row.year) else int(row.year), row.source_id)
        for row in rows.itertuples(index=False)
    ]
