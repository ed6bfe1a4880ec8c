"""Where the repository keeps its inputs, queries and the built database."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
STATIC_DIR = ROOT / "static"


def database_path() -> Path:
    """The database the app reads: the current version (base build + accepted imports).

    The base build is ``data/atlas.duckdb``, or ``ATLAS_DB`` (tests, replicas); with no
    imports, or no ``<base stem>.versions/CURRENT`` next to it, the base itself is read.
    """
    from geo.versions import current_database  # deferred: geo.versions imports this module

    return current_database()
