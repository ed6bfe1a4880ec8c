"""A first visit straight to a page's URL still runs inside app.py (navigation, language)."""

from __future__ import annotations

from tests.browser.conftest import running_app, wait_for_app


def test_first_visit_to_a_deep_link_uses_the_app_navigation(browser, atlas_db: str) -> None:
    with running_app() as url:  # a fresh server: no st.navigation has run in it yet
        page = browser.new_page()
        page.goto(f"{url}/county?adcode=530627")
        wait_for_app(page)
        page.get_by_text("镇雄县").first.wait_for(timeout=60_000)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "全国总览" in nav and "规划工作台" in nav
        assert "workbench" not in nav  # legacy pages/ mode would list raw file names
        page.close()
