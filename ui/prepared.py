"""Tables and charts prepared once per process, emitted per run without redoing their conversion.

``st.dataframe(frame)`` converts a pandas frame to Arrow on every run, and ``st.altair_chart``
turns the chart into a Vega-Lite dict and its data into Arrow bytes on every run; for a page's
figures that depend only on (database version, language, page parameters) both belong in a
``ui.memo.shared`` value. ``arrow_table`` is the table Streamlit would make (``st.dataframe``
serialises a ``pyarrow.Table`` as is: the bytes sent are the same). ``chart_spec`` is the dict
``st.altair_chart`` would make; ``show_chart`` sends it through the public ``st.vega_lite_chart``.

``chart_spec`` calls Streamlit's private ``_convert_altair_to_vega_lite_spec`` (the conversion
with Streamlit's theme and data transformer, under its lock) and ``spec_over`` that transformer,
``_to_arrow_dataset``: this is the one module that does,
written against Streamlit 1.67; ``tests/test_prepared.py`` fails when an upgrade changes what is
sent. A spec is shared by every session: treat it as read-only (Streamlit shallow-copies it;
its one nested edit, a null legend title to " ", is idempotent).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.elements import vega_charts

STREAMLIT_VERSION = "1.67.0"


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as the Arrow table ``st.dataframe`` would build from it (immutable)."""
    return pa.Table.from_pandas(frame)


def compact_table(frame: pd.DataFrame) -> pa.Table:
    """``frame`` for display in fewer bytes per visit: text columns that repeat (a level, a source,
    a province) as Arrow dictionaries, floats as float32 (7 significant digits: more than any shown
    format), no index. Exports keep the full frame."""
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype == "float64":
            column = column.astype("float32")
        elif pd.api.types.is_string_dtype(column) and column.nunique(dropna=True) <= len(column) // 2:
            column = column.astype("category")
        columns[name] = column.reset_index(drop=True)
    return pa.Table.from_pandas(pd.DataFrame(columns), preserve_index=False)


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec (datasets as Arrow bytes) that ``st.altair_chart(chart)`` sends."""
    return vega_charts._convert_altair_to_vega_lite_spec(chart)


def spec_over(template: dict[str, Any], frame: pd.DataFrame) -> dict[str, Any]:
    """``template`` (a ``chart_spec`` whose one dataset is its top-level data) drawn over ``frame``:
    the spec ``chart_spec`` makes for the same chart over ``frame``, without altair's conversion and
    schema validation (≈10 ms a chart). For charts that differ only in their data, e.g. one county's
    figures: make the template once per axis titles, then this per county. Nested parts are shared."""
    (old,) = template["datasets"]
    if template.get("data") != {"name": old}:
        raise ValueError("spec_over needs a chart whose only dataset is its top-level data")
    datasets: dict[str, Any] = {}
    data = vega_charts._to_arrow_dataset(frame, datasets)  # Streamlit's own naming and Arrow bytes
    return {**template, "data": data, "datasets": datasets}


def show_chart(spec: dict[str, Any], on: Any = None) -> None:
    """Emit a ``chart_spec`` full width, as ``st.altair_chart(chart, width="stretch")`` would."""
    (on or st).vega_lite_chart(spec=spec, width="stretch")
