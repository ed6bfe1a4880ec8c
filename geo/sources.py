"""Readers that turn the committed source files in ``data/`` into tidy tables.

Each indicator file maps its columns to catalogue ids; values are copied, never filled
or estimated, and every value keeps the id of the source it came from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

INDICATOR_COLUMNS = ["adcode", "indicator_id", "year", "value", "source_id"]


@dataclass(frozen=True)
class IndicatorFile:
    """One source file: where it is, which columns map to which indicator, its year."""

    path: str
    source_id: str
    columns: dict[str, str]
    year: int | None = None  # None: the file has a ``year`` column (or the value is static)
    scale: float = 1.0


INDICATOR_FILES = (
    IndicatorFile(
        "indicators/census2020_county_leiii.csv",
        "census2020_leiii",
        {
            "pop_total": "pop_census",
            "ethnic_minority_pct": "ethnic_minority_pct",
            "households": "households",
            "household_size": "household_size",
            "share_0_14_pct": "share_0_14_pct",
            "share_15_64_pct": "share_15_64_pct",
            "share_65plus_pct": "share_65plus_pct",
            "avg_years_schooling": "avg_years_schooling",
            "illiteracy_rate_15plus_pct": "illiteracy_rate_pct",
            "housing_m2_per_capita": "housing_m2_per_capita",
            "sex_ratio_f100": "sex_ratio",
        },
        year=2020,
    ),
    IndicatorFile(
        "indicators/census2020_population_tudigong.csv",
        "census2020_tudigong",
        {"hukou_other_province_share": "hukou_other_province_pct"},
        year=2020,
        scale=100.0,
    ),
    IndicatorFile(
        "indicators/county_gdp_2018_2023_clebeech.csv",
        "clebeech_gdp",
        {
            "gdp_10k_yuan": "gdp",
            "gdp_primary_10k_yuan": "gdp_primary",
            "gdp_secondary_10k_yuan": "gdp_secondary",
            "gdp_tertiary_10k_yuan": "gdp_tertiary",
            "gdp_per_capita_raw": "gdp_per_capita_raw",
        },
    ),
    IndicatorFile(
        "indicators/county_income_2018_2023_clebeech.csv",
        "clebeech_income",
        {"rural_disp_income_yuan": "rural_income", "urban_disp_income_yuan": "urban_income"},
    ),
    IndicatorFile(
        "indicators/county_population_2018_2023_clebeech.csv",
        "clebeech_population",
        {"pop_10k": "pop_year_end"},
    ),
    IndicatorFile(
        "indicators/county_terrain_relief_clebeech.csv",
        "clebeech_relief",
        {"terrain_relief": "terrain_relief"},
    ),
    IndicatorFile(
        "indicators/ci_pae_innermongolia31_2018_2023.csv",
        "ci_pae_im31",
        {
            "public_budget_income": "public_budget_income",
            "public_budget_exp": "public_budget_exp",
            "medical_beds": "medical_beds",
        },
    ),
    # Stations are a ~2021-01 snapshot; the airport list is current (2026).
    IndicatorFile("infra/county_infra_flags.csv", "infra_flags", {"dist_rail_km": "dist_rail_km"}, year=2021),
    IndicatorFile("infra/county_infra_flags.csv", "infra_flags", {"dist_airport_km": "dist_airport_km"}, year=2026),
)


def read_indicator_file(data_dir: Path, spec: IndicatorFile) -> pd.DataFrame:
    """Long rows (adcode, indicator_id, year, value, source_id) from one file."""
    frame = pd.read_csv(data_dir / spec.path, dtype={"adcode": str})
    frame = frame[frame["adcode"].notna()]
    id_columns = ["adcode"] + (["year"] if "year" in frame.columns and spec.year is None else [])
    long = frame.melt(id_vars=id_columns, value_vars=list(spec.columns), var_name="column")
    long["indicator_id"] = long["column"].map(spec.columns)
    if spec.year is not None:
        long["year"] = spec.year
    elif "year" not in long.columns:
        long["year"] = pd.NA
    long["value"] = pd.to_numeric(long["value"], errors="coerce") * spec.scale
    long["source_id"] = spec.source_id
    long = long.dropna(subset=["value"])
    long["year"] = long["year"].astype("Int64")
    # A few source files repeat a county (old and new codes mapped to one unit): keep the first.
    return long.drop_duplicates(["adcode", "indicator_id", "year"])[INDICATOR_COLUMNS]


def load_indicators(data_dir: Path, counties: pd.DataFrame) -> pd.DataFrame:
    """All indicator values, plus area, density and urban share computed from real inputs."""
    known = set(counties.adcode)
    parts = [read_indicator_file(data_dir, spec) for spec in INDICATOR_FILES]

    area = counties[["adcode", "area_km2"]].rename(columns={"area_km2": "value"})
    area = area.assign(indicator_id="area_km2", year=pd.NA, source_id="computed_geo")
    parts.append(area[INDICATOR_COLUMNS])

    census = pd.read_csv(data_dir / "indicators/census2020_county_leiii.csv", dtype={"adcode": str})
    census = census[census.adcode.notna() & (census.pop_total > 0)].drop_duplicates("adcode")
    urban = census.assign(
        value=(census.pop_urban / census.pop_total * 100).round(2),
        indicator_id="urban_share_pct",
        year=2020,
        source_id="census2020_leiii",
    )
    parts.append(urban[INDICATOR_COLUMNS])
    density = census.merge(counties[["adcode", "area_km2"]], on="adcode")
    density = density[density.area_km2 > 0]
    density = density.assign(
        value=(density.pop_total / density.area_km2).round(2),
        indicator_id="pop_density",
        year=2020,
        source_id="computed_geo",
    )
    parts.append(density[INDICATOR_COLUMNS])

    tidy = pd.concat(parts, ignore_index=True)
    tidy = tidy[tidy.adcode.isin(known)]
    tidy["year"] = tidy["year"].astype("Int64")
    return tidy.reset_index(drop=True)


# Kinds of a key county's source, best first: the profile, brief and exports show the best one.
SOURCE_KINDS = ("official", "media", "mirror")
# ``source_kind`` as the research passes wrote it → our three kinds (an aggregator repost is a mirror).
RESEARCH_KINDS = {"official": "official", "media": "media", "encyclopedia_mirror": "mirror", "other": "mirror"}
KEY_COUNTY_SOURCE_COLUMNS = ["adcode", "rank", "url", "quote", "kind", "origin", "note"]
_URL = re.compile(r"https?://[^\s;,)\"（）(]+")
_QUOTE = re.compile(r'"([^"]+)"|“([^”]+)”')


def _host(url: str) -> str:
    match = re.match(r"https?://([^/:?#]+)", url)
    return match.group(1).lower() if match else ""


def host_kind(url: str, kinds: pd.DataFrame) -> str:
    """official / media / mirror for a URL by its host (``key_county_source_kinds.csv``; unknown → mirror)."""
    host = _host(url)
    matches = [row for row in kinds.itertuples() if host == row.host or host.endswith("." + row.host)]
    if not matches:
        return "mirror"
    return max(matches, key=lambda row: len(row.host)).kind  # the most specific host wins


def _first_quote(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    match = _QUOTE.search(text)
    return next(group for group in match.groups() if group) if match else None


def load_key_county_sources(data_dir: Path, key_counties: pd.DataFrame) -> pd.DataFrame:
    """Every source that states a county's key-county status, ranked best first per county.

    From ``key_counties.csv`` (its ``source_url`` and any URL its ``note`` cites) and every
    ``key_counties_additions_*.csv`` (url, quote, source_kind). Kind order: official > media >
    mirror; within a kind the list's own row comes first. One row per county and URL.
    """
    kinds = pd.read_csv(data_dir / "key_county_source_kinds.csv", dtype=str)
    rows: list[dict[str, object]] = []
    for record in key_counties.itertuples(index=False):
        note = record.note if isinstance(record.note, str) else None
        rows.append({"adcode": record.adcode, "url": record.source_url, "quote": _first_quote(note),
                     "kind": host_kind(record.source_url, kinds), "origin": "key_counties.csv", "note": note})
        for url in _URL.findall(note or ""):
            rest = (note or "").split(url, 1)[1]
            rows.append({"adcode": record.adcode, "url": url, "quote": _first_quote(rest[:300]),
                         "kind": host_kind(url, kinds), "origin": "key_counties.csv note", "note": None})
    listed = set(key_counties.adcode)
    for path in sorted(data_dir.glob("key_counties_additions_*.csv")):
        additions = pd.read_csv(path, dtype=str)
        for record in additions[additions.adcode.isin(listed)].itertuples(index=False):
            kind = RESEARCH_KINDS.get(str(record.source_kind), host_kind(record.source_url, kinds))
            rows.append({"adcode": record.adcode, "url": record.source_url, "quote": record.quote,
                         "kind": kind, "origin": path.name, "note": f"{record.role}; research kind {record.source_kind}"})
    frame = pd.DataFrame(rows, columns=[c for c in KEY_COUNTY_SOURCE_COLUMNS if c != "rank"])
    frame["order"] = range(len(frame))
    # The same URL twice for one county: keep the better-described row (its kind and quote).
    frame["kind_rank"] = frame.kind.map({kind: i for i, kind in enumerate(SOURCE_KINDS)})
    frame = frame.sort_values(["adcode", "kind_rank", "order"])
    quotes = frame.groupby(["adcode", "url"]).quote.transform(lambda q: q.dropna().iloc[0] if q.notna().any() else None)
    frame = frame.assign(quote=quotes).drop_duplicates(["adcode", "url"])
    frame["rank"] = frame.groupby("adcode").cumcount() + 1
    return frame[KEY_COUNTY_SOURCE_COLUMNS].reset_index(drop=True)


SIZE_CLASSES = (
    ("ge10000", 10_000),
    ("3000_9999", 3_000),
    ("800_2999", 800),
    ("lt800", 0),
)


def size_class(population: float | None) -> str | None:
    """The official size classes of resettlement sites (≥10,000; 3,000–9,999; 800–2,999; <800)."""
    if population is None or pd.isna(population):
        return None
    for name, floor in SIZE_CLASSES:
        if population >= floor:
            return name
    return None


SITE_COLUMNS = [
    "site_id",
    "name",
    "adcode",
    "population",
    "population_note",
    "size_class",
    "township",
    "village",
    "lon",
    "lat",
    "datum",
    "location_precision",
    "source_id",
    "source_url",
]


def load_sites(data_dir: Path, known_adcodes: set[str]) -> pd.DataFrame:
    """Resettlement sites: the Guangxi registry plus large sites named in news reports.

    No source gives coordinates, so every site is located at county precision and the
    map draws it at the county's representative point, marked approximate.
    """
    registry = pd.read_csv(data_dir / "sites/guangxi_all_sites_gxazzx.csv", dtype={"adcode": str})
    registry = registry.assign(
        site_id=[f"gx{i:04d}" for i in range(1, len(registry) + 1)],
        population_note="建档立卡 + 同步搬迁",
        township=registry.township.where(registry.township.astype(str) != "0"),
        village=registry.village.where(registry.village.astype(str) != "0"),
        source_id="gx_relocation_registry",
        source_url="http://www.gxazzx.org.cn/index.php?m=place&c=index&a=lists",
    )
    news = pd.read_csv(data_dir / "sites/resettlement_sites.csv", dtype={"adcode": str})
    news = news[news.province != "广西壮族自治区"]  # Guangxi rows duplicate the registry
    news = news.assign(
        site_id=[f"news{i:02d}" for i in range(1, len(news) + 1)],
        population_note=news.note,
        township=None,
        village=None,
        source_id="news_sites",
    )
    sites = pd.concat([registry, news], ignore_index=True)
    sites = sites[sites.adcode.isin(known_adcodes)].copy()
    sites["lon"] = pd.to_numeric(sites.get("lon"), errors="coerce")
    sites["lat"] = pd.to_numeric(sites.get("lat"), errors="coerce")
    has_point = sites.lon.notna() & sites.lat.notna()
    sites["datum"] = has_point.map({True: "GCJ-02", False: None})
    sites["location_precision"] = has_point.map({True: "exact", False: "county"})
    sites["size_class"] = sites.population.map(size_class)
    return sites[SITE_COLUMNS].reset_index(drop=True)


def _points(path: Path, properties: dict[str, str]) -> pd.DataFrame:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    rows = []
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"][:2]
        props = feature["properties"]
        rows.append({**{new: props.get(old) for new, old in properties.items()}, "lon": lon, "lat": lat})
    return pd.DataFrame(rows)


def load_stations_and_airports(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rail stations and halts, and civil airports; coordinates in GCJ-02 with WGS-84 kept."""
    stations = _points(
        data_dir / "infra/rail_stations_cn_gcj02.geojson",
        {"name": "name", "kind": "kind", "bureau": "bureau", "lon_wgs84": "lon_wgs84", "lat_wgs84": "lat_wgs84"},
    )
    airports = _points(
        data_dir / "infra/airports_cn_gcj02.geojson",
        {"name": "name", "iata": "iata", "icao": "icao", "lon_wgs84": "lon_wgs84", "lat_wgs84": "lat_wgs84"},
    )
    return stations, airports


