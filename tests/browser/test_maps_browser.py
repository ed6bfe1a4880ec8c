"""What a person sees of the choropleth, print and phone work: the same breaks in every year,
a print of the view on screen, and China whole on a phone."""

from __future__ import annotations

import re
import subprocess

from geo import db
from tests.browser.conftest import map_frame, wait_for_app

COLOURED = "() => Object.values(window.map._layers).some(l => l.feature && l.options && l.options.fillColor"


def _leaflet(page) -> object:
    return page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()


def _legend(page) -> tuple[str, list[str]]:
    block = page.locator(".atlas-legend-unit").first
    block.wait_for(timeout=60_000)
    header = block.inner_text()
    rows = block.locator("xpath=..").inner_text().splitlines()
    classes = [re.sub(r"（\d+）$", "", line.strip()) for line in rows if " – " in line]
    return header, classes


def _fill_of(page, adcode: str) -> str:
    frame = _leaflet(page)
    script = (
        "(code) => { for (const l of Object.values(window.map._layers)) {"
        " if (l.feature && l.feature.properties && l.feature.properties.adcode === code && l.options.fillColor"
        " && l.options.fillColor !== '#f6f3ee') return l.options.fillColor; } return null; }"
    )
    frame.wait_for_function(f"() => ({script})('{adcode}') !== null", timeout=60_000)
    return frame.evaluate(script, adcode)


def test_yearly_indicator_has_the_same_breaks_in_two_years(page, app_url: str) -> None:
    with db.connect() as con:  # a key county whose value did not change between two years
        adcode, y1, y2 = con.execute(
            "SELECT a.adcode, a.year, b.year FROM indicators a JOIN indicators b USING (adcode, indicator_id)"
            " JOIN counties c USING (adcode) WHERE a.indicator_id = 'pop_year_end' AND a.year < b.year"
            " AND a.value = b.value AND c.support_level IS NOT NULL ORDER BY a.adcode LIMIT 1"
        ).fetchone()
    seen = []
    for year in (y1, y2):
        page.goto(f"{app_url}/?ov_color=indicator&ov_ind=pop_year_end&ov_year={year}")
        wait_for_app(page)
        map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
        header, classes = _legend(page)
        assert f"{year}年" in header
        seen.append((classes, _fill_of(page, adcode)))
    assert seen[0][0] and seen[0][0] == seen[1][0]  # identical class limits
    assert seen[0][1] == seen[1][1]  # same value, same colour
    assert not page.offsite


def test_print_of_a_province_indicator_view_names_what_it_shows(page, app_url: str, tmp_path) -> None:
    page.goto(f"{app_url}/?ov_color=indicator&ov_ind=rural_income&ov_year=2021&ov_prov=530000")
    wait_for_app(page)
    map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    page.get_by_text("打印/导出图片").click()
    page.get_by_role("button", name="生成当前地图").click()
    download_button = page.get_by_role("button", name="下载 PDF")
    download_button.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as info:
        download_button.click()
    path = tmp_path / "print.pdf"
    info.value.save_as(path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("云南省", "农村居民人均可支配收入", "2021年", "资料来源", "未核实", "公里", "名单待补全 16/27"):
        assert expected in text, expected
    assert not page.offsite


def test_phone_shows_all_of_china_and_the_map_first(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True,
                                  device_scale_factor=2)
    page = context.new_page()
    page.goto(app_url)
    wait_for_app(page)
    map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    frame = _leaflet(page)
    frame.wait_for_function("() => window.atlasFitted !== undefined", timeout=60_000)
    page.wait_for_timeout(800)
    inside = frame.evaluate(
        "() => { const b = window.map.getBounds(); const o = window.atlasLayers.borders.features[0];"
        " const c = L.geoJSON(o).getBounds(); return [b.contains(c), b.toBBoxString(), c.toBBoxString()]; }"
    )
    assert inside[0], inside  # every province outline (Xinjiang to Heilongjiang) inside the map box
    map_top = page.locator('iframe[title="streamlit_folium.st_folium"]').first.bounding_box()["y"]
    cards_top = page.locator(".st-key-ov_cards").bounding_box()["y"]
    assert map_top < cards_top  # the map before the headline cards on a narrow screen
    page.screenshot(path="bench/out/overview_phone.png")
    context.close()


def test_map_credits_leaflet_without_a_flag(page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    map_frame(page).locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=60_000)
    credit = map_frame(page).locator(".leaflet-control-attribution")
    credit.wait_for(timeout=60_000)
    assert credit.inner_text().strip().startswith("Leaflet"), credit.inner_text()
    assert credit.locator("svg, img").count() == 0  # Leaflet ≥ 1.9's default prefix draws a national flag
