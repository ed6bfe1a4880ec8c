"""Per-kind normalization: validated text cells → the rows stored for an import (one function per kind)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geo.datum import GCJ02, WGS84, parse_datum, wgs84_to_gcj02
from geo.importer import keylist
from geo.importer.checks import MISSING, URL, Checker, is_missing, parse_numbers
from geo.importer.match import CountyIndex
from geo.importer.model import DeclaredSource
from geo.importer.read import Table
from geo.sources import size_class

MAX_SITE_POPULATION = 1_000_000
BBOX_TOLERANCE_DEG = 0.05
KEY_COLUMNS = {"adcode", "province", "prefecture", "county", "year", "note"}
LEVELS = {
    "national": "national", "国家": "national", "国家级": "national",
    "provincial": "provincial", "省": "provincial", "省级": "provincial",
    "none": None, "无": None, "取消": None, "移出": None,
}  # fmt: skip
_UNIT_HEADER = re.compile(r"^(.*?)\s*[\(\[]([^\)\]]*)[\)\]]$")


def _parse_year(text: str) -> int | None:
    cleaned = text.removesuffix("年").strip()
    if not re.fullmatch(r"[0-9]{4}", cleaned) or not 1949 <= int(cleaned) <= 2100:
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


Rows = list[dict[str, Any]] | pd.DataFrame  # the row layout of geo.versions ROW_COLUMNS[kind]


def indicator_rows(ctx: Context) -> tuple[Rows, str]:
    """Wide or long indicator values → (adcode, indicator_id, year, value); layout 'wide'/'long'.

    Vectorised over the cells (strict numbers, ranges, duplicates); counties and years are
    resolved once per distinct key, so 200k values take about a second.
    """
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
    if not table.rows:
        return [], "long" if long else "wide"
    position = {name: i for i, name in enumerate(table.columns) if name}
    lines = np.array([line for line, _ in table.rows])
    raws = [raw for _, raw in table.rows]

    def column_of(name: str) -> list[str]:
        i = position.get(name)
        return [""] * len(raws) if i is None else [raw[i] for raw in raws]

    # per row: county and year (each distinct key resolved once)
    adcodes = [
        checker.county(index, int(line), {"adcode": a, "province": p, "county": c})
        for line, a, p, c in zip(lines, column_of("adcode"), column_of("province"), column_of("county"), strict=True)
    ]
    year_of: dict[str, int | None] = {}
    row_years: list[int | None] = []
    for line, text in zip(lines, column_of("year"), strict=True):
        if not text:
            row_years.append(year)
            continue
        if text not in year_of:
            year_of[text] = _parse_year(text)
        if year_of[text] is None:
            checker.add(int(line), "year", "bad_year", text[:20])
        row_years.append(year_of[text])
    rows = pd.DataFrame({"line": lines, "adcode": adcodes, "year": pd.array(row_years, dtype="Int64")})

    # cells: one per (row, indicator) with its text
    if long:
        labels = pd.Series(column_of("indicator_id"), dtype=object)
        indicators = labels.str.casefold().map(lookup)
        units = pd.Series(column_of("unit"), dtype=object)
        ok = indicators.notna()
        for i in np.flatnonzero(~ok.to_numpy()):
            checker.add(int(lines[i]), "indicator_id", "unknown_indicator", str(labels.iat[i])[:40])
        pairs = list(zip(indicators, units, strict=True))
        unit_checked = {pair: _unit_ok(by_id.loc[pair[0]], pair[1]) for pair in set(pairs) if isinstance(pair[0], str)}
        unit_ok = pd.Series([unit_checked.get(pair, False) for pair in pairs])
        for i in np.flatnonzero((ok & ~unit_ok).to_numpy()):
            unit, indicator = units.iat[i], indicators.iat[i]
            checker.add(int(lines[i]), "unit", "unit_mismatch", f"{unit[:20]} ≠ {by_id.loc[indicator, 'unit']}")
        keep = (ok & unit_ok).to_numpy()
        texts = np.array(column_of("value"), dtype=object)
        groups = [(rows[keep].assign(column="value", indicator_id=indicators[keep].to_numpy(), text=texts[keep]))]
    else:  # one column at a time keeps the memory to one column's cells
        groups = (
            rows.assign(column=column, indicator_id=indicator, text=[raw[i] for raw in raws])
            for i, column, indicator in value_columns
        )
    parts = [_checked_values(cells, by_id, checker, counts) for cells in groups]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["adcode", "indicator_id", "year", "value"])
    return out, "long" if long else "wide"


def _checked_values(cells: pd.DataFrame, by_id: pd.DataFrame, checker: Checker, counts: dict[str, int]) -> pd.DataFrame:
    """Cells (line, adcode, year, column, indicator_id, text) → valid, unique values; findings added."""
    cells = cells.astype({"text": object})
    empty = is_missing(cells.text)
    counts["skipped_empty"] += int(empty.sum())
    cells = cells[~empty].reset_index(drop=True)
    values, problems = parse_numbers(cells.text)
    which, indicators = pd.factorize(cells.indicator_id.to_numpy(dtype=object))
    low = pd.Series(by_id.min_valid.astype(float).reindex(indicators).to_numpy()[which], index=cells.index)
    high = pd.Series(by_id.max_valid.astype(float).reindex(indicators).to_numpy()[which], index=cells.index)
    outside = (problems == "") & ~((low <= values) & (values <= high))
    for i in np.flatnonzero((problems != "").to_numpy()):
        checker.add(int(cells.line.iat[i]), cells.column.iat[i], problems.iat[i], str(cells.text.iat[i])[:40])
    for i in np.flatnonzero(outside.to_numpy()):
        checker.add(
            int(cells.line.iat[i]), cells.column.iat[i], "out_of_range",
            f"{cells.indicator_id.iat[i]}={values.iat[i]:g} ∉ [{low.iat[i]:g}, {high.iat[i]:g}]",
        )  # fmt: skip
    good = ((problems == "") & ~outside & cells.adcode.notna()).to_numpy()
    keyed = cells.drop(columns="text")[good].assign(value=values[good].to_numpy())
    key = ["adcode", "indicator_id", "year"]
    duplicate = keyed.duplicated(key, keep="first")
    if duplicate.any():
        first_line = keyed.groupby(key, dropna=False).line.transform("first")
        for i in np.flatnonzero(duplicate.to_numpy()):
            row = keyed.iloc[i]
            detail = f"{row.adcode} {row.indicator_id} {row.year} (line {first_line.iat[i]})"
            checker.add(int(row.line), row.column, "duplicate", detail)
    out = keyed[(~duplicate & keyed.year.notna()).to_numpy()]
    return out[["adcode", "indicator_id", "year", "value"]]


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
                "datum": GCJ02 if point else None, "location_precision": "exact" if point else "county",
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
    datum = parse_datum(cells.get("datum") or declared)
    if datum is None:
        checker.add(line, "datum", "missing_datum", (cells.get("datum") or "")[:20])
        return False
    if datum == WGS84:
        glon, glat = wgs84_to_gcj02(np.array(lon), np.array(lat))
        lon, lat = round(float(glon), 6), round(float(glat), 6)
    if adcode:
        min_lon, min_lat, max_lon, max_lat = index.bbox[adcode]
        tol = BBOX_TOLERANCE_DEG
        if not (min_lon - tol <= lon <= max_lon + tol and min_lat - tol <= lat <= max_lat + tol):
            checker.add(line, "lon", "outside_county", f"{lon:.4f}, {lat:.4f}")
            return False
    return lon, lat


# One normalizer per import kind (geo.importer.model.KINDS); a new kind adds its function here,
# its row layout in geo.versions ROW_COLUMNS and its apply statements.
NORMALIZERS = {"indicators": indicator_rows, "key_counties": key_county_rows, "sites": site_rows}
