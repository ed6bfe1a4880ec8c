"""会议模式 page (AppTest): decks listed, bad files reported, decks and slides edited on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import decks
from geo.paths import ROOT


@pytest.fixture()
def deck_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atlas_db: str) -> Path:
    monkeypatch.setenv("ATLAS_DECKS_DIR", str(tmp_path))
    decks.save(decks.Deck("demo", (decks.make_slide("全国", "overview", {}),
                                   decks.make_slide("会泽", "county", {"adcode": "530326"}))), "demo", tmp_path)
    (tmp_path / "broken.json").write_text("{oops", encoding="utf-8")
    return tmp_path


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "present.py"), default_timeout=120).run()


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_lists_decks_and_reports_invalid_files(deck_dir: Path) -> None:
    at = _app()
    assert not at.exception
    assert at.title[0].value == "会议模式"
    assert any("broken&#46;json" in w.value for w in at.warning)  # escaped: a file name is untrusted
    assert at.selectbox[0].options == ["demo（2）"]
    assert any("1. 全国" in m.value for m in at.markdown)


def test_create_deck_add_move_and_remove_slides(deck_dir: Path) -> None:
    at = _app()
    next(w for w in at.text_input if w.label == "名称").input("Yunnan briefing")  # the new-deck form
    next(b for b in at.button if b.label == "新建").click().run()
    assert not at.exception
    assert decks.load("yunnan-briefing", deck_dir).slides == ()

    at.selectbox[0].select("demo").run()
    _button(at, "down_demo_0").click().run()
    assert [s.title for s in decks.load("demo", deck_dir).slides] == ["会泽", "全国"]

    url_input = next(w for w in at.text_input if w.label.startswith("或粘贴"))
    url_input.input("http://127.0.0.1:8501/county?adcode=522732&present=1")
    next(w for w in at.text_input if w.label == "标题").input("三都县")
    next(b for b in at.button if b.label == "添加").click().run()
    saved = decks.load("demo", deck_dir)
    assert saved.slides[-1] == decks.Slide("三都县", "county", {"adcode": "522732"})

    _button(at, "remove_demo_0").click().run()
    assert [s.title for s in decks.load("demo", deck_dir).slides] == ["全国", "三都县"]


def test_bad_slide_input_changes_nothing(deck_dir: Path) -> None:
    before = (deck_dir / "demo.json").read_text(encoding="utf-8")
    at = _app()
    next(w for w in at.text_input if w.label.startswith("或粘贴")).input("http://x/../../etc/passwd?a=1")
    next(b for b in at.button if b.label == "添加").click().run()
    assert at.error and "unknown page" in at.error[0].value
    assert (deck_dir / "demo.json").read_text(encoding="utf-8") == before
    assert json.loads(before)["name"] == "demo"


def test_delete_needs_confirmation(deck_dir: Path) -> None:
    at = _app()
    assert _button(at, "delete_demo").disabled
    next(c for c in at.checkbox if c.key == "confirm_demo").check().run()
    _button(at, "delete_demo").click().run()
    assert not (deck_dir / "demo.json").exists()
