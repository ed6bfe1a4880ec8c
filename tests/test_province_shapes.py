"""A drill-down's province-level shapes travel once as a static file; its layers send properties only."""

from __future__ import annotations

import copy
import json

import duckdb
import numpy as np
import pandas as pd
import pytest

from geo import datum, db, maps, shapefiles
from geo.paths import STATIC_DIR
from ui import layers


def _file(url: str) -> dict:
    assert url.startswith("/app/static/generated/shapes-") and url.endswith(".json")
    return json.loads((STATIC_DIR / "generated" / url.rsplit("/", 1)[1]).read_text(encoding="utf-8"))


def _shapes(con: duckdb.DuckDBPyConnection, province: str) -> pd.DataFrame:
    return db.run(con, "map_county_shapes", {"level": "province", "province": province, "prefecture": None,
                                             "key_only": False})  # fmt: skip


def _stored(con: duckdb.DuckDBPyConnection, province: str) -> dict[str, dict]:
    return {row.adcode: json.loads(row.geojson) for row in _shapes(con, province).itertuples()}


def test_province_features_carry_no_geometry_and_name_their_shapes_file(con: duckdb.DuckDBPyConnection) -> None:
    from ui.state import db_version

    version = db_version()
    features = layers.county_features(version, "province", "530000", None, False, maps.DATUM)
    stored = _stored(con, "530000")
    adcodes = [feature["properties"]["adcode"] for feature in features["features"]]
    assert adcodes == sorted(stored) and len(adcodes) == 129  # every county of 云南省, in adcode order
    assert all(feature["geometry"] is None for feature in features["features"])
    assert _file(features[maps.SHAPES_URL]) == stored  # the stored province-level text, unchanged

    prefecture = layers.county_features(version, "province", "530000", "530600", False, maps.DATUM)
    assert prefecture[maps.SHAPES_URL] == features[maps.SHAPES_URL]  # one file per province
    assert {f["properties"]["adcode"][:4] for f in prefecture["features"]} == {"5306"}

    fills = layers.level_fills(version, "province", "530000", None, False, maps.DATUM)
    script = layers.colored_key_layer(features, fills, "zh").script
    assert "window.atlasTopology.pickShapes(shapes" in script and json.dumps(features[maps.SHAPES_URL]) in script
    assert "coordinates" not in script and "MultiPolygon" not in script
    assert all(code in script for code in adcodes) and set(fills.values()) <= set(maps.LEVEL_COLORS.values())
    assert all(colour in script for colour in fills.values()) and len(fills) > 10  # key counties coloured
    size = len(json.dumps(stored))
    assert len(script) < size / 10, (len(script), size)

    subset = copy.copy(features)  # the gap page's way: a subset keeps the file
    subset["features"] = list(features["features"][:3])
    assert json.dumps(features[maps.SHAPES_URL]) in layers.colored_key_layer(subset, fills, "zh").script

    with pytest.raises(ValueError):
        layers.county_features(version, "province", None, None, False, maps.DATUM)


def test_shapes_file_in_another_datum_is_converted(con: duckdb.DuckDBPyConnection) -> None:
    shapes = db.run(con, "map_county_shapes", {"level": "province", "province": "820000", "prefecture": None,
                                               "key_only": False})  # fmt: skip 澳门: small
    stored = json.loads(shapefiles.shapes_file(shapes))
    converted = json.loads(shapefiles.shapes_file(shapes, datum.WGS84))
    assert list(converted) == list(stored) == list(shapes.adcode)
    adcode = shapes.adcode.iloc[0]
    lon, lat = np.array(stored[adcode]["coordinates"][0][0][0]) if stored[adcode]["type"] == "MultiPolygon" \
        else np.array(stored[adcode]["coordinates"][0][0])
    expected = datum.gcj02_to_wgs84(lon, lat)
    got = converted[adcode]["coordinates"]
    first = got[0][0][0] if converted[adcode]["type"] == "MultiPolygon" else got[0][0]
    assert first == pytest.approx([float(expected[0]), float(expected[1])], abs=1e-6)
    assert abs(first[0] - lon) > 1e-3  # moved by the datum shift (hundreds of metres)


