"""数据管理 in a real browser: loads offline and shows the sign-in gate, not the import form or the audit log."""

from __future__ import annotations

from tests.browser.conftest import wait_for_app


def test_data_admin_shows_sign_in_gate_offline(page: object, app_url: str) -> None:
    page.goto(f"{app_url}/data_admin")
    wait_for_app(page)
    gate = page.get_by_text("导入与回滚需要登录").or_(page.get_by_text("未配置登录方式"))
    gate.first.wait_for(timeout=60_000)  # sign-in prompt (hash configured) or how to configure it
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert page.get_by_text("审计日志").count() == 0  # versions and audit log: editors only
    assert page.offsite == []
