"""The incomplete key-county list reads as incomplete: per-province counts from the database,
on the map (dashed outline + 名单待补全 n/N), in the legend and in the headline cards."""

from __future__ import annotations

import json
from pathlib import Path

import folium
import pandas as pd
from streamlit.testing.v1 import AppTest

from geo import db
from geo.completeness import incomplete_provinces, print_line
from geo.maps import incomplete_list_layer

PAGES = Path(__file__).resolve().parent.parent / "pages"


def progress() -> pd.DataFrame:
    return pd.DataFrame([
        ("530000", "云南省", "national", 16, 27), ("530000", "云南省", "provincial", 0, 30),
        ("510000", "四川省", "national", 25, 25), ("620000", "甘肃省", "national", 3, 23),
    ], columns=["province_adcode", "province", "level", "listed", "expected"])


def test_incomplete_provinces_and_their_labels() -> None:
    found = {p.adcode: p for p in incomplete_provinces(progress())}
    assert set(found) == {"530000", "620000"}
    assert found["620000"].label() == "名单待补全 3/23"
    assert found["530000"].detail() == "云南省 国家级 16/27 · 省级 0/30"
    line = print_line(list(found.values()))
    assert "云南省 国家级 16/27" in line and "甘肃省 国家级 3/23" in line
    assert "list incomplete 3/23" == found["620000"].label("en")
    assert print_line([]) == ""


def test_layer_outlines_only_incomplete_provinces() -> None:
    square = {"type": "Polygon", "coordinates": [[[100, 30], [101, 30], [101, 31], [100, 31], [100, 30]]]}
    provinces = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"adcode": code}, "geometry": square} for code in ("530000", "510000")
    ]}
    group = incomplete_list_layer(provinces, {"530000": "名单待补全 16/27"})
    fmap = folium.Map()
    group.add_to(fmap)
    html = fmap.get_root().render()
    assert json.dumps("名单待补全 16")[1:-1] in html and '"510000"' not in html and '"530000"' in html


def test_overview_headline_and_legend_say_what_the_list_covers(atlas_db: str) -> None:
    with db.connect() as con:
        listed = con.execute("SELECT count(*) FROM counties WHERE support_level = 'national'").fetchone()[0]
        progress_rows = db.run(con, "key_county_progress")
    short = progress_rows[progress_rows.listed < progress_rows.expected].province_adcode.nunique()
    app = AppTest.from_file(str(PAGES / "overview.py"), default_timeout=120).run()
    assert not app.exception
    text = " ".join(md.value for md in [*app.markdown, *app.get("html")])
    assert f"已列出 {listed} 县常住人口" in text
    assert "名单待补全的省份" in text and "云南省 国家级" in text
    assert text.count("<div style='font-size:.8em;color:#555'>") >= short


def test_brief_note_of_an_incomplete_province_counts_from_the_database(atlas_db: str) -> None:
    """The line at the head of a brief page (the rendered brief: tests/test_brief.py, ``slow``)."""
    with db.connect() as con:
        progress_rows = db.run(con, "key_county_progress")
    row = progress_rows.query("province_adcode == '530000' and level == 'national'").iloc[0]
    yunnan = {p.adcode: p for p in incomplete_provinces(progress_rows)}["530000"]
    assert yunnan.brief_note() == f"名单待补全：云南省国家重点帮扶县已列出 {row.listed} 个，公布 {row.expected} 个"
