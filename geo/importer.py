"""Import newer official figures: parse a CSV/XLSX, validate it, and commit it as a new version.

``python -m geo.importer FILE [--dry-run]`` (see ``--help``); the 数据管理 page calls the same
functions. ``check_file`` never writes anything: it returns a ``Plan`` with normalized rows and
a validation report. ``commit`` accepts only a clean plan and hands it to ``geo.versions``.

Three kinds of file:
- ``indicators``: wide (one column per catalogue indicator, optional unit in brackets:
  ``gdp(万元)``) or long (``indicator_id``, ``value``, optional ``unit``), with ``year``;
- ``key_counties``: ``level`` (national / provincial / none) and the ``source_url`` stating it;
- ``sites``: resettlement sites with ``name``, ``population``, optional ``lon``/``lat`` + ``datum``.
Rows are keyed by ``adcode`` or by ``province`` + ``county`` (renames applied, never guessed).
"""

from __future__ import annotations

import argparse
import csv
import getpass
import hashlib
import io
import math
import re
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo import db, versions
from geo.datum import wgs84_to_gcj02
from geo.paths import database_path
from geo.sources import size_class

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
KINDS = ("indicators", "key_counties", "sites")
DATUMS = {"gcj-02": "GCJ-02", "gcj02": "GCJ-02", "wgs-84": "WGS-84", "wgs84": "WGS-84"}
MISSING = {"", "-", "—", "——", "…", "...", "na", "n/a", "无数据", "无"}
MAX_SITE_POPULATION = 1_000_000
BBOX_TOLERANCE_DEG = 0.05

# Header spellings (casefolded, brackets normalized) → canonical column names.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "adcode": ("adcode", "code", "行政区划代码", "区划代码", "代码", "县代码"),
    "province": ("province", "省", "省份", "省(区、市)"),
    "prefecture": ("prefecture", "市", "地市", "市(州、盟)"),
    "county": ("county", "county_name", "县", "县名", "区县", "县区", "县(区、市、旗)"),
    "year": ("year", "年份", "年度"),
    "indicator_id": ("indicator_id", "indicator", "指标", "指标代码"),
    "value": ("value", "数值", "值"),
    "unit": ("unit", "单位"),
    "level": ("level", "级别", "帮扶级别"),
    "source_url": ("source_url", "url", "来源网址", "来源链接"),
    "note": ("note", "备注"),
    "name": ("name", "site", "site_name", "安置点", "安置点名称", "名称"),
    "population": ("population", "人口", "搬迁人口", "安置人口"),
    "lon": ("lon", "lng", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
    "datum": ("datum", "坐标系"),
    "township": ("township", "乡镇"),
    "village": ("village", "村"),
}
_ALIAS = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
KEY_COLUMNS = {"adcode", "province", "prefecture", "county", "year", "note"}
LEVELS = {
    "national": "national", "国家": "national", "国家级": "national",
    "provincial": "provincial", "省": "provincial", "省级": "provincial",
    "none": None, "无": None, "取消": None, "移出": None,
}  # fmt: skip
COUNTY_SUFFIXES = ("自治县", "自治旗", "县", "区", "市", "旗")
PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_UNIT_HEADER = re.compile(r"^(.*?)\s*[\(\[]([^\)\]]*)[\)\]]$")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_ADCODE = re.compile(r"^\d{6}$")


class ImportRejected(ValueError):
    """The file cannot be read or committed at all (the message says why; nothing changed)."""


@dataclass(frozen=True)
class DeclaredSource:
    """Where the figures come from, as declared by the person importing them."""

    title: str
    publisher: str | None = None
    url: str | None = None
    license: str | None = None
    year: int | None = None
    verified: bool = False


@dataclass(frozen=True)
class Issue:
    """One finding of the validation report (``line`` is the file's line or sheet row)."""

    line: int | None
    column: str | None
    code: str
    message: str
    severity: str = "error"


