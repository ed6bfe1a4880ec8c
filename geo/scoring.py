"""Composite score (综合评分), ranks and percentiles for the workbench.

Indicators are normalised over the counties being compared (min-max to 0–1 or z-score),
turned round when lower is better, weighted, and summed. Each indicator's weighted part is
kept as its contribution, so the parts add up to the score. A county missing any scored
indicator gets no score (无数据) rather than a score built from fewer indicators.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

METHODS = ("minmax", "zscore")
# URL code → sign; "skip" keeps the indicator in the table but out of the score.
DIRECTIONS = {"up": 1, "down": -1, "skip": 0}
SCORE = "score"


@dataclass(frozen=True)
class Criterion:
    """One indicator in the score: its weight and direction (+1 higher is better, -1 lower, 0 unscored)."""

    indicator: str
    weight: float = 1.0
    direction: int = 1

    @property
    def scored(self) -> bool:
        return self.direction != 0 and self.weight > 0


def default_direction(higher_is_better: object) -> str:
    """'up' / 'down' from the catalogue; a neutral indicator (NULL) starts out of the score."""
    if higher_is_better is None or pd.isna(higher_is_better):
        return "skip"
    return "up" if bool(higher_is_better) else "down"


def pivot(values: pd.DataFrame, column: str = "value") -> pd.DataFrame:
    """Long rows (adcode, indicator_id, ``column``) → one column per indicator, indexed by adcode."""
    if values.empty:
        return pd.DataFrame(index=pd.Index([], name="adcode"))
    return values.pivot(index="adcode", columns="indicator_id", values=column)


def normalise(values: pd.Series, method: str, direction: int) -> pd.Series:
    """Min-max to 0–1 or z-score, turned round when ``direction`` is -1 (lower is better)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    data = values.astype("float64")
    sign = -1.0 if direction < 0 else 1.0
    if method == "minmax":
        low, high = data.min(), data.max()
        if not high > low:  # one county or all equal: everyone sits in the middle
            return data.where(data.isna(), 0.5)
        scaled = (data - low) / (high - low)
        return scaled if sign > 0 else 1.0 - scaled
    std = data.std(ddof=0)
    if not std > 0:
        return data.where(data.isna(), 0.0)
    return sign * (data - data.mean()) / std


def composite(values: pd.DataFrame, criteria: Sequence[Criterion], method: str = "minmax") -> pd.DataFrame:
    """Score and per-indicator contributions (``<indicator>__contrib``) for the rows of ``values``.

    Weights are shares of their total; min-max scores run 0–100, z-scores stay in standard units.
    """
    scored = [c for c in criteria if c.scored]
    if any(c.weight < 0 for c in criteria):
        raise ValueError("weights must not be negative")
    result = pd.DataFrame(index=values.index)
    if not scored:
        result[SCORE] = np.nan
        return result
    total = sum(c.weight for c in scored)
    scale = 100.0 if method == "minmax" else 1.0
    for c in scored:
        column = values[c.indicator] if c.indicator in values else pd.Series(np.nan, index=values.index)
        result[f"{c.indicator}__contrib"] = scale * (c.weight / total) * normalise(column, method, c.direction)
    result[SCORE] = result.sum(axis=1, min_count=len(scored)).where(result.notna().all(axis=1))
    return result


def rank(values: pd.Series, direction: int = 1, groups: pd.Series | None = None) -> pd.Series:
    """1 = best (highest, or lowest when ``direction`` is -1); ties share the better rank; NaN unranked."""
    ascending = direction < 0
    if groups is None:
        ranked = values.rank(method="min", ascending=ascending)
    else:
        ranked = values.groupby(groups).rank(method="min", ascending=ascending)
    return ranked.astype("Int64")


def percentile(values: pd.Series, direction: int = 1) -> pd.Series:
    """Share (0–100) of the counties with a value that this one equals or beats."""
    ordered = -values if direction < 0 else values
    return ordered.rank(method="max", pct=True) * 100.0


def rank_table(
    selected: Sequence[str],
    values: pd.DataFrame,
    provinces: pd.Series,
    criteria: Sequence[Criterion],
    method: str = "minmax",
) -> pd.DataFrame:
    """The rank view for the ``selected`` adcodes.

    ``values``: one column per indicator for every county (adcode index), so the province
    rank counts the whole province; ``provinces``: adcode → province adcode. Columns per
    indicator: the value, ``__rank_prov``, ``__rank_sel``, ``__pct``; then the score, its
    rank and percentile in the selection, and each indicator's ``__contrib``.
    """
    return with_score(indicator_table(selected, values, provinces, criteria), criteria, method)


def indicator_table(
    selected: Sequence[str], values: pd.DataFrame, provinces: pd.Series, criteria: Sequence[Criterion]
) -> pd.DataFrame:
    """The per-indicator part of ``rank_table`` (value, ranks, percentile): it depends on each
    criterion's indicator and direction only, so a weight change can reuse it."""
    index = pd.Index(list(selected), name="adcode")
    table = pd.DataFrame(index=index)
    for c in criteria:
        everywhere = values[c.indicator] if c.indicator in values else pd.Series(np.nan, index=values.index)
        sign = c.direction or 1
        chosen = everywhere.reindex(index)
        table[c.indicator] = chosen
        province_rank = rank(everywhere, sign, provinces.reindex(everywhere.index))
        table[f"{c.indicator}__rank_prov"] = province_rank.reindex(index)
        table[f"{c.indicator}__rank_sel"] = rank(chosen, sign)
        table[f"{c.indicator}__pct"] = percentile(chosen, sign)
    return table


def with_score(table: pd.DataFrame, criteria: Sequence[Criterion], method: str = "minmax") -> pd.DataFrame:
    """``indicator_table``'s rows with the score, its rank and percentile and each ``__contrib``."""
    score = composite(table[[c.indicator for c in criteria]], criteria, method)
    table = table.copy(deep=False)
    table[SCORE] = score[SCORE]
    table[f"{SCORE}__rank_sel"] = rank(score[SCORE])
    table[f"{SCORE}__pct"] = percentile(score[SCORE])
    for column in score.columns.drop(SCORE):
        table[column] = score[column]
    return table
