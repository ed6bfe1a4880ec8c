"""The query layer: named files only, bound parameters, allowlisted identifiers."""

from __future__ import annotations

import shutil
from pathlib import Path

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


def test_the_database_needs_no_duckdb_extension(atlas_db: str, tmp_path: Path) -> None:
    """Offline installs carry no DuckDB extension: the app's queries run with autoloading off.

    (On a copy: DuckDB refuses a second configuration for a file this process already has open.)
    """
    copy = tmp_path / "atlas.duckdb"
    shutil.copyfile(atlas_db, copy)
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    with duckdb.connect(str(copy), read_only=True, config=config) as offline:
        assert len(db.run(offline, "county_profile", {"adcode": "530627"})) == 1
        loaded = offline.execute("SELECT extension_name FROM duckdb_extensions() WHERE loaded").fetchall()
        assert "spatial" not in {name for (name,) in loaded}