@dataclass
class Plan:
    """The outcome of ``check_file``: normalized rows and the report; nothing is written yet."""

    import_id: str
    kind: str
    file_name: str
    sha256: str
    size: int
    source: DeclaredSource | None
    rows: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    layout: str = ""
    encoding: str = ""

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def ok(self) -> bool:
        """Clean: no errors and something to import."""
        return not self.errors and len(self.rows) > 0

    def report(self) -> pd.DataFrame:
        """The issues as a table (line, column, severity, code, message)."""
        return pd.DataFrame(
            [(i.line, i.column, i.severity, i.code, i.message) for i in self.issues],
            columns=["line", "column", "severity", "code", "message"],
        ).astype({"line": "Int64"})


# ---------------------------------------------------------------- reading the file


@dataclass
class Table:
    """Cells of the first sheet as text, with the file line of each row."""

    columns: list[str]
    raw_headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text) or "\x7f" in text:
            raise ImportRejected("文件含二进制内容，不是文本 CSV / the file contains binary data, not CSV text")
        return text, encoding
    raise ImportRejected("无法识别的编码（仅支持 UTF-8 与 GBK/GB18030） / unknown encoding (UTF-8 or GBK/GB18030 only)")


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            if len(rows) > MAX_ROWS:
                raise ImportRejected(f"行数超过上限 {MAX_ROWS:,} / more than {MAX_ROWS:,} rows")
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise ImportRejected(f"CSV 格式错误 / malformed CSV: {error}") from error
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    return str(value)


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """First sheet, formulas kept as text (so ``=...`` cells are reported, not trusted)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # hostile archives raise many exception types
        raise ImportRejected(f"无法读取 Excel 文件 / cannot read this Excel file ({type(error).__name__})") from error
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # ignore a declared (possibly huge) sheet size
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(rows) > MAX_ROWS or len(values) > MAX_COLUMNS:
                raise ImportRejected(f"表格过大（上限 {MAX_ROWS:,} 行、{MAX_COLUMNS} 列） / sheet too large")
            rows.append((number, [_cell_text(v) for v in values]))
        return rows
    except ImportRejected:
        raise
    except Exception as error:
        raise ImportRejected(f"无法读取 Excel 文件 / cannot read this Excel file ({type(error).__name__})") from error
    finally:
        book.close()


def _header_name(raw: str) -> str:
    text = raw.strip().replace("（", "(").replace("）", ")").replace("【", "[").replace("】", "]")
    key = text.casefold().replace(" ", "")
    return _ALIAS.get(key, text)


def read_table(data: bytes, file_name: str) -> Table:
    """The file as text cells; raises ImportRejected for anything that is not a readable table."""
    if len(data) > MAX_BYTES:
        raise ImportRejected(f"文件超过 {MAX_BYTES // 2**20} MB / file larger than {MAX_BYTES // 2**20} MB")
    if not data.strip():
        raise ImportRejected("文件为空 / the file is empty")
    suffix = Path(file_name).suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix == ".xlsx":
        rows, encoding = _xlsx_rows(data), "xlsx"
    elif suffix in (".csv", ".txt", ""):
        text, encoding = _decode(data)
        rows = _csv_rows(text)
    else:
        raise ImportRejected("仅支持 CSV 或 XLSX（.xls 请另存为 .xlsx） / CSV or XLSX only (save .xls as .xlsx)")
    rows = [(line, cells) for line, cells in rows if any(cell.strip() for cell in cells)]
    if not rows:
        raise ImportRejected("文件没有表头 / no header row")
    header_line, raw = rows[0]
    if len(raw) > MAX_COLUMNS:
        raise ImportRejected(f"列数超过 {MAX_COLUMNS} / more than {MAX_COLUMNS} columns")
    columns = [_header_name(cell) for cell in raw]
    named = [c for c in columns if c]
    if len(set(named)) != len(named):
        duplicated = sorted({c for c in named if named.count(c) > 1})
        raise ImportRejected(f"列名重复 / duplicate columns: {', '.join(duplicated)}")
    body = [(line, [c.strip() for c in cells] + [""] * (len(columns) - len(cells))) for line, cells in rows[1:]]
    for line, cells in body:
        extra = [i for i, c in enumerate(cells) if c and (i >= len(columns) or not columns[i])]
        if extra:
            raise ImportRejected(f"第 {line} 行有无表头的数据 / line {line} has cells under no header")
    return Table(columns, [c.strip() for c in raw], body, encoding)


# ---------------------------------------------------------------- reference data and county matching


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class CountyIndex:
    """Resolves a row's county: adcode, or province + name (exact, renames, suffix-stripped)."""

    def __init__(self, counties: pd.DataFrame, renames: pd.DataFrame) -> None:
        self.counties = counties.set_index("adcode")
        self.provinces = sorted(set(counties.province))
        self.by_name: dict[tuple[str, str], list[str]] = {}
        self.by_stripped: dict[tuple[str, str], list[str]] = {}
        for adcode, name, province in counties[["adcode", "name", "province"]].itertuples(index=False):
            self.by_name.setdefault((province, name), []).append(adcode)
            self.by_stripped.setdefault((province, _strip_suffix(name, COUNTY_SUFFIXES)), []).append(adcode)
        self.renames = {(r.province, r.old_name): r.adcode for r in renames.itertuples(index=False)}

    def province(self, text: str) -> tuple[str | None, str]:
        if text in self.provinces:
            return text, ""
        short = _strip_suffix(text, PROVINCE_SUFFIXES)
        matches = [p for p in self.provinces if len(short) >= 2 and p.startswith(short)]
        if len(matches) == 1:
            return matches[0], ""
        return None, "ambiguous_province" if matches else "unknown_province"

    def _names_match(self, adcode: str, name: str) -> bool:
        row = self.counties.loc[adcode]
        same = _strip_suffix(name, COUNTY_SUFFIXES) == _strip_suffix(row["name"], COUNTY_SUFFIXES)
        return name == row["name"] or same or self.renames.get((row["province"], name)) == adcode

    def resolve(self, adcode: str, province: str, county: str) -> tuple[str | None, str]:
        """(adcode, "") or (None, issue code)."""
        if adcode:
            if not _ADCODE.match(adcode):
                return None, "bad_adcode"
            if adcode not in self.counties.index:
                return None, "unknown_county"
            if county and not self._names_match(adcode, county):
                return None, "name_mismatch"
            return adcode, ""
        if not (province and county):
            return None, "no_county_key"
        province_name, problem = self.province(province)
        if province_name is None:
            return None, problem
        for candidates in (
            self.by_name.get((province_name, county), []),
            [self.renames[(province_name, county)]] if (province_name, county) in self.renames else [],
            self.by_stripped.get((province_name, _strip_suffix(county, COUNTY_SUFFIXES)), []),
        ):
            if len(candidates) == 1:
                return candidates[0], ""
            if len(candidates) > 1:
                return None, "ambiguous_county"
        return None, "unknown_county"


