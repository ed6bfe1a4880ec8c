"""Real browser: quick successive changes all stick (no rerun may put an
older URL value back over a newer widget value)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from geo import db
from geo.filters import FilterSpec
from tests.browser.conftest import map_frame, wait_for_app


def _matching(page) -> int:
    metric = page.locator('[data-testid="stMetric"]').first.locator('[data-testid="stMetricValue"]')
    return int(metric.inner_text().replace(",", ""))


def _multiselect(page, label: str):
    return page.locator('[data-testid="stMultiSelect"]').filter(has_text=label).first


def _tags(page, label: str) -> list[str]:
    return _multiselect(page, label).locator(".react-aria-ComboBox [data-tag] > span[title]").all_inner_texts()


def _expected(spec: FilterSpec) -> int:
    with db.connect(read_only=True) as con:
        found = db.run(con, "workbench_filter", spec.params())
    return int((found.status == "match").sum())


def test_three_quick_filter_changes_all_stick(page, app_url: str) -> None:
    page.goto(f"{app_url}/workbench?prov=530000")
    wait_for_app(page)
    map_frame(page)
    page.wait_for_timeout(1500)
    start = _matching(page)
    # A slow link widens the window in which a rerun can carry a URL the browser has not yet updated.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": 300, "downloadThroughput": -1, "uploadThroughput": -1})

    # 1. prefecture 昭通市   2. remove the 省级 level chip   3. add the flag 无铁路站点 — 200 ms apart
    _multiselect(page, "市（州、盟）").locator("input").click()
    page.keyboard.type("昭通")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    _multiselect(page, "帮扶级别").locator('.react-aria-ComboBox button[aria-label="Remove 省级重点帮扶县"]').click()
    page.wait_for_timeout(200)
    _multiselect(page, "标志").locator("input").click()
    page.keyboard.type("无铁路")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")

    page.wait_for_function("() => location.search.includes('flag=norail')", timeout=60_000)
    wait_for_app(page)
    page.wait_for_timeout(3000)  # any late rerun (map bounds, stale URL) would land here
    wait_for_app(page)

    expected = _expected(FilterSpec(("530000",), ("530600",), ("national",), ("norail",)))
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("prov") == ["530000"] and query.get("pref") == ["530600"], page.url
    assert query.get("lvl") == ["national"] and query.get("flag") == ["norail"], page.url
    assert _matching(page) == expected != start
    assert _tags(page, "市（州、盟）") == ["昭通市"]
    assert _tags(page, "帮扶级别") == ["国家重点帮扶县"]
    assert _tags(page, "标志") == ["无铁路站点"]
    assert not page.locator('[data-testid="stException"]').count()


def test_quick_colour_by_clicks_end_on_the_last_click(page, app_url: str) -> None:
    """The overview's colour-by control clicked three times 150 ms apart on a slow link: the map, the
    sidebar, the legend and the URL all end on the last click, and a quick scope change after it sticks."""
    page.goto(f"{app_url}/")
    wait_for_app(page)
    map_frame(page)
    page.wait_for_timeout(1000)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": 300, "downloadThroughput": -1, "uploadThroughput": -1})
    sidebar = page.locator('[data-testid="stSidebar"]')
    for label in ("指标分级", "帮扶级别", "指标分级"):
        sidebar.get_by_role("radio", name=label).click()
        page.wait_for_timeout(150)
    page.wait_for_function("() => location.search.includes('ov_color=indicator')", timeout=60_000)
    wait_for_app(page)
    # then at once: colour only the national key counties
    sidebar.locator('[data-testid="stRadio"]').get_by_text("仅国家级").click()
    page.wait_for_function("() => location.search.includes('ov_scope=national')", timeout=60_000)
    wait_for_app(page)
    page.wait_for_timeout(3000)  # a late rerun carrying an older URL would land here
    wait_for_app(page)

    query = parse_qs(urlsplit(page.evaluate("location.href")).query)
    assert query.get("ov_color") == ["indicator"] and query.get("ov_scope") == ["national"], query
    assert sidebar.get_by_role("radio", name="指标分级").get_attribute("aria-checked") == "true"
    assert sidebar.get_by_role("radio", name="仅国家级").is_checked()
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("单位：万人").count() and not main.get_by_text("帮扶级别", exact=True).count()
    assert not page.locator('[data-testid="stException"]').count()
