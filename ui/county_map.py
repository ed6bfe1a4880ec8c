"""The small locator map of the county profile: the county among its neighbours.

Both at province-level detail (the build's coverage, so the highlighted outline lies on the
neighbours' borders; a full-resolution copy sent twice, halo and line, was 62 kB of every
visit and no finer at this size) and clipped to the box the neighbours were fetched for: the
parts of large neighbours outside it were half of the rest, and beyond that box the map shows
nothing either way.
"""

from __future__ import annotations

import shapely

from geo import maps
from ui import layers, memo
from ui.folium_adapter import MapPayload, serialise
from ui.state import query

PRECISION = 0.001
"""Grid of the province-level shapes (geo.boundaries.PROVINCE): clipping keeps them on it."""


def clipped(geojson: list[str], box: dict[str, float]) -> list[str | None]:
    """Each GeoJSON geometry cut to ``box`` on the shapes' grid; None where nothing is left."""
    shapes = shapely.clip_by_rect(shapely.from_geojson(geojson), box["min_lon"], box["min_lat"], box["max_lon"], box["max_lat"])
    shapes = shapely.set_precision(shapes, PRECISION)
    return [None if shape.is_empty else shapely.to_geojson(shape) for shape in shapes]


@memo.shared(maxsize=64)
def locator_map(
    version: tuple[str, float], adcode: str, lang: str
) -> tuple[MapPayload, tuple[tuple[float, float], float]]:
    """(payload, view) for one county, serialised once: every visit sends the same strings."""
    county = query("county_list").set_index("adcode").loc[adcode]
    pad_lon = max(county.max_lon - county.min_lon, 0.2) * 0.6
    pad_lat = max(county.max_lat - county.min_lat, 0.2) * 0.6
    box = {
        "min_lon": county.min_lon - pad_lon,
        "max_lon": county.max_lon + pad_lon,
        "min_lat": county.min_lat - pad_lat,
        "max_lat": county.max_lat + pad_lat,
    }
    shapes = query("county_neighbours", box)
    shapes = shapes.assign(geojson=clipped(list(shapes.geojson), box)).dropna(subset=["geojson"])
    neighbours = maps.feature_collection(shapes, ("adcode", "name", "prefecture", "province", "support_level"))
    # The county whole, with a ring of neighbours, fitted to the map's real width in the browser.
    shown = maps.padded_box((county.min_lon, county.min_lat, county.max_lon, county.max_lat), share=0.35, minimum=0.15)
    view = maps.view_for_bounds(*shown, width=420, height=320)
    fmap = maps.new_map(view)
    maps.fit_bounds_layer(shown).add_to(fmap)
    fills = {
        f["properties"]["adcode"]: maps.LEVEL_COLORS.get(f["properties"]["support_level"], maps.CONTEXT_STYLE["fillColor"])
        for f in neighbours["features"]
    }
    layers.key_layer_group(neighbours, fills, lang).add_to(fmap)
    itself = {**neighbours, "features": [f for f in neighbours["features"] if f["properties"]["adcode"] == adcode]}
    maps.highlight_layer(itself).add_to(fmap)
    return serialise(fmap), view
