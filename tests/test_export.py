"""Exports: CSV with BOM, XLSX with a sources sheet, GeoJSON, formula neutralisation."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest

from geo import db, export
from geo.scoring import Criterion, pivot, rank_table

ADCODES = ["530627", "532529", "533323"]  # 镇雄县, 红河县, 福贡县


@pytest.fixture()
def exported(con):
    """The export table, sources sheet and long values for three Yunnan counties, from the real database."""
    values = db.run(con, "workbench_values", {"indicators": ["rural_income", "avg_years_schooling"], "years": [2022, 2020]})
    counties = db.run(con, "county_list").set_index("adcode")
    criteria = [Criterion("rural_income", 1, 1), Criterion("avg_years_schooling", 1, 1)]
    ranked = rank_table(ADCODES, pivot(values), counties.province_adcode, criteria)
    places = counties.loc[ADCODES, ["name", "prefecture", "province", "support_level"]]
    places.loc["533323", "name"] = "=HYPERLINK(\"http://x\")"  # a hostile name must not become a formula
    table = export.export_table(places, ranked, values)
    names = pd.Series({"rural_income": "农村居民人均可支配收入", "avg_years_schooling": "人均受教育年限"})
    sheet = export.sources_sheet(values[values.adcode.isin(ADCODES)], names)
    return table, sheet, values


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_formula_starts(text: str) -> None:
    assert export.neutralise(text) == "'" + text


def test_neutralise_leaves_plain_values() -> None:
    assert export.neutralise("镇雄县") == "镇雄县"
    assert export.neutralise(-5.0) == -5.0 and export.neutralise(None) is None


def test_csv_has_bom_rows_years_and_sources(exported) -> None:
    table, _sheet, values = exported
    data = export.csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"adcode": str})
    assert list(back.adcode) == ADCODES
    assert back.loc[0, "name"] == "镇雄县"
    assert back.loc[2, "name"].startswith("'=")
    assert set(back.rural_income__year.dropna()) == {2022}
    assert set(back.avg_years_schooling__source) == {"census2020_leiii"}
    expected = values[(values.adcode == "530627") & (values.indicator_id == "rural_income")].value.iloc[0]
    assert back.loc[0, "rural_income"] == pytest.approx(expected)


def test_xlsx_has_chinese_headers_and_a_sources_sheet_in_words(exported) -> None:
    table, sheet, _values = exported
    names = {"rural_income": "农村居民人均可支配收入", "avg_years_schooling": "人均受教育年限"}
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(export.localised(table, names), sheet)))
    assert book.sheetnames == ["数据", "来源"]
    data = list(book["数据"].values)
    header = data[0]
    assert len(data) == 1 + len(ADCODES) and data[1][0] == "530627"
    assert "农村居民人均可支配收入·省内名次" in header and "农村居民人均可支配收入·年份" in header
    assert "帮扶级别" in header and not [h for h in header if "__" in h or h in ("support_level", "name")]
    assert data[1][header.index("帮扶级别")] == "国家重点帮扶县"
    hostile = data[3][header.index("县（区、市、旗）")]
    assert hostile.startswith("'=") and book["数据"].cell(4, header.index("县（区、市、旗）") + 1).data_type == "s"
    sources = list(book["来源"].values)
    header = sources[0]
    assert {"来源", "网址", "核实状态", "年份"} <= set(header)
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in sources[1:]}
    assert set(rows) == {"rural_income", "avg_years_schooling"}
    assert rows["rural_income"]["核实状态"] == "未核实" and rows["rural_income"]["年份"] == 2022
    assert rows["rural_income"]["来源"].endswith("；未核实") and "Clebeech" in rows["rural_income"]["网址"]


def test_english_headers_in_english_mode(exported) -> None:
    table, _sheet, values = exported
    out = export.localised(table, {"rural_income": "Rural income", "avg_years_schooling": "Schooling"}, "en")
    assert "Rural income·rank in province" in out.columns and "Support level" in out.columns
    assert set(out["Support level"]) <= {"National key county", "Provincial key county", "Not a key county"}
    sheet = export.sources_sheet(values, pd.Series({"rural_income": "Rural income"}), "en")
    assert set(sheet["Verification"]) <= {"verified", "unverified"}


def test_geojson_of_the_selection(con, exported) -> None:
    table, _sheet, _values = exported
    shapes = db.run(con, "workbench_shapes", {"adcodes": ADCODES})
    collection = json.loads(export.geojson_bytes(shapes, table.set_index("adcode")))
    assert collection["type"] == "FeatureCollection" and collection["datum"] == "GCJ-02"
    assert [f["properties"]["adcode"] for f in collection["features"]] == ADCODES
    first = collection["features"][0]
    assert first["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert first["properties"]["name"] == "镇雄县" and first["properties"]["rural_income__year"] == 2022
