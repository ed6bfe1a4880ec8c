"""Versions: CURRENT pointer, rollback, re-application after a rebuild or a crash, audit log, passwords."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from geo import db, importer, passwords, versions
from geo.paths import database_path


def gdp_import(env: tuple[Path, Path], value: int) -> importer.Plan:
    data = f"adcode,year,gdp\n520526,2030,{value}\n".encode()
    plan = importer.check_file(data, f"gdp{value}.csv", importer.DeclaredSource("t"), db_path=env[0], state=env[1])
    assert plan.ok, plan.report()
    return plan


def gdp_2030() -> float | None:
    with db.connect() as con:
        row = con.execute("SELECT value FROM indicators WHERE adcode='520526' AND indicator_id='gdp' AND year=2030")
        found = row.fetchone()
    return found[0] if found else None


def quiet(_message: str) -> None:
    """Progress sink for tests."""


def test_no_imports_serves_the_base(env: tuple[Path, Path]) -> None:
    assert database_path() == env[0]
    assert versions.reconcile(report=quiet) == env[0]
    assert not versions.versions_dir(env[0]).exists()  # nothing written when nothing to do


def test_rollback_of_latest_reuses_the_kept_version(env: tuple[Path, Path]) -> None:
    first = gdp_import(env, 1)
    v1 = importer.commit(first, "a", report=quiet)
    second = gdp_import(env, 2)
    v2 = importer.commit(second, "a", report=quiet)
    assert gdp_2030() == 2
    assert versions.rollback(second.import_id, "b", report=quiet) == v1
    assert gdp_2030() == 1 and len(versions.versions()) == 2  # repointed, not rebuilt
    assert versions.rollback(first.import_id, "b", report=quiet) == versions.BASE
    assert database_path() == env[0] and gdp_2030() is None
    events = [(r["event"], r["user"]) for r in versions.audit_log()]
    assert events == [("import", "a"), ("import", "a"), ("rollback", "b"), ("rollback", "b")]
    assert {v["version"] for v in versions.versions()} == {v1, v2}  # previous versions kept
    with pytest.raises(versions.VersionError):
        versions.rollback(first.import_id, "b", report=quiet)


def test_current_version_follows_the_pointer(env: tuple[Path, Path]) -> None:
    """``current_version`` (what every page query keys on) is ``database_path`` and its mtime after each
    commit and rollback, read afresh each time (no cached pointer)."""
    from geo.versions.layout import current_version

    def expected() -> tuple[str, float]:
        path = database_path()
        return str(path), path.stat().st_mtime

    assert current_version() == expected() == (str(env[0]), env[0].stat().st_mtime)
    first = gdp_import(env, 1)
    importer.commit(first, "a", report=quiet)
    assert current_version() == expected() and current_version()[0] != str(env[0])
    versions.rollback(first.import_id, "b", report=quiet)
    assert current_version() == expected() == (str(env[0]), env[0].stat().st_mtime)


def test_rollback_of_an_older_import_rebuilds_from_files(env: tuple[Path, Path]) -> None:
    first = gdp_import(env, 1)
    importer.commit(first, "a", report=quiet)
    key_list = b"adcode,level,source_url\n520526,none,https://example.gov.cn/x\n"
    plan = importer.check_file(key_list, "k.csv", importer.DeclaredSource("t"), db_path=env[0], state=env[1])
    importer.commit(plan, "a", report=quiet)
    versions.rollback(first.import_id, "a", report=quiet)
    assert gdp_2030() is None
    with db.connect() as con:
        level = con.execute("SELECT support_level, support_source_url FROM counties WHERE adcode='520526'").fetchone()
    assert level == (None, "https://example.gov.cn/x")  # the later import is still applied


def test_rebuilt_base_gets_active_imports_reapplied(env: tuple[Path, Path]) -> None:
    base, _state = env
    importer.commit(gdp_import(env, 7), "a", report=quiet)
    with duckdb.connect(str(base)) as con:  # stands in for `python -m geo.build` writing a new base
        con.execute("UPDATE meta SET value = 'rebuilt' WHERE key = 'built_at'")
        con.execute("DELETE FROM indicators WHERE adcode = '520526' AND indicator_id = 'gdp'")
    path = versions.reconcile(report=quiet)
    assert path == database_path() != base
    assert gdp_2030() == 7
    assert versions.audit_log()[-1]["event"] == "reapply"


def test_crash_after_audit_before_pointer_is_repaired(env: tuple[Path, Path]) -> None:
    base, state = env
    plan = gdp_import(env, 9)
    manifest = {
        "import_id": plan.import_id, "kind": "indicators", "file_name": "x.csv", "sha256": plan.sha256,
        "user": "a", "imported_at": versions.now(), "source": {"title": "t"},
    }  # fmt: skip
    versions.write_import(state, manifest, plan.rows)
    versions.append_audit(state, {"event": "import", "import_id": plan.import_id, "user": "a"})
    assert database_path() == base  # the pointer never moved
    versions.reconcile(report=quiet)
    assert gdp_2030() == 9


@pytest.mark.slow  # several imports, each a full database version (~5 s apiece)
def test_old_versions_are_pruned_and_leftovers_removed(env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(versions.materialize, "KEEP_VERSIONS", 2)
    vdir = versions.versions_dir(env[0])
    vdir.mkdir()
    (vdir / "v999998.duckdb.tmp").write_bytes(b"half written")
    for value in range(3):
        importer.commit(gdp_import(env, value), "a", report=quiet)
    names = sorted(p.name for p in vdir.glob("v*.duckdb"))
    assert names == ["v000002.duckdb", "v000003.duckdb"] and not list(vdir.glob("*.tmp"))
    assert database_path().name == names[-1]


def test_audit_log_skips_a_torn_line(env: tuple[Path, Path]) -> None:
    state = env[1]
    versions.append_audit(state, {"event": "import", "import_id": "x"})
    with open(state / "audit.jsonl", "a") as handle:
        handle.write('{"event": "rollb')
    assert versions.active_imports(state) == ["x"]


def test_password_hash_roundtrip() -> None:
    encoded = passwords.hash_password("correct horse", iterations=1000)
    assert encoded.startswith("pbkdf2_sha256$1000$")
    assert passwords.verify_password("correct horse", encoded)
    assert not passwords.verify_password("wrong", encoded)
    with pytest.raises(ValueError):
        passwords.verify_password("x", "md5$1$ab$cd")
    with pytest.raises(ValueError):
        passwords.verify_password("x", "garbage")
