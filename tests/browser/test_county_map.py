"""The county profile's locator map paints on every visit, not only the first (issue 19)."""

from __future__ import annotations

from tests.browser.conftest import wait_for_app

ADCODE = "150422"  # 巴林左旗, a national key county


def test_locator_map_paints_on_three_visits_in_a_row(page, app_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    for visit in range(3):
        page.goto(f"{app_url}/county?adcode={ADCODE}")
        wait_for_app(page)
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
        frame.locator(".leaflet-container").wait_for(timeout=60_000)
        # the neighbours and the highlighted county are drawn (canvas renderer), and nothing failed
        frame.locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=30_000)
        assert frame.locator(".leaflet-interactive, canvas.leaflet-zoom-animated").count() >= 1, visit
        page.wait_for_timeout(500)
        assert not [e for e in errors if "is not defined" in e or "geo_json" in e], (visit, errors)
    page.screenshot(path="bench/out/county_third_visit.png")
