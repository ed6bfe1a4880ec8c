"""What a person sees on 差距监测: the map of change paints in its diverging colours, offline, and a
county profile shows the county's trajectory chart."""

from __future__ import annotations

from geo.gap import DIVERGING
from tests.browser.conftest import map_frame, wait_for_app

# fill colours of the painted county shapes in the live Leaflet map
FILLS = """() => {
    const fills = {};
    window.map.eachLayer(layer => {
        const fill = layer.options && layer.options.fillColor;
        if (fill && layer.feature) fills[fill] = (fills[fill] || 0) + 1;
    });
    return fills;
}"""


def _leaflet(page) -> object:
    return page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()


def test_map_of_change_paints_diverging_classes_offline(page, app_url: str) -> None:
    page.goto(f"{app_url}/gap?gap_ind=rural_income&gap_y0=2020&gap_y1=2022")
    wait_for_app(page)
    map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    frame = _leaflet(page)
    palette = {color.lower() for color in DIVERGING}
    frame.wait_for_function(
        f"() => {{ const f = ({FILLS})(); return Object.keys(f).filter(c => {sorted(palette)!r}.includes(c.toLowerCase())).length >= 3; }}",
        timeout=60_000,
    )
    fills = frame.evaluate(FILLS)
    painted = sum(count for color, count in fills.items() if color.lower() in palette)
    assert painted > 300, fills  # every county with both years is coloured by its class
    assert page.get_by_text("相对全省中位数之比的变化").first.is_visible()
    assert page.get_by_text("基本持平").first.is_visible()
    page.locator('iframe[title="streamlit_folium.st_folium"]').first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)
    page.screenshot(path="bench/out/gap.png")
    assert not page.offsite, page.offsite


def test_county_profile_shows_the_trajectory_chart(page, app_url: str) -> None:
    page.goto(f"{app_url}/county?adcode=530326")
    wait_for_app(page)
    heading = page.get_by_text("差距监测：与全省、国家重点帮扶县中位数比较")
    heading.wait_for(timeout=60_000)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(2).wait_for(timeout=60_000)  # comparison bars, trend, trajectory
    trajectory = charts.nth(2)
    trajectory.scroll_into_view_if_needed()
    trajectory.locator("canvas, svg").first.wait_for(timeout=30_000)
    box = trajectory.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 150
    line = page.locator('[data-testid="stCaptionContainer"]', has_text="相对全省中位数").first
    assert line.is_visible() and "本县" in line.inner_text() and "→" in line.inner_text()
    heading.scroll_into_view_if_needed()
    page.screenshot(path="bench/out/gap_county.png")
    assert not page.offsite, page.offsite
