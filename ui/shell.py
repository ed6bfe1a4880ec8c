"""What app.py's frame emits on every run, made once per process: page icon, style, navigation pages.

app.py is executed afresh for every run of every session, so anything built there is built per
visit; these values depend only on the language (or on nothing) and are kept here instead.
"""

from __future__ import annotations

import base64
import copy

import streamlit as st

from geo.i18n import translator
from geo.paths import ROOT
from ui import memo
from ui.registry import PAGES

# A data URL: Streamlit passes it to the browser as is. Given the file path instead, it reads,
# decodes (PIL) and registers the image as a media file on every run.
FAVICON = "data:image/png;base64," + base64.b64encode((ROOT / "assets" / "favicon.png").read_bytes()).decode("ascii")

# Less empty space above every page, so the first screen holds the title, figures and map; tables in
# st.html elements (ui.safe.html) ruled like Streamlit's Markdown tables.
STYLE = (
    "<style>[data-testid='stMainBlockContainer']{padding-top:3.5rem}"
    ".stHtml table{border-collapse:collapse}"
    ".stHtml th,.stHtml td{border:1px solid rgba(49,51,63,.1);padding:.25rem .375rem}</style>"
)


@memo.shared(maxsize=4)
def _prototypes(language: str) -> tuple[st.Page, ...]:
    t = translator(language)
    return tuple(
        st.Page(page.file, title=t(page.label), icon=page.icon, default=page.default, url_path=page.url_path)
        for page in PAGES
    )


def navigation_pages(language: str) -> list[st.Page]:
    """The app's pages for ``st.navigation``, titled in ``language``.

    Each run gets its own copies: ``st.navigation`` marks the page it returns as the one this
    run may execute, so one object shared by two sessions could be marked by one and run by
    the other. A copy costs microseconds; building a page (path resolution, icon check) ~0.15 ms.
    """
    return [copy.copy(page) for page in _prototypes(language)]