MESSAGES = {
    "bad_adcode": "行政区划代码应为6位数字 / adcode must be 6 digits",
    "unknown_county": "找不到该县 / unknown county",
    "name_mismatch": "代码与县名不一致 / adcode and county name disagree",
    "no_county_key": "缺少行政区划代码或省+县名 / needs adcode or province + county",
    "unknown_province": "找不到该省 / unknown province",
    "ambiguous_province": "省名有歧义 / ambiguous province",
    "ambiguous_county": "县名有歧义（请用行政区划代码） / ambiguous county name (use the adcode)",
    "formula": "疑似公式或注入内容（以 = + - @ 开头），请粘贴为纯文本/数值 / formula-like cell: paste plain values",
    "markup": "名称不能包含 < 或 > / names must be plain text (no < or >)",
    "not_numeric": "不是数值 / not a number",
    "out_of_range": "超出有效范围 / out of the valid range",
    "unit_mismatch": "单位与指标目录不一致 / unit differs from the catalogue",
    "bad_year": "年份无效 / invalid year",
    "missing_year": "缺少年份（文件中加 year 列或在导入时指定） / no year (add a year column or give one)",
    "duplicate": "重复行 / duplicate row",
    "unknown_indicator": "指标不在指标目录中 / indicator not in the catalogue",
    "unknown_column": "无法识别的列 / unrecognized column",
    "missing_column": "缺少必需的列 / required column missing",
    "bad_level": "级别应为 national / provincial / none / level must be national, provincial or none",
    "missing_source_url": "缺少来源网址（http/https） / source_url (http/https) required",
    "missing_source": "必须声明数据来源 / a source must be declared",
    "missing_name": "缺少名称 / name missing",
    "bad_coordinates": "经纬度无效或只给了一个 / invalid or incomplete coordinates",
    "missing_datum": "给出坐标时必须声明坐标系（GCJ-02 或 WGS-84） / coordinates need a datum (GCJ-02 or WGS-84)",
    "outside_county": "坐标不在该县范围内 / point lies outside the county",
    "already_imported": "同一文件已导入且仍有效 / this file is already imported and active",
    "empty": "没有可导入的数据 / nothing to import",
    "unreadable": "文件无法读取 / the file cannot be read",
    "replaces": "将替换数据库中的已有值 / will replace values already in the database",
    "skipped_empty": "空单元格已跳过（缺失即空值） / empty cells skipped (missing stays missing)",
}


