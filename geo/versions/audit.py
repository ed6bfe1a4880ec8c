"""The append-only audit log (``<state>/audit.jsonl``) and the imports it says are active."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from geo.versions.layout import BASE, base_database_path, pointer_file, state_dir, versions_dir


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


def active_imports(state: Path | None = None, base: Path | None = None) -> list[str]:
    """Imports applied in the served database, in order. The ``CURRENT`` pointer is the commit
    point, so its version's list wins; without a pointer (fresh clone) the audit log says."""
    vdir = versions_dir(base or base_database_path())
    pointer = pointer_file(vdir)
    if pointer == BASE:
        return []
    sidecar = vdir / f"{pointer}.json"
    if pointer and sidecar.exists() and (vdir / f"{pointer}.duckdb").exists():
        try:
            return list(json.loads(sidecar.read_text(encoding="utf-8"))["imports"])
        except (json.JSONDecodeError, KeyError, TypeError):
            pass
    return logged_active(state)


def logged_active(state: Path | None = None) -> list[str]:
    """Imports the audit log says are active (it can trail the pointer by one killed write)."""
    active: list[str] = []
    for record in audit_log(state):
        if record.get("event") == "import":
            active.append(record["import_id"])
        elif record.get("event") == "rollback" and record.get("import_id") in active:
            active.remove(record["import_id"])
    return active
