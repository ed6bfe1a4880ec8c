"""The database built from data/: counts, key-county totals, provenance, reproducibility."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from geo import build
from geo.paths import DATA_DIR
from ui import startup


def test_every_county_level_unit_is_present(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT count(*) FROM counties").fetchone()[0] == 2875
    assert con.execute("SELECT count(DISTINCT adcode) FROM counties").fetchone()[0] == 2875
    assert con.execute("SELECT count(*) FROM prefectures").fetchone()[0] == 370
    assert con.execute("SELECT count(*) FROM provinces").fetchone()[0] == 34


def test_every_county_has_shapes_at_each_level(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT level, count(*) FROM county_shapes GROUP BY level ORDER BY level").fetchall()
    assert rows == [("national", 2875), ("province", 2875)]
    assert con.execute("SELECT count(*) FROM county_full").fetchone()[0] == 2875


def test_national_key_counties_match_the_sourced_rows(con: duckdb.DuckDBPyConnection) -> None:
    sourced = pd.read_csv(DATA_DIR / "key_counties.csv", dtype=str)
    expected = sourced[sourced.level == "national"].groupby("province").size().to_dict()
    actual = dict(
        con.execute(
            "SELECT province, count(*) FROM counties WHERE support_level = 'national' GROUP BY province"
        ).fetchall()
    )
    assert actual == expected
    assert sum(actual.values()) <= 160


def test_complete_provinces_equal_the_published_totals(con: duckdb.DuckDBPyConnection) -> None:
    """Where our list is complete it must equal the published total, and never exceed it."""
    rows = con.execute(
        "SELECT t.province, t.expected, count(c.adcode) FROM key_county_totals t "
        "LEFT JOIN counties c ON c.province_adcode = t.province_adcode AND c.support_level = t.level "
        "WHERE t.level = 'national' GROUP BY ALL"
    ).fetchall()
    published = {"内蒙古自治区": 10, "广西壮族自治区": 20, "重庆市": 4, "四川省": 25, "贵州省": 20}
    by_province = {province: (expected, listed) for province, expected, listed in rows}
    assert sum(expected for expected, _ in by_province.values()) == 160
    for province, total in published.items():
        assert by_province[province] == (total, total)
    assert all(listed <= expected for expected, listed in by_province.values())


def test_every_key_county_carries_a_source_url(con: duckdb.DuckDBPyConnection) -> None:
    missing = con.execute(
        "SELECT count(*) FROM counties WHERE support_level IS NOT NULL AND "
        "(support_source_url IS NULL OR support_source_url NOT LIKE 'http%')"
    ).fetchone()[0]
    assert missing == 0


def test_every_indicator_value_joins_to_a_source_and_catalogue(con: duckdb.DuckDBPyConnection) -> None:
    orphans = con.execute(
        "SELECT count(*) FROM indicators i LEFT JOIN sources s USING (source_id) "
        "LEFT JOIN indicator_catalog k USING (indicator_id) WHERE s.source_id IS NULL OR k.indicator_id IS NULL"
    ).fetchone()[0]
    assert orphans == 0
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] > 70_000


def test_unverified_third_party_series_are_marked(con: duckdb.DuckDBPyConnection) -> None:
    verified = dict(con.execute("SELECT source_id, verified FROM sources").fetchall())
    for source_id in ("clebeech_gdp", "clebeech_income", "clebeech_population", "ci_pae_im31"):
        assert verified[source_id] is False


def test_renamed_county_joins_on_adcode(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute("SELECT name, support_level FROM counties WHERE adcode = '520204'").fetchone()
    assert row == ("水城区", "national")
    assert con.execute("SELECT adcode FROM renames WHERE old_name = '水城县'").fetchone()[0] == "520204"


def test_missing_values_stay_null(con: duckdb.DuckDBPyConnection) -> None:
    """Expressway data does not exist: the flag must be NULL, never FALSE."""
    assert con.execute("SELECT count(*) FROM counties WHERE has_expressway IS NOT NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM indicators WHERE value IS NULL").fetchone()[0] == 0


def test_areas_are_plausible(con: duckdb.DuckDBPyConnection) -> None:
    area = dict(con.execute("SELECT adcode, area_km2 FROM counties WHERE adcode IN ('530627', '110101')").fetchall())
    assert 3000 < area["530627"] < 4500  # 镇雄县 ≈ 3,696 km²
    assert 30 < area["110101"] < 60  # 东城区 ≈ 42 km²


def test_build_is_reproducible_and_atomic(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh build into an empty folder works; a failing build leaves the old file untouched."""
    out = tmp_path / "atlas.duckdb"
    messages: list[str] = []
    build.build(out, report=messages.append)
    # every step is a stage of the first-start progress bar, once each, in the bar's order
    assert [stage[0] for stage in map(startup.stage_of, messages) if stage] == list(range(len(startup.BUILD_STAGES)))
    first = duckdb.connect(str(out), read_only=True)
    counts = first.execute("SELECT (SELECT count(*) FROM counties), (SELECT count(*) FROM indicators)").fetchone()
    digest = first.execute("SELECT value FROM meta WHERE key = 'inputs_digest'").fetchone()[0]
    first.close()
    assert digest == build.inputs_digest()
    assert not build.is_stale(out)
    before = out.read_bytes()

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(build, "load_sites", explode)
    with pytest.raises(RuntimeError):
        build.build(out, report=lambda _m: None)
    assert out.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))
    again = duckdb.connect(str(out), read_only=True)
    assert again.execute("SELECT (SELECT count(*) FROM counties), (SELECT count(*) FROM indicators)").fetchone() == counts
    again.close()
