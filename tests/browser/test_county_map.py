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


def test_search_opens_another_county_and_the_link_follows(page, app_url: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{app_url}/county?adcode={ADCODE}")
    wait_for_app(page)
    page.locator("h2").filter(has_text="巴林左旗").wait_for(timeout=60_000)  # the link opens that county
    box = page.get_by_label("搜索县（名称、曾用名或代码）")
    page.wait_for_function(  # the box shows what the link named (the page's elements arrive one by one)
        f"() => [...document.querySelectorAll('input')].some(e => e.value === '{ADCODE}')", timeout=30_000
    )
    box.fill("东乡")
    box.press("Enter")
    wait_for_app(page)
    page.get_by_text("3 个匹配，请选择").wait_for(timeout=30_000)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="3 个匹配").click()
    page.get_by_role("option").filter(has_text="622926").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('adcode') === '622926'", timeout=30_000)
    wait_for_app(page)
    page.locator("h2").filter(has_text="东乡族自治县").wait_for(timeout=30_000)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    frame.locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    page.screenshot(path="bench/out/county_search.png")
    assert not page.offsite, page.offsite
