"""Presentation mode in a real browser: a 3-slide deck walked with the keyboard, and a
1920×1080 screenshot of the presentation layout (bench/out/present_1920.png)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo import decks
from geo.paths import ROOT
from tests.browser.conftest import map_frame, wait_for_app

pytestmark = pytest.mark.browser
SLUG = f"zz-browser-test-{os.getpid()}"  # unique: several test runs may share data/decks/
SCREENSHOT = ROOT / "bench" / "out" / "present_1920.png"


def _page_or_present(page: str) -> str:
    """Slides point at the lead's pages when they exist, else at the meeting-mode page itself."""
    return page if (ROOT / "pages" / f"{page}.py").is_file() else "present"


@pytest.fixture()
def deck() -> Iterator[decks.Deck]:
    """A 3-slide deck saved under data/decks/ for the app server to read; removed afterwards."""
    deck = decks.Deck(
        "浏览器测试",
        (
            decks.make_slide("全国总览", "overview", {}),
            decks.make_slide("会议模式", "present", {"note": "second"}),
            decks.make_slide("会泽县", _page_or_present("county"), {"adcode": "530326"}),
        ),
    )
    decks.save(deck, SLUG)
    yield deck
    (decks.decks_dir() / f"{SLUG}.json").unlink(missing_ok=True)


def _counter(page: object) -> str:
    return page.locator(".st-key-deck_counter").inner_text().strip()


def _step(page: object, key: str, number: int) -> None:
    """Press ``key`` and wait for slide ``number``.

    A key pressed while the page's own components are still triggering reruns (the overview
    map reports its bounds once after loading) can be swallowed by Streamlit, as a mouse
    click would be; the presenter then presses again, and so does this helper (at most 3 times,
    and only while the slide number has not changed).
    """
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


def _wait_for_slide(page: object, number: int, timeout_ms: int = 60_000) -> None:
    # Streamlit changes the URL with history.pushState: no load event to wait for.
    page.wait_for_function(f"() => /[?&]slide={number}(&|$)/.test(location.search)", timeout=timeout_ms)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.st-key-deck_counter'))"
        f".some(e => e.offsetParent && e.innerText.trim() === '{number} / 3')",
        timeout=timeout_ms,
    )
    wait_for_app(page)


def test_walk_deck_with_keyboard_at_1920(page: object, app_url: str, deck: decks.Deck) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    # Start from the app's root (the default page is the overview): a deep link to /<page> is
    # served without app.py on a fresh session, so it would not show the deck bar.
    page.goto(f"{app_url}/?present=1&deck={SLUG}&slide=1")
    wait_for_app(page)
    page.wait_for_selector(".st-key-deck_counter")
    assert _counter(page) == "1 / 3"
    page.wait_for_selector('[data-testid="stSidebar"]', state="hidden")
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    assert page.locator(".st-key-deck_prev button").is_disabled()
    assert page.locator(".st-key-deck_next button").is_enabled()
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 20
    if deck.slides[0].page == "overview":
        map_frame(page)  # the overview's map is drawn before the screenshot
    page.wait_for_timeout(1500)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    _step(page, "ArrowRight", 2)
    assert "note=second" in page.url and "/present" in page.url

    _step(page, "PageDown", 3)
    assert "adcode=530326" in page.url
    assert page.locator(".st-key-deck_next button").is_disabled()

    _step(page, "ArrowLeft", 2)
    _step(page, "PageUp", 1)
    assert not page.offsite, page.offsite


def test_exit_returns_to_the_normal_layout(page: object, app_url: str, deck: decks.Deck) -> None:
    page.goto(f"{app_url}/?present=1&deck={SLUG}&slide=1")
    wait_for_app(page)
    _step(page, "ArrowRight", 2)
    wait_for_app(page)
    page.locator(".st-key-deck_exit button").click()
    page.wait_for_function("() => !location.search.includes('present=1')", timeout=60_000)
    wait_for_app(page)
    assert "note=second" in page.url
    page.wait_for_selector(".st-key-deck_counter", state="detached", timeout=30_000)  # stale copy goes too
    page.wait_for_selector('[data-testid="stSidebar"]', state="visible")


def test_unknown_deck_is_reported(page: object, app_url: str) -> None:
    page.goto(f"{app_url}/?present=1&deck=..%2Fetc&slide=1")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stAlert"]')
    assert "invalid deck id" in page.locator('[data-testid="stAlert"]').first.inner_text()
