"""Presentation mode in a real browser: a 3-slide deck walked with the keyboard, and a
1920×1080 screenshot of the presentation layout (bench/out/present_1920.png)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from geo import decks
from geo.paths import ROOT
from tests.browser.conftest import wait_for_app

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


def _press(page: object, key: str) -> None:
    """Press ``key`` once the deck bar's keyboard handler (installed by its component) is live."""
    page.wait_for_function("() => typeof window.__deckKeys === 'function'", timeout=60_000)
    page.evaluate("document.querySelectorAll('.st-key-deck_next button, .st-key-deck_prev button').forEach(b => b.addEventListener('click', () => { window.__clicked = (window.__clicked||0) + 1; }))")
    page.keyboard.press(key)
    page.wait_for_timeout(2000)
    print("DEBUG clicked", page.evaluate("window.__clicked"), flush=True)
    if "slide=1" in page.url:
        page.locator(".st-key-deck_next button").first.click()
        page.wait_for_timeout(4000)
        print("DEBUG after mouse", page.url, flush=True)
    print("DEBUG", key, page.url, page.evaluate("document.activeElement.tagName"), page.evaluate("Array.from(document.querySelectorAll('.st-key-deck_next button')).map(b=>[b.disabled,b.offsetParent!==null])"), page.locator('[data-testid="stException"]').count(), page.locator('[data-testid="stAlert"]').all_inner_texts(), flush=True)


def _wait_for_slide(page: object, number: int) -> None:
    # Streamlit changes the URL with history.pushState: no load event to wait for.
    page.wait_for_function(f"() => /[?&]slide={number}(&|$)/.test(location.search)", timeout=60_000)
    page.wait_for_function(
        f"() => Array.from(document.querySelectorAll('.st-key-deck_counter')).some(e => e.offsetParent && e.innerText.trim() === '{number} / 3')",
        timeout=60_000,
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
    page.wait_for_timeout(1500)  # let the page's own content (maps) settle for the screenshot
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    _press(page, "ArrowRight")
    _wait_for_slide(page, 2)
    assert "note=second" in page.url and "/present" in page.url

    _press(page, "PageDown")
    _wait_for_slide(page, 3)
    assert "adcode=530326" in page.url
    assert page.locator(".st-key-deck_next button").is_disabled()

    _press(page, "ArrowLeft")
    _wait_for_slide(page, 2)
    _press(page, "PageUp")
    _wait_for_slide(page, 1)
    assert not page.offsite, page.offsite


def test_exit_returns_to_the_normal_layout(page: object, app_url: str, deck: decks.Deck) -> None:
    page.goto(f"{app_url}/?present=1&deck={SLUG}&slide=1")
    wait_for_app(page)
    _press(page, "ArrowRight")
    _wait_for_slide(page, 2)
    wait_for_app(page)
    page.locator(".st-key-deck_exit button").click()
    page.wait_for_function("() => !location.search.includes('present=1')", timeout=60_000)
    wait_for_app(page)
    assert "note=second" in page.url
    assert page.locator(".st-key-deck_counter").count() == 0


def test_unknown_deck_is_reported(page: object, app_url: str) -> None:
    page.goto(f"{app_url}/?present=1&deck=..%2Fetc&slide=1")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stAlert"]')
    assert "invalid deck id" in page.locator('[data-testid="stAlert"]').first.inner_text()
