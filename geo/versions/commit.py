"""Commit, rollback and reconcile: the writers, serialized by the lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from geo.versions.audit import active_imports, append_audit, audit_log, logged_active
from geo.versions.layout import (
    BASE,
    Report,
    base_database_path,
    current_database,
    locked,
    now,
    read_pointer,
    state_dir,
    versions_dir,
)
from geo.versions.materialize import base_stamp, materialize, point, prune, version_for, versions
from geo.versions.store import read_import, remove_orphans, write_import


class VersionError(RuntimeError):
    """A rollback or version operation that cannot be done (message says why)."""


class StorageError(VersionError):
    """The data folder cannot be written (disk full, read-only): nothing changed, nothing left behind."""


def _storage_error(error: OSError) -> StorageError:
    reason = error.strerror or type(error).__name__
    return StorageError(
        f"无法写入数据目录（{reason}：磁盘已满或目录只读？）。数据库未改动，临时文件已清除。"
        f" / The data folder cannot be written ({reason}: disk full or read-only?). Nothing changed; "
        "temporary files were removed."
    )


def _known_imports(state: Path, base: Path) -> set[str]:
    logged = {r.get("import_id") for r in audit_log(state) if r.get("event") == "import"}
    return {i for i in logged if isinstance(i, str)} | set(active_imports(state, base))


def _tidy(base: Path, state: Path, vdir: Path, report: Report) -> None:
    """The next writer's clean-up: leftovers of killed writers and orphans of failed commits."""
    prune(vdir)
    for name in remove_orphans(state, _known_imports(state, base)):
        report(f"removed orphan import folder {name}")


def _import_record(manifest: dict[str, Any], rows: int, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "event": "import", "import_id": manifest["import_id"], "at": now(), "user": manifest["user"],
        "kind": manifest["kind"], "file_name": manifest["file_name"], "sha256": manifest["sha256"], "rows": rows,
        "source": manifest["source"]["title"], "version": name, **extra,
    }  # fmt: skip


def commit_import(
    manifest: dict[str, Any],
    rows: pd.DataFrame,
    *,
    base: Path | None = None,
    state: Path | None = None,
    report: Report = print,
) -> str:
    """Store the import, build base + active imports + this one, move the pointer, log it.

    Moving ``CURRENT`` is the commit point: readers switch there, and a restart agrees
    (``reconcile`` repairs an audit line lost to a kill right after it).
    """
    base, state = base or base_database_path(), state or state_dir()
    with locked(base) as vdir:
        _tidy(base, state, vdir, report)
        import_id = manifest["import_id"]
        active = active_imports(state, base)
        if import_id in active:
            raise VersionError(f"import {import_id} is already active")
        try:
            write_import(state, manifest, rows)
            name = materialize(
                base, state, vdir, [*active, import_id], base_stamp(base), f"import {import_id}", manifest["user"],
                report,
            )  # fmt: skip
            point(vdir, name)
        except OSError as error:
            remove_orphans(state, _known_imports(state, base))
            raise _storage_error(error) from error
        report(f"committed {name}")
        _audit(state, _import_record(manifest, len(rows), name), report)
        report(f"now serving {name}")
        return name


def _audit(state: Path, record: dict[str, Any], report: Report) -> None:
    """Log a committed change; if the disk refuses, the next reconcile writes the line."""
    try:
        append_audit(state, record)
    except OSError as error:
        report(f"audit line deferred ({error.strerror})")


def rollback(
    import_id: str, user: str, *, base: Path | None = None, state: Path | None = None, report: Report = print
) -> str:
    """Undo one active import: serve base + the remaining imports (a kept version when possible)."""
    base, state = base or base_database_path(), state or state_dir()
    with locked(base) as vdir:
        _tidy(base, state, vdir, report)
        active = active_imports(state, base)
        if import_id not in active:
            raise VersionError(f"import {import_id} is not active")
        remaining = [other for other in active if other != import_id]
        try:
            name = version_for(base, state, vdir, remaining, f"rollback {import_id}", user, report)
            point(vdir, name)
        except OSError as error:
            raise _storage_error(error) from error
        report(f"committed {name}")
        _audit(state, {"event": "rollback", "import_id": import_id, "at": now(), "user": user, "version": name}, report)
        report(f"now serving {name}")
        return name


def _repair_audit(state: Path, served: list[str], name: str, report: Report) -> None:
    """Make the audit log say what the pointer serves (a kill between the pointer and the log)."""
    logged = logged_active(state)
    for import_id in [i for i in logged if i not in served]:
        append_audit(state, {"event": "rollback", "import_id": import_id, "at": now(), "user": "system",
                             "version": name, "repaired": True})  # fmt: skip
        report(f"audit: recorded the rollback of {import_id}")
    for import_id in [i for i in served if i not in logged]:
        manifest, rows = read_import(state, import_id)
        append_audit(state, _import_record(manifest, len(rows), name, repaired=True))
        report(f"audit: recorded the import {import_id}")


def reconcile(base: Path | None = None, state: Path | None = None, report: Report = print) -> Path:
    """Make ``CURRENT`` hold exactly base + active imports (after a rebuild or a crash), the audit
    log agree with it, and the next writer's clean-up done; return the database to serve."""
    base, state = base or base_database_path(), state or state_dir()
    vdir = versions_dir(base)
    active, pointer = active_imports(state, base), read_pointer(vdir)
    settled = logged_active(state) == active and not any(
        (f.is_dir() and f.name.startswith(".")) for f in (state.iterdir() if state.is_dir() else ())
    )
    if settled and not active and pointer == BASE:
        return base
    if settled and pointer != BASE:
        info = next((v for v in versions(base) if v["version"] == pointer), None)
        if info and info["imports"] == active and info["base_stamp"] == base_stamp(base):
            return vdir / f"{pointer}.duckdb"
    with locked(base) as vdir:
        _tidy(base, state, vdir, report)
        active = active_imports(state, base)
        name = version_for(base, state, vdir, active, "re-applied imports", "system", report)
        if name != read_pointer(vdir):
            point(vdir, name)
            _audit(
                state, {"event": "reapply", "imports": active, "at": now(), "user": "system", "version": name}, report
            )
        _repair_audit(state, active, name, report)
    return current_database(base)
