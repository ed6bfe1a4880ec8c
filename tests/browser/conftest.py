"""Real-browser fixtures: a Streamlit server on loopback and Debian's Chromium via Playwright.

Every request that leaves the app's origin is recorded and aborted, so a test can assert
that a page works with no internet at all.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app() -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port, stopped on exit; yields its URL."""
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("streamlit did not start")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_url(atlas_db: str) -> Iterator[str]:
    """One app server for the whole browser test session."""
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class OffsiteLog(list):
    """URLs the page tried to load from anywhere but the app's own origin."""


@pytest.fixture()
def page(browser: object, app_url: str) -> Iterator[object]:
    """A fresh page whose outside requests are aborted and logged in ``page.offsite``."""
    origin = urlparse(app_url).netloc
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    offsite = OffsiteLog()

    def guard(route: object) -> None:
        url = route.request.url
        if urlparse(url).netloc in (origin, "") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            offsite.append(url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.offsite = offsite
    yield tab
    context.close()


def wait_for_app(page: object, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )


def map_frame(page: object, index: int = 0, timeout_ms: int = 60_000) -> object:
    """The Leaflet map inside the n-th streamlit-folium iframe, once its shapes are drawn."""
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=timeout_ms)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').nth(index)
    frame.locator(".leaflet-container").wait_for(timeout=timeout_ms)
    return frame
