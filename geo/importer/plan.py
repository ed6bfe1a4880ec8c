"""Check a file (nothing written) and commit a clean plan as a new database version."""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path

import pandas as pd

from geo import db, versions
from geo.importer.checks import Checker, source_problems
from geo.importer.match import CountyIndex
from geo.importer.model import KINDS, DeclaredSource, ImportRejected, Issue, Plan
from geo.importer.normalize import NORMALIZERS, Context
from geo.importer.read import read_table
from geo.paths import database_path


def _detect_kind(columns: list[str]) -> str:
    if "level" in columns:
        return "key_counties"
    if "name" in columns or "population" in columns:
        return "sites"
    return "indicators"


def _overlap(db_path: Path, kind: str, rows: pd.DataFrame) -> int:
    name = {"indicators": "import_indicator_overlap", "sites": "import_site_overlap"}.get(kind)
    if name is None or rows.empty:
        return 0
    with db.connect(db_path, read_only=True) as con:
        con.register("import_rows", rows)
        return int(db.run(con, name)["replaced"].iloc[0])


def resolve_locations(db_path: Path | None = None, state: Path | None = None) -> dict[str, Path]:
    """The database checked against and the import state folder (defaults: what the app serves)."""
    return {"db_path": db_path or database_path(), "state": state or versions.state_dir()}


def check_file(
    data: bytes,
    file_name: str,
    source: DeclaredSource | None,
    *,
    kind: str | None = None,
    year: int | None = None,
    datum: str | None = None,
    db_path: Path | None = None,
    state: Path | None = None,
) -> Plan:
    """Parse and validate ``data``; nothing is written. ``plan.ok`` tells whether it may be committed."""
    sha = hashlib.sha256(data).hexdigest()
    import_id = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{sha[:8]}-{secrets.token_hex(2)}"
    checker = Checker()
    counts = {"lines": 0, "skipped_empty": 0, "replaces": 0}
    plan = Plan(import_id, kind or "", Path(file_name).name[:200], sha, len(data), source, pd.DataFrame())
    for code in source_problems(source):
        checker.add(None, "source", code)
    try:
        table = read_table(data, file_name)
    except ImportRejected as error:
        plan.issues = [*checker.issues, Issue(None, None, "unreadable", str(error))]
        return plan
    plan.kind = kind or _detect_kind(table.columns)
    if plan.kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    db_path = db_path or database_path()
    with db.connect(db_path, read_only=True) as con:
        index = CountyIndex(db.run(con, "import_counties"), db.run(con, "import_renames"))
        catalog = db.run(con, "import_catalog")
        totals = db.run(con, "import_key_county_totals") if plan.kind == "key_counties" else None
    context = Context(table, index, catalog, checker, counts, import_id, source, year, datum, totals)
    rows, plan.layout = NORMALIZERS[plan.kind](context)
    counts["lines"], plan.encoding = len(table.rows), table.encoding
    del table, context  # the text cells are the bulk of the memory: free them before the typed rows are built
    plan.rows = pd.DataFrame(rows, columns=list(versions.ROW_COLUMNS[plan.kind])).astype(
        versions.ROW_COLUMNS[plan.kind]
    )
    del rows
    counts.update(rows=len(plan.rows), replaces=_overlap(db_path, plan.kind, plan.rows))
    if counts["replaces"]:
        checker.add(None, None, "replaces", str(counts["replaces"]), severity="warning")
    if counts["skipped_empty"]:
        checker.add(None, None, "skipped_empty", str(counts["skipped_empty"]), severity="warning")
    if plan.rows.empty and not checker.issues:
        checker.add(None, None, "empty")
    state = state or versions.state_dir()
    active = set(versions.active_imports(state))
    if any(r.get("sha256") == sha and r.get("import_id") in active for r in versions.audit_log(state)):
        checker.add(None, None, "already_imported", sha[:12])
    plan.issues, plan.counts = checker.finish(), counts
    return plan


def commit(
    plan: Plan,
    user: str,
    *,
    base: Path | None = None,
    state: Path | None = None,
    report: versions.Report = print,
) -> str:
    """Write a clean plan as a new database version; returns the version now served."""
    if not plan.ok:
        raise ImportRejected("校验报告有错误，未写入任何内容 / the report has errors; nothing was written")
    if not user.strip():
        raise ImportRejected("需要登录用户 / a signed-in user is required")
    assert plan.source is not None  # a clean plan has a declared source
    manifest = {
        "import_id": plan.import_id,
        "kind": plan.kind,
        "file_name": plan.file_name,
        "sha256": plan.sha256,
        "size": plan.size,
        "encoding": plan.encoding,
        "layout": plan.layout,
        "user": user.strip(),
        "imported_at": versions.now(),
        "source": {
            "title": plan.source.title.strip(),
            "publisher": plan.source.publisher,
            "url": plan.source.url,
            "license": plan.source.license,
            "year": plan.source.year,
            "verified": plan.source.verified,
        },
        "counts": plan.counts,
    }
    return versions.commit_import(manifest, plan.rows, base=base, state=state, report=report)
