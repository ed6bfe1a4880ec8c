"""Open the overview of a running atlas like a person would and print what loaded, as JSON.

``python -m tests.bundle_probe URL [SCREENSHOT]`` — run by tests/test_bundle.py inside the
server's network namespace (``nsenter --net``), where only loopback exists.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.request

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, map_frame, wait_for_app


def _health(url: str, timeout_s: float = 180) -> str:
    deadline = time.time() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                return response.read().decode()
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.5)


def probe(url: str, screenshot: str | None) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    result: dict[str, object] = {"health": _health(url)}
    responses: list[tuple[str, int]] = []
    failed: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        page.on("response", lambda r: responses.append((r.url, r.status)))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(url)
        wait_for_app(page, timeout_ms=180_000)
        frame = map_frame(page, timeout_ms=180_000)
        frame.locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=120_000)
        leaflet_frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()
        result["leaflet"] = leaflet_frame.evaluate("() => typeof L !== 'undefined' && L.version")
        result["title"] = page.title()
        result["text"] = page.inner_text("body")[:2000]
        if screenshot:
            page.screenshot(path=screenshot)
        browser.close()
    result["responses"], result["failed"] = responses, failed
    return result


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None), ensure_ascii=False))
