"""AppTest: the pages that colour by an indicator use one choropleth — one unit per legend,
the same breaks in every year, and bad manual breaks give a Chinese notice, not a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent.parent / "pages"
LEGEND = re.compile(r"<b>(?P<title>[^<]*)</b><div[^>]*atlas-legend-unit[^>]*>(?P<header>[^<]*)</div>(?P<rows>.*)", re.S)


def run_page(name: str, **params: str) -> AppTest:
    app = AppTest.from_file(str(PAGES / name), default_timeout=120)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def legends(app: AppTest) -> list[re.Match]:
    return [m for m in (LEGEND.search(md.value) for md in [*app.markdown, *app.get("html")]) if m]


def class_labels(match: re.Match) -> list[str]:
    return re.findall(r"<span>([^<]*)</span>", match["rows"])


def test_manual_scheme_without_breaks_falls_back_with_a_notice(atlas_db: str) -> None:
    app = run_page("overview.py", ov_color="indicator", ov_scheme="manual")
    assert not app.exception
    assert any("已改用分位数" in caption.value for caption in app.caption)
    assert legends(app)


def test_bad_manual_breaks_are_named_and_escaped(atlas_db: str) -> None:
    app = run_page("overview.py", ov_color="indicator", ov_ind="rural_income", ov_scheme="manual",
                   ov_breaks="9099, 9000, abc, ![](http://x/p.png)")
    assert not app.exception
    notices = " ".join(caption.value for caption in app.caption)
    assert "已排序" in notices and "abc" in notices
    assert "![](http" not in notices  # markdown-escaped: shown as text, never fetched
    labels = " ".join(" ".join(class_labels(m)) for m in legends(app))
    assert "9,099 – 9,000" not in labels and "9,000 – 9,099" in labels


@pytest.mark.parametrize(("page", "params"), [
    ("overview.py", {"ov_color": "indicator", "ov_ind": "gdp", "ov_year": "2022"}),
    ("overview.py", {"ov_color": "indicator", "ov_ind": "gdp", "ov_year": "2019", "ov_scope": "national"}),
    ("workbench.py", {"ind": "gdp", "year": "2021"}),
])
def test_no_legend_mixes_wan_and_yi_yuan(atlas_db: str, page: str, params: dict) -> None:
    app = run_page(page, **params)
    assert not app.exception
    found = legends(app)
    assert found, "the indicator legend is shown"
    for match in found:
        assert "亿元" in match["header"] and "万元" not in match["header"]
        assert not [label for label in class_labels(match) if "万元" in label or "亿元" in label]


def test_two_years_share_legend_breaks(atlas_db: str) -> None:
    first = legends(run_page("overview.py", ov_color="indicator", ov_ind="rural_income", ov_year="2018"))[0]
    last = legends(run_page("overview.py", ov_color="indicator", ov_ind="rural_income", ov_year="2023"))[0]
    strip = lambda labels: [re.sub(r"（\d+）$", "", label) for label in labels]  # noqa: E731 - counts differ
    assert strip(class_labels(first))[:-1] == strip(class_labels(last))[:-1]
    assert "2018年" in first["header"] and "2023年" in last["header"]


def test_default_year_is_well_covered_and_said(atlas_db: str) -> None:
    app = run_page("overview.py", ov_color="indicator", ov_ind="rural_income")
    assert not app.exception
    header = legends(app)[0]["header"]
    assert "2022年" in header  # 2023 covers 30 listed counties, 2022 covers 60
    assert any("默认 2022 年" in caption.value for caption in app.caption)


def test_workbench_range_year_opens_on_the_well_covered_year(atlas_db: str) -> None:
    """The workbench's range filter uses the overview's default-year rule (not the thin newest year)."""
    app = run_page("workbench.py", ind="rural_income")
    assert not app.exception
    assert app.selectbox(key="year").value == 2022
    assert any("默认 2022 年" in caption.value for caption in app.caption)
    chosen = run_page("workbench.py", ind="rural_income", year="2023")  # a link's year is kept
    assert chosen.selectbox(key="year").value == 2023
