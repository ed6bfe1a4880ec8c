"""Widgets whose state lives in the URL as codes, not display labels.

Streamlit's ``bind="query-params"`` writes the ``format_func`` label into the URL
(streamlit#14224), so a Chinese label would end up in a shared link and break when the
language changes. These wrappers read the code from the URL once per session, validate
it against the options (anything else falls back to the default), and write the code
back after each run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_SEEDED = "_url_seeded"


def _seed(key: str, options: Sequence[Any], multi: bool = False) -> None:
    """Copy a valid URL value into the widget state the first time this key is seen."""
    seeded: set[str] = st.session_state.setdefault(_SEEDED, set())
    if key in seeded:
        return
    seeded.add(key)
    by_text = {str(option): option for option in options if option is not None}
    if multi:
        chosen = [by_text[value] for value in st.query_params.get_all(key) if value in by_text]
        if chosen:
            st.session_state[key] = chosen
    else:
        value = st.query_params.get(key)
        if value in by_text:
            st.session_state[key] = by_text[value]


def _publish(key: str, value: Any, default: Any) -> None:
    if value is None or value == default or value == []:
        if key in st.query_params:
            del st.query_params[key]
    elif isinstance(value, list):
        st.query_params[key] = [str(item) for item in value]
    else:
        st.query_params[key] = str(value)


def select(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    **kwargs: Any,
) -> Any:
    """A single-choice widget (selectbox, radio, segmented_control) bound to ``?key=<code>``."""
    _seed(key, options)
    if key not in st.session_state:
        st.session_state[key] = default if default in options else options[0]
    if st.session_state[key] not in options:
        st.session_state[key] = default if default in options else options[0]
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    _publish(key, value, default)
    return value


def multiselect(
    label: str, options: Sequence[Any], *, key: str, format_func: Callable[[Any], str] = str, **kwargs: Any
) -> list[Any]:
    """``st.multiselect`` bound to ``?key=a&key=b`` (codes)."""
    _seed(key, options, multi=True)
    if key in st.session_state:
        st.session_state[key] = [value for value in st.session_state[key] if value in options]
    value = st.multiselect(label, options, key=key, format_func=format_func, **kwargs)
    _publish(key, value, [])
    return value


def number(widget: Callable[..., Any], label: str, *, key: str, default: Any, parse: Callable[[str], Any], **kwargs: Any) -> Any:
    """A free-value widget (slider, text input) bound to ``?key=value``; bad URL values are ignored."""
    seeded: set[str] = st.session_state.setdefault(_SEEDED, set())
    if key not in seeded:
        seeded.add(key)
        raw = st.query_params.get(key)
        if raw is not None:
            try:
                st.session_state[key] = parse(raw)
            except (TypeError, ValueError):
                pass
    if key not in st.session_state:
        st.session_state[key] = default
    value = widget(label, key=key, **kwargs)
    _publish(key, value, default)
    return value
