"""Workbench filters: spec → bound parameters → workbench_filter.sql (URL parsing: test_urlschema.py)."""

from __future__ import annotations

import math

import pytest

from geo import db
from geo.filters import (
    FLAGS,
    FilterError,
    FilterSpec,
    RangeFilter,
    check_range,
    effective_year,
    year_list,
)

HOSTILE = ["';DROP TABLE counties;--", "<script>alert(1)</script>", "530000' OR '1'='1", "x" * 10_000, "=1+1"]


def run(con, spec: FilterSpec):
    return db.run(con, "workbench_filter", spec.params())


def test_no_filter_returns_every_county(con) -> None:
    found = run(con, FilterSpec())
    assert len(found) == 2875
    assert set(found.status) == {"match"}


def test_levels_match_the_counties_table(con) -> None:
    found = run(con, FilterSpec(levels=("national",)))
    expected = con.execute("SELECT count(*) FROM counties WHERE support_level = 'national'").fetchone()[0]
    assert len(found) == expected > 0
    assert set(found.support_level) == {"national"}
    none = run(con, FilterSpec(levels=("none",)))
    assert none.support_level.isna().all() and len(none) + len(found) < 2875


def test_filters_combine(con) -> None:
    yunnan = run(con, FilterSpec(provinces=("530000",), levels=("national",)))
    both = run(con, FilterSpec(provinces=("530000",), levels=("national",), flags=("norail", "p832")))
    assert 0 < len(both) < len(yunnan)
    assert (both.has_rail_station == False).all()  # noqa: E712 — NULL (no data) must not count as "no rail"
    assert both.is_poverty832.all() and (both.province_adcode == "530000").all()


def test_large_site_flag_uses_the_sites_table(con) -> None:
    found = run(con, FilterSpec(flags=("bigsite",)))
    expected = con.execute("SELECT count(DISTINCT adcode) FROM sites WHERE size_class = 'ge10000'").fetchone()[0]
    assert len(found) == expected > 0


def test_range_keeps_missing_counties_apart(con) -> None:
    key = FilterSpec(levels=("national", "provincial"))
    ranged = FilterSpec(levels=("national", "provincial"), ranges=(RangeFilter("rural_income", 2022, 12000.0, None),))
    found = run(con, ranged)
    matching, missing = found[found.status == "match"], found[found.status == "missing"]
    values = db.run(con, "indicator_values", {"indicator": "rural_income", "year": 2022}).set_index("adcode")
    assert (values.value.loc[matching.adcode] >= 12000).all()
    assert values.value.loc[missing.adcode].isna().all() and len(missing) > 0
    assert all(list(ids) == ["rural_income"] for ids in missing.missing_indicators)
    outside = values.value.loc[run(con, key).adcode] < 12000
    assert len(found) == len(run(con, key)) - int(outside.sum())


def test_static_indicator_range(con) -> None:
    found = run(con, FilterSpec(ranges=(RangeFilter("area_km2", None, None, 100.0),)))
    assert len(found) > 0 and (found.status == "match").all()
    area = con.execute("SELECT count(*) FROM indicators WHERE indicator_id = 'area_km2' AND value <= 100").fetchone()[0]
    assert len(found) == area


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_only_values(con, text: str) -> None:
    spec = FilterSpec(provinces=(text,), prefectures=(text,))
    assert run(con, spec).empty
    assert run(con, FilterSpec(ranges=(RangeFilter(text, None, 0.0, 1.0),))).status.eq("missing").all()
    assert con.execute("SELECT count(*) FROM counties").fetchone()[0] == 2875


def test_unknown_flag_or_level_is_refused() -> None:
    with pytest.raises(ValueError):
        FilterSpec(flags=("norail; DROP TABLE counties",)).params()
    with pytest.raises(ValueError):
        FilterSpec(levels=("national' OR 1=1",)).params()
    assert set(FilterSpec(flags=tuple(FLAGS)).params()) >= {"no_rail", "no_airport", "sanqu"}


def test_check_range() -> None:
    check_range(1.0, 2.0, 0, 10)
    check_range(None, None, 0, 10)
    for low, high in ((5.0, 1.0), (-1.0, None), (None, 11.0), (math.inf, None), (math.nan, None)):
        with pytest.raises(FilterError) as problem:
            check_range(low, high, 0, 10)
        assert problem.value.message("zh") != problem.value.message("en")


def test_effective_year_and_year_list() -> None:
    assert effective_year([2018, 2022], 2022) == 2022
    assert effective_year([2018, 2021], 2022) == 2021
    assert effective_year([], 2022) is None
    assert year_list(None) == [] and year_list([2021, 2019]) == [2019, 2021]
