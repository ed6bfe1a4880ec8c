"""AppTest: the county profile finds its county through the one search box (ui.county_search),
not a select box of all 2,875 counties; a link's ?adcode= still opens that county and the URL
follows the choice."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parent.parent / "pages" / "county.py"


def open_county(**params: str) -> AppTest:
    app = AppTest.from_file(str(PAGE), default_timeout=120)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def search(app: AppTest, text: str) -> AppTest:
    return app.text_input(key="adcode_q").input(text).run()


def heading(app: AppTest) -> str:
    return next((m.value for m in app.markdown if m.value.startswith("## ")), "")


def test_link_opens_that_county_and_no_list_of_every_county_is_sent(atlas_db: str) -> None:
    app = open_county(adcode="530627")
    assert not app.exception
    assert heading(app) == "## 镇雄县"
    assert app.text_input(key="adcode_q").value == "530627"
    assert app.query_params["adcode"] == "530627"
    assert all(len(box.options) <= 50 for box in app.selectbox)  # was one box of 2,876 options


def test_no_county_asks_for_one(atlas_db: str) -> None:
    app = open_county()
    assert not app.exception
    assert any("输入县名" in info.value for info in app.info)
    assert not heading(app) and "adcode" not in app.query_params


def test_the_url_follows_the_search(atlas_db: str) -> None:
    app = search(open_county(adcode="530627"), "巴林左旗")
    assert not app.exception
    assert heading(app) == "## 巴林左旗" and app.query_params["adcode"] == "150422"
    app = search(app, "东乡")  # three matches: nothing chosen until one is picked
    assert "adcode" not in app.query_params and not heading(app)
    app = app.selectbox(key="adcode_pick").select("622926").run()
    assert heading(app) == "## 东乡族自治县" and app.query_params["adcode"] == "622926"
    app = search(app, "没有这个县")
    assert not app.exception and "adcode" not in app.query_params
    assert any("没有找到" in caption.value for caption in app.caption)


def test_hostile_search_text_is_only_text(atlas_db: str) -> None:
    app = search(open_county(), "<script>alert(1)</script>' OR 1=1 --")
    assert not app.exception
    assert "adcode" not in app.query_params
    assert all("<script>" not in m.value for m in app.markdown)


def test_full_width_digits_from_a_chinese_input_method_find_the_county(atlas_db: str) -> None:
    app = search(open_county(), "５３０６２７")
    assert not app.exception
    assert heading(app) == "## 镇雄县" and app.query_params["adcode"] == "530627"
