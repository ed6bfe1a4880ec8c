"""app.py's frame (AppTest): per-process parts stay shared and unchanged, pages run in both languages,
and 数据管理 / 会议模式 build nothing per visit that every visitor shares."""

from __future__ import annotations

import base64
import copy

import pytest
from streamlit.testing.v1 import AppTest

from geo import decks
from geo.i18n import translator
from geo.paths import ROOT
from ui import shell
from ui.registry import PAGES

APP = str(ROOT / "app.py")


def _run(page: str, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params.update(query)
    app.switch_page(f"pages/{page}.py")
    return app.run()


def test_favicon_is_the_packaged_icon_as_a_data_url() -> None:
    prefix = "data:image/png;base64,"
    assert shell.FAVICON.startswith(prefix)
    assert base64.b64decode(shell.FAVICON[len(prefix):]) == (ROOT / "assets" / "favicon.png").read_bytes()


def test_navigation_pages_are_fresh_copies_of_shared_prototypes(atlas_db: str) -> None:
    app = _run("data_admin")
    assert not app.exception
    prototypes = shell._prototypes("zh")
    before = [copy.copy(vars(page)) for page in prototypes]
    app = _run("data_admin", lang="en")  # st.navigation marks the page it returns: never a shared one
    assert not app.exception
    assert app.title[0].value == "Data management"
    assert [vars(page) for page in prototypes] == before
    assert [page.title for page in shell._prototypes("en")][0] == "National overview"
    first, second = shell.navigation_pages("zh"), shell.navigation_pages("zh")
    assert all(a is not b and a.url_path == b.url_path for a, b in zip(first, second, strict=True))
    assert [page.title for page in first] == [translator("zh")(p.label) for p in PAGES]


def test_data_admin_makes_no_template_per_visit(atlas_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import admin_parts

    made: list[str] = []
    monkeypatch.setattr(admin_parts, "template_xlsx", lambda: made.append("xlsx") or b"")
    monkeypatch.setattr(admin_parts, "template_csv", lambda: made.append("csv") or b"")
    app = _run("data_admin")
    assert not app.exception
    assert made == []  # the download buttons get the callables; a file is made only on a click
    report = app.dataframe[0].value
    assert {"输入文件", "读入", "剔除原因"} <= set(report.columns)
    english = _run("data_admin", lang="en").dataframe[0].value
    assert {"Input", "Read", "Reasons"} <= set(english.columns)  # the cached table is per language


def test_meeting_page_describes_slides_per_language(atlas_db: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "decks"
    monkeypatch.setenv("ATLAS_DECKS_DIR", str(folder))
    monkeypatch.setenv("ATLAS_STATE_DIR", str(tmp_path / "state"))
    decks.save(decks.Deck("d", (decks.make_slide("s", "overview", {"ov_prov": "510000"}),)), "d", folder, user="t")
    zh = [c.value for c in _run("present").caption]
    en = [c.value for c in _run("present", lang="en").caption]
    assert "全国总览 · 四川省 · 按帮扶级别着色" in zh, zh
    assert any(c.startswith("National overview · ") and "coloured by support level" in c for c in en), en
    again = [c.value for c in _run("present").caption]
    assert again == zh
