"""Key County Atlas (重点帮扶县地图): entry point and shared frame for every page.

Run ``streamlit run app.py``. On first start the database is built from ``data/`` and
the browser assets are copied from their PyPI packages into ``static/vendor``.
"""

from __future__ import annotations

from pathlib import Path

import altair  # noqa: F401  (imported once here: two sessions importing it at once can deadlock)
import streamlit as st

from geo.assets import install_assets
from geo.build import ensure_database
from geo.i18n import LANGS, translator
from ui import urlstate
from ui.auth import require_viewer
from ui.present import apply_presentation_mode

PAGES_DIR = Path(__file__).parent / "pages"

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
    urlstate.select(
        st.segmented_control,
        "语言 / Language",
        list(LANGS),
        key="lang",
        default="zh",
        format_func=lambda code: {"zh": "中文", "en": "English"}[code],
    )
t = translator(st.session_state.get("lang") or "zh")

PAGES = [
    ("overview.py", "overview", ":material/map:", True),
    ("county.py", "county_profile", ":material/description:", False),
    ("workbench.py", "workbench", ":material/table_chart:", False),
    ("sites.py", "sites", ":material/holiday_village:", False),
    ("infra.py", "infra", ":material/train:", False),
    ("present.py", "present", ":material/slideshow:", False),
    ("data_admin.py", "data_admin", ":material/database:", False),
]

pages = [
    st.Page(PAGES_DIR / file, title=t(label), icon=icon, default=default, url_path=file.removesuffix(".py"))
    for file, label, icon, default in PAGES
]
require_viewer()  # viewing is open unless ATLAS_REQUIRE_LOGIN_TO_VIEW=1
# Less empty space above every page, so the first screen holds the title, figures and map.
st.html("<style>[data-testid='stMainBlockContainer']{padding-top:3.5rem}</style>")
apply_presentation_mode()
st.navigation(pages).run()
