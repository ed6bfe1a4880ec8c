"""Meeting mode in a real browser, as a presenter uses it.

A signed-in editor builds a 3-slide deck from three pages set up with non-default state
(region + indicator + a point layer), the server restarts, and the deck is presented at
1920×1080 with the keyboard: each slide must show its own state (selected region, legend
title, the point layer on the map) and no exception element. Screenshots of the presentation
layout at 1920×1080 and 1280×720 go to bench/out/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo import db, decks, passwords
from geo.filters import FilterSpec
from geo.paths import ROOT
from tests.browser.conftest import map_frame, running_app, wait_for_app

PASSWORD = "meeting-secret"
OUT = ROOT / "bench" / "out"
VIEWS = (  # (page, link, title)
    ("overview", "?ov_prov=510000&ov_pref=513400&ov_color=indicator&ov_ind=illiteracy_rate_pct"
                 "&ov_scheme=natural_breaks&ov_pt_sites=1", "凉山州文盲率"),
    ("workbench", "workbench?prov=530000&pref=530600&lvl=national&wb_pt_sites=1", "昭通市国家级重点县"),
    ("infra", "infra?inf_metric=dist_airport_km&inf_level=both&inf_rail=0", "机场距离"),
)
CIRCLES = """() => { let n = 0; window.map.eachLayer((l) => { if (l instanceof L.CircleMarker) n += 1; }); return n; }"""


@pytest.fixture()
def server_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atlas_db: str) -> Path:
    """Private decks and audit folders and an editor password, for servers started by the test."""
    monkeypatch.setenv("ATLAS_DECKS_DIR", str(tmp_path / "decks"))
    monkeypatch.setenv("ATLAS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", passwords.hash_password(PASSWORD, iterations=1000))
    return tmp_path / "decks"


def _no_exception(page: object) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.url


def _view_link(page: object, app_url: str, page_name: str, link: str) -> str:
    """Open a view from a link and return the URL the app wrote back (the state as it understood it)."""
    page.goto(f"{app_url}/{link}")
    wait_for_app(page)
    map_frame(page)
    page.wait_for_timeout(1500)
    wait_for_app(page)
    _no_exception(page)
    return page.url


def _build_deck(page: object, app_url: str, links: list[str]) -> None:
    page.goto(f"{app_url}/present")
    wait_for_app(page)
    page.locator('input[aria-label^="姓名"]').fill("会议秘书")  # the label says the name is self-declared
    page.locator('input[aria-label="管理员密码"]').fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.locator('input[aria-label="新建演示文稿 · 名称"]').wait_for(timeout=60_000)
    page.locator('input[aria-label="新建演示文稿 · 名称"]').fill("会议测试")
    page.get_by_role("button", name="新建").click()
    for number, (link, (_page, _link, title)) in enumerate(zip(links, VIEWS, strict=True)):
        field = page.locator('input[aria-label^="当前视图的网址"]')
        field.wait_for(timeout=60_000)
        page.locator('input[aria-label="标题"]').fill(title)
        field.fill(link)
        page.get_by_role("button", name="添加").click()
        page.locator(f".st-key-slide_{number}").wait_for(timeout=60_000)
        wait_for_app(page)
    _no_exception(page)


def _wait_for_slide(page: object, number: int, timeout_ms: int = 60_000) -> None:
    page.wait_for_function(f"() => /[?&]slide={number}(&|$)/.test(location.search)", timeout=timeout_ms)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.st-key-deck_counter'))"
        f".some(e => e.offsetParent && e.innerText.trim() === '{number} / 3')",
        timeout=timeout_ms,
    )
    wait_for_app(page)


def _step(page: object, key: str, number: int) -> None:
    """Press ``key`` and wait for slide ``number`` (again, at most twice, if a rerun swallowed it)."""
    page.wait_for_function("() => typeof window.__deckKeys === 'function'", timeout=60_000)
    for attempt in range(3):
        page.keyboard.press(key)
        try:
            _wait_for_slide(page, number, timeout_ms=20_000 if attempt < 2 else 60_000)
            return
        except PlaywrightTimeout:
            if f"slide={number}" in page.url:
                raise
    raise AssertionError(f"{key} did not reach slide {number}: {page.url}")


def _circles(page: object) -> int:
    """Point markers on the slide's map, once they are drawn."""
    map_frame(page)
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()
    frame.wait_for_function(f"() => window.map && ({CIRCLES})() > 0", timeout=60_000)
    return frame.evaluate(CIRCLES)


