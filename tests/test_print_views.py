"""AppTest: every map page hands the printer the view it shows (title, place, year, legend with unit,
sources, list completeness, national or province extent), without drawing it.

Drawing a view is ``geo.printmap.render_view`` (tests/test_printmap.py renders one with every field and
reads the text back); the rendered PDFs and PNGs of the pages themselves are tests/test_print_pages.py
(``slow``: matplotlib and font subsetting take seconds per print).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import printmap
from tests.print_action import press_print

FAKE = {"pdf": b"%PDF-1.4 view only", "png": b"\x89PNG\r\n\x1a\n view only"}


@pytest.fixture()
def views(monkeypatch: pytest.MonkeyPatch) -> list[tuple[printmap.PrintView, str, str]]:
    """(view, format, language) of every render the pages ask for; the bytes returned are a stand-in."""
    calls: list[tuple[printmap.PrintView, str, str]] = []

    def render_view(con, view: printmap.PrintView, *, fmt: str = "png", lang: str = "zh", **_options) -> bytes:
        calls.append((view, fmt, lang))
        return FAKE[fmt]

    monkeypatch.setattr(printmap, "render_view", render_view)
    return calls


def printed(views: list, page: str, key: str, fmt: str = "pdf", **params: str) -> tuple[AppTest, printmap.PrintView]:
    """Run ``page`` with ``params``, press its print button: the page (its download offered) and the view."""
    app, data = press_print(page, key, fmt, **params)
    assert data == FAKE[fmt]
    ((view, asked_fmt, lang),) = views
    assert asked_fmt == fmt and lang == "zh"
    return app, view


def printed_text(view: printmap.PrintView) -> str:
    """Every string the print of ``view`` carries besides the map: the footer as render_view writes it."""
    parts = [view.title, view.subtitle, view.legend_title, *(label for _colour, label in view.legend),
             *view.incomplete.values(), *(points.label for points in view.points),
             printmap.footer_text(view.sources, "zh", notes=view.notes)]
    return "\n".join(parts)


def test_overview_indicator_province_print_names_place_indicator_year_and_source(atlas_db: str, views: list) -> None:
    _, view = printed(views, "overview.py", "ov_print", ov_color="indicator", ov_ind="rural_income", ov_year="2021",
                   ov_prov="530000")
    text = printed_text(view)
    for expected in ("云南省", "农村居民人均可支配收入", "2021年", "资料来源", "单位：元", "名单待补全 16/27",
                     "重点帮扶县名单待补全"):
        assert expected in text, expected
    assert view.province == "530000"  # a province view: no 南海诸岛 inset
    assert view.colours  # the counties are coloured as on screen


def test_overview_levels_national_print_has_inset(atlas_db: str, views: list) -> None:
    _, view = printed(views, "overview.py", "ov_print")
    text = printed_text(view)
    assert view.province is None  # the national view, drawn with the 南海诸岛 inset
    assert "国家乡村振兴重点帮扶县分布 · 全国" in text and "资料来源：重点帮扶县名单" in text


@pytest.mark.parametrize(("page", "key", "params", "expected"), [
    ("workbench.py", "wb_print", {"ind": "gdp", "year": "2021"}, "亿元"),
    ("infra.py", "inf_print", {}, "民用机场"),
    ("sites.py", "st_print", {}, "万人以上"),
])
def test_other_map_pages_print(atlas_db: str, views: list, page: str, key: str, params: dict, expected: str) -> None:
    _, view = printed(views, page, key, **params)
    text = printed_text(view)
    assert expected in text and "资料来源" in text and view.province is None


def test_png_print(atlas_db: str, views: list) -> None:
    _, view = printed(views, "overview.py", "ov_print", fmt="png")
    assert view.province is None and view.legend


def test_gap_prints_the_map_of_change_of_the_province(atlas_db: str, views: list) -> None:
    app, view = printed(views, "gap.py", "gap_print", gap_prov="530000")
    (button,) = [b for b in app.get("download_button") if "PDF" in str(b.proto.label)]
    assert button.proto.label.startswith("下载")
    text = printed_text(view)
    assert view.province == "530000" and "云南省" in view.subtitle and "→" in view.subtitle
    assert "农村居民人均可支配收入" in text and "资料来源" in text and view.colours