def test_searched_county_highlight_sends_no_geometry(atlas_db: str) -> None:
    """The searched county's halo and outline are drawn from its province's shapes file, the one
    the map's province-level layer around it loads (镇雄县, 云南省)."""
    from ui.state import db_version

    version = db_version()
    script = layers.highlight(version, "530627", maps.DATUM).script
    shapes = layers.county_features(version, "province", "530000", None, False, maps.DATUM)[maps.SHAPES_URL]
    assert script.count("window.atlasTopology.pickShapes(shapes") == 2 and json.dumps(shapes) in script
    assert '"530627"' in script and "coordinates" not in script and len(script) < 5_000
    assert json.dumps(maps.HIGHLIGHT_STYLE, sort_keys=True) in script  # the outline keeps its style


def test_layers_send_each_property_name_once() -> None:
    """Layers over shapes the browser holds send a table (static/atlas/topology.js expands it):
    each field name once, the adcode as the row key, a missing property as null."""
    features = [{"properties": {"adcode": "530627", "name": "镇雄县", "place": "昭通市 · 云南省"}},
                {"properties": {"adcode": "530628", "name": "彝良县"}}]  # fmt: skip
    assert maps.property_table(features) == {
        "fields": ["name", "place"], "rows": {"530627": ["镇雄县", "昭通市 · 云南省"], "530628": ["彝良县", None]},
    }


def test_every_collection_is_the_frame_built_one(atlas_db: str) -> None:
    """The collections share features made once per process (``layers._county_rows``): each is what
    filtering the county list and building its features (``maps.feature_collection``) gives, frozen."""
    from ui.frozen import FrozenDict, freeze
    from ui.state import db_version, query

    version, counties = db_version(), query("county_list")
    columns = list(layers.FEATURE_PROPERTIES)
    cases = [("national", None, None), ("province", "530000", None), ("province", "450000", "451000"),
             *(("province", str(code), None) for code in counties.province_adcode.unique()[::5])]  # fmt: skip
    for level, province, prefecture in cases:
        for key_only in (False, True):
            chosen = counties
            if province:
                chosen = chosen[chosen.province_adcode == province]
            if prefecture:
                chosen = chosen[chosen.prefecture_adcode == prefecture]
            if key_only:
                chosen = chosen[chosen.support_level.notna()]
            made = layers.county_features(version, level, province, prefecture, key_only, maps.DATUM)
            expected = freeze(maps.feature_collection(chosen[columns], columns))["features"]
            assert made["features"] == expected and len(expected) == len(chosen)
            assert all(isinstance(f, FrozenDict) and isinstance(f["properties"], FrozenDict) for f in made["features"])
    national = layers.county_features(version, "national", None, None, False, maps.DATUM)["features"]
    assert len(national) == len(counties) and any(f["properties"]["support_level"] is None for f in national)


def test_feature_collection_escapes_text_and_parses_geometry() -> None:
    frame = pd.DataFrame({"adcode": ["1", "2"], "name": ["<b>甲</b>", None], "n": [1.5, float("nan")],
                          "geojson": ['{"type":"Point","coordinates":[100.0,30.0]}', '{"type":"Point","coordinates":[1,2]}']})  # fmt: skip
    made = maps.feature_collection(frame, ("adcode", "name", "n"))
    assert made["features"][0] == {"type": "Feature", "properties": {"adcode": "1", "name": "&lt;b&gt;甲&lt;/b&gt;", "n": 1.5},
                                   "geometry": {"type": "Point", "coordinates": [100.0, 30.0]}}  # fmt: skip
    assert made["features"][1]["properties"] == {"adcode": "2", "name": None, "n": None}
    assert maps.feature_collection(frame[["adcode"]])["features"][0] == {"type": "Feature", "properties": {}, "geometry": None}


def test_the_build_names_each_province_file_as_the_app_would_write_it(con: duckdb.DuckDBPyConnection, tmp_path) -> None:
    """``shapes_files`` (geo.build) holds, per province, the content-hashed name ``shapes_url`` would
    publish its shapes under; a file already there is used without reading the shapes again."""
    from geo.assets import publish_file
    from ui.state import db_version

    names = db.run(con, "shapes_files")
    provinces = db.run(con, "province_list").adcode.astype(str).tolist()
    assert sorted(names.province_adcode) == sorted(provinces) and len(names) == 34
    for row in names.itertuples():
        shapes = _shapes(con, row.province_adcode)
        assert publish_file(shapefiles.province_stem(row.province_adcode), shapefiles.shapes_file(shapes), "json",
                            tmp_path) == row.file  # fmt: skip
    url = layers.shapes_url(db_version(), "520000", maps.DATUM)
    assert url.endswith("/" + names.set_index("province_adcode").file["520000"])
    assert (STATIC_DIR / "generated" / url.rsplit("/", 1)[1]).exists()
