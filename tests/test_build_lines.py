"""A line file processed by ``geo.lines`` flows into the built database with its provenance."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import numpy as np
from shapely.geometry import LineString

from geo import build, db, lines
from geo.paths import DATA_DIR


def test_expressway_lines_fill_the_gap_and_carry_a_source(tmp_path: Path, atlas_db: str) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir, ignore=shutil.ignore_patterns("atlas*", "decks", "imports"))
    # A synthetic expressway across 镇雄县 (530627) in GCJ-02, for this test only.
    synthetic = tmp_path / "expressway.geojson"
    line = LineString([(104.6, 27.2), (105.3, 27.6)])
    synthetic.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {}, "geometry": line.__geo_interface__}],
            }
        ),
        encoding="utf-8",
    )
    with db.connect() as con:
        counties = lines.county_polygons(con)
    geometries = lines.read_lines(synthetic, "GCJ-02")
    flags = lines.county_line_flags(geometries, counties, "expressway")
    out = data_dir / "infra" / "expressway_flags.csv"
    lines.write_flags(flags, out, lines.provenance(synthetic, "expressway", "GCJ-02", len(geometries)))

    built = build.build(tmp_path / "atlas.duckdb", data_dir=data_dir, report=lambda _m: None)
    with duckdb.connect(str(built), read_only=True) as con:
        (flag,) = con.execute("SELECT has_expressway FROM counties WHERE adcode = '530627'").fetchone()
        known = con.execute("SELECT count(*) FROM counties WHERE has_expressway IS NOT NULL").fetchone()[0]
        crossed = con.execute("SELECT count(*) FROM counties WHERE has_expressway").fetchone()[0]
        source = con.execute("SELECT verified, note FROM sources WHERE source_id = 'lines_expressway'").fetchone()
        values = con.execute(
            "SELECT count(*), min(value) FROM indicators WHERE indicator_id = 'dist_expressway_km'"
        ).fetchone()
        catalogued = con.execute(
            "SELECT unit FROM indicator_catalog WHERE indicator_id = 'dist_expressway_km'"
        ).fetchone()
    assert flag is True
    assert known == 2875 and 1 <= crossed < 10
    assert source[0] is False and "sha256" in source[1]
    assert values[0] == 2875 and np.isclose(values[1], 0.0)
    assert catalogued == ("公里",)
