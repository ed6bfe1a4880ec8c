"""The county topology: every shared border once, shapes rebuilt exactly, province outlines only."""

from __future__ import annotations

import json

import shapely

from geo import db, topology

QUANTUM = 0.01


def _decode(topo: dict) -> tuple[list[shapely.Geometry], list[list[tuple[float, float]]]]:
    """The same decoding as static/atlas/topology.js, in Python: (polygons, border lines)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def line(refs: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for position, ref in enumerate(refs):
            arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
            points.extend(arc if position == 0 else arc[1:])
        return points

    polygons = [
        shapely.MultiPolygon([shapely.Polygon(line(rings[0]), [line(ring) for ring in rings[1:]]) for rings in geometry["arcs"]])
        for geometry in topo["objects"]["features"]["geometries"]
    ]
    return polygons, [line(refs) for refs in topo["objects"]["borders"]["arcs"]]


def _square(x: int, y: int) -> dict:
    return shapely.geometry.mapping(shapely.box(x, y, x + 1, y + 1))


def test_a_grid_shares_inner_borders_and_outlines_only_between_groups() -> None:
    # 2×2 squares; the left column is province "A", the right column province "B".
    geometries = [_square(0, 0), _square(0, 1), _square(1, 0), _square(1, 1)]
    topo = topology.coverage_topology(geometries, [{"id": i} for i in range(4)], ["A", "A", "B", "B"], 0.5)
    polygons, borders = _decode(topo)
    for polygon, geometry in zip(polygons, geometries, strict=True):
        assert polygon.equals(shapely.geometry.shape(geometry))
    # 12 unit edges in all: each inner edge is stored once.
    assert sum(len(arc) - 1 for arc in topo["arcs"]) == 12
    outline = shapely.line_merge(shapely.union_all([shapely.LineString(points) for points in borders]))
    # The outer square (perimeter 8) plus the A|B line (length 2), not the lines inside A or B.
    assert outline.length == 10
    assert not outline.intersects(shapely.LineString([(0.2, 1), (0.8, 1)]))
    assert outline.covers(shapely.LineString([(1, 0.2), (1, 1.8)]))


def test_an_enclave_and_its_hole_share_one_arc() -> None:
    outer = shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 3), (3, 3), (3, 1)]])
    inner = shapely.box(1, 1, 3, 3)
    topo = topology.coverage_topology(
        [shapely.geometry.mapping(outer), shapely.geometry.mapping(inner)], [{}, {}], ["A", "B"], 1.0
    )
    assert len(topo["arcs"]) == 2
    polygons, _ = _decode(topo)
    assert polygons[0].equals(outer) and polygons[1].equals(inner)


def test_all_counties_round_trip_and_take_less_than_half_the_geojson(con) -> None:
    shapes = db.run(con, "map_county_shapes", {"level": "national", "province": None, "prefecture": None, "key_only": False})
    geometries = [json.loads(text) for text in shapes.geojson]
    topo = topology.coverage_topology(
        geometries, [{"adcode": code} for code in shapes.adcode], [code[:2] for code in shapes.adcode], QUANTUM
    )
    polygons, borders = _decode(topo)
    assert len(polygons) == len(shapes) > 2800
    for polygon, geometry in list(zip(polygons, geometries, strict=True))[::97]:
        expected = shapely.make_valid(shapely.geometry.shape(geometry))
        assert polygon.symmetric_difference(expected).area < 1e-6 * max(expected.area, 1e-9) + 1e-9
    assert topo["objects"]["features"]["geometries"][0]["properties"] == {"adcode": shapes.adcode.iloc[0]}
    size = len(json.dumps(topo["arcs"], separators=(",", ":")))
    assert size < 0.5 * sum(len(text) for text in shapes.geojson)
    assert len(borders) < len(topo["arcs"])  # province outlines are a subset of the arcs


def test_a_polygon_smaller_than_the_grid_is_dropped_with_its_holes() -> None:
    tiny = shapely.Polygon([(0, 0), (0.2, 0), (0.2, 0.2), (0, 0.2)], [[(0.05, 0.05), (0.1, 0.05), (0.1, 0.1)]])
    big = shapely.box(2, 2, 4, 4)
    topo = topology.coverage_topology(
        [shapely.geometry.mapping(shapely.MultiPolygon([tiny, big]))], [{}], ["A"], 1.0
    )
    polygons, _ = _decode(topo)
    assert len(topo["objects"]["features"]["geometries"][0]["arcs"]) == 1
    assert polygons[0].equals(shapely.MultiPolygon([big]))
