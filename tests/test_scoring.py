"""Composite score, ranks and percentiles (geo/scoring.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.scoring import SCORE, Criterion, composite, default_direction, normalise, percentile, rank, rank_table

VALUES = pd.DataFrame(
    {"income": [10.0, 20.0, 30.0, np.nan], "illiteracy": [4.0, 2.0, 1.0, 3.0]},
    index=pd.Index(["a", "b", "c", "d"], name="adcode"),
)


def test_minmax_respects_direction() -> None:
    up = normalise(VALUES.income, "minmax", 1)
    down = normalise(VALUES.illiteracy, "minmax", -1)
    assert up.tolist()[:3] == [0.0, 0.5, 1.0] and np.isnan(up["d"])
    assert down["c"] == 1.0 and down["a"] == 0.0


def test_zscore_and_constant_columns() -> None:
    z = normalise(VALUES.income, "zscore", -1)
    assert z["a"] > 0 > z["c"] and abs(z.mean()) < 1e-12
    assert normalise(pd.Series([5.0, 5.0]), "minmax", 1).tolist() == [0.5, 0.5]
    assert normalise(pd.Series([5.0, 5.0]), "zscore", 1).tolist() == [0.0, 0.0]
    with pytest.raises(ValueError):
        normalise(VALUES.income, "rank", 1)


def test_contributions_add_up_and_missing_gets_no_score() -> None:
    criteria = [Criterion("income", 3, 1), Criterion("illiteracy", 1, -1)]
    scored = composite(VALUES, criteria, "minmax")
    parts = scored[["income__contrib", "illiteracy__contrib"]].sum(axis=1)
    assert np.allclose(scored[SCORE].dropna(), parts[scored[SCORE].notna()])
    assert scored.loc["c", SCORE] == pytest.approx(100.0)
    assert scored.loc["b", "income__contrib"] == pytest.approx(75 * 0.5)
    assert np.isnan(scored.loc["d", SCORE])


def test_unscored_and_invalid_criteria() -> None:
    only_skip = composite(VALUES, [Criterion("income", 1, 0)])
    assert only_skip[SCORE].isna().all()
    zero = composite(VALUES, [Criterion("income", 0, 1), Criterion("illiteracy", 2, -1)])
    assert "income__contrib" not in zero and zero.loc["c", SCORE] == pytest.approx(100.0)
    with pytest.raises(ValueError):
        composite(VALUES, [Criterion("income", -1, 1)])


def test_default_direction() -> None:
    assert default_direction(True) == "up" and default_direction(False) == "down"
    assert default_direction(None) == "skip" and default_direction(pd.NA) == "skip"


def test_rank_and_percentile() -> None:
    values = pd.Series([3.0, 1.0, 3.0, np.nan])
    assert rank(values).tolist()[:3] == [1, 3, 1] and rank(values).isna().iloc[3]
    assert rank(values, -1).tolist()[:3] == [2, 1, 2]
    assert percentile(values).tolist()[:3] == pytest.approx([100.0, 100 / 3, 100.0])
    assert percentile(values, -1).tolist()[1] == pytest.approx(100.0)


def test_rank_table_ranks_within_province_over_all_counties() -> None:
    provinces = pd.Series({"a": "p1", "b": "p1", "c": "p2", "d": "p2"})
    criteria = [Criterion("income", 1, 1), Criterion("illiteracy", 1, -1)]
    table = rank_table(["a", "c"], VALUES, provinces, criteria, "minmax")
    assert list(table.index) == ["a", "c"]
    assert table.loc["a", "income__rank_prov"] == 2  # b (20) beats a (10) in p1, though b is not selected
    assert table.loc["a", "income__rank_sel"] == 2 and table.loc["c", "income__rank_sel"] == 1
    assert table.loc["c", "illiteracy__rank_prov"] == 1
    assert table.loc["c", SCORE] == pytest.approx(100.0) and table.loc["a", SCORE] == pytest.approx(0.0)
    assert table.loc["c", "score__rank_sel"] == 1 and table.loc["c", "score__pct"] == pytest.approx(100.0)
