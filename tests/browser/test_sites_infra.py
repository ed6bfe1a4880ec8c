"""What a person sees on the sites and infrastructure pages: points drawn offline, clusters from local files."""

from __future__ import annotations

from tests.browser.conftest import map_frame, wait_for_app

# Leaflet layers of the live map, counted inside the streamlit-folium iframe.
COUNT_MARKERS = """() => {
    let circles = 0, dashed = 0, clusters = 0;
    window.map.eachLayer(layer => {
        if (layer instanceof L.CircleMarker) { circles += 1; if (layer.options.dashArray) dashed += 1; }
        if (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup) clusters += 1;
    });
    return {circles, dashed, clusters, icons: document.querySelectorAll('.marker-cluster').length};
}"""


def _map_js(page, script: str):
    return (
        page.locator('iframe[title="streamlit_folium.st_folium"]')
        .first.element_handle()
        .content_frame()
        .evaluate(script)
    )


def _screenshot_map(page, path: str) -> None:
    """Scroll the map to the top of the window (Streamlit scrolls inside its own container), then shoot."""
    page.locator('iframe[title="streamlit_folium.st_folium"]').first.evaluate(
        "element => element.scrollIntoView({block: 'start'})"
    )
    page.wait_for_timeout(800)
    page.screenshot(path=path)


def _wait_for(page, condition: str, timeout_ms: int = 60_000) -> None:
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()
    frame.wait_for_function(condition, timeout=timeout_ms)


def _open_map(page: object, url: str) -> None:
    """Load ``url`` and wait until the script has run and its Leaflet map exists."""
    page.goto(url)
    wait_for_app(page)
    map_frame(page)


def _wait_for_circles(page: object, minimum: int) -> None:
    """Wait until the map holds more than ``minimum`` circle markers."""
    _wait_for(
        page,
        "() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.CircleMarker) n++; }); "
        f"return n > {minimum}; }}",
    )


def test_sites_page_draws_clustered_approximate_circles_offline(page, app_url: str) -> None:
    _open_map(page, f"{app_url}/sites")
    _wait_for(page, "() => document.querySelectorAll('.marker-cluster').length > 0")
    national = _map_js(page, COUNT_MARKERS)
    assert national["clusters"] == 1 and national["icons"] > 0
    _screenshot_map(page, "bench/out/sites.png")
    # Zoomed in past the cluster limit, every site is a dashed (approximate) circle.
    _map_js(page, "() => { window.map.setView([24.0, 108.0], 9, {animate: false}); return true; }")
    _wait_for_circles(page, 20)
    zoomed = _map_js(page, COUNT_MARKERS)
    assert zoomed["circles"] > 20 and zoomed["dashed"] == zoomed["circles"]
    assert not page.offsite, page.offsite


def test_cluster_switched_on_later_still_works(page, app_url: str) -> None:
    _open_map(page, f"{app_url}/sites?st_cluster=false")
    _wait_for_circles(page, 100)
    assert _map_js(page, COUNT_MARKERS)["clusters"] == 0
    page.get_by_text("全国视图下聚合").click()
    wait_for_app(page)
    _wait_for(page, "() => document.querySelectorAll('.marker-cluster').length > 0")
    assert _map_js(page, COUNT_MARKERS)["clusters"] == 1
    assert not page.offsite, page.offsite


def test_infra_page_draws_stations_and_airports_offline(page, app_url: str) -> None:
    _open_map(page, f"{app_url}/infra")
    _wait_for_circles(page, 3000)
    counts = _map_js(page, COUNT_MARKERS)
    assert counts["circles"] >= 3066 + 265
    page.get_by_text("重点帮扶县排序").first.wait_for()
    _screenshot_map(page, "bench/out/infra.png")
    assert not page.offsite, page.offsite


def test_overview_point_toggles_add_layers_without_rebuilding_the_map(page, app_url: str) -> None:
    _open_map(page, app_url)
    _wait_for(page, "() => window.map && document.querySelectorAll('canvas').length > 0")
    _map_js(page, "() => { window.map.__probe = 'same map'; return true; }")
    page.locator('[data-testid="stSidebar"]').get_by_text("底图与图层").click()  # a popover: closed on a first view
    page.get_by_text("安置点", exact=True).click()
    wait_for_app(page)
    _wait_for(page, "() => document.querySelectorAll('.marker-cluster').length > 0")
    page.get_by_text("铁路站点", exact=True).click()
    wait_for_app(page)
    _wait_for_circles(page, 3000)
    assert _map_js(page, "() => window.map.__probe") == "same map"  # dynamic layers only: base map kept
    assert "ov_pt_sites=1" in page.url and "ov_pt_rail=1" in page.url  # codes from the page schema
    assert not page.offsite, page.offsite
