"""会议模式 page (AppTest): decks listed in words, bad files reported, edits only when signed in,
and presentation mode with slides whose saved state no longer validates."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import decks, passwords, versions
from geo.paths import ROOT

PASSWORD = "deck-editor-secret"
EDITOR = "编辑 Li"


@pytest.fixture()
def deck_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atlas_db: str) -> Path:
    folder = tmp_path / "decks"
    monkeypatch.setenv("ATLAS_DECKS_DIR", str(folder))
    monkeypatch.setenv("ATLAS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("ADMIN_PASSWORD_HASH", raising=False)
    decks.save(decks.Deck("demo", (
        decks.make_slide("全国", "overview", {}),
        decks.make_slide("凉山", "overview", {"ov_prov": "510000", "ov_pref": "513400", "ov_color": "indicator",
                                            "ov_ind": "illiteracy_rate_pct", "ov_scheme": "natural_breaks"}),
        decks.make_slide("会泽", "county", {"adcode": "530326"}),
    )), "demo", folder, user="setup")
    (folder / "broken.json").write_text("{oops", encoding="utf-8")
    (folder / "deep.json").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    (folder / "huge.json").write_text(json.dumps({"name": "h", "pad": "x" * (decks.MAX_FILE_BYTES + 1)}))
    (folder / "evil.json").write_text(json.dumps({"name": "**bold** <b>x</b>", "slides": [
        {"title": "<img src=x onerror=alert(1)>", "page": "overview", "params": {"ov_prov": "[link](http://x)"}}]}))
    return folder


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "present.py"), default_timeout=120).run()


def _signed_in(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", passwords.hash_password(PASSWORD, iterations=1000))
    at = _app()
    next(w for w in at.text_input if "姓名" in w.label).input(EDITOR)
    next(w for w in at.text_input if "密码" in w.label).input(PASSWORD)
    next(b for b in at.button if b.label == "登录").click().run()
    assert not at.exception
    return at


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_lists_decks_in_words_and_reports_invalid_files(deck_dir: Path) -> None:
    at = _app()
    assert not at.exception
    assert at.title[0].value == "会议模式"
    warnings = html.unescape(" ".join(w.value for w in at.warning))  # shown escaped: file names are untrusted
    for name in ("broken.json", "deep.json", "huge.json"):
        assert name in warnings
    assert "嵌套过深" in warnings and "KB" in warnings
    assert at.selectbox(key="pm_deck").options[0] == "demo（3）"
    captions = [c.value for c in at.caption]
    assert "全国总览 · 四川省凉山彝族自治州 · 文盲率（15岁及以上）（自然断点 5 级）" in captions, captions
    assert any(c.startswith("县情档案 · 会泽县") for c in captions)
    assert not any("{" in c for c in captions)  # no raw JSON


def test_deck_text_from_a_file_is_never_markup(deck_dir: Path) -> None:
    at = _app()
    at.selectbox(key="pm_deck").select("evil").run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "<img" not in shown and "](http" not in shown and "**bold**" not in shown
    assert any("已失效" in c.value for c in at.caption)  # the bad province code is reported in words


def test_without_sign_in_decks_cannot_be_changed(deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (deck_dir / "demo.json").read_bytes()
    at = _app()  # no sign-in configured at all
    assert not [b for b in at.button if b.key and b.key.startswith(("up_", "remove_", "delete_"))]
    assert not [f for f in at.text_input if f.label.startswith("当前视图的网址")]
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", passwords.hash_password(PASSWORD, iterations=1000))
    at = _app()  # configured, but nobody signed in: a sign-in form and still no edit controls
    assert any(b.label == "登录" for b in at.button)
    assert not [b for b in at.button if b.key and b.key.startswith(("up_", "remove_", "delete_"))]
    assert at.button(key="start_deck")  # presenting stays open
    assert (deck_dir / "demo.json").read_bytes() == before


def test_signed_in_editor_edits_slides_and_the_audit_log_records_it(
    deck_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = _signed_in(monkeypatch)
    _button(at, "down_demo_0").click().run()
    assert [s.title for s in decks.load("demo", deck_dir).slides] == ["凉山", "全国", "会泽"]
    _button(at, "dup_demo_2").click().run()
    assert [s.title for s in decks.load("demo", deck_dir).slides] == ["凉山", "全国", "会泽", "会泽"]

    link = next(w for w in at.text_input if w.label.startswith("当前视图的网址"))
    link.input("http://127.0.0.1:8501/sites?st_key=1&present=1&bogus=2")
    next(w for w in at.text_input if w.label == "标题").input("安置点")
    next(b for b in at.button if b.label == "添加").click().run()
    assert decks.load("demo", deck_dir).slides[-1] == decks.Slide("安置点", "sites", {"st_key": "1"})

    link = next(w for w in at.text_input if w.label.startswith("当前视图的网址"))
    link.input("http://127.0.0.1:8501/overview?ov_prov=999999")
    next(b for b in at.button if b.label == "添加").click().run()
    assert at.error and "未添加" in at.error[0].value
    assert len(decks.load("demo", deck_dir).slides) == 5

    _button(at, "remove_demo_0").click().run()
    assert [s.title for s in decks.load("demo", deck_dir).slides] == ["全国", "会泽", "会泽", "安置点"]
    at.checkbox(key="confirm_demo").check().run()
    _button(at, "delete_demo").click().run()
    assert not (deck_dir / "demo.json").exists()
    assert "demo" in decks.deleted_decks(deck_dir)
    users = {r["user"] for r in versions.audit_log(tmp_path / "state") if r.get("deck") == "demo"}
    assert f"{EDITOR} (password, self-declared)" in users


def test_a_slide_whose_saved_state_no_longer_validates_shows_the_page_with_a_notice(deck_dir: Path) -> None:
    deck = decks.Deck("stale", (
        decks.make_slide("旧指标", "overview", {"ov_color": "indicator", "ov_ind": "removed_indicator",
                                              "ov_prov": "530000", "ov_k": "99"}),
        decks.make_slide("改名的县", "county", {"adcode": "522799"}),
    ))
    decks.save(deck, "stale", deck_dir, user="setup")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({**deck.slides[0].params, "present": "1", "deck": "stale", "slide": "1"})
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception
    notice = html.unescape(" ".join(w.value for w in at.warning))
    assert "ov_ind" in notice and "ov_k" in notice and "已改用" in notice, notice
    assert at.selectbox(key="ov_prov").value == "530000"  # what still validates is restored
    assert at.selectbox(key="ov_ind").value == "pop_census"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({**deck.slides[1].params, "present": "1", "deck": "stale", "slide": "2"})
    at.switch_page("pages/county.py")
    at.run()
    assert not at.exception
    assert any("adcode" in w.value and "已改用" in w.value for w in at.warning)
    assert [m.value for m in at.markdown if "/ 2" in m.value] == ["2 / 2"]


def test_shipped_example_deck_is_valid() -> None:
    valid, invalid = decks.list_decks(ROOT / "data" / "decks")
    assert not invalid
