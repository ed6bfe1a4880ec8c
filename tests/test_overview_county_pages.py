"""AppTest: the overview and the county profile render real figures and survive bad URLs."""

from __future__ import annotations

import html
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from geo import db

PAGES = Path(__file__).resolve().parent.parent / "pages"


def run_page(name: str, **params: str) -> AppTest:
    app = AppTest.from_file(str(PAGES / name), default_timeout=120)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def shown(app: AppTest) -> str:
    """The page's Markdown as the reader sees its text (character references decoded)."""
    return html.unescape(" ".join(markdown.value for markdown in [*app.markdown, *app.get("html")]))


def test_overview_headline_comes_from_the_database(atlas_db: str, con: duckdb.DuckDBPyConnection) -> None:
    app = run_page("overview.py")
    assert not app.exception
    cards = shown(app)
    listed = int(db.run(con, "headline_figures").national_listed.iloc[0])
    assert f">{listed} / 160<" in cards
    assert listed == 103  # 101 + 庄浪县 and 古浪县 (data/key_counties_additions_2026-12.csv)
    assert "万人" in cards
    assert "160县中106个不通铁路" in cards and "69个县不通高速" in cards and "全国66个" in cards


def test_list_completeness_table_speaks_the_page_language(atlas_db: str) -> None:
    """Headers, levels and the total's source are translated (was: raw column names, level codes, English notes)."""
    for lang, expected, foreign in (("zh", ("省份", "公布总数", "国家重点帮扶县"), ("expected", "national", "printed in S1")),
                                    ("en", ("Province", "Published total", "National key county"), ("公布总数",))):
        app = AppTest.from_file(str(PAGES.parent / "app.py"), default_timeout=120)  # app.py binds the language
        app.query_params["lang"] = lang
        app.run()
        table = next(m.value for m in [*app.markdown, *app.get("html")] if "atlas-progress" in m.value)
        assert all(word in html.unescape(table) for word in expected), lang
        assert not any(word in table for word in foreign), lang
        assert not app.table  # plain HTML: no data-grid element


def test_overview_indicator_choropleth_has_legend_with_source(atlas_db: str) -> None:
    app = run_page("overview.py", ov_color="indicator", ov_ind="rural_income", ov_year="2021")
    assert not app.exception
    legend = shown(app)
    assert "农村居民人均可支配收入" in legend
    assert "无数据" in legend and "未核实" in legend


def test_overview_english_toggle(atlas_db: str) -> None:
    app = AppTest.from_file(str(PAGES / "overview.py"), default_timeout=120)
    app.session_state["lang"] = "en"
    app.run()
    assert not app.exception
    assert "National key counties" in shown(app)


@pytest.mark.parametrize(
    "params",
    [
        {"ov_prov": "'; DROP TABLE counties; --"},
        {"ov_county": "<script>alert(1)</script>"},
        {"ov_color": "indicator", "ov_ind": "x" * 5000},
        {"ov_color": "indicator", "ov_scheme": "manual", "ov_breaks": "1,abc,=cmd()"},
    ],
)
def test_overview_hostile_url_values_are_harmless(atlas_db: str, params: dict[str, str]) -> None:
    app = run_page("overview.py", **params)
    assert not app.exception
    assert "/ 160" in shown(app)


def run_app(**params: str) -> AppTest:
    """The whole app (navigation included, so page links resolve), opened on the overview."""
    app = AppTest.from_file(str(PAGES.parent / "app.py"), default_timeout=120)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def _search(app: AppTest, text: str) -> AppTest:
    return app.sidebar.text_input(key="ov_county_q").input(text).run()


def test_search_with_one_match_zooms_and_links_the_profile(atlas_db: str) -> None:
    app = _search(run_app(), "镇雄")
    assert not app.exception
    assert app.query_params["ov_county"] == "530627"
    assert any("镇雄县 · 昭通市 · 云南省" in caption.value for caption in app.sidebar.caption)
    assert "ov_county_pick" not in [widget.key for widget in app.sidebar.selectbox]
    assert any(link.label == "打开县情档案" for link in app.get("page_link"))


def test_search_by_former_name_or_code_finds_the_renamed_county(atlas_db: str) -> None:
    for text in ("黔西县", "520522"):
        app = _search(run_app(), text)
        assert app.query_params["ov_county"] == "520581", text  # 黔西县 became 黔西市 in 2021


def test_search_with_several_matches_asks_which_one(atlas_db: str) -> None:
    app = _search(run_app(), "东乡")
    pick = app.sidebar.selectbox(key="ov_county_pick")
    assert len(pick.options) == 3 and "ov_county" not in app.query_params
    app = pick.select("622926").run()
    assert app.query_params["ov_county"] == "622926"
    app = _search(app, "")
    assert "ov_county" not in app.query_params  # clearing the box clears the zoom


def test_search_treats_sql_as_text_and_says_nothing_matched(atlas_db: str) -> None:
    app = _search(run_app(ov_county="530627"), "'; DROP TABLE counties; --")
    assert not app.exception
    assert any("没有找到" in caption.value for caption in app.sidebar.caption)
    assert "ov_county" not in app.query_params
    assert _search(app, "镇雄").query_params["ov_county"] == "530627"  # the table is still there


def test_shared_link_to_a_county_fills_the_search_box(atlas_db: str) -> None:
    app = run_app(ov_county="530627")
    assert app.sidebar.text_input(key="ov_county_q").value == "530627"
    assert app.query_params["ov_county"] == "530627"


def test_county_profile_shows_status_source_and_ranks(atlas_db: str) -> None:
    app = run_page("county.py", adcode="530627")
    assert not app.exception
    text = " ".join(markdown.value for markdown in [*app.markdown, *app.get("html")])
    assert "镇雄县" in text and "国家重点帮扶县" in text and "http" in text
    table = app.dataframe[1].value
    row = table[table["指标"] == "常住人口"].iloc[0]
    assert row["数值"] == "135.0万人" and row["年份"] == "2020"
    assert row["省内排名"].endswith("/ 129")


def test_county_profile_unknown_code_says_so(atlas_db: str) -> None:
    app = run_page("county.py", adcode="999999")
    assert not app.exception
    assert any("adcode" in warning.value and "已改用" in warning.value for warning in app.warning)
    assert not any("999999" in warning.value for warning in app.warning)  # refused values are not echoed


def test_profile_shows_the_three_criteria_and_all_status_sources(atlas_db: str) -> None:
    app = run_page("county.py", adcode="500242")  # 酉阳: official source first, two more on demand
    assert not app.exception
    labels = [metric.label for metric in app.metric]
    assert labels[:3] == ["人均地区生产总值（原始值，单位未注明）", "人均一般公共预算收入", "农村居民人均可支配收入"]
    captions = " ".join(caption.value for caption in app.caption)
    assert captions.count("未核实") >= 3 and "年份 20" in captions
    text = " ".join(markdown.value for markdown in [*app.markdown, *app.get("html")])
    assert "名单来源（官方）" in text and "cqrd.gov.cn" in text
    assert app.expander and "其他来源" in app.expander[0].label
