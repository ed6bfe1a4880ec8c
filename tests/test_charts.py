"""AppTest: charts print years as years, one unit per axis, and translate units in English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from ui.charts import scaled

PAGES = Path(__file__).resolve().parent.parent / "pages"
CJK = re.compile(r"[\u4e00-\u9fff]")


def chart_specs(app: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in app.get("vega_lite_chart")]


def axis_titles(spec: dict) -> list[str]:
    return [str(axis.get("title")) for axis in spec["encoding"].values() if axis.get("title")]


def county_page(lang: str) -> AppTest:
    app = AppTest.from_file(str(PAGES / "county.py"), default_timeout=120)
    app.query_params["adcode"] = "530627"  # 镇雄县: GDP 2018–2023
    if lang == "en":
        app.session_state["lang"] = "en"
    app.run()
    next(s for s in app.selectbox if s.key == "trend_ind").set_value("gdp").run()
    assert not app.exception
    return app


def test_gdp_trend_axis_in_one_unit_and_years_as_labels() -> None:
    specs = chart_specs(county_page("zh"))
    trend = next(s for s in specs if s["mark"]["type"] == "line")
    assert trend["encoding"]["x"]["type"] == "ordinal" and trend["encoding"]["x"]["field"] == "year_label"
    assert trend["encoding"]["y"]["title"] == "亿元"
    for spec in specs:
        for title in axis_titles(spec):
            assert not ("万元" in title and "亿元" in title), title


def test_english_axis_units_are_translated() -> None:
    specs = chart_specs(county_page("en"))
    titles = [title for spec in specs for title in axis_titles(spec)]
    assert titles and not [title for title in titles if CJK.search(title)], titles
    assert "bn yuan" in titles


def test_scaled_axis_values() -> None:
    values, unit = scaled(pd.Series([9000.0, 2_500_000.0]), "万元", "zh")
    assert unit == "亿元" and values.tolist() == [0.9, 250.0]
