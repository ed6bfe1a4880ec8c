"""Shared fixtures: the real database built from data/ (once per test session)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from geo import db
from geo.build import ensure_database

BROWSER_DIR = Path(__file__).parent / "browser"
# Tests that build databases or bundles or render PDF briefs and page prints: minutes, not seconds (kept out of
# the fast lane). A module goes here only when a faster test of its behaviour stays in the fast lane
# (page prints: test_print_views.py draws nothing, test_printmap.py draws one view with every field).
SLOW_MODULES = {
    "test_build.py", "test_key_county_list.py", "test_build_lines.py", "test_brief.py", "test_import_faults.py",
    "test_bundle.py", "test_import_limits.py", "test_commit_faults.py", "test_print_pages.py",
}  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark by place: everything under tests/browser is ``browser``; the modules above are ``slow``.

    (pytest ignores ``pytestmark`` in a conftest, so markers are set here.)
    """
    for item in items:
        path = Path(str(item.fspath))
        if BROWSER_DIR in path.parents:
            item.add_marker(pytest.mark.browser)
        if path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def atlas_db() -> str:
    """Path of the database built from the committed inputs (built if missing or stale)."""
    return str(ensure_database(report=lambda _msg: None))


@pytest.fixture()
def con(atlas_db: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the atlas database."""
    connection = db.connect(read_only=True)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture()
def env(atlas_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A private copy of the built database and an empty import state (never the real data/)."""
    base = tmp_path / "atlas.duckdb"
    shutil.copyfile(atlas_db, base)
    state = tmp_path / "imports"
    monkeypatch.setenv("ATLAS_DB", str(base))
    monkeypatch.setenv("ATLAS_STATE_DIR", str(state))
    monkeypatch.delenv("ADMIN_PASSWORD_HASH", raising=False)
    return base, state


@pytest.fixture(autouse=True)
def _own_sign_in_throttle(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test counts its own sign-in failures (the real file is shared by every session)."""
    monkeypatch.setenv("ATLAS_THROTTLE_FILE", str(tmp_path_factory.mktemp("throttle") / "signin.json"))
