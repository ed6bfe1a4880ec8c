"""TopoJSON for a polygon coverage: every shared border is stored once, as delta-encoded integers.

In GeoJSON each county border is written twice (once per neighbour) and the province
outlines a third time. A topology stores each border once as an "arc"; polygons list arc
indices, and the province outlines are just the arcs whose two sides lie in different
provinces. The browser rebuilds the shapes with ``static/atlas/topology.js``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence

import pandas as pd
import shapely

from geo.boundaries import NATIONAL
from geo.datum import DATUMS, convert_geometry
from geo.datum import GCJ02 as DATUM

Point = tuple[int, int]
Ring = list[Point]


def _quantize_ring(ring: Sequence[Sequence[float]], origin: tuple[float, float], quantum: float) -> Ring:
    """Integer grid points of a closed ring, consecutive duplicates dropped, still closed."""
    x0, y0 = origin
    points: Ring = []
    for x, y in ring:
        point = (round((x - x0) / quantum), round((y - y0) / quantum))
        if not points or point != points[-1]:
            points.append(point)
    if points and points[0] != points[-1]:
        points.append(points[0])
    return points


def _snap_polygon(rings: Sequence, origin: tuple[float, float], quantum: float) -> list[Ring]:
    """The polygon's rings on the grid; rings that collapse are dropped (the whole polygon if
    its exterior does, so a hole never becomes an exterior)."""
    snapped = [_quantize_ring(ring, origin, quantum) for ring in rings]
    if len(snapped[0]) < 4:
        return []
    return [snapped[0], *(ring for ring in snapped[1:] if len(ring) >= 4)]


def _polygons(geometry: Mapping) -> list[list[Sequence[Sequence[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"not a polygon: {geometry['type']}")


def _junctions(rings: Sequence[Ring]) -> set[Point]:
    """Points where rings meet or part: a point seen with two different neighbour pairs."""
    neighbours: dict[Point, tuple[Point, Point]] = {}
    junctions: set[Point] = set()
    for ring in rings:
        open_ring = ring[:-1]
        count = len(open_ring)
        for index, point in enumerate(open_ring):
            pair = tuple(sorted((open_ring[index - 1], open_ring[(index + 1) % count])))
            seen = neighbours.setdefault(point, pair)
            if seen != pair:
                junctions.add(point)
    return junctions


class _ArcTable:
    """Distinct arcs; an arc met in the opposite direction is referenced as ``~index``."""

    def __init__(self) -> None:
        self.arcs: list[Ring] = []
        self._index: dict[tuple[Point, ...], int] = {}

    def add(self, arc: Ring) -> int:
        key = tuple(arc)
        if key in self._index:
            return self._index[key]
        reverse = key[::-1]
        if reverse in self._index:
            return ~self._index[reverse]
        self._index[key] = len(self.arcs)
        self.arcs.append(arc)
        return len(self.arcs) - 1


def _canonical_closed(ring: Ring) -> Ring:
    """A junction-free ring rotated to start at its smallest point, so both sides match."""
    open_ring = ring[:-1]
    start = open_ring.index(min(open_ring))
    rotated = open_ring[start:] + open_ring[:start]
    return [*rotated, rotated[0]]


def _cut(ring: Ring, junctions: set[Point], table: _ArcTable) -> list[int]:
    open_ring = ring[:-1]
    cuts = [index for index, point in enumerate(open_ring) if point in junctions]
    if not cuts:
        return [table.add(_canonical_closed(ring))]
    rotated = open_ring[cuts[0] :] + open_ring[: cuts[0]]
    rotated.append(rotated[0])
    offsets = [index - cuts[0] for index in cuts] + [len(open_ring)]
    return [table.add(rotated[start : end + 1]) for start, end in zip(offsets, offsets[1:], strict=False)]


def _delta(arc: Ring) -> list[list[int]]:
    encoded = [list(arc[0])]
    for (x1, y1), (x2, y2) in zip(arc, arc[1:], strict=False):
        encoded.append([x2 - x1, y2 - y1])
    return encoded


def coverage_topology(
    geometries: Sequence[Mapping],
    properties: Sequence[Mapping],
    groups: Sequence[str],
    quantum: float,
) -> dict:
    """A TopoJSON topology of polygon ``geometries`` (GeoJSON dicts) on a ``quantum``-degree grid.

    Objects: ``features`` (one polygon geometry per input, with its properties) and
    ``borders`` (a MultiLineString of the arcs between different ``groups`` and the outer edge).
    """
    all_points = [point for geometry in geometries for polygon in _polygons(geometry) for ring in polygon for point in ring]
    origin = (min(x for x, _ in all_points), min(y for _, y in all_points))
    shapes = [
        [
            polygon
            for polygon in (_snap_polygon(rings, origin, quantum) for rings in _polygons(geometry))
            if polygon
        ]
        for geometry in geometries
    ]
    junctions = _junctions([ring for shape in shapes for polygon in shape for ring in polygon])

    table = _ArcTable()
    users: dict[int, list[int]] = {}  # arc -> the feature on each side it is used
    objects = []
    for feature_index, (shape, props) in enumerate(zip(shapes, properties, strict=True)):
        arcs = []
        for polygon in shape:
            rings = [_cut(ring, junctions, table) for ring in polygon]
            for ring in rings:
                for arc in ring:
                    users.setdefault(arc if arc >= 0 else ~arc, []).append(feature_index)
            arcs.append(rings)
        objects.append({"type": "MultiPolygon", "arcs": arcs, "properties": dict(props)})

    borders = [
        [arc]
        for arc, sides in sorted(users.items())
        if len(sides) == 1 or len({groups[index] for index in sides}) > 1
    ]
    return {
        "type": "Topology",
        "transform": {"scale": [quantum, quantum], "translate": list(origin)},
        "objects": {
            "features": {"type": "GeometryCollection", "geometries": objects},
            "borders": {"type": "MultiLineString", "arcs": borders},
        },
        "arcs": [_delta(arc) for arc in table.arcs],
    }



"""The datums a base map can be drawn in (GCJ-02: stored geometry; WGS-84: Tianditu tiles)."""


def counties_script(features: Sequence[Mapping], label_fields: Sequence[str], quantum: float) -> str:
    """The static script that defines ``window.atlasCounties``: a topology of GeoJSON ``features``
    whose properties are the adcode and ``label_fields``; outlines between provinces (adcode[:2])."""
    topology = coverage_topology(
        [feature["geometry"] for feature in features],
        [{name: feature["properties"][name] for name in ("adcode", *label_fields)} for feature in features],
        [str(feature["properties"]["adcode"])[:2] for feature in features],
        quantum,
    )
    return f"window.atlasCounties = {json.dumps(topology, ensure_ascii=False, separators=(',', ':'))};\n"


def build_table(shapes: pd.DataFrame) -> pd.DataFrame:
    """(datum, script) for every datum: the national base map's county topology, made once by
    ``python -m geo.build`` instead of in every server process. ``shapes`` has the national-level
    ``adcode, geojson, name, prefecture``; the label (name · prefecture) is the same in every language."""
    rows = []
    for datum in DATUMS:
        features = []
        geometries = shapes.geojson.to_numpy()
        if datum != DATUM:  # all shapes in one call: the conversion is elementwise
            geometries = shapely.to_geojson(convert_geometry(shapely.from_geojson(geometries), DATUM, datum))
        for row, geometry in zip(shapes.itertuples(index=False), geometries, strict=True):
            label = f"{html.escape(row.name)} · {html.escape(row.prefecture)}"  # tooltips insert HTML
            features.append({"geometry": json.loads(geometry), "properties": {"adcode": row.adcode, "label": label}})
        rows.append((datum, counties_script(features, ("label",), NATIONAL.grid)))
    return pd.DataFrame(rows, columns=["datum", "script"])
