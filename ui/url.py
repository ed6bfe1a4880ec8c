"""Widgets bound to their page's URL schema (``geo/pageschemas.py``): the one way pages keep
state in the link.

A page calls ``state = url.page(SCHEMA)`` once near its top, then creates each URL-backed
widget through ``state.bind(name, st.selectbox, label, options, ...)``.

**Who wins.** The URL seeds the widgets only when it is new to the session: the page's first
run, a navigation to it from another page, or a jump made with :func:`switch_page` (a slide
change). On every other run the widget values are the truth and the URL is written from them.
A rerun started by a quick second click carries the browser's URL from *before* the first
click was written back; if that URL were read again, it would undo the first click
("quick clicks undone"). So it is never read again.

**Codes, not labels.** Streamlit's ``bind="query-params"`` writes the ``format_func`` label
into the URL (streamlit#14224), so a Chinese label would land in a shared link, and it raises
``Cannot directly set query parameter … bound to a widget`` when ``st.switch_page`` brings a
value for it. This module writes codes (``geo.urlschema.encode``) and is used instead of
``bind=`` everywhere; drop it for ``bind=`` once Streamlit can bind a ``format_func`` widget
to a code (streamlit#14224).

Values that do not validate are dropped with one notice per page, in plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from geo import pageschemas, urlschema
from geo.urlschema import Param, Schema
from ui import memo, safe
from ui.state import db_version, lang, query

_STORE = "_url_store"  # page → {"values": {...}, "dropped": [...]}
_NAV = "_url_nav"  # page that must seed from its URL on its next run (set by switch_page)
_LAST = "_url_last_page"  # the page of the previous run, to tell a navigation from a rerun
_MISSING = object()


@memo.shared(maxsize=4)
def _vocabulary(version: tuple[str, float]) -> dict[str, Any]:
    return pageschemas.vocabulary(
        query("province_list"), query("prefecture_list", {"province": None}), query("county_list"),
        query("indicator_catalog"),
    )


def vocabulary() -> dict[str, Any]:
    """The data-dependent codes of the schemas, for the database in use."""
    return _vocabulary(db_version())


def _raw_query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def _fresh(page: str, follows_navigation: bool) -> bool:
    """True when this run's URL is new to the session for ``page`` (see the module docstring)."""
    state = st.session_state
    known = page in state.get(_STORE, {})
    if not follows_navigation:
        return not known
    nav = state.pop(_NAV, None)
    last = state.get(_LAST)
    state[_LAST] = page
    return not known or nav == page or last != page


class PageState:
    """One run's view of a page's URL state: bind widgets, read and write values."""

    def __init__(self, schema: Schema, vocab: Mapping[str, Any], fresh: bool) -> None:
        self.schema = schema
        self.vocab = vocab
        self.params: dict[str, Param] = schema.expand(vocab)
        self.fresh = fresh
        session = st.session_state
        store = session.setdefault(_STORE, {})
        raw = _raw_query()
        # This page's part of the URL as the run sees it, kept in step with every write (``put``):
        # Streamlit's query-params and session-state proxies cost ~10 µs a lookup (a missing key
        # raises inside), and the workbench has 65 parameters.
        self._url: dict[str, list[str]] = {name: texts for name, texts in raw.items() if name in self.params}
        if fresh:
            values, dropped = urlschema.parse(schema, raw, vocab)
            store[schema.page] = {"values": values, "dropped": dropped}
            held = set(session)
            for name, value in values.items():
                # A default need not be seeded where no widget value is held: ``get`` and ``bind``
                # fall back to the record, which holds the same value.
                if name in held or value != self.params[name].empty():
                    session[name] = value
            current: Mapping[str, Any] = values
        else:
            current = session.to_dict()
        self._record = store[schema.page]
        # Canonical URL from the start of the run: refused values leave it, and on a rerun a
        # stale browser URL is brought back in line with the widgets (the truth).
        for name in self.params:
            self.put(name, current.get(name, self._record["values"][name]))

    @property
    def dropped(self) -> list[urlschema.Dropped]:
        return self._record["dropped"]

    def get(self, name: str) -> Any:
        """The current value of ``name`` (the widget's, else the last known, else the default)."""
        if name in st.session_state:
            return st.session_state[name]
        return self._record["values"].get(name, self.params[name].empty())

    def put(self, name: str, value: Any) -> None:
        """Remember ``value`` for ``name`` and write it to the URL (codes; the default removes it)."""
        param = self.params[name]
        self._record["values"][name] = value
        texts = param.encode(value)
        if self._url.get(name, []) == texts:
            return
        if texts:
            st.query_params[name] = texts if param.multiple else texts[0]
            self._url[name] = texts
        else:
            del st.query_params[name]
            del self._url[name]

    def values(self) -> dict[str, Any]:
        """Every parameter's current value."""
        return {name: self.get(name) for name in self.params}

    def link(self) -> dict[str, str | list[str]]:
        """Query parameters (codes, defaults left out) that reproduce this page's state."""
        return urlschema.encode(self.schema, self.values(), self.vocab)

    def bind(
        self,
        name: str,
        widget: Callable[..., Any],
        label: str,
        options: Sequence[Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Create ``widget`` under key ``name`` with its value from this state; returns its value.

        With ``options`` (select boxes, radios, segmented controls, multiselects) a value no
        longer offered falls back to the default, or the first option.
        """
        param = self.params[name]
        current = st.session_state.get(name, _MISSING)
        if current is _MISSING:
            current = st.session_state[name] = self._record["values"].get(name, param.empty())
        if options is not None:
            offered = list(options)
            if param.multiple:
                kept = [value for value in current or () if value in offered]
                if kept != list(current or ()):
                    st.session_state[name] = kept
            elif current not in offered and offered:
                st.session_state[name] = param.empty() if param.empty() in offered else offered[0]
            value = widget(label, offered, key=name, **kwargs)
        else:
            value = widget(label, key=name, **kwargs)
        if param.multiple:
            value = list(value or ())
        self.put(name, value)
        return value

    def show_notice(self) -> None:
        """One plain-text warning listing what the link carried that could not be used."""
        text = urlschema.notice(self.dropped, lang())
        if text:
            with st.container(key=f"url_notice_{self.schema.page}"):
                lines = text.split("\n")  # one line per parameter, each escaped
                safe.warning("  \n".join(["{}"] * len(lines)), *lines)


def page(schema: Schema, *, follows_navigation: bool = True, notice: bool = True) -> PageState:
    """The URL state of the running page (call once per run, before its widgets)."""
    # The app frame's schema (language) needs no data: it runs before the first-start build.
    needs_data = any(isinstance(param.choices, str) for param in schema.params)
    state = PageState(schema, vocabulary() if needs_data else {}, _fresh(schema.page, follows_navigation))
    if notice:
        state.show_notice()
    return state


def switch_page(page: str, query_params: Mapping[str, str | Sequence[str]] | None = None) -> None:
    """``st.switch_page`` to ``pages/<page>.py`` whose widgets are then seeded from ``query_params``."""
    st.session_state[_NAV] = page
    st.switch_page(f"pages/{page}.py", query_params=dict(query_params or {}))
