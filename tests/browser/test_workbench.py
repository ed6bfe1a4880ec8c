"""Real browser: the workbench filters, the map and the count move together, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import db
from tests.browser.conftest import map_frame, wait_for_app

pytestmark = pytest.mark.browser
SHOT = Path(__file__).resolve().parents[2] / "bench" / "out" / "workbench.png"


def matching_count(page) -> int:
    metric = page.locator('[data-testid="stMetric"]').first.locator('[data-testid="stMetricValue"]')
    return int(metric.inner_text().replace(",", ""))


FEATURE_COUNT = """() => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    let n = 0;
    map.eachLayer((layer) => { if (layer.feature && layer.feature.properties.adcode) n += 1; });
    return n;
}"""


def map_features(page) -> int:
    """County features on the live Leaflet map (base layer plus the dynamic workbench layers)."""
    counts = [f.evaluate(FEATURE_COUNT) for f in page.frames if f.evaluate("() => typeof L !== 'undefined'")]
    assert len(counts) == 1, [f.url for f in page.frames]
    return counts[0]


def test_filter_updates_map_count_and_url(page, app_url: str) -> None:
    page.goto(f"{app_url}/workbench")
    wait_for_app(page)
    map_frame(page)
    before = matching_count(page)
    assert before > 100

    page.goto(f"{app_url}/workbench?prov=530000")
    wait_for_app(page)
    map_frame(page)
    yunnan = matching_count(page)
    assert 0 < yunnan < before
    page.wait_for_timeout(1500)
    shapes_before = map_features(page)

    # add a flag through the widget: the count, the table, the map and the URL follow
    flags = page.locator('[data-testid="stMultiSelect"]').filter(has_text="标志")
    flags.locator("input").click()
    page.keyboard.type("无铁路")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('flag=norail')", timeout=30_000)
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.wait_for_timeout(1500)
    after = matching_count(page)
    assert 0 < after < yunnan
    assert "prov=530000" in page.url
    map_frame(page)
    page.wait_for_timeout(1000)
    assert map_features(page) == shapes_before - (yunnan - after)

    SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOT), full_page=True)
    assert not page.offsite, page.offsite


def test_clicking_a_county_on_the_map_selects_its_row(page, app_url: str) -> None:
    """Map → table: a click on a matching county adds it to the selection (and its row)."""
    page.goto(f"{app_url}/workbench?prov=530000")
    wait_for_app(page)
    map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    page.wait_for_timeout(3000)  # let the fit-to-selection zoom settle
    selected = page.locator('[data-testid="stMetric"]').nth(2).locator('[data-testid="stMetricValue"]')
    assert selected.inner_text().strip() == "0"
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]').first
    box = iframe.bounding_box()
    frame = iframe.element_handle().content_frame()
    # 镇雄县 (530627): a national key county of Yunnan, inside the default (key-county) filter
    with db.connect() as con:
        lat, lon = con.execute("SELECT lat, lon FROM counties WHERE adcode = '530627'").fetchone()
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}")
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')][2]?.innerText.trim() === '1'",
        timeout=30_000,
    )
    wait_for_app(page)
    assert "镇雄县" in page.locator('[data-testid="stMultiSelect"]').filter(has_text="已选").inner_text()
    assert not page.offsite, page.offsite


def test_search_adds_a_county_and_the_export_downloads_on_click(page, app_url: str) -> None:
    """The selection box lists only what is ticked; the search adds to it; files are made on the click."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{app_url}/workbench?prov=530000")
    wait_for_app(page)
    search = page.get_by_label("添加县（名称、曾用名或代码）")
    search.fill("镇雄")
    search.press("Enter")
    page.wait_for_function("() => new URL(location.href).searchParams.getAll('sel').includes('530627')", timeout=30_000)
    wait_for_app(page)
    assert "镇雄县" in page.locator('[data-testid="stMultiSelect"]').filter(has_text="已选").inner_text()
    assert "已添加：镇雄县" in page.locator('[data-testid="stCaptionContainer"]').all_inner_texts().__str__()
    page.get_by_text("导出", exact=True).click()
    wait_for_app(page)
    page.get_by_text("仅已选县").click()
    wait_for_app(page)
    page.screenshot(path=str(SHOT.with_name("workbench_export.png")))
    for label, suffix, head in (("CSV", ".csv", b"\xef\xbb\xbf"), ("XLSX", ".xlsx", b"PK"), ("GeoJSON", ".geojson", b"{")):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label, exact=True).click()
        path = download.value.path()
        data = Path(path).read_bytes()
        assert download.value.suggested_filename.endswith(suffix) and data.startswith(head), label
        if label == "CSV":
            text = data.decode("utf-8-sig")
            assert "镇雄县" in text and len(text.strip().splitlines()) == 2  # the header and the one selected county
    assert not page.offsite, page.offsite
