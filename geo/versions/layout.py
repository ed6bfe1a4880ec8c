"""Where versions live, the CURRENT pointer, the writers' lock and small atomic-file helpers."""

from __future__ import annotations

import fcntl
import functools
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from geo.paths import DATA_DIR

Report = Callable[[str], None]

BASE = "base"  # pointer value meaning "the base build itself"


def base_database_path() -> Path:
    """The base build: ``ATLAS_DB`` if set (tests, replicas), else ``data/atlas.duckdb``."""
    override = os.environ.get("ATLAS_DB")
    return Path(override) if override else DATA_DIR / "atlas.duckdb"


def state_dir() -> Path:
    """Accepted imports and the audit log: ``ATLAS_STATE_DIR`` if set, else ``data/imports``."""
    override = os.environ.get("ATLAS_STATE_DIR")
    return Path(override) if override else DATA_DIR / "imports"


def versions_dir(base: Path) -> Path:
    """Where versions of ``base`` live: ``data/atlas.versions`` for ``data/atlas.duckdb``."""
    return base.with_name(f"{base.stem}.versions")


def pointer_file(vdir: Path) -> str | None:
    """What ``CURRENT`` names, or None when there is no pointer yet (fresh clone, never imported)."""
    try:
        return (vdir / "CURRENT").read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def read_pointer(vdir: Path) -> str:
    return pointer_file(vdir) or BASE


@functools.lru_cache(maxsize=8)
def _layout(base: str) -> tuple[str, str]:
    """(versions dir, its CURRENT file) of a base database, as strings."""
    vdir = versions_dir(Path(base))
    return str(vdir), str(vdir / "CURRENT")


def _current(base: str) -> str:
    """The database readers should open now: the version ``CURRENT`` names, else ``base``.

    In a few system calls, no Path objects or text reader: every query of a page run asks
    (through ``ui.state.db_version``), ≈70 → ≈10 µs."""
    vdir, pointer = _layout(base)
    try:
        fd = os.open(pointer, os.O_RDONLY)
    except FileNotFoundError:
        return base
    try:
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(fd)
    name = b"".join(chunks).decode("utf-8").strip()
    if name and name != BASE:
        path = f"{vdir}{os.sep}{name}.duckdb"
        if os.path.exists(path):
            return path
    return base


def current_database(base: Path | None = None) -> Path:
    """The database readers should open now: the version ``CURRENT`` names, else the base."""
    return Path(_current(str(base or base_database_path())))


def current_version() -> tuple[str, float]:
    """(path, mtime) of :func:`current_database`, read afresh on every call."""
    path = _current(str(base_database_path()))
    return path, os.stat(path).st_mtime


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temp file and rename it over ``path``; on failure nothing is left behind."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def remove_dead_leftovers(folder: Path, pattern: str) -> list[Path]:
    """Delete files matching ``pattern`` (``name.<pid>.tmp``) whose writing process is gone."""
    removed = []
    for leftover in folder.glob(pattern):
        match = re.search(r"\.([0-9]+)\.tmp(?:\.wal)?$", leftover.name)
        pid = match.group(1) if match else ""
        if not pid or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # its writer is still running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


@contextmanager
def locked(base: Path) -> Iterator[Path]:
    """Serialize writers (imports, rollbacks, rebuilds) of one base; released if the process dies."""
    vdir = versions_dir(base)
    vdir.mkdir(parents=True, exist_ok=True)
    with open(vdir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield vdir
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def now() -> str:
    """UTC timestamp used in manifests, versions and the audit log."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
