"""Point layers: proportional circles, approximate style, escaping, local cluster assets, datum."""

from __future__ import annotations

import json
import re

import folium
import numpy as np
import pandas as pd
import pytest
from streamlit_folium import _get_feature_group_string

# the layers exactly as the pages build them (kept beside the payload bench that measures them)
from bench.layers import airports_layer, sites_layer, stations_layer
from geo import db, point_layers
from geo.assets import GENERATED_DIR
from geo.datum import gcj02_to_wgs84
from geo.site_points import SIZE_CLASS_ORDER, site_points


def _render(group: folium.FeatureGroup) -> str:
    """The layer's JS exactly as streamlit-folium sends it with ``feature_group_to_add``."""
    return _get_feature_group_string(group, folium.Map(tiles=None), 0)


def _rows(js: str) -> list:
    """The layer's rows: inline, or (a large layer) from the static script its JS loads."""
    inline = re.search(r"rows = (\[.*?\]);\n", js)
    if inline:
        return json.loads(inline.group(1))
    name = re.search(r'script\.src = "/app/static/generated/(points\.[0-9a-f]{16}\.js)"', js).group(1)
    return json.loads((GENERATED_DIR / name).read_text(encoding="utf-8").split("] = ", 1)[1].rstrip().rstrip(";"))


def _site_frame(name: str = "卯家湾", lon: float | None = None, lat: float | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "site_id": ["s1"],
            "name": [name],
            "adcode": ["530621"],
            "population": [35_585],
            "size_class": ["ge10000"],
            "lon": [lon],
            "lat": [lat],
            "location_precision": ["county"],
            "county_lon": [103.34299],
            "county_lat": [27.25642],
            "county": ["鲁甸县"],
            "prefecture": ["昭通市"],
            "province": ["云南省"],
            "source_id": ["news_sites"],
            "source_title": ["Large resettlement sites named in news reports (云南日报)"],
            "source_year": [2020],
            "source_verified": [True],
        }
    )
    return site_points(frame)


def test_radius_is_proportional_to_square_root_of_population() -> None:
    assert point_layers.radius_px(40_000) == pytest.approx(2 * point_layers.radius_px(10_000), rel=0.01)
    assert point_layers.radius_px(1) == point_layers.RADIUS_FLOOR
    assert point_layers.radius_px(None) == point_layers.RADIUS_FLOOR


def test_approximate_site_is_dashed_hollow_and_says_so_in_tooltip() -> None:
    js = _render(sites_layer(_site_frame(), "zh"))
    (row,) = _rows(js)
    assert row[2] == "ge10000~"
    styles = json.loads(re.search(r"var styles = (\{.*?\}), tails", js).group(1))
    assert styles["ge10000~"]["dashArray"] and styles["ge10000~"]["fillOpacity"] < 0.3
    assert "dashArray" not in styles["ge10000"]
    tails = json.loads(re.search(r"tails = (\[.*?\]), rows", js).group(1))
    assert "县域代表点，位置近似" in tails[row[6]]
    assert "3.6万人" in row[5]
    assert row[7] == {"site_id": "s1", "adcode": "530621"}


def test_exact_site_is_solid() -> None:
    js = _render(sites_layer(_site_frame(lon=103.5, lat=27.3).assign(location_precision="exact"), "en"))
    (row,) = _rows(js)
    assert row[:3] == [103.5, 27.3, "ge10000"]


def test_tooltip_text_is_escaped() -> None:
    js = _render(sites_layer(_site_frame(name="<img src=x onerror=alert(1)>"), "zh"))
    assert "&lt;img src=x onerror=alert(1)&gt;" in js
    assert "<img" not in js


