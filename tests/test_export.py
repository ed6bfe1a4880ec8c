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


def test_xlsx_has_data_and_sources_sheets(exported) -> None:
    table, sheet, _values = exported
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(table, sheet)))
    assert book.sheetnames == [export.DATA_SHEET, export.SOURCES_SHEET]
    data = list(book[export.DATA_SHEET].values)
    assert len(data) == 1 + len(ADCODES) and data[1][0] == "530627"
    hostile = data[3][data[0].index("name")]
    assert hostile.startswith("'=") and book[export.DATA_SHEET].cell(4, data[0].index("name") + 1).data_type == "s"
    sources = list(book[export.SOURCES_SHEET].values)
    header = sources[0]
    assert "来源 Source" in header and "网址 URL" in header and "已核实 Verified" in header
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in sources[1:]}
    assert set(rows) == {"rural_income", "avg_years_schooling"}
    assert rows["rural_income"]["已核实 Verified"] == "未核实" and rows["rural_income"]["年份 Year"] == 2022
    assert rows["rural_income"]["来源 Source"].endswith("；未核实") and "Clebeech" in rows["rural_income"]["网址 URL"]


def test_geojson_of_the_selection(con, exported) -> None:
    table, _sheet, _values = exported
    shapes = db.run(con, "workbench_shapes", {"adcodes": ADCODES})
    collection = json.loads(export.geojson_bytes(shapes, table.set_index("adcode")))
    assert collection["type"] == "FeatureCollection" and collection["datum"] == "GCJ-02"
    assert [f["properties"]["adcode"] for f in collection["features"]] == ADCODES
    first = collection["features"][0]
    assert first["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert first["properties"]["name"] == "镇雄县" and first["properties"]["rural_income__year"] == 2022