LINE_KINDS = {
    "railway": ("距最近铁路线距离", "Distance to nearest railway line"),
    "expressway": ("距最近高速公路距离", "Distance to nearest expressway"),
}


@dataclass(frozen=True)
class LineFlags:
    """Per-county flags and distances computed from a line file by ``python -m geo.lines``."""

    kind: str
    flags: pd.Series
    distances: pd.DataFrame
    source: dict[str, object]
    catalog: dict[str, object]


def load_line_flags(data_dir: Path) -> list[LineFlags]:
    """The line-based flags present in ``data/infra/`` (``<kind>_flags.csv`` + ``.json`` sidecar).

    When present they replace the station proxy (``has_railway``) and fill the expressway gap;
    their provenance (file, sha256, datum) becomes a source row.
    """
    found = []
    for kind, (name_zh, name_en) in LINE_KINDS.items():
        path = data_dir / "infra" / f"{kind}_flags.csv"
        if not path.exists():
            continue
        meta = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
        frame = pd.read_csv(path, dtype={"adcode": str})
        source_id = f"lines_{kind}"
        distances = frame[["adcode", f"dist_{kind}_km"]].rename(columns={f"dist_{kind}_km": "value"})
        distances = distances.dropna(subset=["value"]).assign(
            indicator_id=f"dist_{kind}_km", year=pd.NA, source_id=source_id
        )
        found.append(
            LineFlags(
                kind=kind,
                flags=frame.set_index("adcode")[f"has_{kind}"].astype("boolean"),
                distances=distances[INDICATOR_COLUMNS],
                source={
                    "source_id": source_id,
                    "title": f"{kind} lines from {meta['file']} ({meta['datum']}), computed by python -m geo.lines",
                    "title_zh": f"由线路文件 {meta['file']}（{meta['datum']}）计算的{name_zh}",
                    "title_en": f"{name_en} computed from the line file {meta['file']} ({meta['datum']})",
                    "publisher": "imported line file",
                    "url": None,
                    "license": None,
                    "year": None,
                    "verified": False,
                    "note": f"sha256 {meta['sha256']}; {meta['method']}; computed {meta['computed_at']}",
                },
                catalog={
                    "indicator_id": f"dist_{kind}_km",
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "unit": "公里",
                    "unit_en": "km",
                    "higher_is_better": False,
                    "min_valid": 0,
                    "max_valid": 3000,
                    "decimals": 1,
                    "source_id": source_id,
                    "description": "县界到最近线路的椭球面距离，线路穿过本县为0",
                },
            )
        )
    return found
