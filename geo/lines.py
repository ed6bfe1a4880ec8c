"""Railway or expressway line files → per-county flags and distances.

Reads a GeoJSON or GeoParquet of (multi)line strings whose datum the user declares,
converts it to GCJ-02 (the county polygons' datum), and computes for every county
whether a line crosses it (``has_<kind>``) and the distance from the county polygon to
the nearest line (``dist_<kind>_km``, 0 when crossed), measured on the ellipsoid.

CLI: ``python -m geo.lines FILE --kind railway|expressway --datum WGS-84|GCJ-02 [--out CSV]``
writes the CSV and a provenance sidecar ``<CSV>.json`` (file, sha256, datum, date).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo.datum import CHINA_BBOX, DATUMS, GCJ02, convert_geometry
from geo.paths import DATA_DIR

KINDS = ("railway", "expressway")
SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".parquet": "parquet", ".geoparquet": "parquet"}
LINE_TYPES = {int(shapely.GeometryType.LINESTRING), int(shapely.GeometryType.MULTILINESTRING)}
# Equidistant conic fitted to China (parallels 25°/47°N, scale within ~2 %) to find the nearest
# line point; the distance itself is then measured on the ellipsoid (pyproj.Geod).
EQUIDISTANT = "+proj=eqdc +lat_1=25 +lat_2=47 +lon_0=105 +ellps=WGS84 +units=m +no_defs"
# Rough lon/lat box around China: anything outside is projected, swapped or not China.


class LineFileError(ValueError):
    """A line file that cannot be used; the message says why. Nothing is written."""


def read_lines(path: Path, datum: str) -> np.ndarray:
    """The line geometries of ``path`` in GCJ-02 (shapely array); bad files raise ``LineFileError``."""
    if datum not in DATUMS:
        raise LineFileError(f"unknown datum {datum!r}: declare one of {', '.join(DATUMS)}")
    path = Path(path)
    if not path.is_file():
        raise LineFileError(f"no such file: {path}")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise LineFileError(f"unsupported file type {path.suffix!r}: use GeoJSON (.geojson) or GeoParquet (.parquet)")
    try:
        frame = gpd.read_parquet(path) if kind == "parquet" else gpd.read_file(path, engine="pyogrio")
    except Exception as error:  # pyogrio/pyarrow raise many types for a broken file
        raise LineFileError(f"cannot read {path.name}: {error}") from error
    if frame.crs is not None and not frame.crs.is_geographic:
        raise LineFileError(f"{path.name} is in a projected CRS ({frame.crs.name}); give lon/lat degrees")
    geoms = frame.geometry.to_numpy()
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(geoms) == 0:
        raise LineFileError(f"{path.name} has no geometries")
    found = set(shapely.get_type_id(geoms).tolist())
    if not found <= LINE_TYPES:
        names = sorted(shapely.GeometryType(code).name for code in found)
        raise LineFileError(f"{path.name} must hold LineString/MultiLineString only, found {', '.join(names)}")
    min_x, min_y, max_x, max_y = shapely.total_bounds(geoms)
    box_x0, box_y0, box_x1, box_y1 = CHINA_BBOX
    if min_x < box_x0 or max_x > box_x1 or min_y < box_y0 or max_y > box_y1:
        raise LineFileError(
            f"{path.name} extends beyond China's lon/lat box ({min_x:.2f}, {min_y:.2f}, {max_x:.2f}, {max_y:.2f}): "
            "swapped coordinates, a projected file, or not Chinese data"
        )
    return convert_geometry(geoms, datum, GCJ02)


def county_line_flags(lines: np.ndarray, counties: gpd.GeoDataFrame, kind: str) -> pd.DataFrame:
    """``adcode, has_<kind>, dist_<kind>_km`` for every county (GCJ-02 polygons in ``counties``)."""
    if kind not in KINDS:
        raise LineFileError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    polygons = counties.geometry.to_numpy()
    tree = shapely.STRtree(lines)
    crossing = np.zeros(len(polygons), dtype=bool)
    hit, _line = tree.query(polygons, predicate="intersects")
    crossing[hit] = True
    projected_lines = gpd.GeoSeries(lines, crs="EPSG:4326").to_crs(EQUIDISTANT).to_numpy()
    projected_counties = gpd.GeoSeries(polygons, crs="EPSG:4326").to_crs(EQUIDISTANT).to_numpy()
    county_index, line_index = shapely.STRtree(projected_lines).query_nearest(projected_counties, all_matches=False)
    dist_km = np.full(len(polygons), np.nan)
    dist_km[county_index] = _geodesic_km(projected_counties[county_index], projected_lines[line_index])
    dist_km[crossing] = 0.0
    return pd.DataFrame(
        {
            "adcode": counties["adcode"].to_numpy(),
            f"has_{kind}": crossing,
            f"dist_{kind}_km": np.round(dist_km, 2),
        }
    )


def _geodesic_km(polygons: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """Ellipsoidal length (km) of the shortest planar connection between each polygon and line."""
    ends = shapely.get_coordinates(shapely.shortest_line(polygons, lines))
    to_lonlat = pyproj.Transformer.from_crs(EQUIDISTANT, "EPSG:4326", always_xy=True)
    lon, lat = to_lonlat.transform(ends[:, 0], ends[:, 1])
    _forward, _back, metres = pyproj.Geod(ellps="WGS84").inv(lon[0::2], lat[0::2], lon[1::2], lat[1::2])
    return np.asarray(metres) / 1000.0


def county_polygons(con: object) -> gpd.GeoDataFrame:
    """Full-resolution county polygons (GCJ-02) from the atlas database."""
    from geo.db import run

    rows = run(con, "infra_county_polygons")
    return gpd.GeoDataFrame(
        {"adcode": rows["adcode"]}, geometry=shapely.from_wkb([bytes(value) for value in rows["wkb"]]), crs="EPSG:4326"
    )


def provenance(path: Path, kind: str, datum: str, line_count: int) -> dict[str, object]:
    """What the flags were computed from: file name, sha256, declared datum, date."""
    return {
        "file": Path(path).name,
        "sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        "kind": kind,
        "datum": datum,
        "lines": line_count,
        "computed_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "method": "intersects county polygon (GCJ-02); geodesic distance polygon → nearest line (WGS84 ellipsoid)",
        "tool": "python -m geo.lines",
    }


def write_flags(flags: pd.DataFrame, out: Path, meta: dict[str, object]) -> Path:
    """Write the CSV and its ``.json`` sidecar (atomically: temporary files, then rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    sidecar = out.with_name(out.name + ".json")
    tmp_csv, tmp_json = out.with_name(out.name + ".tmp"), sidecar.with_name(sidecar.name + ".tmp")
    flags.to_csv(tmp_csv, index=False)
    tmp_json.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp_csv.replace(out)
    tmp_json.replace(sidecar)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="GeoJSON or GeoParquet of LineString/MultiLineString")
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--datum", choices=DATUMS, required=True, help="datum of the file's coordinates")
    parser.add_argument("--out", type=Path, default=None, help="CSV to write (default data/infra/<kind>_flags.csv)")
    args = parser.parse_args(argv)
    from geo.db import connect

    try:
        lines = read_lines(args.file, args.datum)
    except LineFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with connect(read_only=True) as con:
        counties = county_polygons(con)
    flags = county_line_flags(lines, counties, args.kind)
    out = args.out or DATA_DIR / "infra" / f"{args.kind}_flags.csv"
    write_flags(flags, out, provenance(args.file, args.kind, args.datum, len(lines)))
    crossed = int(flags[f"has_{args.kind}"].sum())
    print(f"{out}: {len(flags):,} counties, {crossed:,} crossed by a {args.kind} line ({len(lines):,} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
