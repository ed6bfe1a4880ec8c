"""Key County Atlas (重点帮扶县地图): entry point and shared frame for every page.

Run ``streamlit run app.py``. On first start the database is built from ``data/`` and
the browser assets are copied from their PyPI packages into ``static/vendor``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.assets import install_assets
from geo.build import ensure_database
from geo.i18n import LANGS, translator
from geo.pageschemas import APP
from ui import url
from ui.auth import require_viewer
from ui.present import apply_presentation_mode
from ui.registry import PAGES

st.set_page_config(page_title="重点帮扶县地图 Key County Atlas", page_icon=str(Path(__file__).parent / "assets" / "favicon.png"), layout="wide")


@st.cache_resource(show_spinner=False)
def _prepare() -> str:
    """Once per server process: local assets, and the database if missing or stale."""
    install_assets()
    messages: list[str] = []
    ensure_database(report=messages.append)
    return "\n".join(messages)


with st.spinner("首次启动：正在从 data/ 构建数据库… Building the database on first start…"):
    _prepare()

with st.sidebar:
    url.page(APP, follows_navigation=False).bind(
        "lang", st.segmented_control, "语言 / Language", list(LANGS),
        format_func=lambda code: {"zh": "中文", "en": "English"}[code],
    )
t = translator(st.session_state.get("lang") or "zh")

pages = [
    st.Page(page.file, title=t(page.label), icon=page.icon, default=page.default, url_path=page.url_path)
    for page in PAGES
]
require_viewer()  # viewing is open unless ATLAS_REQUIRE_LOGIN_TO_VIEW=1
apply_presentation_mode()
st.navigation(pages).run()
