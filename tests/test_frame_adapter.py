"""ui/frame.py relies on Streamlit's private PagesManager.uses_pages_directory: fail here when an upgrade changes it."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui import frame

ROOT = Path(__file__).resolve().parent.parent


def test_written_for_this_streamlit() -> None:
    assert st.__version__ == frame.STREAMLIT_VERSION, "re-check ui/frame.py against PagesManager, then bump"


def test_pages_folder_next_to_app_turns_on_legacy_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(str(ROOT / "app.py"))
    assert frame.in_legacy_mode()


def test_require_app_frame_switches_the_process_off_legacy_mode_and_reruns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    reruns: list[bool] = []
    monkeypatch.setattr(st, "rerun", lambda: reruns.append(True))
    frame.require_app_frame()
    assert reruns == [True] and not frame.in_legacy_mode()
    PagesManager(str(ROOT / "app.py"))  # a later session's manager keeps the process in v2 mode
    assert not frame.in_legacy_mode()
    frame.require_app_frame()
    assert reruns == [True]
