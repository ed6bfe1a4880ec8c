"""Where the repository keeps its inputs, queries and the built database."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
STATIC_DIR = ROOT / "static"


def database_path() -> Path:
    """The database the app reads; ``ATLAS_DB`` overrides it (tests, replicas)."""
    override = os.environ.get("ATLAS_DB")
    return Path(override) if override else DATA_DIR / "atlas.duckdb"
