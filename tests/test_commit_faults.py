"""A commit killed at each step, a full disk, orphans and leftovers: readers and restarts agree on
what is served, and the next writer leaves nothing behind."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from geo import db, importer, versions
from geo.paths import ROOT, database_path
from geo.versions.layout import remove_dead_leftovers

ROWS = "adcode,year,gdp\n" + "".join(f"520526,{year},{year}\n" for year in range(2030, 2040))
# the importer CLI whose report stops the process at one step, so the kill lands exactly there
STOP_AT = (
    "import os, signal, sys\n"
    "from geo import importer\n"
    "from geo.importer.__main__ import main\n"
    "step = sys.argv.pop(1)\n"
    "original = importer.commit\n"
    "def report(message):\n"
    "    print(message, flush=True)\n"
    "    if message.startswith(step):\n"
    "        os.kill(os.getpid(), signal.SIGSTOP)\n"
    "def commit(plan, user, **kw):\n"
    "    return original(plan, user, report=report, **{k: v for k, v in kw.items() if k != 'report'})\n"
    "import geo.importer.__main__ as cli\n"
    "cli.commit = commit\n"
    "sys.exit(main())\n"
)
BEFORE_POINTER = ["copying the base build", "applying import", "version v"]
AFTER_POINTER = ["committed", "now serving"]


def imported_values(path: Path) -> int:
    with db.connect(path, read_only=True) as con:
        return con.execute("SELECT count(*) FROM indicators WHERE indicator_id = 'gdp' AND year >= 2030").fetchone()[0]


def kill_at(step: str, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(ROWS)
    process = subprocess.Popen(
        [sys.executable, "-c", STOP_AT, step, str(path), "--source-title", "t", "--user", "fault-test"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(step):
            break
    else:
        pytest.fail(f"the commit never reached {step!r}")
    os.waitpid(process.pid, os.WUNTRACED)  # stopped at that step
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def leftovers(base: Path, state: Path) -> list[str]:
    vdir = versions.versions_dir(base)
    found = [p.name for p in vdir.glob("*.tmp*")] + [p.name for p in state.glob(".*.tmp")]
    known = set(versions.active_imports(state)) | {r.get("import_id") for r in versions.audit_log(state)}
    return found + [p.name for p in state.iterdir() if p.is_dir() and p.name not in known]


@pytest.mark.parametrize("step", BEFORE_POINTER + AFTER_POINTER)
def test_kill_at_each_step_readers_and_restart_agree(env: tuple[Path, Path], tmp_path: Path, step: str) -> None:
    base, state = env
    kill_at(step, tmp_path)
    served = database_path()  # what readers open now
    assert imported_values(served) == (10 if step in AFTER_POINTER else 0)
    restarted = versions.reconcile(report=lambda _m: None)  # what a restart serves
    assert restarted == served == database_path()
    assert versions.logged_active(state) == versions.active_imports(state)  # the audit log agrees
    assert leftovers(base, state) == []  # the next writer (here: the restart) cleaned up


def test_disk_full_while_copying_leaves_nothing(env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    base, state = env
    plan = importer.check_file(ROWS.encode(), "rows.csv", importer.DeclaredSource("t"), db_path=base, state=state)

    def half_then_full(source: Path, target: Path) -> None:
        with open(source, "rb") as src, open(target, "wb") as dst:
            dst.write(src.read(os.path.getsize(source) // 2))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("geo.versions.materialize.shutil.copyfile", half_then_full)
    with pytest.raises(versions.StorageError, match="磁盘已满"):
        importer.commit(plan, "tester", report=lambda _m: None)
    assert database_path() == base and versions.audit_log(state) == []
    assert list(versions.versions_dir(base).glob("v*")) == [] and leftovers(base, state) == []
    assert not any(p.is_dir() for p in state.iterdir())  # the stored import folder is gone too


def test_read_only_state_folder_is_a_clear_message(env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    base, state = env
    plan = importer.check_file(ROWS.encode(), "rows.csv", importer.DeclaredSource("t"), db_path=base, state=state)

    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("geo.versions.store.os.replace", read_only)
    with pytest.raises(versions.StorageError, match="只读"):
        importer.commit(plan, "tester", report=lambda _m: None)
    assert database_path() == base and leftovers(base, state) == []


def test_orphans_of_failed_commits_are_removed_by_the_next_writer(env: tuple[Path, Path]) -> None:
    base, state = env
    orphan = state / "20260101T000000Z-deadbeef-0000"
    (orphan).mkdir(parents=True)
    (state / ".20260101T000000Z-deadbeef-0001.tmp").mkdir()
    keep = state / "notes"  # not an import folder: never touched
    keep.mkdir()
    plan = importer.check_file(ROWS.encode(), "rows.csv", importer.DeclaredSource("t"), db_path=base, state=state)
    importer.commit(plan, "tester", report=lambda _m: None)
    assert sorted(p.name for p in state.iterdir() if p.is_dir()) == sorted([plan.import_id, "notes"])


def test_dead_builds_leftovers_are_removed_live_ones_kept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"atlas.duckdb.{dead.pid}.tmp"
    stale_wal = tmp_path / f"atlas.duckdb.{dead.pid}.tmp.wal"
    live = tmp_path / f"atlas.duckdb.{os.getppid()}.tmp"
    for path in (stale, stale_wal, live):
        path.write_bytes(b"partial")
    for pattern in ("atlas.duckdb.*.tmp", "atlas.duckdb.*.tmp.wal"):
        remove_dead_leftovers(tmp_path, pattern)
    assert not stale.exists() and not stale_wal.exists() and live.exists()
    shutil.rmtree(tmp_path)
