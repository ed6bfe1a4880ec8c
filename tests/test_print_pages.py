"""AppTest: every map page prints what it shows (「打印/导出图片」 → PDF/PNG rendered on the server).

``slow`` (each print draws every county and subsets the CJK fonts); the fast lane checks the same
views without drawing them in tests/test_print_views.py.
"""

from __future__ import annotations

import io

import pypdf
import pytest

from tests.print_action import press_print


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_overview_indicator_province_print_names_place_indicator_year_and_source(atlas_db: str) -> None:
    _, data = press_print("overview.py", "ov_print", ov_color="indicator", ov_ind="rural_income", ov_year="2021",
                      ov_prov="530000")
    text = pdf_text(data)
    for expected in ("云南省", "农村居民人均可支配收入", "2021年", "资料来源", "单位：元", "公里", "名单待补全 16/27",
                     "重点帮扶县名单待补全"):
        assert expected in text, expected
    assert "南海诸岛" not in text  # a province view has no national inset


def test_overview_levels_national_print_has_inset(atlas_db: str) -> None:
    _, data = press_print("overview.py", "ov_print")
    text = pdf_text(data)
    assert "南海诸岛" in text and "国家乡村振兴重点帮扶县分布 · 全国" in text and "资料来源：重点帮扶县名单" in text


@pytest.mark.parametrize(("page", "key", "params", "expected"), [
    ("workbench.py", "wb_print", {"ind": "gdp", "year": "2021"}, "亿元"),
    ("infra.py", "inf_print", {}, "民用机场"),
    ("sites.py", "st_print", {}, "万人以上"),
])
def test_other_map_pages_print(atlas_db: str, page: str, key: str, params: dict, expected: str) -> None:
    _, data = press_print(page, key, **params)
    text = pdf_text(data)
    assert expected in text and "资料来源" in text and "南海诸岛" in text


def test_png_print(atlas_db: str) -> None:
    _, data = press_print("overview.py", "ov_print", fmt="png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_gap_print_renders_the_map_of_change(atlas_db: str) -> None:
    app, _ = press_print("gap.py", "gap_print", gap_prov="530000")
    (button,) = [b for b in app.get("download_button") if "PDF" in str(b.proto.label)]
    assert button.proto.label.startswith("下载")
