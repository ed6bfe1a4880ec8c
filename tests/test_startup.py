"""First start: the build begins in a second process only when needed, and its output becomes the bar."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from geo.paths import ROOT
from ui import startup

# What geo.build reports, in its order (see test_build.py for a real build's messages).
STEPS = [
    "[  0.1s] boundary index: 2,875 counties, 370 prefectures, 34 provinces",
    "[  1.9s] read full-resolution counties: 4,182,257 vertices",
    "[  2.9s] county attributes, areas and key-county status",
    "[  4.2s] indicators: 89,632 values",
    "[  5.0s] sites: 511, rail stations: 3,066, airports: 265",
    "[  9.1s] simplified province: 566,372 vertices",
    "[  9.9s] simplified national: 41,211 vertices",
    "[ 11.0s] base-map county topology for 2 datums",
    "[ 11.1s] quantized shapes: 10.3 MB county GeoJSON over all levels",
    "[ 12.3s] 南海诸岛 inset images",
    "[ 12.6s] wrote data/atlas.duckdb (100.9 MB)",
]


def test_every_step_is_a_stage_in_order_with_growing_shares() -> None:
    stages = [startup.stage_of(step) for step in STEPS]
    assert [stage[0] for stage in stages if stage] == list(range(len(startup.BUILD_STAGES)))
    shares = [stage[1] for stage in stages if stage]
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert startup.stage_of("database is up to date") is None


def test_follow_reports_every_line_in_order_and_imports_the_pages_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar shows the first step at once; the ui modules are imported while later steps run."""
    imported: list[str] = []
    all_imported = threading.Event()
    real_import = importlib.import_module

    def recording_import(name: str) -> object:
        imported.append(name)
        if name == "ui.workbench_views":  # the last one: pkgutil lists the modules sorted
            all_imported.set()
        return real_import(name)

    def build_output() -> Iterator[str]:
        yield "re-applied imports\n"
        yield STEPS[0]
        assert all_imported.wait(timeout=60)
        yield from STEPS[1:]

    monkeypatch.setattr(importlib, "import_module", recording_import)
    seen: list[str] = []
    startup._follow(build_output(), seen.append)
    assert seen == ["re-applied imports\n", *STEPS]
    assert {"ui.overview_parts", "ui.layers", "ui.county_view", "ui.workbench_views"} <= set(imported)


def test_follow_stops_when_the_build_ends_early() -> None:
    seen: list[str] = []
    startup._follow(iter(["database is up to date\n"]), seen.append)
    assert seen == ["database is up to date\n"]


@pytest.mark.parametrize("stale", [True, False])
def test_begin_starts_the_build_process_only_for_a_stale_database(monkeypatch: pytest.MonkeyPatch, stale: bool) -> None:
    started: list[tuple[str, ...]] = []

    class FakeProcess:
        def __init__(self, command: tuple[str, ...], **_kwargs: object) -> None:
            started.append(command)

    monkeypatch.setattr(startup, "is_stale", lambda: stale)
    monkeypatch.setattr(subprocess, "Popen", FakeProcess)
    monkeypatch.setattr(startup, "_begun", False)
    monkeypatch.setattr(startup, "_build", None)
    monkeypatch.setattr(startup, "_READY", threading.Event())  # as in a new process (pages may have run here)
    startup.begin()
    startup.begin()  # once per process
    assert started == ([startup.BUILD_COMMAND] if stale else [])
    assert startup.BUILD_COMMAND[1:] == ("-u", "-m", "geo.build", "--if-stale")


def test_prepare_follows_the_build_process_then_checks_the_database_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second process's steps reach the bar; afterwards ensure_database runs here (a no-op when the
    process built the database, the build with its error when that process failed)."""
    calls: list[str] = []

    class FinishedBuild:
        stdout = iter(STEPS)

        def wait(self) -> int:
            calls.append("wait")
            return 1

    shown: list[str] = []
    real_progress_bar = startup._progress_bar

    def recording_bar(note: object):  # noqa: ANN202
        report = real_progress_bar(note)
        return lambda message: shown.append(message) or report(message)

    monkeypatch.setattr(startup, "_READY", threading.Event())
    monkeypatch.setattr(startup, "_build", FinishedBuild())
    monkeypatch.setattr(startup, "install_assets", lambda: calls.append("assets"))
    monkeypatch.setattr(startup, "ensure_database", lambda report: calls.append("ensure") or report("[ 0.0s] wrote x"))
    monkeypatch.setattr(startup, "_progress_bar", recording_bar)
    monkeypatch.setattr(startup.gc, "freeze", lambda: calls.append("freeze"))
    startup.prepare()
    assert calls == ["assets", "wait", "ensure", "freeze"]  # the heap is frozen once the database is ready
    assert shown == [*STEPS, "[ 0.0s] wrote x"]
    assert startup._READY.is_set() and startup._build is None


def test_every_ui_module_imports_before_the_database_exists(tmp_path) -> None:
    """prepare() imports them all while the build runs: none may read the database at import."""
    missing = tmp_path / "not-built" / "atlas.duckdb"
    code = "import importlib, pkgutil, ui; [importlib.import_module(f'ui.{m.name}') for m in pkgutil.iter_modules(ui.__path__)]"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "ATLAS_DB": str(missing)}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert not missing.parent.exists()
