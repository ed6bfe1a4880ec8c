"""Make every page run inside app.py's frame (navigation, language, first-start build).

Streamlit treats a top-level ``pages/`` folder as a legacy (v1) multipage app until the
first ``st.navigation`` call in the server process. A first visit straight to, say,
``/workbench`` would then run ``pages/workbench.py`` alone and skip ``app.py``.

There is no public switch for this (the folder name ``pages/`` is fixed by the project
layout), so this is the one module that touches Streamlit's private
``PagesManager.uses_pages_directory``; it is written against Streamlit 1.67 and
``tests/test_frame_adapter.py`` fails when an upgrade changes that flag's behaviour
(``tests/browser/test_frame.py`` checks the result in a browser).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

STREAMLIT_VERSION = "1.67.0"


def in_legacy_mode() -> bool:
    """True while the process still treats ``pages/`` as a v1 multipage app."""
    return bool(PagesManager.uses_pages_directory)


def require_app_frame() -> None:
    """If this page was started in legacy mode, switch the process to app.py's navigation and rerun."""
    if in_legacy_mode():
        PagesManager.uses_pages_directory = False
        st.rerun()
