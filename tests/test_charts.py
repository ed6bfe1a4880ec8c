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


def test_missing_unit_gives_an_untitled_axis() -> None:
    values, unit = scaled(pd.Series([1.0, 2.0]), float("nan"), "en")
    assert unit == "" and values.tolist() == [1.0, 2.0]


def test_chart_specs_from_a_template_are_what_altair_makes_of_the_same_chart() -> None:
    from ui import charts
    from ui.prepared import chart_spec

    trend = pd.DataFrame({"indicator_id": ["gdp"] * 3, "year": [2018, 2019, 2021], "value": [1.2e8, None, 3.4e8],
                          "source_id": ["s1", "s1", "s2"]})  # fmt: skip
    for unit, lang in (("万元", "zh"), ("元", "en"), (None, "zh")):
        assert charts.trend_spec(trend, unit, lang, "年份") == chart_spec(charts.trend_chart(trend, unit, lang, "年份"))
        bars = pd.DataFrame({"who": ["本县", "全省中位数", "国家重点帮扶县中位数"], "value": [5.0, None, 7.5e4]})
        colours = ["#b3261e", "#8c8c8c", "#f08c3a"]
        direct = charts._bars(*charts._bar_data(bars, unit, lang), colours, 160)  # altair on this data itself
        assert charts.bar_spec(bars, unit, lang, colours) == chart_spec(direct)
    other = trend.assign(value=[9.0, 8.0, 7.0])  # same titles, other data: the template is reused, the data is not
    assert charts.trend_spec(other, "万元", "zh", "年份")["datasets"] != charts.trend_spec(trend, "万元", "zh", "年份")["datasets"]


def test_trajectory_template_is_what_altair_makes_for_each_unit() -> None:
    """One altair conversion per language, the unit set as its title (``charts.titled``)."""
    import altair as alt

    from ui import gap_data
    from ui.prepared import chart_spec

    columns, labels = ("year", "series", "value", "who"), ("本县", "全省中位数", "国家重点帮扶县中位数")
    # made afresh: a page run that sent one had Streamlit set its legend's null title to " " (ui.prepared)
    gap_data._trajectory_template.cache_clear()
    gap_data._trajectory_base.cache_clear()
    for unit in ("元", "万人", ""):
        direct = (
            alt.Chart(pd.DataFrame(columns=list(columns))).mark_line(point=True)
            .encode(x=alt.X("year:O", title="年份", axis=alt.Axis(labelAngle=0)),
                    y=alt.Y("value:Q", title=unit or None, scale=alt.Scale(zero=False)),
                    color=alt.Color("who:N", title=None, sort=list(labels),
                                    scale=alt.Scale(domain=list(labels), range=list(gap_data.COLORS.values())),
                                    legend=alt.Legend(orient="top")))
            .properties(height=300)
        )  # fmt: skip
        assert gap_data._trajectory_template(columns, "年份", unit, labels) == chart_spec(direct)