class Checker:
    """Collects issues while rows are normalized."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, line: int | None, column: str | None, code: str, detail: str = "", severity: str = "error") -> None:
        message = MESSAGES[code] + (f": {detail}" if detail else "")
        self.issues.append(Issue(line, column, code, message, severity))

    def text(self, line: int, column: str, value: str, *, is_name: bool = False) -> str | None:
        """Plain text or None; formula-like cells (and markup in names) are reported."""
        if value.startswith(FORMULA_PREFIXES):
            self.add(line, column, "formula", value[:40])
            return None
        if is_name and ("<" in value or ">" in value):
            self.add(line, column, "markup", value[:40])
            return None
        return value or None

    def number(self, line: int, column: str, value: str) -> float | None:
        try:
            number = float(value.replace(",", "").replace("，", "").replace(" ", ""))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            self.add(line, column, "formula" if value.startswith("=") else "not_numeric", value[:40])
            return None
        return number

    def county(self, index: CountyIndex, line: int, cells: dict[str, str]) -> str | None:
        names = [self.text(line, c, cells.get(c, ""), is_name=True) for c in ("province", "county")]
        if any(cells.get(c) and name is None for c, name in zip(("province", "county"), names, strict=True)):
            return None
        adcode, problem = index.resolve(cells.get("adcode", ""), names[0] or "", names[1] or "")
        if problem:
            key = " ".join(filter(None, (cells.get("adcode"), cells.get("province"), cells.get("county"))))
            self.add(line, "county", problem, key[:60])
        return adcode


# ---------------------------------------------------------------- per-kind normalization


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


def _indicator_rows(
    table: Table, index: CountyIndex, catalog: pd.DataFrame, checker: Checker, year: int | None, counts: dict[str, int]
) -> tuple[list[dict[str, Any]], str]:
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


def _key_county_rows(table: Table, index: CountyIndex, checker: Checker) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, raw in table.rows:
        cells = dict(zip(table.columns, raw, strict=False))
        adcode = checker.county(index, line, cells)
        level_text = cells.get("level", "").strip().casefold()
        if level_text not in LEVELS:
            checker.add(line, "level", "bad_level", level_text[:20])
        url = cells.get("source_url", "")
        if not _URL.match(url):
            checker.add(line, "source_url", "missing_source_url", url[:60])
        note = checker.text(line, "note", cells.get("note", ""))
        if adcode and adcode in seen:
            checker.add(line, "county", "duplicate", f"{adcode} (line {seen[adcode]})")
            continue
        if adcode and level_text in LEVELS and _URL.match(url):
            seen[adcode] = line
            out.append(
                {"adcode": adcode, "support_level": LEVELS[level_text], "support_source_url": url, "support_note": note}
            )
    return out


def _site_rows(
    table: Table, index: CountyIndex, checker: Checker, datum: str | None, source: DeclaredSource | None, import_id: str
) -> list[dict[str, Any]]:
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
        if url and not _URL.match(url):
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
    return out


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


# ---------------------------------------------------------------- check and commit


def _detect_kind(columns: list[str]) -> str:
    if "level" in columns:
        return "key_counties"
    if "name" in columns or "population" in columns:
        return "sites"
    return "indicators"


def _overlap(db_path: Path, kind: str, rows: pd.DataFrame) -> int:
    name = {"indicators": "import_indicator_overlap", "sites": "import_site_overlap"}.get(kind)
    if name is None or rows.empty:
        return 0
    with db.connect(db_path, read_only=True) as con:
        con.register("import_rows", rows)
        return int(db.run(con, name)["replaced"].iloc[0])


def check_file(
    data: bytes,
    file_name: str,
    source: DeclaredSource | None,
    *,
    kind: str | None = None,
    year: int | None = None,
    datum: str | None = None,
    db_path: Path | None = None,
    state: Path | None = None,
) -> Plan:
    """Parse and validate ``data``; nothing is written. ``plan.ok`` tells whether it may be committed."""
    sha = hashlib.sha256(data).hexdigest()
    import_id = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{sha[:8]}-{secrets.token_hex(2)}"
    checker = Checker()
    counts = {"lines": 0, "skipped_empty": 0, "replaces": 0}
    plan = Plan(import_id, kind or "", Path(file_name).name[:200], sha, len(data), source, pd.DataFrame())
    if source is None or not source.title.strip():
        checker.add(None, None, "missing_source")
    elif source.title.startswith(FORMULA_PREFIXES) or (source.url and not _URL.match(source.url)):
        checker.add(None, None, "formula" if source.title.startswith(FORMULA_PREFIXES) else "missing_source_url")
    try:
        table = read_table(data, file_name)
    except ImportRejected as error:
        plan.issues = [*checker.issues, Issue(None, None, "unreadable", str(error))]
        return plan
    plan.kind = kind or _detect_kind(table.columns)
    if plan.kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    db_path = db_path or database_path()
    with db.connect(db_path, read_only=True) as con:
        index = CountyIndex(db.run(con, "import_counties"), db.run(con, "import_renames"))
        catalog = db.run(con, "import_catalog")
    if plan.kind == "indicators":
        rows, plan.layout = _indicator_rows(table, index, catalog, checker, year, counts)
    elif plan.kind == "key_counties":
        rows, plan.layout = _key_county_rows(table, index, checker), "rows"
        for column in ("level", "source_url"):
            if column not in table.columns:
                checker.add(None, column, "missing_column", column)
    else:
        rows, plan.layout = _site_rows(table, index, checker, datum, source, import_id), "rows"
    plan.rows = pd.DataFrame(rows, columns=list(versions.ROW_COLUMNS[plan.kind])).astype(
        versions.ROW_COLUMNS[plan.kind]
    )
    counts.update(lines=len(table.rows), rows=len(plan.rows), replaces=_overlap(db_path, plan.kind, plan.rows))
    if counts["replaces"]:
        checker.add(None, None, "replaces", str(counts["replaces"]), severity="warning")
    if counts["skipped_empty"]:
        checker.add(None, None, "skipped_empty", str(counts["skipped_empty"]), severity="warning")
    if plan.rows.empty and not checker.issues:
        checker.add(None, None, "empty")
    state = state or versions.state_dir()
    active = set(versions.active_imports(state))
    if any(r.get("sha256") == sha and r.get("import_id") in active for r in versions.audit_log(state)):
        checker.add(None, None, "already_imported", sha[:12])
    plan.issues, plan.counts, plan.encoding = checker.issues, counts, table.encoding
    return plan


def commit(
    plan: Plan,
    user: str,
    *,
    base: Path | None = None,
    state: Path | None = None,
    report: versions.Report = print,
) -> str:
    """Write a clean plan as a new database version; returns the version now served."""
    if not plan.ok:
        raise ImportRejected("校验报告有错误，未写入任何内容 / the report has errors; nothing was written")
    if not user.strip():
        raise ImportRejected("需要登录用户 / a signed-in user is required")
    assert plan.source is not None  # a clean plan has a declared source
    manifest = {
        "import_id": plan.import_id,
        "kind": plan.kind,
        "file_name": plan.file_name,
        "sha256": plan.sha256,
        "size": plan.size,
        "encoding": plan.encoding,
        "layout": plan.layout,
        "user": user.strip(),
        "imported_at": versions.now(),
        "source": {
            "title": plan.source.title.strip(),
            "publisher": plan.source.publisher,
            "url": plan.source.url,
            "license": plan.source.license,
            "year": plan.source.year,
            "verified": plan.source.verified,
        },
        "counts": plan.counts,
    }
    return versions.commit_import(manifest, plan.rows, base=base, state=state, report=report)


# ---------------------------------------------------------------- command line


def _print_plan(plan: Plan) -> None:
    print(f"file {plan.file_name}  sha256 {plan.sha256}  kind {plan.kind}  layout {plan.layout}  {plan.encoding}")
    print("counts: " + ", ".join(f"{k}={v}" for k, v in plan.counts.items()))
    if plan.issues:
        with pd.option_context("display.max_colwidth", 100, "display.width", 200):
            print(plan.report().head(200).to_string(index=False))
    print("CLEAN: ready to commit" if plan.ok else f"NOT CLEAN: {len(plan.errors)} error(s); nothing written")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate and import a CSV/XLSX into the atlas database.")
    parser.add_argument("file", nargs="?", type=Path, help="CSV or XLSX file to import")
    parser.add_argument("--dry-run", action="store_true", help="validate and report only")
    parser.add_argument("--kind", choices=KINDS, help="file kind (default: detected from the columns)")
    parser.add_argument("--year", type=int, help="year for a wide indicator file without a year column")
    parser.add_argument("--datum", choices=["GCJ-02", "WGS-84"], help="datum of site coordinates")
    parser.add_argument("--source-title", default="", help="declared source (required)")
    parser.add_argument("--publisher")
    parser.add_argument("--source-url")
    parser.add_argument("--license")
    parser.add_argument("--source-year", type=int)
    parser.add_argument("--verified", action="store_true", help="the source is an official publication")
    parser.add_argument("--user", default=f"cli:{getpass.getuser()}", help="who imports (audit log)")
    parser.add_argument("--rollback", metavar="IMPORT_ID", help="roll back an active import")
    parser.add_argument("--list", action="store_true", help="list versions and the audit log")
    args = parser.parse_args(argv)
    if args.list:
        for info in versions.versions():
            print(f"{'*' if info['current'] else ' '} {info['version']}  {info['created_at']}  {info['reason']}")
        for record in versions.audit_log():
            print(record)
        return 0
    if args.rollback:
        try:
            versions.rollback(args.rollback, args.user)
        except versions.VersionError as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    if args.file is None:
        parser.error("FILE is required (or --rollback / --list)")
    with open(args.file, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)  # a larger file is rejected by size, unread
    source = DeclaredSource(
        args.source_title, args.publisher, args.source_url, args.license, args.source_year, args.verified
    )
    plan = check_file(data, args.file.name, source, kind=args.kind, year=args.year, datum=args.datum)
    _print_plan(plan)
    if not plan.ok:
        return 1
    if args.dry_run:
        return 0
    commit(plan, args.user)
    return 0


if __name__ == "__main__":
    sys.exit(main())
