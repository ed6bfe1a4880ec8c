"""County ranks derived once per database (queries/derive_county_ranks.sql): hand-checked on a small
table, checked against a direct pandas computation on the built database, and refreshed by imports."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from geo import db, importer
from tests.test_versions import gdp_import, quiet

COUNTIES = pd.DataFrame(
    {
        "adcode": ["A1", "A2", "A3", "A4", "B1"],
        "province_adcode": ["A", "A", "A", "A", "B"],
        "support_level": ["national", "national", None, "provincial", "national"],
    }
)
CATALOG = pd.DataFrame({"indicator_id": ["income", "poverty"], "higher_is_better": [True, False]})
VALUES = pd.DataFrame(
    {  # income 2021: A1 10, A2 30, A3 20, A4 30 (tie with A2), B1 40; an older year for A1 only
        "adcode": ["A1", "A2", "A3", "A4", "B1", "A1", "A1", "A2", "A3"],
        "indicator_id": ["income"] * 5 + ["income", "poverty", "poverty", "poverty"],
        "year": [2021] * 5 + [2019, 2021, 2021, 2021],
        "value": [10.0, 30.0, 20.0, 30.0, 40.0, 99.0, 5.0, 1.0, 3.0],
        "source_id": ["s"] * 9,
    }
)


@pytest.fixture()
def small() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, frame in (("counties", COUNTIES), ("indicator_catalog", CATALOG), ("indicators", VALUES)):
        con.register("frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
        con.unregister("frame")
    con.execute(  # as in build_finalize.sql
        "CREATE VIEW latest_indicators AS SELECT adcode, indicator_id, year, value, source_id FROM indicators "
        "QUALIFY row_number() OVER (PARTITION BY adcode, indicator_id ORDER BY year DESC NULLS LAST) = 1"
    )
    db.execute(con, "derive_county_ranks")
    return con


COLUMNS = ["year", "rank_province", "n_province", "rank_national_key", "n_national_key", "province_median",
           "national_key_median"]  # fmt: skip


def by_indicator(frame: pd.DataFrame) -> dict[str, tuple]:
    return {row.indicator_id: tuple(getattr(row, c) for c in COLUMNS) for row in frame.itertuples()}


def small_ranks(con: duckdb.DuckDBPyConnection, adcode: str) -> dict[str, tuple]:
    return by_indicator(con.execute("SELECT * FROM county_latest_ranks WHERE adcode = ?", [adcode]).df())


def ranks(con: duckdb.DuckDBPyConnection, adcode: str) -> dict[str, tuple]:
    """What the county profile reads (queries/county_indicator_ranks.sql)."""
    return by_indicator(db.run(con, "county_indicator_ranks", {"adcode": adcode}))


def test_hand_checked_ranks(small: duckdb.DuckDBPyConnection) -> None:
    # A1: newest income year is 2021 (10, not the older 99): last of 4 in A; below key counties A2 (30)
    # and B1 (40) → 3rd of 3 key counties; province median of 10, 20, 30, 30 = 25; key median of 10, 30, 40 = 30.
    assert small_ranks(small, "A1")["income"] == (2021, 4, 4, 3, 3, 25.0, 30.0)
    # A4 (provincial) ties A2 at 30: both 1st in the province; among key counties only B1 is strictly
    # better → 2nd, out of the 3 key counties plus A4 itself.
    assert small_ranks(small, "A4")["income"] == (2021, 1, 4, 2, 4, 25.0, 30.0)
    assert small_ranks(small, "A2")["income"] == (2021, 1, 4, 2, 3, 25.0, 30.0)
    # Lower is better for poverty: A2 (1) first, A3 (3), A1 (5); key counties A2, A1 → A1 2nd of 2;
    # A3 (no level) is 1 + key counties strictly better (A2) = 2nd of 2 + itself.
    assert small_ranks(small, "A1")["poverty"] == (2021, 3, 3, 2, 2, 3.0, 3.0)
    assert small_ranks(small, "A3")["poverty"] == (2021, 2, 3, 2, 3, 3.0, 3.0)
    assert "poverty" not in small_ranks(small, "B1")


def direct_ranks(con: duckdb.DuckDBPyConnection, adcode: str) -> dict[str, tuple]:
    """The same figures computed from the raw tables in pandas, county by county."""
    values = con.execute("SELECT * FROM indicators").df()
    counties = con.execute("SELECT adcode, province_adcode, support_level FROM counties").df()
    catalog = con.execute("SELECT indicator_id, higher_is_better FROM indicator_catalog").df()
    frame = values.merge(counties, on="adcode").merge(catalog, on="indicator_id")
    lower_is_better = frame.higher_is_better.astype("boolean").fillna(True).eq(False)  # NULL: higher is better
    frame["score"] = frame.value.where(~lower_is_better, -frame.value)
    frame["is_key"] = frame.support_level.eq("national")
    own = frame[frame.adcode == adcode].sort_values("year", na_position="first").groupby("indicator_id").tail(1)
    out = {}
    for row in own.itertuples():
        same_year = frame.year.isna() if pd.isna(row.year) else frame.year == row.year  # area has no year
        peers = frame[(frame.indicator_id == row.indicator_id) & same_year]
        province = peers[peers.province_adcode == row.province_adcode]
        keys = peers[peers.is_key & (peers.adcode != adcode)]
        out[row.indicator_id] = (
            row.year, 1 + int((province.score > row.score).sum()), len(province),
            1 + int((keys.score > row.score).sum()), len(keys) + 1,  # the key counties and the county
            float(province.value.median()), float(peers[peers.is_key].value.median()),
        )  # fmt: skip
    return out


def test_built_ranks_match_a_direct_computation(con: duckdb.DuckDBPyConnection) -> None:
    sample = con.execute(
        "SELECT adcode FROM counties WHERE province_adcode IN ('530000', '510000') ORDER BY adcode"
    ).df().adcode.tolist()[::25]
    assert len(sample) >= 10
    for adcode in sample:
        built, direct = ranks(con, adcode), direct_ranks(con, adcode)
        assert built.keys() == direct.keys(), adcode
        for indicator, row in built.items():
            clean = tuple(None if pd.isna(v) else v for v in row)
            expected = tuple(None if pd.isna(v) else v for v in direct[indicator])
            assert clean == pytest.approx(expected), (adcode, indicator)


def test_an_import_refreshes_the_ranks(env: tuple[Path, Path]) -> None:
    # 520526 gets a 2030 GDP far above every county: its newest GDP rank becomes 1st in Guizhou.
    plan = gdp_import(env, 10**9)
    with db.connect() as con:
        before = ranks(con, "520526")["gdp"]
    importer.commit(plan, "t", report=quiet)
    with db.connect() as con:
        after = ranks(con, "520526")["gdp"]
    assert before[0] != 2030
    assert after[:3] == (2030, 1, 1)  # the only county with a 2030 value
