"""数据管理 page (AppTest): sign-in gate, rollback, audit log, imported text never rendered as markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import importer, passwords, versions
from geo.paths import ROOT

PAGE = str(ROOT / "pages" / "data_admin.py")
PASSWORD = "correct horse battery"




def signed_in(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", passwords.hash_password(PASSWORD, iterations=1000))
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    app.text_input[0].input("审核员 Ana")
    app.text_input[1].input(PASSWORD)
    app.button[0].click().run()
    assert not app.exception
    return app


def test_without_configuration_import_is_disabled(env: tuple[Path, Path]) -> None:
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception
    assert "python -m geo.passwords" in app.warning[0].value
    assert not app.text_input and not app.get("file_uploader")


def test_wrong_password_is_refused(env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", passwords.hash_password(PASSWORD, iterations=1000))
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert "导入与回滚需要登录" in app.info[0].value
    app.text_input[0].input("x")
    app.text_input[1].input("wrong")
    app.button[0].click().run()
    assert app.error and not app.get("file_uploader")


def test_signed_in_editor_sees_import_and_rolls_back(env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    base, state = env
    hostile_name = "<script>alert(1)</script>.csv"
    plan = importer.check_file(
        b"adcode,year,gdp\n520526,2031,1\n", hostile_name, importer.DeclaredSource("t"), db_path=base, state=state
    )
    importer.commit(plan, "setup", report=lambda _m: None)
    app = signed_in(monkeypatch)
    # the audit record keeps "(password, self-declared)"; the page says it in Chinese
    assert "已登录：审核员 Ana（密码登录，姓名自报）" in [t.value for t in app.text]
    assert app.get("file_uploader")
    rendered = " ".join(str(m.value) for m in [*app.markdown, *app.caption, *app.success, *app.info])
    assert "<script" not in rendered  # the hostile file name only appears inside data tables
    rollback = next(b for b in app.button if b.label == "回滚")
    rollback.click().run()
    assert not app.exception
    assert versions.active_imports(state) == []
    assert [r["event"] for r in versions.audit_log(state)] == ["import", "rollback"]
    assert versions.audit_log(state)[-1]["user"] == "审核员 Ana (password, self-declared)"


def test_viewing_can_require_sign_in(env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def script() -> None:
        import streamlit as st

        from ui.auth import require_viewer

        require_viewer()
        st.text("atlas content")

    open_app = AppTest.from_function(script, default_timeout=30).run()
    assert [t.value for t in open_app.text] == ["atlas content"]
    monkeypatch.setenv("ATLAS_REQUIRE_LOGIN_TO_VIEW", "1")
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", passwords.hash_password(PASSWORD, iterations=1000))
    closed = AppTest.from_function(script, default_timeout=30).run()
    assert "atlas content" not in [t.value for t in closed.text]
    assert "查看本应用需要登录" in closed.info[0].value


def test_list_template_and_build_report_are_offered(env: tuple[Path, Path]) -> None:
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception
    headers = [h.value for h in app.subheader]
    assert "重点帮扶县名单模板" in headers and "基础数据构建报告" in headers
    report = app.dataframe[0].value
    assert {"输入文件", "读入", "保留", "剔除", "剔除原因"} <= set(report.columns)
    assert (report["读入"] == report["保留"] + report["空值/未匹配"] + report["剔除"]).all()
    assert "（由其他指标计算）" in set(report["输入文件"]) and "(derived)" not in set(report["输入文件"])
    # Parts, reasons and examples in Chinese: indicator names, not codes; one half of each message
    assert "常住人口" in " ".join(report["内容"]) and "pop_census" not in " ".join(report["内容"])
    reasons = " ".join(report["剔除原因"].dropna())
    assert "缺少行政区划代码或省+县名：" in reasons and "needs adcode" not in reasons
    assert "no_county_key" not in " ".join(report["示例"].dropna())
