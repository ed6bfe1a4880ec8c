"""Shared fixtures: the real database built from data/ (once per test session)."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings
from streamlit.components.v2 import manifest_scanner

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


# Hypothesis: the whole suite (README, CI) draws the full counts; the fast lane (-m "... not slow") a fifth of
# them. HYPOTHESIS_PROFILE=full or =fast (or --hypothesis-profile) chooses either way.
FULL_EXAMPLES = 100  # Hypothesis's own default
FAST_EXAMPLES = 20


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``full`` and ``fast`` profiles on top of the one Hypothesis loaded (``ci`` when CI is
    set) and load the one this run asks for. No deadline in either: timing is bench/'s job, and on a
    loaded machine a 200 ms deadline fails correct code."""
    settings.register_profile("full", parent=settings.default, max_examples=FULL_EXAMPLES, deadline=None)
    settings.register_profile("fast", parent=settings.default, max_examples=FAST_EXAMPLES, deadline=None)
    if config.getoption("hypothesis_profile", None):
        return
    fast_lane = "not slow" in (config.getoption("markexpr", "") or "")
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("fast" if fast_lane else "full"))


def examples(full: int) -> int:
    """The example count for a property that sets its own (a page run per example): ``full`` under the
    full profile, scaled down like the profile's count in the fast lane (at least one)."""
    return max(1, full * settings.default.max_examples // FULL_EXAMPLES)


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



# The real scan, for the one-per-session copy below.
_scan_component_manifests = manifest_scanner.scan_component_manifests


@functools.cache
def _component_manifests(max_workers: int | None) -> tuple:
    return tuple(_scan_component_manifests(max_workers))


def scan_component_manifests_once(max_workers: int | None = None) -> list:
    """``scan_component_manifests`` run once per session (a fresh list each call, like the original)."""
    return list(_component_manifests(max_workers))


@pytest.fixture(scope="session", autouse=True)
def _scan_components_once() -> Iterator[None]:
    """Every new AppTest scans all installed distributions for Streamlit v2 component manifests
    (~0.3 s CPU, more than a small page's whole run); a server does it once at start. The installed
    packages do not change during a session, so the tests scan once too. This is the one Streamlit
    internal the tests patch: tests/test_apptest_adapter.py fails when an upgrade bypasses it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", scan_component_manifests_once)
        yield
