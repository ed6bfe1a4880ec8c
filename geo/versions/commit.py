"""Commit, rollback and reconcile: the writers, serialized by the lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from geo.versions.audit import active_imports, append_audit
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
from geo.versions.store import write_import


class VersionError(RuntimeError):
    """A rollback or version operation that cannot be done (message says why)."""


def commit_import(
    manifest: dict[str, Any],
    rows: pd.DataFrame,
    *,
    base: Path | None = None,
    state: Path | None = None,
    report: Report = print,
) -> str:
    """Store the import, build base + active imports + this one, log it, move the pointer."""
    base, state = base or base_database_path(), state or state_dir()
    with locked(base) as vdir:
        prune(vdir)
        import_id = manifest["import_id"]
        if import_id in active_imports(state):
            raise VersionError(f"import {import_id} is already active")
        write_import(state, manifest, rows)
        imports = [*active_imports(state), import_id]
        name = materialize(
            base, state, vdir, imports, base_stamp(base), f"import {import_id}", manifest["user"], report
        )
        append_audit(
            state,
            {
                "event": "import",
                "import_id": import_id,
                "at": now(),
                "user": manifest["user"],
                "kind": manifest["kind"],
                "file_name": manifest["file_name"],
                "sha256": manifest["sha256"],
                "rows": len(rows),
                "source": manifest["source"]["title"],
                "version": name,
            },
        )
        point(vdir, name)
        report(f"now serving {name}")
        return name


def rollback(
    import_id: str, user: str, *, base: Path | None = None, state: Path | None = None, report: Report = print
) -> str:
    """Undo one active import: serve base + the remaining imports (a kept version when possible)."""
    base, state = base or base_database_path(), state or state_dir()
    with locked(base) as vdir:
        active = active_imports(state)
        if import_id not in active:
            raise VersionError(f"import {import_id} is not active")
        remaining = [other for other in active if other != import_id]
        name = version_for(base, state, vdir, remaining, f"rollback {import_id}", user, report)
        append_audit(state, {"event": "rollback", "import_id": import_id, "at": now(), "user": user, "version": name})
        point(vdir, name)
        report(f"now serving {name}")
        return name


def reconcile(base: Path | None = None, state: Path | None = None, report: Report = print) -> Path:
    """Make ``CURRENT`` hold exactly base + active imports (after a rebuild or a crash); return it."""
    base, state = base or base_database_path(), state or state_dir()
    vdir = versions_dir(base)
    active = active_imports(state)
    pointer = read_pointer(vdir)
    if not active and pointer == BASE:
        return base
    if pointer != BASE and active:
        info = next((v for v in versions(base) if v["version"] == pointer), None)
        if info and info["imports"] == active and info["base_stamp"] == base_stamp(base):
            return vdir / f"{pointer}.duckdb"
    with locked(base) as vdir:
        active = active_imports(state)
        name = version_for(base, state, vdir, active, "re-applied imports", "system", report)
        if name != read_pointer(vdir):
            point(vdir, name)
            append_audit(state, {"event": "reapply", "imports": active, "at": now(), "user": "system", "version": name})
    return current_database(base)
