"""What a person sees: the national map paints offline, and a click opens a county profile."""

from __future__ import annotations

from geo import db
from tests.browser.conftest import map_frame, wait_for_app


def _key_county_point() -> tuple[str, float, float]:
    with db.connect() as con:
        return con.execute("SELECT adcode, lat, lon FROM counties WHERE adcode = '513431'").fetchone()


def _name(adcode: str) -> str:
    with db.connect() as con:
        return con.execute("SELECT name FROM counties WHERE adcode = $a", {"a": adcode}).fetchone()[0]


def test_overview_paints_county_shapes_with_no_outside_requests(page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    assert page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first.locator(".leaflet-control-zoom").count() == 1
    page.screenshot(path="bench/out/overview.png")
    assert not page.offsite, page.offsite


def test_clicking_a_key_county_opens_its_profile(page, app_url: str) -> None:
    adcode, lat, lon = _key_county_point()  # 昭觉县, a national key county
    page.goto(f"{app_url}/?ov_prov=510000")
    wait_for_app(page)
    map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    page.wait_for_timeout(3000)  # let the drill-down zoom animation settle
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]').first
    box = iframe.bounding_box()
    frame = iframe.element_handle().content_frame()
    point = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}")
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.wait_for_url("**/county?adcode=*", timeout=30_000)
    clicked = page.url.split("adcode=")[1][:6]
    assert clicked[:4] == adcode[:4], clicked  # a county of 凉山州 around the clicked point
    wait_for_app(page)
    page.get_by_text(_name(clicked)).first.wait_for(timeout=30_000)
    page.screenshot(path="bench/out/county.png")
    assert not page.offsite


def _leaflet_frame(page) -> object:
    return page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()


def test_counties_come_from_one_topology_and_search_zooms_the_map(page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    frame = _leaflet_frame(page)
    counties, borders, zoom = frame.evaluate(
        "() => [window.atlasLayers.features.features.length,"
        " window.atlasLayers.borders.features[0].geometry.coordinates.length, window.map.getZoom()]"
    )
    assert counties > 2800 and borders > 1000 and zoom < 6
    page.get_by_text("定位：省 · 市 · 县").click()  # the finder is a popover (closed on a first view)
    search = page.get_by_label("搜索县（名称、曾用名或代码）")
    search.fill("镇雄")
    search.press("Enter")
    frame.wait_for_function("() => window.map.getZoom() >= 6.5", timeout=30_000)  # the county with its neighbours
    lat, lon = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert 27 < lat < 28 and 104 < lon < 106  # 镇雄县, 云南
    page.get_by_text("打开县情档案").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    page.screenshot(path="bench/out/overview_search.png")
    assert not page.offsite, page.offsite


def test_drill_down_draws_the_province_from_its_static_shapes_file(page, app_url: str) -> None:
    """Choosing a province in the sidebar colours all its counties at province-level detail; the
    geometry comes from one static file the map fetches, not from the Streamlit message."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(app_url)
    wait_for_app(page)
    map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    page.get_by_text("定位：省 · 市 · 县").click()
    picker = page.get_by_label("省（区、市）")
    picker.click()
    picker.fill("云南")
    picker.press("Enter")
    wait_for_app(page)
    map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    frame = _leaflet_frame(page)
    drawn = (
        "() => Object.values(window.map._layers).filter(l => l.feature && l.feature.properties"
        " && String(l.feature.properties.adcode).startsWith('53') && l.feature.properties.place"
        " && l.feature.geometry && l.feature.geometry.coordinates.length).length"
    )
    frame.wait_for_function(f"() => ({drawn})() >= 129", timeout=60_000)
    fills = frame.evaluate(
        "() => [...new Set(Object.values(window.map._layers).filter(l => l.feature && l.feature.properties"
        " && String(l.feature.properties.adcode).startsWith('53') && l.feature.properties.place)"
        ".map(l => l.options.fillColor))]"
    )
    assert "#b3261e" in fills and len(fills) >= 2, fills  # key counties red among the others
    assert any("/app/static/generated/shapes-530000." in url for url in fetched), fetched
    page.screenshot(path="bench/out/overview_yunnan.png")
    assert not page.offsite, page.offsite


def test_language_control_tops_the_sidebar_and_switches_every_label(page, app_url: str) -> None:
    """The control is first in the sidebar on every page, and switches labels, the URL and the page list."""
    page.goto(app_url)
    wait_for_app(page)
    map_frame(page)
    sidebar = page.locator('[data-testid="stSidebarUserContent"]')
    first = sidebar.locator('[data-testid="stElementContainer"]').first
    assert "语言 / Language" in first.inner_text(), first.inner_text()
    first.get_by_text("English", exact=True).click()
    page.get_by_text("National rural-revitalization key counties · overview").wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=30_000)
    assert "语言 / Language" in sidebar.locator('[data-testid="stElementContainer"]').first.inner_text()
    page.get_by_role("link", name="Planners' workbench").first.click()  # the page list is in English, and so is the page
    page.wait_for_url("**/workbench**", timeout=30_000)
    wait_for_app(page)
    assert "lang=en" in page.url, page.url
    # A shared English link, and a hostile value: Chinese, with one notice and no echo of the value.
    page.goto(f"{app_url}/?lang=en")
    wait_for_app(page)
    page.get_by_text("National rural-revitalization key counties · overview").wait_for(timeout=30_000)
    page.goto(f"{app_url}/?lang=%3Cscript%3Ealert(1)%3C/script%3E")
    wait_for_app(page)
    page.get_by_text("国家乡村振兴重点帮扶县 · 全国总览").wait_for(timeout=30_000)
    assert "<script>" not in page.locator('[data-testid="stApp"]').inner_text()
    assert not page.offsite, page.offsite
