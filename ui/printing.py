"""「打印/导出图片」 on every map page: the page's current state rendered on the server
(``geo.printmap.render_view``, matplotlib) as PNG or PDF.

A page describes what it shows as a :class:`geo.printmap.PrintView`; the helpers here turn
a choropleth or the support levels into that view's legend and add the list-completeness
hatching and footer line, so each page only names its title, place and sources.
"""

from __future__ import annotations

import hashlib
import re

import streamlit as st

from geo import printmap
from geo.classify import Choropleth
from geo.completeness import print_line
from geo.i18n import translator
from ui import safe
from ui.completeness import incomplete
from ui.state import cursor

LABELS: dict[str, tuple[str, str]] = {
    "print": ("打印/导出图片", "Print / export image"),
    "format": ("格式", "Format"),
    "render": ("生成当前地图", "Render this map"),
    "download": ("下载", "Download"),
    "stale": ("地图已改变，请重新生成。", "The map has changed: render again."),
    "failed": ("无法生成打印图：{error}", "Could not render the print: {error}"),
    "note": (
        "按当前视图在服务器上绘制：标题、图例与单位、年份、来源（含核实标记）、比例尺（公里）、指北针、"
        "全国视图含南海诸岛附图、坐标系与日期。",
        "Drawn on the server from the current view: title, legend with unit, year, sources (with their "
        "verification), scale bar (km), north arrow, the South China Sea inset on national views, datum and date.",
    ),
}


def choropleth_legend(choro: Choropleth) -> tuple[list[tuple[str, str]], str]:
    """(legend rows with counts, legend title with unit and year) of a choropleth."""
    zh = choro.lang == "zh"
    rows = [(row.color, f"{row.label}（{row.count}）" if zh else f"{row.label} ({row.count})") for row in choro.rows]
    return rows, f"{choro.title}  {choro.header}".strip()


def completeness(lang: str, province: str | None = None) -> dict:
    """``incomplete`` and ``notes`` arguments of a PrintView for the provinces in view."""
    found = incomplete(province)
    return {"incomplete": {p.adcode: p.label(lang) for p in found}, "notes": [print_line(found, lang)] if found else []}


def _signature(view: printmap.PrintView) -> str:
    return hashlib.sha256(repr(view).encode("utf-8")).hexdigest()[:16]


def _file_stem(title: str) -> str:
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", title).strip("_")
    return (stem or "map")[:60]


def print_action(view: printmap.PrintView, key: str, lang: str, where=st) -> None:
    """A popover with PNG/PDF choice, a render button and, once rendered, the download.

    A popover rather than an expander: the browser renders a closed popover's contents only when
    it is opened, so the print controls do not delay the page's map (docs/performance.md).

    The file offered always matches the current view: after a change the old file is
    withdrawn and the button renders again.
    """
    t = translator(lang, LABELS)
    state_key = f"_print_{key}"
    with where.popover(t("print"), icon=":material/print:", width="stretch"):
        fmt = st.segmented_control(t("format"), ["pdf", "png"], default="pdf", key=f"{key}_fmt",
                                   format_func=str.upper) or "pdf"
        def signature() -> str:  # only when there is a file to match (not on every run)
            return _signature(view) + fmt + lang

        if st.button(t("render"), key=f"{key}_render", type="primary"):
            try:
                with st.spinner():
                    data = printmap.render_view(cursor(), view, fmt=fmt, lang=lang)
                st.session_state[state_key] = (signature(), fmt, data)
            except (ValueError, OSError, RuntimeError) as error:
                safe.error(t("failed"), error=type(error).__name__)
        made = st.session_state.get(state_key)
        if made and made[0] == signature():
            _, made_fmt, data = made
            st.download_button(
                f"{t('download')} {made_fmt.upper()}", data, file_name=f"{_file_stem(view.title)}.{made_fmt}",
                mime="application/pdf" if made_fmt == "pdf" else "image/png", key=f"{key}_download",
                on_click="ignore",
            )
        elif made:
            st.caption(t("stale"))
        st.caption(t("note"))
