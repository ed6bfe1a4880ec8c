"""DuckDB access: named SQL files from ``queries/`` with bound parameters.

Every statement the app runs lives in ``queries/<name>.sql``; callers pass a name and
parameters, never SQL text. Identifiers that cannot be bound (columns, sort keys) are
checked against an allowlist by the caller before they reach a template.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from geo.paths import QUERIES_DIR, database_path

_QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class UnknownQueryError(KeyError):
    """Raised when a query name does not match a file in ``queries/``."""


def query_names() -> frozenset[str]:
    """The allowlist of query names: the ``.sql`` files that exist."""
    return frozenset(p.stem for p in QUERIES_DIR.glob("*.sql"))


@cache
def sql_text(name: str) -> str:
    """The text of ``queries/<name>.sql``; names outside the allowlist are refused."""
    if not _QUERY_NAME.match(name) or name not in query_names():
        raise UnknownQueryError(name)
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def connect(path: Path | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the atlas database (read-only unless building or importing)."""
    return duckdb.connect(str(path or database_path()), read_only=read_only)


def run(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any] | None = None,
    **template: str,
) -> pd.DataFrame:
    """Run the named query with bound ``params``; ``template`` fills allowlisted identifiers.

    Template values must already be validated identifiers (see ``identifier``).
    """
    text = sql_text(name)
    if template:
        for value in template.values():
            if not _IDENTIFIER.match(value):
                raise ValueError(f"not an identifier: {value!r}")
        text = text.format(**template)
    return con.execute(text, params or {}).df()


def execute(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> None:
    """Run a named statement that returns nothing (DDL, inserts)."""
    con.execute(sql_text(name), params or {})


_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*( (ASC|DESC))?$")


def identifier(value: str, allowed: set[str] | frozenset[str]) -> str:
    """Return ``value`` if it is in ``allowed``; raise otherwise (for sort keys, columns)."""
    if value not in allowed:
        raise ValueError(f"not allowed: {value!r}")
    return value
