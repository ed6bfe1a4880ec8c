"""Chinese text for ``st.file_uploader``'s own chrome ("Upload", "20MB per file • CSV…").

Streamlit has no option for these strings, so in Chinese mode a style hides the English
size/type line (our label already says ≤20 MB, CSV or XLSX) and relabels the button. It
relies on Streamlit's ``data-testid`` names: the one unavoidable internal, kept here alone;
tests/browser/test_chinese_screens.py fails if an upgrade renames them (English returns).
"""

from __future__ import annotations

import streamlit as st

from ui.state import lang

CSS = (
    "<style>"
    '[data-testid="stFileUploaderDropzoneInstructions"]{display:none}'
    '[data-testid="stFileUploaderDropzone"] button *:not([data-testid="stIconMaterial"]){font-size:0!important}'
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stIconMaterial"]{font-size:1.1rem!important}'
    '[data-testid="stFileUploaderDropzone"] button::after{font-size:.9rem;content:"选择文件"}'
    "</style>"
)


def localise_file_uploaders() -> None:
    """In Chinese mode, the uploaders on this page show 选择文件 and no English size line."""
    if lang() != "zh":
        return
    st.html(CSS)
