"""The query layer: named files only, bound parameters, allowlisted identifiers."""

from __future__ import annotations

import duckdb
import pytest

from geo import db


def test_every_query_file_is_loadable() -> None:
    names = db.query_names()
    assert {"county_list", "indicator_values", "map_county_shapes"} <= names
    for name in names:
        assert db.sql_text(name).strip()


@pytest.mark.parametrize("name", ["../data/x", "county_list; DROP TABLE counties", "COUNTY_LIST", "", "nope"])
def test_unknown_or_hostile_query_names_are_refused(name: str) -> None:
    with pytest.raises(db.UnknownQueryError):
        db.sql_text(name)


def test_parameters_are_bound_not_interpolated(con: duckdb.DuckDBPyConnection) -> None:
    hostile = "530627' OR '1'='1"
    assert db.run(con, "county_profile", {"adcode": hostile}).empty
    assert len(db.run(con, "county_profile", {"adcode": "530627"})) == 1


def test_identifier_allowlist() -> None:
    assert db.identifier("name", {"name", "adcode"}) == "name"
    with pytest.raises(ValueError):
        db.identifier("name; DROP TABLE counties", {"name"})


def test_spatial_extension_loads_offline(con: duckdb.DuckDBPyConnection) -> None:
    db.load_spatial(con)
    assert con.execute("SELECT ST_AsText(ST_Point(1, 2))").fetchone()[0] == "POINT (1 2)"