def _main_text(page: object) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _check_overview(page: object) -> None:
    page.locator('[data-testid="stMain"]').get_by_text("全国 › 四川省 › 凉山彝族自治州").first.wait_for(timeout=60_000)
    assert "文盲率" in _main_text(page)  # the legend's title
    assert _circles(page) > 0  # relocation sites
    _no_exception(page)


def _check_workbench(page: object) -> None:
    tags = page.locator('[data-testid="stMultiSelect"]').filter(has_text="市（州、盟）").first
    assert tags.locator(".react-aria-ComboBox [data-tag] > span[title]").first.text_content() == "昭通市"
    with db.connect(read_only=True) as con:
        found = db.run(con, "workbench_filter", FilterSpec(("530000",), ("530600",), ("national",)).params())
    metric = page.locator('[data-testid="stMetric"]').first.locator('[data-testid="stMetricValue"]')
    assert int(metric.inner_text()) == int((found.status == "match").sum())
    assert _circles(page) > 0
    _no_exception(page)


def _check_infra(page: object) -> None:
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("到最近机场距离").first.wait_for(timeout=60_000)  # the legend's title (the sidebar is hidden)
    assert _circles(page) > 0  # airports (rail stations off)
    assert "inf_rail=0" in page.url
    _no_exception(page)


def test_deck_built_in_the_browser_survives_a_restart_and_presents_every_state(
    browser: object, server_env: Path
) -> None:
    """(Uses the session's one Playwright: a second sync Playwright in the same process fails to start.)"""
    chromium = browser
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    with running_app() as app_url:
        links = [_view_link(page, app_url, name, link) for name, link, _title in VIEWS]
        assert "ov_pt_sites=1" in links[0] and "pref=530600" in links[1] and "inf_rail=0" in links[2]
        _build_deck(page, app_url, links)
        page.screenshot(path=str(OUT / "present_editor.png"), full_page=True)
    context.close()
    (slug,) = decks.list_decks(server_env)[0]
    assert [s.page for s in decks.load(slug, server_env).slides] == ["overview", "workbench", "infra"]

    with running_app() as app_url:  # a fresh server process: the deck comes from disk
        context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{app_url}/?present=1&deck={slug}&slide=1")
        wait_for_app(page)
        page.wait_for_selector(".st-key-deck_counter")
        page.wait_for_selector('[data-testid="stSidebar"]', state="hidden")
        assert not page.locator('[data-testid="stHeader"]').is_visible()
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 20
        _check_overview(page)
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / "present_1920.png"))

        _step(page, "ArrowRight", 2)
        _check_workbench(page)
        _step(page, "PageDown", 3)
        _check_infra(page)
        assert page.locator(".st-key-deck_next button").is_disabled()
        _step(page, "ArrowLeft", 2)
        _check_workbench(page)
        _step(page, "PageUp", 1)
        _check_overview(page)
        page.locator(".st-key-deck_next button").click()  # the on-screen button works the same way
        _wait_for_slide(page, 2)
        _check_workbench(page)
        context.close()

        context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{app_url}/?present=1&deck={slug}&slide=1")
        wait_for_app(page)
        _check_overview(page)
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 16
        page.wait_for_timeout(1000)
        page.screenshot(path=str(OUT / "present_1280.png"))
        context.close()


def test_unknown_deck_is_reported(page: object, app_url: str) -> None:
    page.goto(f"{app_url}/?present=1&deck=..%2Fetc&slide=1")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stAlert"]')
    assert "演示文稿" in page.locator('[data-testid="stAlert"]').first.inner_text()
    _no_exception(page)
