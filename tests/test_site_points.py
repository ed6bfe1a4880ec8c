"""Site points: county fallback marked approximate, honest precision, sizes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo import db
from geo.site_points import (
    SIZE_CLASS_ORDER,
    precision_label,
    site_points,
)


def _sites(**overrides: list) -> pd.DataFrame:
    rows = {
        "site_id": ["a", "b", "c"],
        "name": ["无坐标点", "有坐标点", "乡镇点"],
        "population": [12_000, 900, 300],
        "size_class": ["ge10000", "800_2999", "lt800"],
        "lon": [np.nan, 104.1, 104.2],
        "lat": [np.nan, 27.1, 27.2],
        "location_precision": ["county", "exact", "township"],
        "county_lon": [103.3, 103.3, 103.3],
        "county_lat": [27.25, 27.25, 27.25],
    }
    rows.update(overrides)
    return pd.DataFrame(rows)


def test_site_without_coordinates_is_drawn_at_county_point_and_marked_approximate() -> None:
    points = site_points(_sites()).set_index("site_id")
    assert (points.loc["a", "draw_lon"], points.loc["a", "draw_lat"]) == (103.3, 27.25)
    assert points.loc["a", "location_precision"] == "county"
    assert bool(points.loc["a", "approximate"]) is True
    assert precision_label(points.loc["a", "location_precision"], "zh") == "县域代表点，位置近似"


def test_site_with_coordinates_keeps_them_and_is_exact() -> None:
    points = site_points(_sites()).set_index("site_id")
    assert (points.loc["b", "draw_lon"], points.loc["b", "draw_lat"]) == (104.1, 27.1)
    assert not points.loc["b", "approximate"]
    # a township location is drawn where given but stays approximate
    assert points.loc["c", "location_precision"] == "township" and points.loc["c", "approximate"]


def test_claimed_precision_without_coordinates_is_downgraded() -> None:
    points = site_points(_sites(location_precision=["exact", "exact", "exact"]))
    assert points.set_index("site_id").loc["a", "location_precision"] == "county"


def test_size_class_filter() -> None:
    assert list(site_points(_sites(), ["ge10000", "lt800"]).site_id) == ["a", "c"]
    with pytest.raises(ValueError, match="unknown size class"):
        site_points(_sites(), ["huge"])


def test_real_sites_have_no_invented_precision(con) -> None:
    sites = db.run(con, "sites_points", {"size_classes": list(SIZE_CLASS_ORDER), "key_only": False})
    points = site_points(sites)
    assert len(points) == len(sites) == con.execute("SELECT count(*) FROM sites").fetchone()[0]
    without = points[sites.lon.isna() | sites.lat.isna()]
    assert without.approximate.all() and (without.location_precision == "county").all()
    assert np.allclose(without.draw_lon, without.county_lon) and np.allclose(without.draw_lat, without.county_lat)
