"""Search-to-zoom for one county: type a name, a former name or an adcode, then pick.

A text box with a short list of matches, instead of a select box listing all 2,875
counties: that list alone was ~155 kB per page load and a third of a second of browser
work before the map could appear. The chosen adcode lives in the URL (``?<key>=530627``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui import safe
from ui.state import query, tr
from ui.url import PageState

LABELS = {
    "search": ("搜索县（名称、曾用名或代码）", "Find a county (name, former name or code)"),
    "search_hint": ("如：镇雄、黔西县、530627", "e.g. 镇雄, 黔西县, 530627"),
    "search_pick": ("{n} 个匹配，请选择", "{n} matches: choose one"),
    "search_more": ("只列出前 {n} 个，请输入更完整的名称", "First {n} shown: type more of the name"),
    "search_none": ("没有找到“{q}”。", "No county matches “{q}”."),
    "search_former": ("曾用名", "formerly"),
    "search_found": ("已定位：", "Found: "),
}
MAX_MATCHES = 50
MAX_QUERY = 30


def _label(row: Any, t: Any) -> str:
    former = f"，{t('search_former')} {row.former_name}" if isinstance(row.former_name, str) else ""
    return f"{row.name} · {row.prefecture} · {row.province}（{row.adcode}{former}）"


def _matches(text: str) -> pd.DataFrame:
    return query("county_search", {"q": text, "limit": MAX_MATCHES})


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

    text = container.text_input(
        t("search"), key=text_key, placeholder=t("search_hint"), max_chars=MAX_QUERY, on_change=_new_search
    ).strip()
    if text:
        found = _matches(text)
        if found.empty:
            safe.caption(t("search_none"), q=text, on=container)
        elif len(found) == 1:
            st.session_state[key] = found.adcode.iloc[0]
            safe.caption("{}{}", t("search_found"), _label(next(found.itertuples(index=False)), t), on=container)
        else:
            labels = {row.adcode: _label(row, t) for row in found.itertuples(index=False)}
            current = st.session_state[key]
            chosen = container.selectbox(
                t("search_pick").format(n=len(found)),
                list(labels),
                index=list(labels).index(current) if current in labels else None,
                format_func=labels.get,
                key=pick_key, placeholder=t("choose"),
            )
            st.session_state[key] = chosen
            if len(found) == MAX_MATCHES:
                safe.caption(t("search_more"), n=MAX_MATCHES, on=container)
    selected = st.session_state[key]
    state.put(key, selected)
    return selected
