"""Coverage simplification keeps shared borders; map layers load nothing from a CDN."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import duckdb
import folium
import pandas as pd
import pytest
import shapely
from streamlit_folium import _get_feature_group_string, _get_map_string

from geo import assets, boundaries, db, maps, topology
from geo.paths import STATIC_DIR


@pytest.fixture(scope="module")
def guizhou() -> tuple[pd.DataFrame, object]:
    counties, _, _ = boundaries.read_index()
    subset = counties[counties.province == "贵州省"].reset_index(drop=True)
    return subset, boundaries.read_geometries(subset.path)


def test_coverage_simplify_leaves_no_gaps_or_overlaps(guizhou) -> None:
    subset, full = guizhou
    with ThreadPoolExecutor(2) as pool:
        levels = {name: level.result() for name, level in boundaries.simplify_levels(full, pool).items()}
    for level, geoms in levels.items():
        assert shapely.get_num_coordinates(geoms).sum() < shapely.get_num_coordinates(full).sum()
        assert shapely.coverage_is_valid(geoms), level
        union = shapely.coverage_union_all(geoms)
        # a dissolved simplified coverage has no interior slivers: area matches the parts
        assert union.area == pytest.approx(shapely.area(geoms).sum(), rel=1e-9)


def test_quantized_geojson_rounds_coordinates() -> None:
    text = boundaries.quantized_geojson(shapely.box(104.123456, 30.987654, 105.5, 31.5), 0.01)
    assert "104.12" in text and "104.123" not in text


def test_view_for_bounds_fits_china_and_a_county() -> None:
    (lat, lon), zoom = maps.view_for_bounds(73.4, 17.8, 135.1, 53.6, 1100, 640)
    assert 3 <= zoom <= 5 and 30 < lat < 40 and 100 < lon < 108
    _, county_zoom = maps.view_for_bounds(104.5, 27.2, 105.2, 27.8, 1100, 640)
    assert county_zoom >= 8


def test_base_map_uses_only_local_assets_and_escapes_names(con: duckdb.DuckDBPyConnection) -> None:
    shapes = db.run(con, "map_county_shapes", {"level": "national", "province": "530000", "prefecture": None, "key_only": False})
    shapes.loc[0, "name"] = "<script>alert(1)</script>"
    features = maps.feature_collection(shapes, ("adcode", "name"))
    assert features["features"][0]["properties"]["name"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    fmap = maps.new_map(maps.view_for_bounds(97, 21, 106, 29))
    maps.add_context_counties(fmap, topology.counties_script(features["features"], ("name",), 0.01), ("name",), ("县",))
    fmap.get_root().render()
    urls = [url for element in _elements(fmap) for _, url in element.default_js + element.default_css]
    assert len(urls) == 4 and all(url.startswith("/app/static/") for url in urls)
    html = fmap.get_root().render()
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "<script>alert" not in html
    assert ".attributionControl.setPrefix('<a href=\"https://leafletjs.com\">Leaflet</a>')" in html  # no flag
    published = next(url for url in urls if "/generated/" in url)
    script = (STATIC_DIR / "generated" / published.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    assert "&lt;script&gt;" in script and "<script>" not in script


def _elements(element: object) -> list:
    """The map and every child that declares its own JS/CSS (what streamlit-folium loads)."""
    found = [element] if hasattr(element, "default_js") else []
    for child in getattr(element, "_children", {}).values():
        found.extend(_elements(child))
    return found


def test_topology_travels_once_as_a_static_script(con: duckdb.DuckDBPyConnection) -> None:
    """The base map's message names the published topology instead of carrying geometry, and
    a layer of national-level counties sends properties only."""
    shapes = db.run(con, "map_county_shapes", {"level": "national", "province": None, "prefecture": None, "key_only": False})
    features = maps.feature_collection(shapes, ("adcode", "name"))
    fmap = maps.new_map(maps.view_for_bounds(73.4, 17.8, 135.1, 53.6))
    maps.add_context_counties(fmap, topology.counties_script(features["features"], ("name",), 0.01), ("name",), ("县",))
    fmap.get_root().render()
    script = _get_map_string(fmap)
    assert "window.atlasLayers.features" in script and "window.atlasLayers.borders" in script
    assert len(script.encode()) < 50_000 and "coordinates" not in script
    assert json.dumps(maps.PROVINCE_STYLE, sort_keys=True) in script  # the outline layer keeps its own style

    shared = {**features, "features": features["features"][:3], maps.SHARED_TOPOLOGY: True}
    layer = maps.colored_layer("key", shared, {}, ("name",), ("县",))
    layer_script = _get_feature_group_string(layer, fmap)
    assert "window.atlasTopology.pick(window.atlasLayers.features" in layer_script
    assert "coordinates" not in layer_script and shapes.adcode.iloc[2] in layer_script
    own = maps.colored_layer("key", {**shared, maps.SHARED_TOPOLOGY: False}, {}, ("name",), ("县",))
    assert "coordinates" in _get_feature_group_string(own, fmap)


def test_publish_script_names_files_by_content(tmp_path) -> None:
    first = assets.publish_script("counties", "window.a = 1;", target=tmp_path)
    again = assets.publish_script("counties", "window.a = 1;", target=tmp_path)
    other = assets.publish_script("counties", "window.a = 2;", target=tmp_path)
    assert first == again != other and first.startswith("counties.") and first.endswith(".js")
    assert (tmp_path / first).read_text() == "window.a = 1;"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([first, other])  # no temp files left


def test_built_topology_is_the_base_maps_and_wgs84_differs(con: duckdb.DuckDBPyConnection) -> None:
    """The build stores one county topology per datum (no per-process topology at run time)."""
    gcj = db.run(con, "map_topology", {"datum": "GCJ-02"}).script.iloc[0]
    wgs = db.run(con, "map_topology", {"datum": "WGS-84"}).script.iloc[0]
    assert gcj.startswith("window.atlasCounties = {") and gcj != wgs
    decoded = json.loads(gcj.removeprefix("window.atlasCounties = ").rstrip().removesuffix(";"))
    geometries = decoded["objects"]["features"]["geometries"]
    assert len(geometries) > 2800 and set(geometries[0]["properties"]) == {"adcode", "label"}
    assert " · " in geometries[0]["properties"]["label"]


def test_topology_layer_renders_what_foliums_own_geojson_render_does() -> None:
    """TopologyLayer.render replays folium's GeoJson.render (style/highlight maps, then the script
    with no geometry): compared with folium's own order, so a folium upgrade that changes it fails."""
    from ui.folium_adapter import prerender

    square = {"type": "Polygon", "coordinates": [[[100, 25], [101, 25], [101, 26], [100, 26], [100, 25]]]}
    features = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"adcode": code, "name": f"县{code}"}, "geometry": square}
        for code in ("530102", "530103", "530111", "530112", "530113", "530114")
    ]}  # fmt: skip
    fills = {"530102": "#b3261e", "530111": "#b3261e", "530113": "#f08c3a"}  # groups of several; the rest default
    # equal values of another type (1 / 1.0 / True) must stay apart: they are different JSON
    weights = {"530102": 1, "530103": 1.0, "530111": True}

    def layer() -> maps.TopologyLayer:
        return maps.county_layer(
            features,
            style_function=lambda f: {"fillColor": fills.get(f["properties"]["adcode"], "#eee"), "weight": 0.6},
            highlight_function=lambda f: {"weight": weights.get(f["properties"]["adcode"], 2)},
            tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=["县"]),
        )

    def foliums_order(self: maps.TopologyLayer, **kwargs: object) -> None:
        self.data = self._features
        folium.GeoJson.render(self, **kwargs)
        self.data = self._EMPTY

    ours = prerender(folium.FeatureGroup().add_child(layer()))
    original = maps.TopologyLayer.render
    try:
        maps.TopologyLayer.render = foliums_order
        reference = prerender(folium.FeatureGroup().add_child(layer()))
    finally:
        maps.TopologyLayer.render = original
    assert ours == reference
    assert "#b3261e" in ours.script and "addData" in ours.script and ours.script.count("530102") >= 1
    assert '"weight": 1.0' in ours.script and '"weight": true' in ours.script
