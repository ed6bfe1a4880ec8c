"""The three selection criteria (revenue loaded, per-capita derived) and sites at township precision."""

from __future__ import annotations

import duckdb
import shapely

from geo.sources import SELECTION_CRITERIA


def test_revenue_and_its_per_capita_form_cover_the_listed_key_counties(con: duckdb.DuckDBPyConnection) -> None:
    for indicator in ("public_budget_income", "public_budget_income_per_capita"):
        covered = con.execute(
            "SELECT count(DISTINCT i.adcode) FROM indicators i JOIN counties c USING (adcode) "
            "WHERE i.indicator_id = ? AND i.year = 2021 AND c.support_level IS NOT NULL", [indicator]
        ).fetchone()[0]
        assert covered >= 115, indicator


def test_revenue_keeps_the_source_item_name_per_row(con: duckdb.DuckDBPyConnection) -> None:
    names = dict(con.execute(
        "SELECT source_item, count(*) FROM indicators WHERE source_id = 'clebeech_revenue' GROUP BY 1"
    ).fetchall())
    assert None not in names and {"一般公共预算收入", "地方财政一般预算收入", "公共财政预算收入"} <= set(names)
    assert con.execute("SELECT count(*) FROM indicators WHERE indicator_id = 'public_budget_income' "
                       "AND source_id NOT IN ('clebeech_revenue', 'ci_pae_im31')").fetchone()[0] == 0
    # one value per county, indicator and year (ci_pae's equal values are superseded, and reported)
    assert con.execute("SELECT count(*) FROM (SELECT adcode, indicator_id, year FROM indicators "
                       "GROUP BY ALL HAVING count(*) > 1)").fetchone()[0] == 0


def test_per_capita_revenue_uses_the_population_of_the_same_year(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT pc.value, r.value / p.value FROM indicators pc "
        "JOIN indicators r ON r.adcode = pc.adcode AND r.year = pc.year AND r.indicator_id = 'public_budget_income' "
        "JOIN indicators p ON p.adcode = pc.adcode AND p.year = pc.year AND p.indicator_id = 'pop_year_end' "
        "WHERE pc.indicator_id = 'public_budget_income_per_capita'"
    ).fetchall()
    assert len(rows) > 2000 and all(abs(a - b) < 0.06 for a, b in rows)
    source = con.execute("SELECT verified, note FROM sources WHERE source_id = 'computed_revenue_pc'").fetchone()
    assert source[0] is False and "pop_year_end" in source[1]


def test_the_three_criteria_are_in_the_catalogue(con: duckdb.DuckDBPyConnection) -> None:
    names = dict(con.execute("SELECT indicator_id, name_zh FROM indicator_catalog").fetchall())
    assert [names[i] for i in SELECTION_CRITERIA][1:] == ["人均一般公共预算收入", "农村居民人均可支配收入"]
    assert names[SELECTION_CRITERIA[0]].startswith("人均地区生产总值")


def test_sites_at_township_precision_lie_inside_their_county(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT s.lon, s.lat, s.datum, f.wkb FROM sites s JOIN county_full f USING (adcode) "
        "WHERE s.location_precision = 'township'"
    ).fetchall()
    assert len(rows) >= 400
    for lon, lat, datum, wkb in rows:
        assert datum == "GCJ-02"
        assert shapely.covers(shapely.from_wkb(wkb), shapely.Point(lon, lat))
    # re-coded since 2016: 田阳区 451003 was 451021 in the township file
    assert con.execute("SELECT count(*) FROM sites WHERE adcode = '451003' AND location_precision = 'township'"
                       ).fetchone()[0] > 0
    county = con.execute("SELECT count(*) FROM sites WHERE location_precision = 'county' AND lon IS NULL").fetchone()
    assert county[0] > 0
