"""AppTest for the issue-15 page fixes: drill-down counts per prefecture, sites zoomed to a
prefecture, the import report in Chinese, the reload warning on 数据管理, the README link."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import passwords

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "pages"


def run(page: str, **params: str) -> AppTest:
    app = AppTest.from_file(str(PAGES / page), default_timeout=180)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def test_drill_down_shows_counts_per_prefecture_beside_the_official_ones(atlas_db: str) -> None:
    captions = html.unescape(" ".join(c.value for c in run("overview.py", ov_prov="510000").caption))  # decoded text
    assert "凉山彝族自治州 国家级10个·省级1个（官方10个）" in captions
    assert "甘孜藏族自治州 国家级9个·省级9个（官方9个）" in captions


def test_sites_zoom_to_a_prefecture_lists_only_its_sites(atlas_db: str) -> None:
    app = run("sites.py", st_prov="530000", st_pref="530600")
    sites = app.dataframe[0].value
    assert len(sites) >= 1 and sites.iloc[:, 1].str.contains("昭通市").all()
    assert any("只含昭通市的安置点" in c.value for c in app.caption)


def test_import_report_headers_and_messages_in_chinese(env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", passwords.hash_password("pw-zh-test", iterations=1000))
    app = AppTest.from_file(str(PAGES / "data_admin.py"), default_timeout=60).run()
    app.text_input[0].input("审核员")
    app.text_input[1].input("pw-zh-test")
    app.button[0].click().run()
    assert not app.exception
    assert any("刷新或关闭页面会退出登录" in c.value for c in app.caption)
    app.file_uploader[0].upload("bad.csv", b"adcode,year,gdp\n12,2024,5\n", "text/csv").run()
    app.text_input[0].input("某省统计年鉴2025").run()  # the source title (required)
    next(b for b in app.button if b.label == "校验文件").click().run()
    assert not app.exception
    report = next(frame.value for frame in app.dataframe if "说明" in frame.value.columns)
    assert list(report.columns) == ["行号", "列", "级别", "问题代码", "说明"]
    assert "行政区划代码应为6位数字" in " ".join(report["说明"]) and "adcode must" not in " ".join(report["说明"])
    assert set(report["级别"]) <= {"错误", "警告"}


def test_readme_links_the_overview_at_its_real_route() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`/overview`" not in text  # the start page lives at /, /overview is "Page not found"


def test_chinese_footnotes_leave_out_english_only_publishers() -> None:
    from geo.provenance import source_label

    source = {"source_id": "x", "title_zh": "县域人口", "title_en": "County population", "verified": False,
              "publisher": "Key County Atlas research (infra/SOURCES.md)", "url": "https://example.org/x"}
    zh = source_label(source, "zh", "footnote", 1)
    assert zh == "[1] 县域人口 https://example.org/x [未核实]"
    assert "Key County Atlas research" in source_label(source, "en", "footnote", 1)
    assert "（国家统计局）" in source_label({**source, "publisher": "国家统计局"}, "zh", "footnote", 1)


@pytest.mark.parametrize("page", ["gap.py", "overview.py", "sites.py", "infra.py", "workbench.py"])
def test_html_blocks_carry_no_markdown(page: str, atlas_db: str) -> None:
    """ui.safe.html emits st.html, which parses no Markdown: a '###' or '**' would show as typed."""
    app = run(page)
    bodies = [element.proto.body for element in app.get("html")]
    assert bodies
    for body in bodies:
        text = html.unescape(body)
        assert "**" not in text and not any(line.lstrip().startswith("#") for line in text.splitlines()), body[:200]
