"""Everything a page rendered under AppTest, as strings: labels, texts, metric values,
table headers and text cells, selectbox options as shown, chart titles."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pandas as pd
from streamlit.testing.v1 import AppTest

# "nan", "None", "NaT" as a word or glued to a number (110.3nan), never inside a word (Nanning).
MISSING_WORDS = re.compile(r"(?<![A-Za-z])(nan|NaN|None|NaT|<NA>)(?![A-Za-z])")


def _chart_titles(spec: object) -> Iterator[str]:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "title" and isinstance(value, str):
                yield value
            elif key != "datasets":
                yield from _chart_titles(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _chart_titles(item)


def _frame_text(frame: pd.DataFrame) -> Iterator[str]:
    yield from (str(column) for column in frame.columns)
    for column in frame.columns:
        series = frame[column]
        if not pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            yield from (cell for cell in series.dropna() if isinstance(cell, str))


def element_texts(element: object) -> Iterator[str]:
    """The strings one AppTest element puts on screen."""
    kind = getattr(element, "type", "")
    for attr in ("label", "body", "help", "placeholder"):
        value = getattr(getattr(element, "proto", None), attr, None)
        if isinstance(value, str) and value:
            yield value
    if kind == "dataframe":
        yield from _frame_text(element.value)
    elif kind in ("selectbox", "multiselect", "radio", "button_group", "selectbox"):
        yield from (str(option) for option in getattr(element, "options", []))
    elif kind == "metric":
        yield element.value
        yield element.proto.delta
    elif kind == "vega_lite_chart":
        spec = getattr(element.proto, "spec", "") or "{}"
        yield from _chart_titles(json.loads(spec))
    else:
        value = getattr(element, "value", None)
        if isinstance(value, str):
            yield value


def page_texts(app: AppTest) -> list[str]:
    """Every string rendered by the page, main area and sidebar."""
    found: list[str] = []

    def walk(node: object) -> None:
        for child in getattr(node, "children", {}).values():
            found.extend(element_texts(child))
            walk(child)

    walk(app._tree)  # the element tree has no public iterator; read-only walk
    return found


def missing_markers(app: AppTest) -> list[str]:
    """Rendered strings that show a missing value as nan/None/NaT instead of 无数据."""
    return [text for text in page_texts(app) if MISSING_WORDS.search(text)]
