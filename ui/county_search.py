"""Find a county: type a name, a former name or an adcode, then pick from a short list.

The one home for it, instead of a select box listing all 2,875 counties (that list alone was
~155 kB per page load and a third of a second of browser work before the map could appear).
``county_search`` chooses one county whose adcode lives in the URL (``?<key>=530627``);
``county_adder`` hands each county found to a callback (the workbench adds it to a selection).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple

import streamlit as st

from ui import memo, safe
from ui.state import db_version, query, tr
from ui.url import PageState

LABELS = {
    "search": ("搜索县（名称、曾用名或代码）", "Find a county (name, former name or code)"),
    "search_hint": ("如：镇雄、黔西县、530627", "e.g. 镇雄, 黔西县, 530627"),
    "search_pick": ("{n} 个匹配，请选择", "{n} matches: choose one"),
    "search_more": ("只列出前 {n} 个，请输入更完整的名称", "First {n} shown: type more of the name"),
    "search_none": ("没有找到“{q}”。", "No county matches “{q}”."),
    "search_former": ("曾用名", "formerly"),
    "search_found": ("已定位：", "Found: "),
    "add": ("添加县（名称、曾用名或代码）", "Add a county (name, former name or code)"),
    "added": ("已添加：", "Added: "),
}
MAX_MATCHES = 50
MAX_QUERY = 30


def _label(row: Any, t: Any) -> str:
    former = f"，{t('search_former')} {row.former_name}" if isinstance(row.former_name, str) else ""
    return f"{row.name} · {row.prefecture} · {row.province}（{row.adcode}{former}）"


class Match(NamedTuple):
    """A county found by a search."""

    adcode: str
    name: str
    prefecture: str
    province: str
    support_level: str | None
    former_name: str | None  # the former name that matched, if a former name or code did


def _matches(text: str) -> tuple[Match, ...]:
    """Counties matching what was typed; full-width digits from a Chinese input method read as ASCII (NFKC)."""
    return _found(db_version(), unicodedata.normalize("NFKC", text).strip())


COLUMNS = ["adcode", "name", "prefecture", "province", "support_level"]


@memo.shared(maxsize=4)
def _searchable(version: tuple[str, float]) -> tuple[tuple[tuple, ...], tuple[tuple[str, str, str], ...]]:
    """(every county's row of COLUMNS, key counties first; every (adcode, former name, former code))."""
    counties = query("county_search")[COLUMNS]
    former = query("county_former_names")
    return tuple(counties.itertuples(index=False, name=None)), tuple(former.itertuples(index=False, name=None))


@memo.shared(maxsize=512)
def _found(version: tuple[str, float], text: str) -> tuple[Match, ...]:
    """The first MAX_MATCHES counties (key counties first) whose name contains ``text`` or whose
    code starts with it, or that had such a former name or code (``former_name``: the first such
    name). Matched in memory: a query per search was ≈10 ms of opening a county. Rows, not a
    frame: a frame's copy, ``iloc`` and ``itertuples`` were ≈1 ms of every visit to a county's link."""
    counties, renames = _searchable(version)
    former: dict[str, str] = {}
    for adcode, old_name, old_adcode in renames:
        named = isinstance(old_name, str) and text in old_name
        if named or (isinstance(old_adcode, str) and old_adcode.startswith(text)):
            if isinstance(old_name, str) and (adcode not in former or old_name < former[adcode]):
                former[adcode] = old_name
            else:
                former.setdefault(adcode, None)  # type: ignore[arg-type]  # a code matched, no name
    rows = [row for row in counties if text in row[1] or row[0].startswith(text) or row[0] in former][:MAX_MATCHES]
    return tuple(Match(*row, former.get(row[0])) for row in rows)


def _match_list(
    container: Any, found: tuple[Match, ...], t: Callable[[str], str], pick_key: str, *,
    current: str | None = None, on_change: Callable[[], None] | None = None,
) -> str | None:
    """The select box of several matches (``current`` preselected if among them), with a note
    when the list was cut at MAX_MATCHES; returns the chosen adcode."""
    labels = {row.adcode: _label(row, t) for row in found}
    codes = list(labels)
    chosen = container.selectbox(
        t("search_pick").format(n=len(found)), codes, index=codes.index(current) if current in labels else None,
        format_func=labels.get, key=pick_key, placeholder=t("choose"), on_change=on_change,
    )
    if len(found) == MAX_MATCHES:
        safe.caption(t("search_more"), n=MAX_MATCHES, on=container)
    return chosen


def _search_box(
    container: Any, label: str, text_key: str, on_change: Callable[[], None], t: Callable[[str], str]
) -> tuple[Match, ...] | None:
    """The search text box: the matches of its text (None while it is empty), with the note when
    there are none."""
    text = container.text_input(
        label, key=text_key, placeholder=t("search_hint"), max_chars=MAX_QUERY, on_change=on_change
    ).strip()
    if not text:
        return None
    found = _matches(text)
    if not found:
        safe.caption(t("search_none"), q=text, on=container)
    return found


def county_search(container: Any, state: PageState, key: str) -> str | None:
    """The adcode chosen in ``container`` (or brought by the page's URL parameter ``key``), else None."""
    t = tr(LABELS)
    text_key, pick_key = f"{key}_q", f"{key}_pick"
    if state.fresh or key not in st.session_state:  # a link (or a slide) may name a county
        st.session_state[key] = state.get(key)
        st.session_state.pop(pick_key, None)
        st.session_state[text_key] = st.session_state[key] or ""

    def _new_search() -> None:
        st.session_state[key] = None
        st.session_state.pop(pick_key, None)

    found = _search_box(container, t("search"), text_key, _new_search, t)
    if found is not None and len(found) == 1:
        st.session_state[key] = found[0].adcode
        safe.caption("{}{}", t("search_found"), _label(found[0], t), on=container)
    elif found is not None and len(found) > 1:
        st.session_state[key] = _match_list(container, found, t, pick_key, current=st.session_state[key])
    selected = st.session_state[key]
    state.put(key, selected)
    return selected


def county_adder(container: Any, key: str, on_pick: Callable[[str], None]) -> None:
    """A search box whose county is given to ``on_pick`` once: at once when the text finds one
    county, else when one of the matches is picked; the box is then emptied for the next one.

    Session keys ``<key>_q`` (text), ``<key>_pick`` (the match list) and ``<key>_added``.
    """
    t = tr(LABELS)
    text_key, pick_key, added_key = f"{key}_q", f"{key}_pick", f"{key}_added"

    def _take(row: Any) -> None:
        on_pick(row.adcode)
        st.session_state[added_key] = _label(row, t)
        st.session_state[text_key] = ""
        st.session_state.pop(pick_key, None)

    def _searched() -> None:
        st.session_state.pop(added_key, None)
        text = st.session_state[text_key].strip()
        found = _matches(text) if text else None
        if found is not None and len(found) == 1:
            _take(found[0])

    def _picked() -> None:
        code = st.session_state.get(pick_key)
        rows = [r for r in _matches(st.session_state[text_key].strip()) if r.adcode == code]
        if rows:
            _take(rows[0])

    found = _search_box(container, t("add"), text_key, _searched, t)
    if found:
        _match_list(container, found, t, pick_key, on_change=_picked)
    elif found is None and st.session_state.get(added_key):
        safe.caption("{}{}", t("added"), st.session_state[added_key], on=container)
