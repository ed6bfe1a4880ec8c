"""Workbench ranking year: 最新年份 by default with the year per row and notices; exports in the
on-screen ranking order with Chinese headers and 未核实 in words."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from geo import export

PAGE = "../pages/workbench.py"
ZHAOTONG = {"pref": "530600", "rk": ["rural_income", "gdp_per_capita_raw"]}


def open_page(params: dict, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_latest_year_is_the_default_and_every_zhaotong_county_has_values(atlas_db: str) -> None:
    at = open_page(ZHAOTONG)
    assert at.selectbox(key="ryear").value == "latest"
    table = at.dataframe[-1].value
    assert len(table) >= 5 and table.rural_income.notna().all()
    assert "rural_income__year" in table.columns and table.rural_income__year.notna().all()


def test_latest_year_says_when_years_differ(atlas_db: str) -> None:
    at = open_page({**ZHAOTONG, "pref": ["530600", "522700"]})  # 昭通 to 2022, 黔南 to 2023
    table = at.dataframe[-1].value
    assert set(table.rural_income__year.dropna()) == {2022, 2023}
    assert any("各县最新年份不同" in info.value and "2022–2023" in info.value for info in at.info)


def test_a_year_without_data_warns(atlas_db: str) -> None:
    at = open_page({**ZHAOTONG, "ryear": "2023"})
    warnings = " ".join(w.value for w in at.warning)
    assert "2023年没有符合条件的县的数据" in warnings
    at = open_page({**ZHAOTONG, "ryear": "2026"})
    assert "没有2026年数据，改用2023年" in " ".join(w.value for w in at.warning)


def test_norail_count_stands_beside_the_official_figure(atlas_db: str) -> None:
    at = open_page({"flag": "norail", "lvl": "national"})
    assert any("160个国家重点帮扶县中106个不通铁路" in c.value for c in at.caption)


@pytest.fixture()
def captured(monkeypatch: pytest.MonkeyPatch) -> dict[str, pd.DataFrame]:
    """The frames the page's download buttons hand to the CSV/XLSX writers when clicked.

    The files are made on the click (the buttons get callables), so the fixture keeps what each
    button was given and "clicks" it after the run: the page's own wiring, not a copy of it.
    """
    seen: dict[str, pd.DataFrame] = {}
    csv, xlsx = export.csv_bytes, export.xlsx_bytes
    monkeypatch.setattr(export, "csv_bytes", lambda frame: seen.setdefault("csv", frame) is not None and csv(frame))
    monkeypatch.setattr(export, "xlsx_bytes", lambda frame, sheet, lang="zh": (
        seen.update(xlsx=frame, sheet=sheet) or xlsx(frame, sheet, lang)))
    button = DeltaGenerator.download_button
    made: dict[str, bytes] = {}

    def recording(self: DeltaGenerator, label: str, data: object, *args: object, **kwargs: object) -> object:
        assert callable(data), label  # nothing is built during the run
        made[label] = data()
        return button(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    seen["files"] = made  # type: ignore[assignment]
    return seen


def test_exports_follow_the_ranking_on_screen_with_chinese_headers(atlas_db: str, captured) -> None:
    ranked = open_page({**ZHAOTONG, "sort": "rural_income"}).dataframe[-1].value
    open_page({**ZHAOTONG, "sort": "rural_income", "view": "export"})
    frame = captured["csv"]
    assert list(frame["行政区划代码"]) == list(ranked.index)
    assert "农村居民人均可支配收入·省内名次" in frame.columns and "农村居民人均可支配收入·年份" in frame.columns
    assert not [c for c in frame.columns if "__" in str(c) or c == "support_level"]
    assert set(frame["帮扶级别"]) <= {"国家重点帮扶县", "省级重点帮扶县", "非重点帮扶县"}
    sheet = captured["sheet"]
    assert not sheet.empty and set(sheet["核实状态"]) <= {"已核实", "未核实"} and "未核实" in set(sheet["核实状态"])


def test_english_export_headers(atlas_db: str, captured) -> None:
    open_page({**ZHAOTONG, "view": "export"}, lang="en")
    assert "Support level" in captured["csv"].columns and "Admin code" in captured["csv"].columns
    files = captured["files"]
    assert files["CSV"].startswith(b"\xef\xbb\xbf") and files["XLSX"][:2] == b"PK"
    collection = json.loads(files["GeoJSON"])
    assert collection["datum"] == "GCJ-02" and len(collection["features"]) == len(captured["csv"])
