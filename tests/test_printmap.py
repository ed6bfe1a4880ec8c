"""Server-side print maps: real PNG/PDF output, CJK text that extracts, the national extent and inset."""

from __future__ import annotations

import io
from datetime import date

import duckdb
import geopandas as gpd
import matplotlib.image as mpimg
import numpy as np
import pypdf
import pytest

from geo import db, printmap
from geo.fonts import FONT_FAMILY, font_path, use_in_matplotlib

RED = "#c0392b"


@pytest.fixture(scope="module")
def key_colours(atlas_db: str) -> dict[str, str]:
    with db.connect(read_only=True) as con:
        keys = db.run(con, "print_key_counties")
    return {code: RED for code in keys.loc[keys.support_level == "national", "adcode"]}


def test_font_is_the_bundled_simplified_chinese_face() -> None:
    assert font_path().is_file()
    assert use_in_matplotlib() == FONT_FAMILY == "Noto Sans CJK SC"


def test_national_png_has_key_counties_coloured(con: duckdb.DuckDBPyConnection, key_colours: dict[str, str]) -> None:
    data = printmap.render_view(con, printmap.PrintView("测试", key_colours, [(RED, "国家重点帮扶县")]), dpi=80)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = mpimg.imread(io.BytesIO(data))
    assert image.shape[1] == round(11.69 * 80)
    red = np.all(np.abs(image[..., :3] - np.array([0xC0, 0x39, 0x2B]) / 255) < 0.02, axis=-1)
    assert red.sum() > 500  # the key counties (and the legend swatch) are drawn in their colour


@pytest.fixture(scope="module")
def full_view_pdf(key_colours: dict[str, str]) -> bytes:
    """One PDF of a view with every field filled, rendered once for the tests that read it."""
    with db.connect(read_only=True) as con:
        view = printmap.PrintView(
            "重点帮扶县分布图", key_colours, [(RED, "国家乡村振兴重点帮扶县")], legend_title="单位：亿元 · 2022年",
            subtitle="名单待补全", sources=["测试来源"], notes=["重点帮扶县名单待补全：云南省 国家级 16/27"],
            incomplete={"530000": "名单待补全 16/27"},
            points=(printmap.PrintPoints((103.7,), (27.3,), "#1f4e9c", "安置点"),),
        )
        return printmap.render_view(con, view, fmt="pdf", when=date(2024, 5, 1))


def test_pdf_text_extracts_in_chinese(full_view_pdf: bytes) -> None:
    text = pypdf.PdfReader(io.BytesIO(full_view_pdf)).pages[0].extract_text()
    for expected in ["重点帮扶县分布图", "名单待补全", "国家乡村振兴重点帮扶县", "南海诸岛", "测试来源", "GCJ-02",
                     "2024-05-01", "公里", "北", "单位：亿元", "云南省 国家级 16/27", "名单待补全的省份", "安置点"]:
        assert expected in text
    assert " km" not in text and "mi" not in text.split()


def test_title_is_set_in_a_real_cjk_bold_face(full_view_pdf: bytes) -> None:
    """The PDF embeds a Bold CJK font for the title, not the Regular face made 'bold'."""
    reader = pypdf.PdfReader(io.BytesIO(full_view_pdf))
    fonts = {str(font["/BaseFont"]) for font in _fonts(reader.pages[0])}
    assert any("Bold" in name and "CJK" in name for name in fonts), fonts
    assert any("Regular" in name or "CJK" in name and "Bold" not in name for name in fonts), fonts


def _fonts(page) -> list:
    resources = page["/Resources"]["/Font"]
    return [resources[name].get_object() for name in resources]


def _project(layers: printmap.Layers, lon: float, lat: float) -> tuple[float, float]:
    point = gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs="EPSG:4326").to_crs(layers.crs).iloc[0]
    return point.x, point.y


def test_national_extent_covers_taiwan_and_hainan(con: duckdb.DuckDBPyConnection) -> None:
    layers = printmap.load_layers(con)
    minx, miny, maxx, maxy = layers.extent
    for lon, lat in [(121.9, 25.1), (120.85, 21.9), (109.5, 18.16), (134.7, 48.3), (73.6, 39.4), (122.4, 53.5)]:
        x, y = _project(layers, lon, lat)
        assert minx <= x <= maxx and miny <= y <= maxy, (lon, lat)
    assert miny > _project(layers, 111.5, 17.0)[1]  # the Xisha islands are left to the inset


def test_inset_sits_clear_of_taiwan(con: duckdb.DuckDBPyConnection) -> None:
    from matplotlib.figure import Figure

    layers = printmap.load_layers(con)
    ax = Figure().add_subplot()
    printmap.draw_map(ax, layers, {})
    (inset,) = ax.child_axes
    left = ax.transData.inverted().transform(inset.get_window_extent().p0)[0]
    assert left > _project(layers, 122.0, 23.5)[0]
    assert inset.get_ylim()[0] < _project(layers, 112.0, 4.0)[1]  # the inset reaches 曾母暗沙


def test_province_view_and_unknown_province(con: duckdb.DuckDBPyConnection) -> None:
    layers = printmap.load_layers(con, "530000")
    assert len(layers.counties) == 129 and not layers.national
    with pytest.raises(ValueError):
        printmap.load_layers(con, "999999")


def test_south_china_sea_inset_png(con: duckdb.DuckDBPyConnection) -> None:
    image = mpimg.imread(io.BytesIO(printmap.south_china_sea_inset_png(con)))
    assert image.shape[1] == 300 and image.shape[2] == 4
    assert image[..., 3].min() < 1.0  # translucent background


def test_unsupported_format(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError):
        printmap.render_view(con, printmap.PrintView("x", {}, []), fmt="svg")


@pytest.mark.parametrize(("span_km", "expected_km"), [(5000, 1000), (1200, 200), (400, 100), (90, 20)])
def test_scale_bar_length_is_round(span_km: float, expected_km: float) -> None:
    assert printmap._nice_length(span_km * 1000) == expected_km * 1000
