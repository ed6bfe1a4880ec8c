"""Real browser: three workbench filter changes 200 ms apart all stick (no rerun may put an
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
