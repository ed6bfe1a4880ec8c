"""The gap figures (geo.gap) for one indicator and year pair, computed once per process and
database version and shared by every session (差距监测 page, county profile)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import gap
from ui.state import db_version, query


@st.cache_data(show_spinner=False, max_entries=128)
def _frames(
    version: tuple[str, float], indicator: str, first: int, latest: int
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    values = query("gap_values", {"indicator": indicator, "first": first, "latest": latest})
    rows = gap.county_table(gap.panel(values, first, latest))
    return values, rows, gap.coverage(values, first, latest)


def gap_frames(indicator: str, first: int, latest: int) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """(yearly values, per-county table of the both-years panel, coverage counts)."""
    return _frames(db_version(), indicator, int(first), int(latest))


def series() -> pd.DataFrame:
    """Yearly series of the catalogue (two or more years), indexed by indicator_id."""
    return gap.yearly_series(query("indicator_catalog")).set_index("indicator_id")
