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


def test_list_templates_download_on_click(page: object, app_url: str, tmp_path) -> None:
    """The templates are made when clicked (deferred download), and are the real files."""
    import io

    import pandas as pd

    page.goto(f"{app_url}/data_admin")
    wait_for_app(page)
    page.get_by_text("重点帮扶县名单模板").wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="XLSX", exact=True).click()
    assert info.value.suggested_filename == "key_county_list_template.xlsx"
    path = tmp_path / "template.xlsx"
    info.value.save_as(path)
    sheets = pd.read_excel(io.BytesIO(path.read_bytes()), sheet_name=None)
    assert list(sheets) == ["名单", "说明"] and list(sheets["名单"].columns) == ["省", "县名", "adcode", "级别", "来源"]
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV", exact=True).click()
    path = tmp_path / "template.csv"
    info.value.save_as(path)
    assert path.read_bytes().decode("utf-8-sig").startswith("省,县名,adcode,级别,来源")
    assert page.offsite == []
