"""The county profile's locator map: no geometry made or sent per county. Its layers take the
province-level shapes from each province's static shapes file (the overview's drill-down files),
so the outline lies on the neighbours' borders, and every county shares one empty base map."""

from __future__ import annotations

import re

import pandas as pd

from geo import maps
from ui import county_map, layers, state

SHAPES = re.compile(r'afterShapes\("([^"]+)"')


def test_locator_sends_no_geometry_and_takes_its_shapes_from_the_province_files(atlas_db: str) -> None:
    version = state.db_version()
    located = county_map.locator_map(version, "622927", "zh")  # 积石山, on the Gansu–Qinghai border
    fit, *neighbours, outline = located.layers
    assert "fitBounds" in fit.script or "fitView" in fit.script
    assert [SHAPES.findall(layer.script) for layer in neighbours] == [
        [layers.shapes_url(version, province, maps.DATUM)] for province in ("620000", "630000")
    ]  # its own province first (the whole province's layer), then the one its map reaches
    assert neighbours[0] is county_map.locator_map(version, "622926", "zh").layers[1]  # shared in the province
    assert neighbours[0].script.count('":["') > 50 > neighbours[1].script.count('":["')  # Qinghai: the border only
    assert set(SHAPES.findall(outline.script)) == {layers.shapes_url(version, "620000", maps.DATUM)}
    assert '"622927"' in outline.script and '"622926"' not in outline.script  # only the county is outlined
    for part in (located.base.script, *(layer.script for layer in located.layers)):
        assert '"coordinates"' not in part
    assert sum(len(layer.script) for layer in located.layers) + len(located.base.script) < 40_000  # was 29–81 kB
    assert any("topology.js" in link for link in located.base.js_links)  # the decoder that fetches the files
    assert county_map.locator_map(version, "530627", "en").base is located.base  # one empty map for all


def test_the_counties_drawn_are_those_near_it_by_province() -> None:
    places = pd.DataFrame(
        {"province_adcode": ["A", "A", "B", "C"], "min_lon": [0.0, 0.9, 1.05, 5.0], "min_lat": [0.0] * 4,
         "max_lon": [1.0, 1.2, 2.0, 6.0], "max_lat": [1.0] * 4},
        index=pd.Index(["a1", "a2", "b1", "c1"], name="adcode"),
    )  # fmt: skip
    assert county_map.neighbours(places, "a1") == {"A": ["a1", "a2"], "B": ["b1"]}  # c1 is outside the box
    assert county_map.neighbours(places, "c1") == {"C": ["c1"]}
