"""Resettlement sites as points to draw: where each one goes and how precisely we know it.

A site with its own coordinates is drawn there; a site placed by the build at its township's
centre (``township``) is drawn there, approximate; any other at its county's representative
point (``county``), approximate. Precision is never upgraded: only rows
that carry coordinates can be ``exact`` (or ``township`` when the source says so).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.sources import SIZE_CLASSES

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