def test_cluster_uses_local_assets_only() -> None:
    group = sites_layer(_site_frame(), "zh", clustered=True, base_url_path="atlas")
    js = _render(group)
    assert "L.markerClusterGroup" in js
    cluster = next(iter(group._children.values()))
    links = [url for _, url in cluster.default_js + cluster.default_css]
    assert links and all(url.startswith("/atlas/app/static/vendor/markercluster/") for url in links)
    carrier = point_layers.cluster_assets_layer()
    carrier_links = [url for el in carrier._children.values() for _, url in el.default_js + el.default_css]
    assert set(carrier_links) == {url.replace("/atlas", "") for url in links}
    assert "L.markerClusterGroup" not in _render(sites_layer(_site_frame(), "zh", clustered=False))


def test_wgs84_datum_converts_points() -> None:
    stations = pd.DataFrame({"name": ["鲁甸"], "kind": ["客运站"], "bureau": ["昆明局"], "lon": [103.5], "lat": [27.2]})
    gcj = _rows(_render(stations_layer(stations, "zh")))[0]
    wgs = _rows(_render(stations_layer(stations, "zh", datum="WGS-84")))[0]
    expected = np.round(gcj02_to_wgs84(103.5, 27.2), 5)
    assert gcj[:2] == [103.5, 27.2]
    assert wgs[:2] == pytest.approx(list(expected), abs=1e-5)
    with pytest.raises(ValueError, match="datum"):
        stations_layer(stations, "zh", datum="BD-09")


def test_real_layers_carry_every_point(con) -> None:
    stations = db.run(con, "infra_stations")
    airports = db.run(con, "infra_airports")
    sites = site_points(db.run(con, "sites_points", {"size_classes": list(SIZE_CLASS_ORDER), "key_only": False}))
    assert len(_rows(_render(stations_layer(stations, "zh")))) == len(stations) > 3000
    assert len(_rows(_render(airports_layer(airports, "en")))) == len(airports) > 200
    site_rows = _rows(_render(sites_layer(sites, "zh")))
    assert len(site_rows) == len(sites) == 511
    assert all(row[2].endswith("~") for row in site_rows)  # no source gives coordinates: all approximate
    assert "rows = [" not in _render(stations_layer(stations, "zh"))  # thousands of rows: a static file, not the message


def test_a_large_layer_loads_its_rows_once_from_a_static_file() -> None:
    frame = pd.concat([_site_frame(f"点{i}", 103 + i / 100, 27.0) for i in range(200)], ignore_index=True)
    js = _render(point_layers.point_group(point_layers.site_markers(frame, "zh"), "sites"))
    assert "window.atlasPoints" in js and "if (store[key])" in js  # loaded once per page, then reused
    rows = _rows(js)
    assert len(rows) == 200 and rows[0][4] == "点0"
    assert "rows = [" in _render(point_layers.point_group(point_layers.site_markers(_site_frame(), "zh"), "sites"))
    clustered = _render(point_layers.point_group(point_layers.site_markers(frame, "zh"), "sites", clustered=True))
    assert "atlasPoints" in clustered and len(_rows(clustered)) == 200  # a cluster group too (a fresh one is filled)


def test_legends_explain_symbols() -> None:
    legend = point_layers.sites_legend_html("zh")
    assert "位置近似（乡镇驻地或县域代表点" in legend and "1万人以上" in legend and "stroke-dasharray" in legend
    assert "2021" in point_layers.infra_legend_html("zh") and "2026" in point_layers.infra_legend_html("zh")


def test_cached_markers_in_a_new_layer_reference_only_declared_names() -> None:
    markers = point_layers.site_markers(_site_frame(), "zh")
    for index in (0, 3):  # the same (cached) markers rendered twice, at different positions
        js = _get_feature_group_string(
            point_layers.point_group(markers, "sites", clustered=True), folium.Map(tiles=None), index
        )
        used = set(re.findall(r"\b((?:marker_cluster|feature_group)_\w+)", js))
        declared = set(re.findall(r"var ((?:marker_cluster|feature_group)_\w+)", js))
        assert used == declared, used - declared
