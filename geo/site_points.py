"""Resettlement sites as points to draw: where each one goes and how precisely we know it.

A site with its own coordinates is drawn there; a site placed by the build at its township's
centre (``township``) is drawn there, approximate; any other at its county's representative
point (``county``), approximate. Precision is never upgraded: only rows
that carry coordinates can be ``exact`` (or ``township`` when the source says so).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from geo.datum import wgs84_to_gcj02
from geo.sources import SIZE_CLASSES

DATUM = "GCJ-02"
DATUMS = ("WGS-84", "GCJ-02")
SIZE_CLASS_ORDER = tuple(name for name, _floor in SIZE_CLASSES)
SIZE_CLASS_LABELS = {
    "ge10000": ("1万人以上", "10,000 or more"),
    "3000_9999": ("3000–9999人", "3,000–9,999"),
    "800_2999": ("800–2999人", "800–2,999"),
    "lt800": ("800人以下", "under 800"),
}
PRECISION_LABELS = {
    "exact": ("坐标（精确）", "coordinates (exact)"),
    "township": ("乡镇驻地，位置近似", "township seat, approximate location"),
    "county": ("县域代表点，位置近似", "county representative point, approximate location"),
}
# Rough box around China: coordinates outside it are swapped, projected or wrong.
_LON_RANGE, _LAT_RANGE = (73.0, 136.0), (3.0, 54.0)


class SiteCoordinateError(ValueError):
    """Raised when imported site coordinates cannot be accepted (nothing is changed)."""


def size_class_label(code: str | None, lang: str) -> str:
    """'1万人以上' / '10,000 or more'; unknown → the code itself."""
    pair = SIZE_CLASS_LABELS.get(code or "")
    return pair[1 if lang == "en" else 0] if pair else str(code)


def precision_label(code: str | None, lang: str) -> str:
    """How precisely a drawn site is located, in ``lang``."""
    pair = PRECISION_LABELS.get(code or "county", PRECISION_LABELS["county"])
    return pair[1 if lang == "en" else 0]


def filter_size_classes(sites: pd.DataFrame, size_classes: Iterable[str] | None) -> pd.DataFrame:
    """Keep the given size classes (None: all); unknown class codes are refused."""
    if size_classes is None:
        return sites
    wanted = list(size_classes)
    unknown = set(wanted) - set(SIZE_CLASS_ORDER)
    if unknown:
        raise ValueError(f"unknown size class: {sorted(unknown)}")
    return sites[sites["size_class"].isin(wanted)]


def site_points(sites: pd.DataFrame, size_classes: Iterable[str] | None = None) -> pd.DataFrame:
    """Sites with the point to draw (``draw_lon``/``draw_lat``, GCJ-02) and an ``approximate`` flag.

    ``sites`` has the columns of ``queries/sites_points.sql`` (own ``lon``/``lat`` and the
    county's ``county_lon``/``county_lat``). Rows without their own coordinates fall back
    to the county point with precision ``county``; rows with neither are dropped.
    """
    points = filter_size_classes(sites, size_classes).copy()
    own = points["lon"].notna() & points["lat"].notna()
    points["draw_lon"] = points["lon"].where(own, points["county_lon"]).astype(float)
    points["draw_lat"] = points["lat"].where(own, points["county_lat"]).astype(float)
    declared = points["location_precision"].where(points["location_precision"].isin(["exact", "township"]), "exact")
    points["location_precision"] = declared.where(own, "county")
    points["approximate"] = points["location_precision"] != "exact"
    return points[points["draw_lon"].notna() & points["draw_lat"].notna()].reset_index(drop=True)


def normalize_site_coordinates(frame: pd.DataFrame, datum: str) -> pd.DataFrame:
    """Imported sites with coordinates declared in ``datum`` → GCJ-02, with honest precision.

    Rows with both ``lon`` and ``lat`` are converted (WGS-84 → GCJ-02) and marked ``exact``
    unless they declare the coarser ``township``; rows without coordinates get precision
    ``county`` and no datum. Half a coordinate pair, non-numbers or points outside China
    raise ``SiteCoordinateError``; the input frame is never modified.
    """
    if datum not in DATUMS:
        raise SiteCoordinateError(f"unknown datum {datum!r}: declare one of {', '.join(DATUMS)}")
    out = frame.copy()
    for column in ("lon", "lat"):
        if column not in out.columns:
            out[column] = np.nan
    lon = pd.to_numeric(out["lon"], errors="coerce")
    lat = pd.to_numeric(out["lat"], errors="coerce")
    bad_number = (lon.isna() & _present(out["lon"])) | (lat.isna() & _present(out["lat"]))
    _refuse(out, bad_number, "coordinates that are not numbers")
    _refuse(out, lon.isna() != lat.isna(), "only one of lon/lat")
    own = lon.notna() & lat.notna()
    outside = own & ~(lon.between(*_LON_RANGE) & lat.between(*_LAT_RANGE))
    _refuse(out, outside, "coordinates outside China (swapped lon/lat, or not degrees?)")
    if datum == "WGS-84" and own.any():
        converted_lon, converted_lat = wgs84_to_gcj02(lon[own].to_numpy(), lat[own].to_numpy())
        lon, lat = lon.copy(), lat.copy()
        lon[own], lat[own] = converted_lon, converted_lat
    out["lon"], out["lat"] = lon.where(own).round(6), lat.where(own).round(6)
    out["datum"] = pd.Series(np.where(own, DATUM, None), index=out.index, dtype=object)
    declared = out["location_precision"] if "location_precision" in out.columns else pd.Series("exact", out.index)
    precision = np.where(declared.eq("township"), "township", "exact")
    out["location_precision"] = pd.Series(np.where(own, precision, "county"), index=out.index, dtype=object)
    return out


def _present(column: pd.Series) -> pd.Series:
    """True where a cell holds something (not NaN, not blank text)."""
    return column.notna() & column.astype(str).str.strip().ne("")


def _refuse(frame: pd.DataFrame, bad: pd.Series, problem: str) -> None:
    if bad.any():
        rows = ", ".join(str(i) for i in frame.index[bad][:10])
        raise SiteCoordinateError(f"{int(bad.sum())} site row(s) with {problem}: rows {rows}")
