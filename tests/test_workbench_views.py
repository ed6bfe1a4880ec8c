"""The workbench's pure table and notice helpers (geo/workbench.py) and the split score
(geo.scoring.indicator_table / with_score)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt

from geo import workbench as wb
from geo.i18n import level_label
from geo.scoring import Criterion, indicator_table, rank_table, with_score

COUNTIES = pd.DataFrame(
    {
        "name": ["甲县", "乙县", "丙县"],
        "prefecture": ["A市", "A市", "B市"],
        "province": ["云南省", "云南省", "贵州省"],
        "support_level": ["national", None, "provincial"],
        "min_lon": [100.0, 101.0, 105.0], "min_lat": [25.0, 26.0, 27.0],
        "max_lon": [100.5, 101.5, 106.0], "max_lat": [25.5, 26.5, 28.0],
    },
    index=pd.Index(["530001", "530002", "520001"], name="adcode"),
)
LONG = pd.DataFrame(
    {
        "adcode": ["530001", "530002", "520001", "530001", "520001"],
        "indicator_id": ["income", "income", "income", "area", "area"],
        "year": [2022, 2023, 2022, np.nan, np.nan],
        "value": [1.0, 2.0, 3.0, 10.0, 20.0],
        "source_id": ["s1", "s1", "s2", "s3", "s3"],
    }
)


def test_county_labels_name_the_province() -> None:
    assert wb.county_labels(COUNTIES) == {"530001": "甲县（云南省）", "530002": "乙县（云南省）", "520001": "丙县（贵州省）"}


def test_bounds_cover_every_row_and_none_without_rows() -> None:
    assert wb.bounds(COUNTIES) == (100.0, 25.0, 106.0, 28.0)
    assert wb.bounds(COUNTIES.iloc[:0]) is None


def test_a_click_toggles_the_county() -> None:
    assert wb.toggled(["a", "b"], "c") == ["a", "b", "c"]
    assert wb.toggled(["a", "b", "c"], "b") == ["a", "c"]
    assert wb.toggled([], "a") == ["a"]


def test_year_spans_only_where_the_matching_counties_differ() -> None:
    assert wb.year_spans(LONG, ["530001", "530002"], ["income", "area"]) == (("income", 2022, 2023),)
    assert wb.year_spans(LONG, ["530001", "520001"], ["income", "area"]) == ()  # both 2022; area has no year


def test_indicators_without_rows_for_the_counties() -> None:
    assert wb.without_rows(LONG, ["530002"], ["income", "area"]) == ("area",)
    assert wb.without_rows(LONG, ["530001"], ["income", "area"]) == ()


def test_rank_order_follows_the_sort_choice_with_missing_last() -> None:
    frame = pd.DataFrame(
        {"score__rank_sel": pd.array([2, pd.NA, 1], dtype="Int64"), "income__rank_sel": pd.array([1, 2, 3], dtype="Int64")},
        index=["b", "c", "a"],
    )
    assert list(wb.rank_order(frame, "score", ["income"]).index) == ["a", "b", "c"]
    assert list(wb.rank_order(frame, "income", ["income"]).index) == ["b", "c", "a"]
    assert list(wb.rank_order(frame, "adcode", ["income"]).index) == ["a", "b", "c"]
    assert list(wb.rank_order(frame, "area", ["income"]).index) == ["a", "b", "c"]  # not a scored column: by adcode


def test_rank_rows_put_places_first_and_each_year_after_its_value() -> None:
    ranked = pd.DataFrame({"income": [2.0, 1.0], "income__rank_sel": [1, 2], "area": [np.nan, 10.0]},
                          index=pd.Index(["530002", "530001"], name="adcode"))
    years = pd.DataFrame({"income": [2022.0, 2023.0]}, index=pd.Index(["530001", "530002"], name="adcode"))
    table = wb.rank_rows(COUNTIES, ranked, years, ["income"], lambda level: level_label(level, "zh"))
    assert list(table.columns) == [*wb.PLACE_COLUMNS, "income", "income__year", "income__rank_sel", "area"]
    assert list(table.index) == ["530002", "530001"]  # the ranking's order, not the counties'
    assert table.income__year.tolist() == [2023.0, 2022.0]
    assert table.support_level.tolist() == ["非重点帮扶县", "国家重点帮扶县"]


def test_source_rows_once_each_in_order() -> None:
    assert wb.source_rows(LONG) == [("income", 2022, "s1"), ("income", 2023, "s1"), ("income", 2022, "s2"),
                                    ("area", None, "s3")]


def test_the_split_score_equals_the_whole_table() -> None:
    values = LONG.pivot(index="adcode", columns="indicator_id", values="value")
    provinces = pd.Series(["530000", "530000", "520000"], index=COUNTIES.index)
    criteria = [Criterion("income", 2.0, 1), Criterion("area", 1.0, -1)]
    whole = rank_table(["530001", "520001"], values, provinces, criteria, "zscore")
    parts = indicator_table(["530001", "520001"], values, provinces, [Criterion("income", 1.0, 1), Criterion("area", 1.0, -1)])
    pdt.assert_frame_equal(with_score(parts, criteria, "zscore"), whole)
    assert "score" not in parts  # with_score leaves the shared part alone
    reweighted = with_score(parts, [Criterion("income", 1.0, 1), Criterion("area", 3.0, -1)], "zscore")
    assert not np.allclose(reweighted.score, whole.score)
