"""Building versions: a copy of the base build with imports applied; listing and pruning them."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from geo import db
from geo.versions.layout import BASE, Report, base_database_path, now, read_pointer, versions_dir, write_atomic
from geo.versions.store import read_import

KEEP_VERSIONS = 5

# Statements per kind, run against the registered ``import_rows``; True: it binds $source_id.
APPLY_STATEMENTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "indicators": (("import_indicators_delete", False), ("import_indicators_insert", True)),
    "key_counties": (("import_key_counties_update", False),),
    "sites": (("import_sites_delete", False), ("import_sites_insert", True)),
}


def source_id_for(import_id: str) -> str:
    """The ``sources.source_id`` of an import's values."""
    return f"import_{import_id}"


def apply_import(con: duckdb.DuckDBPyConnection, manifest: dict[str, Any], rows: pd.DataFrame) -> None:
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


def base_stamp(base: Path) -> str:
    """Identifies one base build (inputs digest + build time): a rebuild invalidates versions."""
    with db.connect(base, read_only=True) as con:
        meta = dict(db.run(con, "versions_meta").itertuples(index=False))
    return f"{meta.get('inputs_digest')}@{meta.get('built_at')}"


def versions(base: Path | None = None) -> list[dict[str, Any]]:
    """Kept versions, newest first, each with its imports, reason and whether it is current."""
    base = base or base_database_path()
    vdir = versions_dir(base)
    current = read_pointer(vdir)
    found = []
    for sidecar in sorted(vdir.glob("v*.json"), reverse=True):
        if (vdir / f"{sidecar.stem}.duckdb").exists():
            info = json.loads(sidecar.read_text(encoding="utf-8"))
            found.append({**info, "current": info["version"] == current})
    return found


def next_name(vdir: Path) -> str:
    numbers = [int(p.stem[1:]) for p in vdir.glob("v*.json") if p.stem[1:].isdigit()]
    return f"v{max(numbers, default=0) + 1:06d}"


def materialize(
    base: Path, state: Path, vdir: Path, imports: list[str], stamp: str, reason: str, user: str, report: Report
) -> str:
    """Write a new version = base + ``imports``; return its name (pointer not moved)."""
    name = next_name(vdir)
    tmp = vdir / f"{name}.duckdb.tmp"
    report(f"copying the base build into {name}")
    try:  # a full disk or read-only folder anywhere below leaves no partial copy
        shutil.copyfile(base, tmp)
        with duckdb.connect(str(tmp)) as con:
            for import_id in imports:
                manifest, rows = read_import(state, import_id)
                report(f"applying import {import_id} ({len(rows):,} rows)")
                apply_import(con, manifest, rows)
            if imports:  # imported values and key-county lists change the derived ranks
                db.execute(con, "derive_county_ranks")
            for key, value in {"version": name, "imports": json.dumps(imports), "base_stamp": stamp}.items():
                db.execute(con, "versions_meta_set", {"key": key, "value": value})
            db.execute(con, "versions_checkpoint")
        info = {"version": name, "created_at": now(), "imports": imports, "base_stamp": stamp}
        write_atomic(vdir / f"{name}.json", json.dumps({**info, "reason": reason, "user": user}, ensure_ascii=False))
        try:
            os.replace(tmp, vdir / f"{name}.duckdb")
        except OSError:
            (vdir / f"{name}.json").unlink(missing_ok=True)
            raise
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    report(f"version {name} written")
    return name


def version_for(base: Path, state: Path, vdir: Path, imports: list[str], reason: str, user: str, report: Report) -> str:
    """A version holding exactly ``imports`` on the current base: reuse a kept one or build it."""
    if not imports:
        return BASE
    stamp = base_stamp(base)
    for info in versions(base):
        if info["imports"] == imports and info["base_stamp"] == stamp:
            return info["version"]
    return materialize(base, state, vdir, imports, stamp, reason, user, report)


def prune(vdir: Path) -> None:
    """Keep the newest ``keep`` versions and the current one; drop leftovers of killed writers."""
    for leftover in vdir.glob("*.tmp*"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
    current = read_pointer(vdir)
    names = sorted((p.stem for p in vdir.glob("v*.json")), reverse=True)
    for name in names[KEEP_VERSIONS:]:
        if name != current:
            (vdir / f"{name}.duckdb").unlink(missing_ok=True)
            (vdir / f"{name}.json").unlink(missing_ok=True)


def point(vdir: Path, name: str) -> None:
    write_atomic(vdir / "CURRENT", name + "\n")
    prune(vdir)
