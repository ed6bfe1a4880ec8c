"""Key County Atlas (重点帮扶县地图): entry point and shared frame for every page.

Run ``streamlit run app.py``. On first start the database is built from ``data/`` and
the browser assets are copied from their PyPI packages into ``static/vendor``.
"""

from __future__ import annotations

from ui.frame import require_app_frame

require_app_frame()  # first, before slow imports: leave Streamlit's legacy pages/ mode (its file-name list)

from ui import startup  # noqa: E402

startup.begin()  # a missing or stale database starts building in a second process, beside the imports below

import altair  # noqa: E402, F401  (imported once here: two sessions importing it at once can deadlock)
import streamlit as st  # noqa: E402

from geo.i18n import LANGS  # noqa: E402
from geo.pageschemas import APP  # noqa: E402
from ui import shell, url  # noqa: E402
from ui.auth import require_viewer  # noqa: E402
from ui.present import apply_presentation_mode  # noqa: E402

st.set_page_config(page_title="重点帮扶县地图 Key County Atlas", page_icon=shell.FAVICON, layout="wide")
# Once per process: assets, and the database if missing or stale, with a Chinese progress bar;
# the page list (off in config, so no legacy file list) is switched on when the pages can run.
startup.prepare()

with st.sidebar:
    url.page(APP, follows_navigation=False).bind(
        "lang", st.segmented_control, "语言 / Language", list(LANGS),
        format_func=lambda code: {"zh": "中文", "en": "English"}[code],
    )

require_viewer()  # viewing is open unless ATLAS_REQUIRE_LOGIN_TO_VIEW=1
navigation = st.navigation(shell.navigation_pages(st.session_state.get("lang") or "zh"))
st.html(shell.STYLE)
apply_presentation_mode()  # may switch to the slide's page with its saved state
navigation.run()
