"""Shared fixtures: the real database built from data/ (once per test session)."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from geo import db
from geo.build import ensure_database


@pytest.fixture(scope="session")
def atlas_db() -> str:
    """Path of the database built from the committed inputs (built if missing or stale)."""
    return str(ensure_database(report=lambda _msg: None))


@pytest.fixture()
def con(atlas_db: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the atlas database."""
    connection = db.connect(read_only=True)
    try:
        yield connection
    finally:
        connection.close()
