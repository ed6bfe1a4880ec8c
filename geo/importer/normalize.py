"""Per-kind normalization: validated text cells → the rows stored for an import (one function per kind)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geo.datum import wgs84_to_gcj02
from geo.importer import keylist
from geo.importer.checks import MISSING, URL, Checker
from geo.importer.match import CountyIndex
from geo.importer.model import DeclaredSource
from geo.importer.read import Table
from geo.sources import size_class

DATUMS = {"gcj-02": "GCJ-02", "gcj02": "GCJ-02", "wgs-84": "WGS-84", "wgs84": "WGS-84"}
MAX_SITE_POPULATION = 1_000_000
BBOX_TOLERANCE_DEG = 0.05
KEY_COLUMNS = {"adcode", "province", "prefecture", "county", "year", "note"}
LEVELS = {
    "national": "national", "国家": "national", "国家级": "national",
    "provincial": "provincial", "省": "provincial", "省级": "provincial",
    "none": None, "无": None, "取消": None, "移出": None,
}  # fmt: skip
_UNIT_HEADER = re.compile(r"^(.*?)\s*[\(\[]([^\)\]]*)[\)\]]$")


def _year(checker: Checker, line: int, text: str) -> int | None:
    cleaned = text.removesuffix("年").strip()
    if not re.fullmatch(r"\d{4}", cleaned) or not 1949 <= int(cleaned) <= 2100:
        checker.add(line, "year", "bad_year", text[:20])
        return None
    return int(cleaned)


def _indicator_lookup(catalog: pd.DataFrame) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for row in catalog.itertuples(index=False):
        for label in (row.indicator_id, row.name_zh, row.name_en):
            if isinstance(label, str) and label:
                lookup[label.casefold()] = row.indicator_id
    return lookup


def _unit_ok(catalog_row: pd.Series, declared: str) -> bool:
    allowed = {str(u).strip().casefold() for u in (catalog_row["unit"], catalog_row["unit_en"]) if isinstance(u, str)}
    return not declared or declared.strip().casefold() in allowed


@dataclass
class Context:
    """What a normalizer gets: the file's cells, reference data, the checker and the form's options."""

    table: Table
    index: CountyIndex
    catalog: pd.DataFrame
    checker: Checker
    counts: dict[str, int]
    import_id: str
    source: DeclaredSource | None = None
    year: int | None = None
    datum: str | None = None
    key_county_totals: pd.DataFrame | None = None  # published totals + current list (key_counties kind)


Rows = list[dict[str, Any]]


def indicator_rows(ctx: Context) -> tuple[Rows, str]:
    """Wide or long indicator values → (adcode, indicator_id, year, value); layout 'wide'/'long'."""
    table, index, catalog, checker, year, counts = (
        ctx.table, ctx.index, ctx.catalog, ctx.checker, ctx.year, ctx.counts
    )  # fmt: skip
    lookup = _indicator_lookup(catalog)
    by_id = catalog.set_index("indicator_id")
    long = {"indicator_id", "value"} <= set(table.columns)
    value_columns: list[tuple[int, str, str]] = []
    if not long:
        for i, column in enumerate(table.columns):
            if not column or column in KEY_COLUMNS:
                continue
            match = _UNIT_HEADER.match(column)
            label, unit = (match.group(1), match.group(2)) if match else (column, "")
            indicator = lookup.get(label.strip().casefold())
            if indicator is None:
                checker.add(None, table.raw_headers[i], "unknown_column", table.raw_headers[i][:40])
            elif not _unit_ok(by_id.loc[indicator], unit):
                checker.add(None, table.raw_headers[i], "unit_mismatch", f"{unit} ≠ {by_id.loc[indicator, 'unit']}")
            else:
                value_columns.append((i, column, indicator))
        if not value_columns:
            checker.add(None, None, "missing_column", "indicator columns")
    if "year" not in table.columns and year is None:
        checker.add(None, "year", "missing_year")
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, int | None], int] = {}
    for line, raw in table.rows:
        cells = dict(zip(table.columns, raw, strict=False))
        adcode = checker.county(index, line, cells)
        row_year = _year(checker, line, cells["year"]) if cells.get("year") else year
        if long:
            label = cells.get("indicator_id", "")
            indicator = lookup.get(label.casefold())
            if indicator is None:
                checker.add(line, "indicator_id", "unknown_indicator", label[:40])
                continue
            unit = cells.get("unit", "")
            if not _unit_ok(by_id.loc[indicator], unit):
                checker.add(line, "unit", "unit_mismatch", f"{unit[:20]} ≠ {by_id.loc[indicator, 'unit']}")
                continue
            pairs = [(indicator, "value", cells.get("value", ""))]
        else:
            pairs = [(indicator, column, raw[i]) for i, column, indicator in value_columns]
        for indicator, column, text in pairs:
            if text.casefold() in MISSING:
                counts["skipped_empty"] += 1
                continue
            value = checker.number(line, column, text)
            if value is None:
                continue
            low, high = by_id.loc[indicator, ["min_valid", "max_valid"]]
            if not low <= value <= high:
                checker.add(line, column, "out_of_range", f"{indicator}={value:g} ∉ [{low:g}, {high:g}]")
                continue
            key = (adcode or "", indicator, row_year)
            if adcode and key in seen:
                checker.add(line, column, "duplicate", f"{adcode} {indicator} {row_year} (line {seen[key]})")
                continue
            seen[key] = line
            if adcode and row_year is not None:
                out.append({"adcode": adcode, "indicator_id": indicator, "year": row_year, "value": value})
    return out, "long" if long else "wide"


def key_county_rows(ctx: Context) -> tuple[Rows, str]:
    """Support level changes, each with the http(s) source stating it."""
    table, index, checker = ctx.table, ctx.index, ctx.checker
    for column in ("level", "source_url"):
        if column not in table.columns:
            checker.add(None, column, "missing_column", column)
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, raw in table.rows:
        cells = dict(zip(table.columns, raw, strict=False))
        adcode = checker.county(index, line, cells)
        level_text = cells.get("level", "").strip().casefold()
        if level_text not in LEVELS:
            checker.add(line, "level", "bad_level", level_text[:20])
        url = cells.get("source_url", "")
        if not URL.match(url):
            checker.add(line, "source_url", "missing_source_url", url[:60])
        note = checker.text(line, "note", cells.get("note", ""))
        if adcode and adcode in seen:
            checker.add(line, "county", "duplicate", f"{adcode} (line {seen[adcode]})")
            continue
        if adcode and level_text in LEVELS and URL.match(url):
            seen[adcode] = line
            out.append(
                {"adcode": adcode, "support_level": LEVELS[level_text], "support_source_url": url, "support_note": note}
            )
    if ctx.key_county_totals is not None and out:
        province_of = index.counties["province"].to_dict()
        keylist.check_totals(checker, keylist.list_status(ctx.key_county_totals, out, province_of))
    return out, "rows"


def site_rows(ctx: Context) -> tuple[Rows, str]:
    """Resettlement sites: name, population, optional coordinates converted to GCJ-02."""
    table, index, checker, datum, source, import_id = (
        ctx.table, ctx.index, ctx.checker, ctx.datum, ctx.source, ctx.import_id
    )  # fmt: skip
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, raw in table.rows:
        cells = dict(zip(table.columns, raw, strict=False))
        adcode = checker.county(index, line, cells)
        name = checker.text(line, "name", cells.get("name", ""), is_name=True)
        if not cells.get("name"):
            checker.add(line, "name", "missing_name")
        texts = {
            c: checker.text(line, c, cells.get(c, ""), is_name=c != "note") for c in ("township", "village", "note")
        }
        population = None
        if cells.get("population", "").casefold() not in MISSING:
            population = checker.number(line, "population", cells["population"])
            if population is not None and not 0 <= population <= MAX_SITE_POPULATION:
                checker.add(line, "population", "out_of_range", f"{population:g} ∉ [0, {MAX_SITE_POPULATION:,}]")
                population = None
        point = _site_point(checker, index, line, cells, adcode, datum)
        url = cells.get("source_url", "") or (source.url if source and source.url else "")
        if url and not URL.match(url):
            checker.add(line, "source_url", "missing_source_url", url[:60])
        if adcode and name and (adcode, name) in seen:
            checker.add(line, "name", "duplicate", f"{name} (line {seen[(adcode, name)]})")
            continue
        if adcode and name and point is not False:
            seen[(adcode, name)] = line
            lon, lat = point or (None, None)
            out.append({
                "site_id": f"imp{import_id}-{len(out) + 1:04d}", "name": name, "adcode": adcode,
                "population": population, "population_note": texts["note"], "size_class": size_class(population),
                "township": texts["township"], "village": texts["village"], "lon": lon, "lat": lat,
                "datum": "GCJ-02" if point else None, "location_precision": "exact" if point else "county",
                "source_url": url or None,
            })  # fmt: skip
    return out, "rows"


def _site_point(
    checker: Checker, index: CountyIndex, line: int, cells: dict[str, str], adcode: str | None, declared: str | None
) -> tuple[float, float] | None | bool:
    """(lon, lat) in GCJ-02, None without coordinates, False when the row is wrong."""
    lon_text, lat_text = cells.get("lon", ""), cells.get("lat", "")
    if not lon_text and not lat_text:
        return None
    lon, lat = checker.number(line, "lon", lon_text), checker.number(line, "lat", lat_text)
    if lon is None or lat is None or not (70 <= lon <= 140 and 0 <= lat <= 56):
        checker.add(line, "lon", "bad_coordinates", f"{lon_text[:20]}, {lat_text[:20]}")
        return False
    datum = DATUMS.get((cells.get("datum") or declared or "").strip().casefold())
    if datum is None:
        checker.add(line, "datum", "missing_datum", (cells.get("datum") or "")[:20])
        return False
    if datum == "WGS-84":
        glon, glat = wgs84_to_gcj02(np.array(lon), np.array(lat))
        lon, lat = round(float(glon), 6), round(float(glat), 6)
    if adcode:
        box = index.counties.loc[adcode, ["min_lon", "min_lat", "max_lon", "max_lat"]].astype(float)
        tol = BBOX_TOLERANCE_DEG
        if not (box.min_lon - tol <= lon <= box.max_lon + tol and box.min_lat - tol <= lat <= box.max_lat + tol):
            checker.add(line, "lon", "outside_county", f"{lon:.4f}, {lat:.4f}")
            return False
    return lon, lat


# One normalizer per import kind (geo.importer.model.KINDS); a new kind adds its function here,
# its row layout in geo.versions ROW_COLUMNS and its apply statements.
NORMALIZERS = {"indicators": indicator_rows, "key_counties": key_county_rows, "sites": site_rows}
