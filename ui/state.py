"""Session-level state: one read-only DuckDB connection per process, a cursor per session,
query results cached once per process (``ui.memo``) and the UI language (bound to the URL)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from geo import db
from geo.i18n import translator
from geo.provenance import SourceBook
from geo.versions.layout import current_version
from ui import memo


@st.cache_resource(show_spinner=False)
def _connection(path: str, version: float) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file and version (mtime)."""
    return db.connect(Path(path), read_only=True)


def db_version() -> tuple[str, float]:
    """(path, mtime) of the database in use (``geo.paths.database_path``): a new build or import changes the key."""
    return current_version()


def cursor() -> duckdb.DuckDBPyConnection:
    """This session's cursor on the shared read-only connection."""
    version = db_version()
    held = st.session_state.get("_cursor")
    if held is None or held[0] != version:
        held = (version, _connection(*version).cursor())
        st.session_state["_cursor"] = held
    return held[1]


@memo.shared(maxsize=512)
def _cached_query(
    version: tuple[str, float], name: str, params: tuple[tuple[str, Any], ...], template: tuple[tuple[str, str], ...]
) -> pd.DataFrame:
    bound = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
    return db.run(_connection(*version).cursor(), name, bound, **dict(template))


def query(name: str, params: dict[str, Any] | None = None, **template: str) -> pd.DataFrame:
    """Result of ``queries/<name>.sql`` with bound params, cached per database version."""
    frozen = tuple(sorted((params or {}).items(), key=lambda item: item[0]))
    frozen = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in frozen)
    return _cached_query(db_version(), name, frozen, tuple(sorted(template.items())))


@memo.shared(maxsize=4)
def source_book(version: tuple[str, float]) -> SourceBook:
    """The ``sources`` table as a SourceBook, made once per database version (read-only, shared)."""
    return SourceBook(query("sources_list"))


def lang() -> str:
    """The UI language chosen in the sidebar ('zh' default, 'en')."""
    return st.session_state.get("lang", "zh") or "zh"


def tr(*labels: dict[str, tuple[str, str]]) -> Callable[[str], str]:
    """A translator for the current language over common and page labels."""
    return translator(lang(), *labels)
