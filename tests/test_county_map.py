"""The county profile's locator map: the county whole among neighbours cut to the fetched box,
at the build's province-level detail (one copy of each shape, not a full-resolution second one)."""

from __future__ import annotations

import json
import math

import shapely

from ui import state
from ui.county_map import clipped, covering_box, locator_map

BOX = {"min_lon": 0.0, "min_lat": 0.0, "max_lon": 1.0, "max_lat": 1.0}


def square(x0: float, y0: float, x1: float, y1: float) -> str:
    return shapely.to_geojson(shapely.box(x0, y0, x1, y1))


def test_clipping_cuts_to_the_box_on_the_grid_and_drops_what_lies_outside() -> None:
    inside, across, outside = clipped([square(0.2, 0.2, 0.4, 0.4), square(0.5, 0.5, 3.0, 0.8), square(2, 2, 3, 3)], BOX)
    assert shapely.from_geojson(inside).equals(shapely.box(0.2, 0.2, 0.4, 0.4))  # whole
    assert shapely.from_geojson(across).bounds == (0.5, 0.5, 1.0, 0.8)  # cut at the box's edge
    assert outside is None
    (odd,) = clipped([square(0.12345, 0.5, 2.0, 0.6789)], BOX)
    assert all(round(v * 1000) == v * 1000 for v in shapely.get_coordinates(shapely.from_geojson(odd)).ravel())


def test_locator_sends_the_county_whole_and_little_else(atlas_db: str) -> None:
    payload, _view = locator_map(state.db_version(), "150422", "zh")  # 巴林左旗 and its large neighbours
    assert len(payload.script) < 80_000  # was 155 kB: neighbours uncut and the county at full detail twice
    data = [json.loads(chunk.split("); });")[0]) for chunk in payload.script.split(".addData(")[1:]
            if chunk.startswith("{\"type\"")]  # fmt: skip
    neighbours, halo, outline = data
    assert halo == outline and [f["properties"]["adcode"] for f in halo["features"]] == ["150422"]
    itself = next(f for f in neighbours["features"] if f["properties"]["adcode"] == "150422")
    assert itself["geometry"] == halo["features"][0]["geometry"]  # the outline lies on the neighbours' borders
    assert len(neighbours["features"]) > 8


def test_the_cut_covers_the_whole_wide_map_of_a_tall_county() -> None:
    box = covering_box((100.0, 30.0, 100.5, 32.0))  # 0.5° wide, 2° tall, shown in a 420 × 320 map
    lon_span, lat_span = box["max_lon"] - box["min_lon"], box["max_lat"] - box["min_lat"]
    assert lat_span > 2.0 and lon_span > 2.0 * 420 / 320 / math.cos(math.radians(31))  # nothing cut inside the view
    assert box["min_lon"] < 100.0 and box["max_lon"] > 100.5 and box["min_lat"] < 30.0 and box["max_lat"] > 32.0
