"""The small locator map of the county profile: the county among its neighbours.

Both at province-level detail (the build's coverage, so the highlighted outline lies on the
neighbours' borders; a full-resolution copy sent twice, halo and line, was 62 kB of every
visit and no finer at this size), and the neighbours cut a little beyond what the map shows:
the parts of large neighbours far outside the view were half of the rest.
"""

from __future__ import annotations

import math

import shapely

from geo import maps
from ui import layers, memo
from ui.folium_adapter import MapPayload, serialise
from ui.state import query

WIDTH, HEIGHT = 420, 320  # the map's size on the page (px)
MARGIN = 0.15
"""Share of the fitted view added on each side of the cut: room for a wider window."""
PRECISION = 0.001
"""Grid of the province-level shapes (geo.boundaries.PROVINCE): clipping keeps them on it."""


def clipped(geojson: list[str], box: dict[str, float]) -> list[str | None]:
    """Each GeoJSON geometry cut to ``box`` on the shapes' grid; None where nothing is left."""
    shapes = shapely.clip_by_rect(shapely.from_geojson(geojson), box["min_lon"], box["min_lat"], box["max_lon"], box["max_lat"])
    shapes = shapely.set_precision(shapes, PRECISION)
    return [None if shape.is_empty else shapely.to_geojson(shape) for shape in shapes]


def covering_box(shown: tuple[float, float, float, float], margin: float = MARGIN) -> dict[str, float]:
    """The box the neighbours are cut to: ``shown`` widened to the map's shape
    (a wide map of a tall county shows more on its sides), then by ``margin`` on every side."""
    min_lon, min_lat, max_lon, max_lat = shown
    lon_per_lat = WIDTH / HEIGHT / math.cos(math.radians((min_lat + max_lat) / 2))  # on screen, Mercator
    lon_span = max(max_lon - min_lon, (max_lat - min_lat) * lon_per_lat) * (1 + 2 * margin)
    lat_span = max(max_lat - min_lat, (max_lon - min_lon) / lon_per_lat) * (1 + 2 * margin)
    lon, lat = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    return {"min_lon": lon - lon_span / 2, "max_lon": lon + lon_span / 2,
            "min_lat": lat - lat_span / 2, "max_lat": lat + lat_span / 2}  # fmt: skip


@memo.shared(maxsize=64)
def locator_map(
    version: tuple[str, float], adcode: str, lang: str
) -> tuple[MapPayload, tuple[tuple[float, float], float]]:
    """(payload, view) for one county, serialised once: every visit sends the same strings."""
    county = query("county_list").set_index("adcode").loc[adcode]
    # The county whole, with a ring of neighbours, fitted to the map's real width in the browser.
    shown = maps.padded_box((county.min_lon, county.min_lat, county.max_lon, county.max_lat), share=0.35, minimum=0.15)
    view = maps.view_for_bounds(*shown, width=WIDTH, height=HEIGHT)
    pad_lon = max(county.max_lon - county.min_lon, 0.2) * 0.6
    pad_lat = max(county.max_lat - county.min_lat, 0.2) * 0.6
    around = {
        "min_lon": county.min_lon - pad_lon,
        "max_lon": county.max_lon + pad_lon,
        "min_lat": county.min_lat - pad_lat,
        "max_lat": county.max_lat + pad_lat,
    }
    shapes = query("county_neighbours", around)  # the counties near it, whole within the map's view
    shapes = shapes.assign(geojson=clipped(list(shapes.geojson), covering_box(shown))).dropna(subset=["geojson"])
    neighbours = maps.feature_collection(shapes, ("adcode", "name", "prefecture", "province", "support_level"))
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
