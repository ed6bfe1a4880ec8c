"""Line-file import: a small synthetic railway layer built here, flags and distances, errors, CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from geo import lines
from geo.datum import wgs84_to_gcj02

# Two synthetic "counties" (1°×1° squares) and a railway that crosses A, then runs south along
# 104.5°E, 0.5° of longitude west of B.
COUNTIES = gpd.GeoDataFrame(
    {"adcode": ["900001", "900002"]}, geometry=[box(103.0, 29.5, 104.0, 30.5), box(105.0, 29.5, 106.0, 30.5)]
)
RAILWAY = LineString([(103.5, 28.0), (103.5, 31.0), (104.5, 31.0), (104.5, 29.0)])


def _write(path: Path, geometries: list, crs: str | None = "EPSG:4326") -> Path:
    gpd.GeoDataFrame({"name": [f"line {i}" for i in range(len(geometries))]}, geometry=geometries, crs=crs).to_file(
        path, driver="GeoJSON"
    )
    return path


def test_flags_and_distance_in_kilometres() -> None:
    flags = lines.county_line_flags(np.array([RAILWAY]), COUNTIES, "railway").set_index("adcode")
    assert list(flags.columns) == ["has_railway", "dist_railway_km"]
    assert bool(flags.loc["900001", "has_railway"]) and flags.loc["900001", "dist_railway_km"] == 0
    assert not flags.loc["900002", "has_railway"]
    # B's west edge (105°E) is 0.5° of longitude from the line; nearest at B's north corner (30.5°N)
    expected = 0.5 * 111.32 * math.cos(math.radians(30.5))
    assert flags.loc["900002", "dist_railway_km"] == pytest.approx(expected, rel=0.005)


def test_read_geojson_converts_declared_wgs84(tmp_path: Path) -> None:
    path = _write(tmp_path / "rail.geojson", [RAILWAY])
    gcj = lines.read_lines(path, "GCJ-02")
    wgs = lines.read_lines(path, "WGS-84")
    assert shapely.equals_exact(gcj[0], RAILWAY, tolerance=1e-9)
    x, y = wgs84_to_gcj02(np.array([103.5]), np.array([28.0]))
    assert shapely.get_coordinates(wgs[0])[0] == pytest.approx([x[0], y[0]], abs=1e-9)


def test_read_geoparquet(tmp_path: Path) -> None:
    path = tmp_path / "rail.parquet"
    gpd.GeoDataFrame(geometry=[RAILWAY, shapely.MultiLineString([[(100, 30), (101, 30)]])], crs="EPSG:4326").to_parquet(
        path
    )
    assert len(lines.read_lines(path, "GCJ-02")) == 2


@pytest.mark.parametrize(
    ("make", "datum", "message"),
    [
        (lambda d: _write(d / "ok.geojson", [RAILWAY]), "BD-09", "unknown datum"),
        (lambda d: d / "missing.geojson", "WGS-84", "no such file"),
        (lambda d: (d / "rail.shp.zip").write_bytes(b"x") and d / "rail.shp.zip", "WGS-84", "unsupported file type"),
        (lambda d: _write(d / "points.geojson", [Point(103, 30)]), "WGS-84", "LineString/MultiLineString only"),
        (lambda d: (d / "broken.geojson").write_text("{not json") and d / "broken.geojson", "WGS-84", "cannot read"),
        (lambda d: _write(d / "swapped.geojson", [LineString([(30, 103), (31, 104)])]), "WGS-84", "beyond China"),
        (
            lambda d: _write(d / "metres.geojson", [LineString([(500000, 3300000), (600000, 3400000)])], "EPSG:32648"),
            "WGS-84",
            "projected CRS",
        ),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, make, datum: str, message: str) -> None:
    with pytest.raises(lines.LineFileError, match=message):
        lines.read_lines(make(tmp_path), datum)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(lines.LineFileError, match="unknown kind"):
        lines.county_line_flags(np.array([RAILWAY]), COUNTIES, "canal")


def test_cli_writes_flags_for_every_county_with_provenance(tmp_path: Path, atlas_db: str, capsys) -> None:
    source = _write(tmp_path / "rail.geojson", [LineString([(103.0, 27.0), (103.8, 27.6)])])  # through 鲁甸/昭通
    out = tmp_path / "railway_flags.csv"
    assert lines.main([str(source), "--kind", "railway", "--datum", "WGS-84", "--out", str(out)]) == 0
    flags = pd.read_csv(out, dtype={"adcode": str})
    assert len(flags) == 2875 and flags.adcode.is_unique
    assert 1 <= flags.has_railway.sum() < 30
    assert (flags.dist_railway_km[flags.has_railway] == 0).all() and (
        flags.dist_railway_km[~flags.has_railway] > 0
    ).all()
    meta = json.loads(out.with_name(out.name + ".json").read_text(encoding="utf-8"))
    assert meta["datum"] == "WGS-84" and meta["file"] == "rail.geojson" and len(meta["sha256"]) == 64
    assert "crossed" in capsys.readouterr().out


def test_cli_bad_file_writes_nothing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "railway_flags.csv"
    points = _write(tmp_path / "points.geojson", [Point(103, 30)])
    assert lines.main([str(points), "--kind", "railway", "--datum", "GCJ-02", "--out", str(out)]) == 2
    assert not out.exists()
    assert "LineString" in capsys.readouterr().err
