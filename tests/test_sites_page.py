"""AppTest: the relocation-sites page shows the data's coverage beside the official figures."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import db

PAGES = Path(__file__).resolve().parents[1] / "pages"


@pytest.fixture()
def app(atlas_db: str) -> AppTest:
    return AppTest.from_file(str(PAGES / "sites.py"), default_timeout=60).run()


def _metrics(at: AppTest) -> dict[str, str]:
    """The coverage cards (one HTML block): label without its "(in data / official)" hint → value."""
    cards = re.findall(r"color:#555'>(.*?)</div><div style='font-size:1\.7rem[^']*'>(.*?)</div>", _texts(at))
    return {re.sub(r"\s?[（(][^（()]*/[^（()]*[）)]$", "", label): value for label, value in cards}


def _texts(at: AppTest) -> str:
    return html.unescape(" ".join(element.value for element in [*at.markdown, *at.get("html"), *at.caption]))


def test_coverage_panel_sets_data_beside_official_figures(app: AppTest, con) -> None:
    assert not app.exception
    large, key, zhaotong, located, total = con.execute(
        """SELECT count(*) FILTER (WHERE size_class = 'ge10000'),
                  count(*) FILTER (WHERE size_class = 'ge10000' AND c.support_level IS NOT NULL),
                  count(*) FILTER (WHERE size_class = 'ge10000' AND c.prefecture_adcode = '530600'),
                  count(*) FILTER (WHERE s.location_precision = 'township'), count(*)
           FROM sites AS s JOIN counties AS c USING (adcode)"""
    ).fetchone()
    metrics = _metrics(app)
    assert metrics["万人以上集中安置点（全国）"] == f"{large} / 66"
    assert metrics["其中在重点帮扶县"] == f"{key} / 43"
    assert metrics["昭通市万人以上安置点"] == f"{zhaotong} / 9"
    assert metrics["按定位精度：乡镇驻地，位置近似"] == f"{located} / {total}" and located >= 400
    captions = _texts(app)
    assert "国家乡村振兴局" in captions and "昭通市巩固拓展脱贫攻坚成果综述" in captions and "（2023）" in captions


def test_site_table_says_how_each_site_is_located(app: AppTest, con) -> None:
    sites = app.dataframe[0].value
    assert len(sites) == con.execute("SELECT count(*) FROM sites").fetchone()[0]
    assert set(sites["位置精度"]) == {"乡镇驻地，位置近似", "县域代表点，位置近似"}
    captions = _texts(app)
    assert "县域代表点，位置近似" in captions  # counts by precision under the metric
    assert sites["来源"].str.contains("未核实").any()  # the Guangxi registry is flagged unverified
    assert not sites["搬迁人口"].str.contains("nan").any()


def test_size_and_key_filters_change_map_and_tables(app: AppTest, con) -> None:
    app.multiselect(key="st_sizes").set_value(["ge10000"]).run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 18
    app.checkbox(key="st_key").check().run()
    expected = db.run(con, "sites_points", {"size_classes": ["ge10000"], "key_only": True})
    assert len(app.dataframe[0].value) == len(expected) == 13
    by_province = app.dataframe[2].value
    assert by_province["安置点数"].astype(int).sum() == 13


def test_empty_size_filter_warns(app: AppTest) -> None:
    app.multiselect(key="st_sizes").set_value([]).run()
    assert not app.exception
    assert any("至少选择一个规模" in warning.value for warning in app.warning)


def test_english_labels(atlas_db: str) -> None:
    at = AppTest.from_file(str(PAGES / "sites.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert "Sites over 10,000 people (China)" in _metrics(at)
    assert {"county representative point, approximate location", "township seat, approximate location"} <= set(at.dataframe[0].value["Location"])
