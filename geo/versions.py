"""Database versions: base build + accepted imports, a CURRENT pointer, rollback and an audit log.

The database stays derivable from files. An accepted import is stored as
``<state>/<import_id>/rows.csv`` + ``manifest.json``; the audit log ``<state>/audit.jsonl``
(append-only) says which imports are active. A version is a copy of the base build with
the active imports applied in order, written to a temporary file and renamed into
``<base stem>.versions/vNNNNNN.duckdb``; then ``CURRENT`` is replaced atomically. Readers
open whatever ``CURRENT`` names, so they see the old or the new version, never a mix.

The audit line is the commit point: if a process dies after it but before the pointer
moves, ``reconcile`` (run by ``geo.build.ensure_database``) rebuilds the missing version.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from geo import db
from geo.paths import DATA_DIR

Report = Callable[[str], None]

KEEP_VERSIONS = 5
BASE = "base"  # pointer value meaning "the base build itself"

# Column layout of each kind's normalized rows.csv (the apply statements read these columns).
ROW_COLUMNS: dict[str, dict[str, str]] = {
    "indicators": {"adcode": "string", "indicator_id": "string", "year": "Int64", "value": "float64"},
    "key_counties": {
        "adcode": "string",
        "support_level": "string",
        "support_source_url": "string",
        "support_note": "string",
    },
    "sites": {
        "site_id": "string",
        "name": "string",
        "adcode": "string",
        "population": "float64",
        "population_note": "string",
        "size_class": "string",
        "township": "string",
        "village": "string",
        "lon": "float64",
        "lat": "float64",
        "datum": "string",
        "location_precision": "string",
        "source_url": "string",
    },
}

# Statements per kind, run against the registered ``import_rows``; True: it binds $source_id.
APPLY_STATEMENTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "indicators": (("import_indicators_delete", False), ("import_indicators_insert", True)),
    "key_counties": (("import_key_counties_update", False),),
    "sites": (("import_sites_delete", False), ("import_sites_insert", True)),
}


class VersionError(RuntimeError):
    """A rollback or version operation that cannot be done (message says why)."""


# ---------------------------------------------------------------- locations


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


def source_id_for(import_id: str) -> str:
    """The ``sources.source_id`` of an import's values."""
    return f"import_{import_id}"


