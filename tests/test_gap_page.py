"""AppTest: the 差距监测 page and the county profile's trajectory, on the real database."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent.parent / "pages"


def run_page(name: str, lang: str | None = None, **params: str) -> AppTest:
    app = AppTest.from_file(str(PAGES / name), default_timeout=120)
    if lang:
        app.session_state["lang"] = lang
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def text_of(app: AppTest) -> str:
    """Rendered text as a reader sees it (geo.safetext writes untrusted parts as character references)."""
    return html.unescape(" ".join(e.value for e in [*app.markdown, *app.get("html"), *app.caption, *app.warning, *app.info]))


def test_default_view_says_what_was_counted(atlas_db: str) -> None:
    app = run_page("gap.py")
    assert not app.exception
    text = text_of(app)
    # default series (rural income) and its first and latest year inside 2020–2023
    assert "农村居民人均可支配收入" in text and "2020年与2023年" in text
    assert "两个年份都有数据的县" in text and "缺任一年份的县不计入" in text
    assert "名义值" in text and "未核实" in text  # money series and a third-party source
    assert "国家重点帮扶县中位数为其他原贫困县的" in text and "差距" in text
    assert app.sidebar.selectbox(key="gap_prov").proto.placeholder == "全国"  # the whole country, in Chinese
    groups = app.dataframe[0].value
    assert list(groups.iloc[:, 0]) == ["国家重点帮扶县", "省级重点帮扶县", "其他原贫困县（832）", "其他县"]
    legend = next(html.unescape(m.value) for m in [*app.markdown, *app.get("html")] if "相对全省中位数之比的变化" in m.value)
    assert "基本持平" in legend and "无数据" in legend and "未核实" in legend
    counties = app.dataframe[-1].value
    assert len(counties) == int(groups.iloc[:, 1].sum())  # every counted county has a row


def test_province_scope_and_growth_colouring(atlas_db: str) -> None:
    app = run_page("gap.py", gap_ind="gdp", gap_y0="2020", gap_y1="2022", gap_prov="530000", gap_metric="growth")
    assert not app.exception
    text = text_of(app)
    assert "地区生产总值" in text and "2020年与2022年" in text and "云南省：" in text
    assert any("年均增长率" in html.unescape(m.value) and "单位：%/年" in html.unescape(m.value) for m in [*app.markdown, *app.get("html")])
    counties = app.dataframe[-1].value
    assert set(counties["省（区、市）"]) == {"云南省"}
    assert app.query_params["gap_prov"] == "530000" and app.query_params["gap_metric"] == "growth"


def test_a_province_without_values_shows_an_empty_view(atlas_db: str) -> None:
    """北京 has no GDP series: the map has no coloured layer (folium's tooltip check used to raise),
    the page says no county was counted."""
    app = run_page("gap.py", gap_ind="gdp", gap_prov="110000")
    assert not app.exception
    text = text_of(app)
    assert "北京市：" in text and "两个年份都有数据的县：0个" in text
    assert "该范围内没有两个年份都有数据的县。" in text


def test_latest_year_before_first_is_refused_with_a_message(atlas_db: str) -> None:
    app = run_page("gap.py", gap_ind="rural_income", gap_y0="2022", gap_y1="2019")
    assert not app.exception
    assert any("对比年份" in w.value and "晚于起始年份" in html.unescape(w.value) for w in app.warning)
    assert "2022年与2023年" in text_of(app)  # the link's first year, the default latest year


def test_choosing_a_first_year_after_the_latest_falls_back_with_a_message(atlas_db: str) -> None:
    app = run_page("gap.py", gap_ind="rural_income", gap_y0="2020", gap_y1="2021")
    app.sidebar.selectbox(key="gap_y0").set_value(2022).run()
    assert not app.exception
    assert any("起始年份须早于对比年份" in html.unescape(w.value) for w in app.warning)
    assert "2020年与2023年" in text_of(app)


def test_default_years_follow_the_scope(atlas_db: str) -> None:
    # 云南省 has rural income for 2018–2022, none for 2023: its own latest year, not the national 2023
    app = run_page("gap.py", gap_prov="530000")
    assert not app.exception
    assert "2020年与2022年" in text_of(app) and len(app.dataframe[-1].value) == 86  # 0 with the national 2023
    assert app.sidebar.selectbox(key="gap_y1").options == ["2022", "2021", "2020", "2019"]  # years with values there
    app.sidebar.selectbox(key="gap_prov").set_value(None).run()  # back to the whole country: its defaults again
    assert "2020年与2023年" in text_of(app)
    app.sidebar.selectbox(key="gap_y0").set_value(2021).run()  # a year the reader chose stays when the scope moves
    app.sidebar.selectbox(key="gap_prov").set_value("530000").run()
    assert not app.exception and "2021年与2022年" in text_of(app)


def test_a_link_year_without_values_in_the_scope_is_refused(atlas_db: str) -> None:
    app = run_page("gap.py", gap_prov="530000", gap_y0="2021", gap_y1="2023")
    assert not app.exception
    notice = " ".join(html.unescape(w.value) for w in app.warning)
    assert "链接参数“对比年份”（gap_y1）在所选范围内没有数据，已改用该范围的默认年份 2022。" in notice
    assert "2021年与2022年" in text_of(app)  # the link's first year kept, the scope's latest used
    assert app.query_params["gap_y1"] == "2022"


@pytest.mark.parametrize(
    "params",
    [
        {"gap_ind": "x" * 5000},
        {"gap_ind": "'; DROP TABLE indicators; --", "gap_y0": "abc", "gap_y1": "1e9"},
        {"gap_prov": "<script>alert(1)</script>", "gap_metric": "**bold**", "gap_sort": "=cmd()"},
        {"gap_y0": "-1", "gap_y1": "2020"},
    ],
)
def test_hostile_url_values_are_harmless(atlas_db: str, params: dict[str, str]) -> None:
    app = run_page("gap.py", **params)
    assert not app.exception
    text = text_of(app)
    assert "两个年份都有数据的县" in text
    assert "<script>" not in text and "DROP" not in text
    assert "链接参数" in text  # one Chinese notice says what was refused and what was used instead


def test_a_static_indicator_in_the_link_is_refused(atlas_db: str) -> None:
    app = run_page("gap.py", gap_ind="pop_census")  # census 2020 only: no change to measure
    assert not app.exception
    assert any("不是多年份指标" in w.value for w in app.warning)
    assert "农村居民人均可支配收入" in text_of(app)


def test_english(atlas_db: str) -> None:
    app = run_page("gap.py", lang="en")
    assert not app.exception
    text = text_of(app)
    assert "Gap monitor" in text and "Counties with values in both years" in text and "nominal" in text
    assert list(app.dataframe[0].value.iloc[:, 0])[0] == "National key counties"


def test_county_profile_shows_the_trajectory(atlas_db: str) -> None:
    app = run_page("county.py", adcode="530326")
    assert not app.exception
    text = text_of(app)
    assert "差距监测：与全省、国家重点帮扶县中位数比较" in text
    assert "本县" in text and "全省中位数" in text and "相对全省中位数" in text
    (button,) = app.get("link_button")
    assert button.proto.url.startswith("gap?gap_ind=rural_income&gap_y0=2020&gap_y1=") and "gap_prov=530000" in button.proto.url
    assert len(app.get("vega_lite_chart")) == 3  # the comparison bars, the trend and the trajectory


def test_county_without_series_says_so(atlas_db: str) -> None:
    app = run_page("county.py", adcode="110101")  # 东城区: no yearly series in the data
    assert not app.exception
    assert "本县没有两个以上年份的数据。" in text_of(app)

