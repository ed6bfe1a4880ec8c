"""Readers that turn the committed source files in ``data/`` into tidy tables.

Each indicator file maps its columns to catalogue ids; values are copied, never filled
or estimated, and every value keeps the id of the source it came from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo.datum import GCJ02
from geo.inputs import Ledger, resolve_counties

if TYPE_CHECKING:
    from geo.importer.match import CountyIndex

INDICATOR_COLUMNS = ["adcode", "indicator_id", "year", "value", "source_id"]
DERIVED = "(derived)"
"""The build report's input name for indicators computed from others (shown translated)."""


@dataclass(frozen=True)
class IndicatorFile:
    """One source file: where it is, which columns map to which indicator, its year."""

    path: str
    source_id: str
    columns: dict[str, str]
    year: int | None = None  # None: the file has a ``year`` column (or the value is static)
    scale: float = 1.0
    adcode_column: str = "adcode"
    names: tuple[str, str] | None = None  # (province, county) columns: matched by name when the code is old
    item_column: str | None = None  # the source's own name of the item, kept per row (``source_item``)


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
    # 一般公共预算收入 under its changing names (地方财政一般预算收入, 公共财政预算收入, …): one indicator,
    # the source's name kept per row. Before ci_pae, whose 31 counties it repeats with equal values.
    IndicatorFile(
        "indicators/county_budget_revenue_2000_2023_clebeech.csv",
        "clebeech_revenue",
        {"budget_revenue_10k_yuan": "public_budget_income"},
        adcode_column="adcode_src",
        names=("Province", "CountyName"),
        item_column="source_item",
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
# 人均一般公共预算收入 = 一般公共预算收入 (万元) ÷ 年末人口 (万人) of the same county and year → 元/人.
# The population series is clebeech_population (pop_year_end; 户籍 or 常住 not stated by the source).
PER_CAPITA_REVENUE = ("public_budget_income_per_capita", "public_budget_income", "pop_year_end", "computed_revenue_pc")
ROW_COLUMNS = [*INDICATOR_COLUMNS, "source_item"]
# The three official criteria for selecting the key counties: 人均地区生产总值, 人均一般公共预算收入,
# 农村居民人均可支配收入 (shown together on the profile, in the brief and the workbench's default scoring).
SELECTION_CRITERIA = ("gdp_per_capita_raw", "public_budget_income_per_capita", "rural_income")


@dataclass
class Checks:
    """What every reader checks against: the boundary index, renames, the catalogue, the ledger."""

    index: CountyIndex
    renames: pd.DataFrame
    catalog: pd.DataFrame
    ledger: Ledger
    seen: set[tuple[str, str, object]] = field(default_factory=set)  # (adcode, indicator, year) kept so far


def _shown(column: pd.Series) -> pd.Series:
    """Cells as text for the build report's examples; a missing cell reads （空）, never 'nan'."""
    return column.astype("object").where(column.notna(), "（空）").astype(str)


def read_indicator_file(data_dir: Path, spec: IndicatorFile, checks: Checks) -> pd.DataFrame:
    """Long rows (adcode, indicator_id, year, value, source_id, source_item) from one file.

    Each cell is checked as the importer checks one: county (code, rename, name), number, valid
    range, duplicate; rejected cells are counted with their reason in the ledger, empty ones as empty.
    """
    frame = pd.read_csv(data_dir / spec.path, dtype={spec.adcode_column: str})
    province, name = spec.names or (None, None)
    frame["_match"] = resolve_counties(frame, checks.index, checks.renames, spec.adcode_column, province, name)
    frame["_adcode"] = frame["_match"].map(lambda m: m[0])
    frame["_problem"] = frame["_match"].map(lambda m: m[1])
    frame["_key"] = _shown(frame[spec.adcode_column]) + (" " + _shown(frame[name]) if name else "")
    has_year = "year" in frame.columns and spec.year is None
    id_columns = ["_adcode", "_problem", "_key"] + (["year"] if has_year else [])
    id_columns += [spec.item_column] if spec.item_column else []
    long = frame.melt(id_vars=id_columns, value_vars=list(spec.columns), var_name="column", value_name="raw")
    long["indicator_id"] = long["column"].map(spec.columns)
    long["year"] = spec.year if spec.year is not None else (long["year"] if has_year else pd.NA)
    long["source_item"] = long[spec.item_column] if spec.item_column else None
    empty = long["raw"].isna() | (long["raw"].astype(str).str.strip() == "")
    long["value"] = pd.to_numeric(long["raw"], errors="coerce") * spec.scale
    bounds = checks.catalog.set_index("indicator_id")[["min_valid", "max_valid"]]
    low = long.indicator_id.map(bounds.min_valid).astype(float)
    high = long.indicator_id.map(bounds.max_valid).astype(float)
    reason = pd.Series("", index=long.index)
    reason = reason.mask(long._problem != "", long._problem)
    reason = reason.mask((reason == "") & long.value.isna(), "not_numeric")
    reason = reason.mask((reason == "") & ~long.value.between(low.fillna(-float("inf")), high.fillna(float("inf"))),
                         "out_of_range")
    reason = reason.mask(empty, "")
    keys = list(zip(long._adcode.to_numpy(), long.indicator_id.to_numpy(), long.year.astype("object").to_numpy(), strict=True))
    candidate = ~empty & (reason == "")
    duplicate_in_file = pd.Series(keys, index=long.index).duplicated() & candidate
    reason = reason.mask(duplicate_in_file, "duplicate")
    earlier = pd.Series([key in checks.seen for key in keys], index=long.index) & candidate & ~duplicate_in_file
    reason = reason.mask(earlier, "superseded")
    kept = ~empty & (reason == "")
    examples = long._key + " " + long.indicator_id + " " + _shown(long.year) + "=" + _shown(long.raw)
    rejected = pd.DataFrame({"reason": reason[~empty & ~kept], "example": examples[~empty & ~kept]})
    checks.ledger.record(spec.path, ", ".join(dict.fromkeys(spec.columns.values())), len(long), int(kept.sum()),
                         int(empty.sum()), rejected)
    out = long[kept].rename(columns={"_adcode": "adcode"}).assign(source_id=spec.source_id)
    out["year"] = out["year"].astype("Int64")
    checks.seen.update(zip(out.adcode.to_numpy(), out.indicator_id.to_numpy(), out.year.astype("object").to_numpy(), strict=True))
    return out[ROW_COLUMNS]


def per_capita(values: pd.DataFrame, spec: tuple[str, str, str, str]) -> pd.DataFrame:
    """``total ÷ population`` for every county and year that has both (万元 ÷ 万人 = 元/人)."""
    indicator_id, total_id, population_id, source_id = spec
    total = values[values.indicator_id == total_id][["adcode", "year", "value"]]
    population = values[(values.indicator_id == population_id) & (values.value > 0)][["adcode", "year", "value"]]
    joined = total.merge(population, on=["adcode", "year"], suffixes=("_total", "_pop"))
    return joined.assign(
        value=(joined.value_total / joined.value_pop).round(1),
        indicator_id=indicator_id,
        source_id=source_id,
        source_item=None,
    )[ROW_COLUMNS]


def _derived(checks: Checks, part: str, frame: pd.DataFrame) -> pd.DataFrame:
    checks.ledger.record(DERIVED, part, len(frame), len(frame))
    return frame


def load_indicators(data_dir: Path, counties: pd.DataFrame, checks: Checks) -> pd.DataFrame:
    """All indicator values, plus area, density, urban share and per-capita revenue from real inputs."""
    parts = [read_indicator_file(data_dir, spec, checks) for spec in INDICATOR_FILES]

    area = counties[["adcode", "area_km2"]].rename(columns={"area_km2": "value"})
    area = area.assign(indicator_id="area_km2", year=pd.NA, source_id="computed_geo", source_item=None)
    parts.append(_derived(checks, "area_km2", area[ROW_COLUMNS]))

    census = pd.concat(parts)
    census = census[census.source_id == "census2020_leiii"].pivot_table(
        index="adcode", columns="indicator_id", values="value", aggfunc="first"
    )
    raw = pd.read_csv(data_dir / "indicators/census2020_county_leiii.csv", dtype={"adcode": str})
    raw = raw[raw.adcode.isin(census.index) & (raw.pop_total > 0)].drop_duplicates("adcode")
    urban = raw.assign(
        value=(raw.pop_urban / raw.pop_total * 100).round(2),
        indicator_id="urban_share_pct",
        year=2020,
        source_id="census2020_leiii",
        source_item=None,
    )
    parts.append(_derived(checks, "urban_share_pct", urban[ROW_COLUMNS]))
    density = raw.merge(counties[["adcode", "area_km2"]], on="adcode")
    density = density[density.area_km2 > 0]
    density = density.assign(
        value=(density.pop_total / density.area_km2).round(2),
        indicator_id="pop_density",
        year=2020,
        source_id="computed_geo",
        source_item=None,
    )
    parts.append(_derived(checks, "pop_density", density[ROW_COLUMNS]))
    tidy = pd.concat(parts, ignore_index=True)
    parts.append(_derived(checks, PER_CAPITA_REVENUE[0], per_capita(tidy, PER_CAPITA_REVENUE)))

    tidy = pd.concat(parts, ignore_index=True)
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


TOWNSHIPS = "townships/townships_vonng_adcode_2016.csv"


_TOWN_SUFFIXES = ("街道办事处", "街道办", "街道", "镇", "乡")
_ETHNIC = re.compile(r"(瑶|苗|侗|壮|仫佬|毛南|回|彝|京|水|仡佬|布依|满|蒙古)族$")


def _town_key(name: object) -> str:
    """A township's name stem: without 镇/乡/街道(办事处) and an ethnic-township marker, so that
    里当乡 = 里当瑶族乡 and 永岁镇 = 永岁乡 (乡 upgraded to 镇 after 2016); a stem that two
    townships of one county share places no site (see ``township_centres``)."""
    text = str(name).strip()
    for suffix in _TOWN_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    stem = _ETHNIC.sub("", text)
    return stem if len(stem) >= 2 else text


def township_centres(data_dir: Path, checks: Checks) -> pd.DataFrame:
    """Township centres (GCJ-02) keyed by current county adcode and township name.

    The file's county codes are those of 2016: a county re-coded since (田阳县 451021 → 田阳区
    451003) is mapped through the rename table, or by province + county name as the importer
    matches names. Townships without a centre point are left out (and counted in the ledger).
    """
    towns = pd.read_csv(data_dir / TOWNSHIPS, dtype={"adcode": str, "code": str})
    matched = resolve_counties(towns, checks.index, checks.renames, "adcode", "province", "county")
    towns = towns.assign(county_adcode=matched.map(lambda m: m[0]), problem=matched.map(lambda m: m[1]))
    empty = towns.lon_gcj02.isna() | towns.lat_gcj02.isna()
    bad = ~empty & (towns.problem != "")
    examples = _shown(towns.adcode) + " " + _shown(towns.county) + " " + _shown(towns.town)
    checks.ledger.record(TOWNSHIPS, "township centres", len(towns), int((~empty & ~bad).sum()), int(empty.sum()),
                         pd.DataFrame({"reason": towns.problem[bad], "example": examples[bad]}))
    towns = towns[~empty & ~bad].assign(town_key=lambda f: f.town.map(_town_key))
    # A name twice in one county cannot place a site: keep neither.
    towns = towns[~towns.duplicated(["county_adcode", "town_key"], keep=False)]
    return towns.drop(columns="adcode").rename(
        columns={"county_adcode": "adcode", "lon_gcj02": "town_lon", "lat_gcj02": "town_lat"}
    )[
        ["adcode", "town_key", "town_lon", "town_lat"]
    ]


def place_at_townships(
    sites: pd.DataFrame, towns: pd.DataFrame, polygons: dict[str, object], checks: Checks
) -> pd.DataFrame:
    """Sites without coordinates whose township is known → the township centre, precision 'township'.

    A centre that falls outside the site's county polygon is not used (the site stays at the
    county point) and is counted in the ledger.
    """
    import shapely

    keyed = sites.assign(town_key=sites.township.map(lambda v: _town_key(v) if isinstance(v, str) else None))
    keyed = keyed.merge(towns, on=["adcode", "town_key"], how="left")
    wanted = keyed.lon.isna() & keyed.town_lon.notna()
    inside = pd.Series(False, index=keyed.index)
    for i in keyed.index[wanted]:
        polygon = polygons.get(keyed.at[i, "adcode"])
        point = shapely.Point(keyed.at[i, "town_lon"], keyed.at[i, "town_lat"])
        inside.at[i] = polygon is not None and bool(shapely.covers(polygon, point))
    use = wanted & inside
    keyed.loc[use, "lon"] = keyed.town_lon[use]
    keyed.loc[use, "lat"] = keyed.town_lat[use]
    keyed.loc[use, "location_precision"] = "township"
    outside = wanted & ~inside
    asked = keyed.township.notna() & keyed.lon.isna() | use
    checks.ledger.record(
        TOWNSHIPS, "sites placed at township centres", int(asked.sum()), int(use.sum()),
        int((asked & ~use & ~outside).sum()),
        pd.DataFrame({"reason": "outside_county", "example": (keyed.name + " " + _shown(keyed.township))[outside]}),
    )
    return keyed.drop(columns=["town_key", "town_lon", "town_lat"])


def load_sites(data_dir: Path, checks: Checks, polygons: dict[str, object]) -> pd.DataFrame:
    """Resettlement sites: the Guangxi registry plus large sites named in news reports.

    No source gives coordinates. A site whose township is known is placed at the township centre
    (``location_precision = 'township'``, approximate); the rest at the county's representative
    point (``'county'``), drawn there and marked approximate.
    """
    registry_path = "sites/guangxi_all_sites_gxazzx.csv"
    registry = pd.read_csv(data_dir / registry_path, dtype={"adcode": str})
    registry = registry.assign(
        site_id=[f"gx{i:04d}" for i in range(1, len(registry) + 1)],
        population_note="建档立卡 + 同步搬迁",
        township=registry.township.where(registry.township.astype(str) != "0"),
        village=registry.village.where(registry.village.astype(str) != "0"),
        source_id="gx_relocation_registry",
        source_url="http://www.gxazzx.org.cn/index.php?m=place&c=index&a=lists",
    )
    news_path = "sites/resettlement_sites.csv"
    news = pd.read_csv(data_dir / news_path, dtype={"adcode": str})
    duplicate = news.province == "广西壮族自治区"  # Guangxi rows duplicate the registry
    news_kept = news[~duplicate].assign(
        site_id=[f"news{i:02d}" for i in range(1, int((~duplicate).sum()) + 1)],
        population_note=news.note,
        township=None,
        village=None,
        source_id="news_sites",
    )
    parts = []
    for path, frame, rejected in ((registry_path, registry, None), (news_path, news_kept, news[duplicate])):
        matched = resolve_counties(frame, checks.index, checks.renames)
        problem = matched.map(lambda m: m[1])
        reasons = [pd.DataFrame({"reason": problem[problem != ""], "example": frame.name[problem != ""]})]
        if rejected is not None:
            reasons.append(pd.DataFrame({"reason": "registry_duplicate", "example": rejected.name}))
        read = len(frame) + (0 if rejected is None else len(rejected))
        checks.ledger.record(path, "sites", read, int((problem == "").sum()), 0, pd.concat(reasons))
        parts.append(frame.assign(adcode=matched.map(lambda m: m[0]))[problem == ""])
    sites = pd.concat(parts, ignore_index=True)
    sites["lon"] = pd.to_numeric(sites.get("lon"), errors="coerce")
    sites["lat"] = pd.to_numeric(sites.get("lat"), errors="coerce")
    has_point = sites.lon.notna() & sites.lat.notna()
    sites["location_precision"] = has_point.map({True: "exact", False: "county"})
    sites = place_at_townships(sites, township_centres(data_dir, checks), polygons, checks)
    has_point = sites.lon.notna() & sites.lat.notna()
    sites["datum"] = has_point.map({True: GCJ02, False: None})
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