def _read_pointer(vdir: Path) -> str:
    try:
        return (vdir / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return BASE


def current_database(base: Path | None = None) -> Path:
    """The database readers should open now: the version ``CURRENT`` names, else the base."""
    base = base or base_database_path()
    vdir = versions_dir(base)
    name = _read_pointer(vdir)
    if name != BASE:
        path = vdir / f"{name}.duckdb"
        if path.exists():
            return path
    return base


# ---------------------------------------------------------------- small file helpers


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


@contextmanager
def _locked(base: Path) -> Iterator[Path]:
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


# ---------------------------------------------------------------- audit log


def append_audit(state: Path, record: dict[str, Any]) -> None:
    """Append one JSON line with a single write (a killed process leaves no partial line)."""
    state.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
    fd = os.open(state / "audit.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def audit_log(state: Path | None = None) -> list[dict[str, Any]]:
    """Every audit record, oldest first (unreadable lines are skipped)."""
    path = (state or state_dir()) / "audit.jsonl"
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def active_imports(state: Path | None = None) -> list[str]:
    """Imports applied in the current database, in the order they were accepted."""
    active: list[str] = []
    for record in audit_log(state):
        if record.get("event") == "import":
            active.append(record["import_id"])
        elif record.get("event") == "rollback" and record.get("import_id") in active:
            active.remove(record["import_id"])
    return active


# ---------------------------------------------------------------- stored imports


def write_import(state: Path, manifest: dict[str, Any], rows: pd.DataFrame) -> Path:
    """Store an accepted import as files (written to a temp dir, then renamed into place)."""
    final = state / manifest["import_id"]
    tmp = state / f".{manifest['import_id']}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    rows[list(ROW_COLUMNS[manifest["kind"]])].to_csv(tmp / "rows.csv", index=False, na_rep="")
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, final)
    return final


def read_import(state: Path, import_id: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """The manifest and normalized rows of a stored import."""
    folder = state / import_id
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    columns = ROW_COLUMNS[manifest["kind"]]
    rows = pd.read_csv(folder / "rows.csv", dtype=columns, keep_default_na=False, na_values=[""])
    return manifest, rows


def _apply_import(con: duckdb.DuckDBPyConnection, manifest: dict[str, Any], rows: pd.DataFrame) -> None:
    source = manifest["source"]
    source_id = source_id_for(manifest["import_id"])
    note = (
        f"imported from {manifest['file_name']} sha256={manifest['sha256']} "
        f"by {manifest['user']} at {manifest['imported_at']} (import {manifest['import_id']})"
    )
    db.execute(
        con,
        "import_source_insert",
        {
            "source_id": source_id,
            "title": source["title"],
            "publisher": source.get("publisher"),
            "url": source.get("url"),
            "license": source.get("license"),
            "year": source.get("year"),
            "verified": bool(source.get("verified")),
            "note": note,
        },
    )
    con.register("import_rows", rows)
    try:
        for statement, binds_source in APPLY_STATEMENTS[manifest["kind"]]:
            db.execute(con, statement, {"source_id": source_id} if binds_source else None)
    finally:
        con.unregister("import_rows")


# ---------------------------------------------------------------- versions


def _base_stamp(base: Path) -> str:
    """Identifies one base build (inputs digest + build time): a rebuild invalidates versions."""
    with db.connect(base, read_only=True) as con:
        meta = dict(db.run(con, "versions_meta").itertuples(index=False))
    return f"{meta.get('inputs_digest')}@{meta.get('built_at')}"


def versions(base: Path | None = None) -> list[dict[str, Any]]:
    """Kept versions, newest first, each with its imports, reason and whether it is current."""
    base = base or base_database_path()
    vdir = versions_dir(base)
    current = _read_pointer(vdir)
    found = []
    for sidecar in sorted(vdir.glob("v*.json"), reverse=True):
        if (vdir / f"{sidecar.stem}.duckdb").exists():
            info = json.loads(sidecar.read_text(encoding="utf-8"))
            found.append({**info, "current": info["version"] == current})
    return found


def _next_name(vdir: Path) -> str:
    numbers = [int(p.stem[1:]) for p in vdir.glob("v*.json") if p.stem[1:].isdigit()]
    return f"v{max(numbers, default=0) + 1:06d}"


def _materialize(
    base: Path, state: Path, vdir: Path, imports: list[str], stamp: str, reason: str, user: str, report: Report
) -> str:
    """Write a new version = base + ``imports``; return its name (pointer not moved)."""
    name = _next_name(vdir)
    tmp = vdir / f"{name}.duckdb.tmp"
    report(f"copying the base build into {name}")
    shutil.copyfile(base, tmp)
    try:
        with duckdb.connect(str(tmp)) as con:
            for import_id in imports:
                manifest, rows = read_import(state, import_id)
                report(f"applying import {import_id} ({len(rows):,} rows)")
                _apply_import(con, manifest, rows)
            for key, value in {"version": name, "imports": json.dumps(imports), "base_stamp": stamp}.items():
                db.execute(con, "versions_meta_set", {"key": key, "value": value})
            con.execute("CHECKPOINT")
        info = {"version": name, "created_at": now(), "imports": imports, "base_stamp": stamp}
        _write_atomic(vdir / f"{name}.json", json.dumps({**info, "reason": reason, "user": user}, ensure_ascii=False))
        os.replace(tmp, vdir / f"{name}.duckdb")
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    report(f"version {name} written")
    return name


def _version_for(
    base: Path, state: Path, vdir: Path, imports: list[str], reason: str, user: str, report: Report
) -> str:
    """A version holding exactly ``imports`` on the current base: reuse a kept one or build it."""
    if not imports:
        return BASE
    stamp = _base_stamp(base)
    for info in versions(base):
        if info["imports"] == imports and info["base_stamp"] == stamp:
            return info["version"]
    return _materialize(base, state, vdir, imports, stamp, reason, user, report)


def _prune(vdir: Path) -> None:
    """Keep the newest ``keep`` versions and the current one; drop leftovers of killed writers."""
    for leftover in vdir.glob("*.tmp*"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
    current = _read_pointer(vdir)
    names = sorted((p.stem for p in vdir.glob("v*.json")), reverse=True)
    for name in names[KEEP_VERSIONS:]:
        if name != current:
            (vdir / f"{name}.duckdb").unlink(missing_ok=True)
            (vdir / f"{name}.json").unlink(missing_ok=True)


def _point(vdir: Path, name: str) -> None:
    _write_atomic(vdir / "CURRENT", name + "\n")
    _prune(vdir)


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
    with _locked(base) as vdir:
        _prune(vdir)
        import_id = manifest["import_id"]
        if import_id in active_imports(state):
            raise VersionError(f"import {import_id} is already active")
        write_import(state, manifest, rows)
        imports = [*active_imports(state), import_id]
        name = _materialize(
            base, state, vdir, imports, _base_stamp(base), f"import {import_id}", manifest["user"], report
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
        _point(vdir, name)
        report(f"now serving {name}")
        return name


def rollback(
    import_id: str, user: str, *, base: Path | None = None, state: Path | None = None, report: Report = print
) -> str:
    """Undo one active import: serve base + the remaining imports (a kept version when possible)."""
    base, state = base or base_database_path(), state or state_dir()
    with _locked(base) as vdir:
        active = active_imports(state)
        if import_id not in active:
            raise VersionError(f"import {import_id} is not active")
        remaining = [other for other in active if other != import_id]
        name = _version_for(base, state, vdir, remaining, f"rollback {import_id}", user, report)
        append_audit(state, {"event": "rollback", "import_id": import_id, "at": now(), "user": user, "version": name})
        _point(vdir, name)
        report(f"now serving {name}")
        return name


def reconcile(base: Path | None = None, state: Path | None = None, report: Report = print) -> Path:
    """Make ``CURRENT`` hold exactly base + active imports (after a rebuild or a crash); return it."""
    base, state = base or base_database_path(), state or state_dir()
    vdir = versions_dir(base)
    active = active_imports(state)
    pointer = _read_pointer(vdir)
    if not active and pointer == BASE:
        return base
    if pointer != BASE and active:
        info = next((v for v in versions(base) if v["version"] == pointer), None)
        if info and info["imports"] == active and info["base_stamp"] == _base_stamp(base):
            return vdir / f"{pointer}.duckdb"
    with _locked(base) as vdir:
        active = active_imports(state)
        name = _version_for(base, state, vdir, active, "re-applied imports", "system", report)
        if name != _read_pointer(vdir):
            _point(vdir, name)
            append_audit(state, {"event": "reapply", "imports": active, "at": now(), "user": "system", "version": name})
    return current_database(base)
