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


def _wait_for(page, condition: str, timeout_ms: int = 60_000) -> None:
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()
    frame.wait_for_function(condition, timeout=timeout_ms)


def test_sites_page_draws_clustered_approximate_circles_offline(page, app_url: str) -> None:
    page.goto(f"{app_url}/sites")
    wait_for_app(page)
    map_frame(page)
    _wait_for(page, "() => document.querySelectorAll('.marker-cluster').length > 0")
    national = _map_js(page, COUNT_MARKERS)
    assert national["clusters"] == 1 and national["icons"] > 0
    page.screenshot(path="bench/out/sites.png", full_page=True)
    # Zoomed in past the cluster limit, every site is a dashed (approximate) circle.
    _map_js(page, "() => window.map.setView([24.0, 108.0], 9, {animate: false})")
    _wait_for(
        page,
        "() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.CircleMarker) n++; }); return n > 20; }",
    )
    zoomed = _map_js(page, COUNT_MARKERS)
    assert zoomed["circles"] > 20 and zoomed["dashed"] == zoomed["circles"]
    assert not page.offsite, page.offsite


def test_cluster_switched_on_later_still_works(page, app_url: str) -> None:
    page.goto(f"{app_url}/sites?st_cluster=false")
    wait_for_app(page)
    map_frame(page)
    _wait_for(
        page,
        "() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.CircleMarker) n++; }); return n > 100; }",
    )
    assert _map_js(page, COUNT_MARKERS)["clusters"] == 0
    page.get_by_text("全国视图下聚合").click()
    wait_for_app(page)
    _wait_for(page, "() => document.querySelectorAll('.marker-cluster').length > 0")
    assert _map_js(page, COUNT_MARKERS)["clusters"] == 1
    assert not page.offsite, page.offsite


def test_infra_page_draws_stations_and_airports_offline(page, app_url: str) -> None:
    page.goto(f"{app_url}/infra")
    wait_for_app(page)
    map_frame(page)
    _wait_for(
        page,
        "() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.CircleMarker) n++; }); return n > 3000; }",
    )
    counts = _map_js(page, COUNT_MARKERS)
    assert counts["circles"] >= 3066 + 265
    page.get_by_text("重点帮扶县排序").first.wait_for()
    page.screenshot(path="bench/out/infra.png", full_page=True)
    assert not page.offsite, page.offsite
