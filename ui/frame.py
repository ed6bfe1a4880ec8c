"""Make every page run inside app.py's frame (navigation, language, first-start build).

Streamlit treats a top-level ``pages/`` folder as a legacy (v1) multipage app until the
first ``st.navigation`` call in the server process. A first visit straight to, say,
``/workbench`` would then run ``pages/workbench.py`` alone and skip ``app.py``.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_app_frame() -> None:
    """If this page was started in legacy mode, switch the process to app.py's navigation and rerun."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
