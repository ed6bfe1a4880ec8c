"""Accepted imports stored as files: ``<state>/<import_id>/rows.csv`` + ``manifest.json``."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

IMPORT_ID = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}-[0-9a-f]{4}$")  # geo.importer.plan.check_file

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


def write_import(state: Path, manifest: dict[str, Any], rows: pd.DataFrame) -> Path:
    """Store an accepted import as files (written to a temp dir, then renamed into place)."""
    final = state / manifest["import_id"]
    tmp = state / f".{manifest['import_id']}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        rows[list(ROW_COLUMNS[manifest["kind"]])].to_csv(tmp / "rows.csv", index=False, na_rep="")
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def remove_orphans(state: Path, keep: set[str]) -> list[str]:
    """Drop stored imports no audit record or served version names (left by killed or failed
    commits) and temp folders of killed writers. Call only while holding the writers' lock."""
    removed = []
    for folder in state.iterdir() if state.is_dir() else ():
        temp = folder.name.startswith(".") and folder.name.endswith(".tmp")
        if folder.is_dir() and (temp or (IMPORT_ID.match(folder.name) and folder.name not in keep)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def read_import(state: Path, import_id: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """The manifest and normalized rows of a stored import."""
    folder = state / import_id
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    columns = ROW_COLUMNS[manifest["kind"]]
    rows = pd.read_csv(folder / "rows.csv", dtype=columns, keep_default_na=False, na_values=[""])
    return manifest, rows
