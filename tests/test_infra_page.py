"""AppTest: the infrastructure-gaps page ranks key counties and shows flags beside official figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parents[1] / "pages"


@pytest.fixture()
def app(atlas_db: str) -> AppTest:
    return AppTest.from_file(str(PAGES / "infra.py"), default_timeout=60).run()


def test_flag_counts_beside_official_figures(app: AppTest, con) -> None:
    assert not app.exception
    listed, without_rail, without_air = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE NOT has_railway), count(*) FILTER (WHERE NOT has_airport) "
        "FROM counties WHERE support_level = 'national'"
    ).fetchone()
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["不通铁路（站点代理）"] == f"{without_rail} / {listed}"
    assert metrics["县内无机场"] == f"{without_air} / {listed}"
    assert metrics["不通高速公路"] == "无数据"  # no expressway data: never shown as 0
    captions = " ".join(caption.value for caption in app.caption)
    assert "106 / 160" in captions and "69 / 160" in captions
    note = " ".join(warning.value for warning in app.warning)
    assert "高估" in note and "低估" in note and f"{listed} 个" in note


def _km(text: str) -> float:
    if text.startswith("县内有"):
        return 0.0
    return float(text.split("公里")[0].replace(",", ""))


def test_ranking_is_farthest_first_with_year(app: AppTest, con) -> None:
    table = app.dataframe[0].value
    national = con.execute("SELECT count(*) FROM counties WHERE support_level = 'national'").fetchone()[0]
    assert len(table) == national
    distances = table["铁路站点距离"].map(_km)
    assert distances.is_monotonic_decreasing
    assert table["铁路站点距离"].str.endswith("· 2021").all()
    assert set(table["通高速公路"]) == {"无数据"}


def test_switch_to_airports_and_both_levels(app: AppTest, con) -> None:
    app.radio(key="inf_metric").set_value("dist_airport_km").run()
    app.selectbox(key="inf_level").set_value("both").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == con.execute("SELECT count(*) FROM counties WHERE support_level IS NOT NULL").fetchone()[0]
    year = con.execute("SELECT max(year) FROM indicators WHERE indicator_id = 'dist_airport_km'").fetchone()[0]
    assert table["机场距离"].map(_km).is_monotonic_decreasing
    assert table["机场距离"].str.endswith(f"· {year}").all()
    assert isinstance(table, pd.DataFrame)


def test_english_labels(atlas_db: str) -> None:
    at = AppTest.from_file(str(PAGES / "infra.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert "No railway (station proxy)" in {metric.label for metric in at.metric}
    assert "overstated" in " ".join(warning.value for warning in at.warning)
    assert set(at.dataframe[0].value["Expressway"]) == {"no data"}
