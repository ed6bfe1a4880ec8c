"""Cell-level checks and the messages of the validation report."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.importer.match import CountyIndex
from geo.importer.model import DeclaredSource, Issue

MISSING = {"", "-", "—", "——", "…", "...", "na", "n/a", "无数据", "无"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
URL = re.compile(r"^https?://[^\s<>\"']+$")
# Strict numbers: ASCII digits (thousands grouped by ',' allowed), optional sign, one decimal point,
# optional exponent. No '1_000', no Arabic-Indic or full-width digits, no 'inf'/'nan', no spaces.
NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII
)
_NONZERO_MANTISSA = re.compile(r"^[^eE]*[1-9]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_ISSUES = 5000  # the report lists this many findings and counts the rest
MAX_SOURCE_TEXT = 200

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
    "list_over_total": "超过公布的重点帮扶县总数 / more key counties than the published total",
    "list_incomplete": "名单待补全 / list incomplete",
    "list_complete": "名单完整（与公布总数一致） / list complete (equals the published total)",
    "out_of_float_range": "数值超出可表示范围（过大或过小而变为 0） / number outside the float range (overflow or underflow)",
    "bad_source_field": "来源信息应为不超过200字的纯文本（不以 = + - @ 开头，不含控制字符） / source fields must be plain text (≤ 200 characters, no formula prefix, no control characters)",
    "more_issues": "另有问题未逐条列出 / further findings not listed one by one",
}


def parse_number(text: str) -> tuple[float | None, str]:
    """(value, "") or (None, issue code) under the strict number rule."""
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return None, "formula" if text.startswith("=") else "not_numeric"
    value = float(text.replace(",", ""))
    if not math.isfinite(value) or (value == 0 and _NONZERO_MANTISSA.search(text)):
        return None, "out_of_float_range"
    return value, ""


def parse_numbers(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised strict parsing (Arrow compute, no Python loop per cell): (float values, issue
    code per cell; "" where the cell is fine). Agrees with :func:`parse_number` cell by cell."""
    cells = pc.utf8_trim_whitespace(pc.fill_null(pa.array(texts.to_numpy(dtype=object), type=pa.string()), ""))
    shaped = pc.match_substring_regex(cells, f"^(?:{NUMBER.pattern})$").to_numpy(zero_copy_only=False)
    digits = pc.if_else(shaped, pc.replace_substring(cells, ",", ""), "nan")
    values = pc.cast(digits, pa.float64()).to_numpy(zero_copy_only=False)
    nonzero = pc.match_substring_regex(cells, _NONZERO_MANTISSA.pattern).to_numpy(zero_copy_only=False)
    formula = pc.starts_with(cells, "=").to_numpy(zero_copy_only=False)
    with np.errstate(invalid="ignore"):
        out_of_range = shaped & (~np.isfinite(values) | ((values == 0) & nonzero))
    problems = np.where(~shaped, np.where(formula, "formula", "not_numeric"), np.where(out_of_range, "out_of_float_range", ""))
    good = problems == ""
    return (
        pd.Series(np.where(good, values, np.nan), index=texts.index),
        pd.Series(problems.astype(object), index=texts.index),
    )


def is_missing(texts: pd.Series) -> np.ndarray:
    """Cells that mean "no value" (empty, '—', '无数据', …): skipped, never stored as 0."""
    cells = pc.utf8_lower(pc.fill_null(pa.array(texts.to_numpy(dtype=object), type=pa.string()), ""))
    return pc.is_in(cells, pa.array(sorted(MISSING))).to_numpy(zero_copy_only=False)


def source_problems(source: DeclaredSource | None) -> list[str]:
    """Issue codes for the declared source (title required; every text field plain and short)."""
    if source is None or not source.title.strip():
        return ["missing_source"]
    codes = []
    if source.title.startswith(FORMULA_PREFIXES):
        codes.append("formula")
    for text in (source.title, source.publisher, source.license):
        if text and (len(text) > MAX_SOURCE_TEXT or _CONTROL.search(text) or text.strip().startswith(FORMULA_PREFIXES)):
            codes.append("bad_source_field")
            break
    if source.url and not URL.match(source.url):
        codes.append("missing_source_url")
    if source.year is not None and not 1949 <= source.year <= 2100:
        codes.append("bad_year")
    return codes


class Checker:
    """Collects issues while rows are normalized."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self._counties: dict[tuple[str, str, str], tuple[str | None, list[tuple[str, str, str]]]] = {}

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
        number, problem = parse_number(value)
        if problem:
            self.add(line, column, problem, value[:40])
        return number

    def county(self, index: CountyIndex, line: int, cells: dict[str, str]) -> str | None:
        """The row's adcode, or None with its findings added (resolved once per distinct key)."""
        key = (cells.get("adcode", ""), cells.get("province", ""), cells.get("county", ""))
        found = self._counties.get(key)
        if found is None:
            found = self._counties[key] = self._resolve(index, key)
        adcode, findings = found
        for column, code, detail in findings:
            self.add(line, column, code, detail)
        return adcode

    def _resolve(self, index: CountyIndex, key: tuple[str, str, str]) -> tuple[str | None, list[tuple[str, str, str]]]:
        findings: list[tuple[str, str, str]] = []
        names = []
        for column, value in zip(("province", "county"), key[1:], strict=True):
            if value.startswith(FORMULA_PREFIXES):
                findings.append((column, "formula", value[:40]))
            elif "<" in value or ">" in value:
                findings.append((column, "markup", value[:40]))
            names.append(value)
        if findings:
            return None, findings
        adcode, problem = index.resolve(key[0], names[0], names[1])
        if problem:
            findings.append(("county", problem, " ".join(filter(None, key))[:60]))
        return adcode, findings

    def finish(self) -> list[Issue]:
        """The findings file-level first, then by line; beyond MAX_ISSUES only counted."""
        ordered = sorted(self.issues, key=lambda issue: (issue.line is not None, issue.line or 0))
        if len(ordered) <= MAX_ISSUES:
            return ordered
        rest = ordered[MAX_ISSUES:]
        errors = sum(issue.severity == "error" for issue in rest)
        more = Issue(
            None, None, "more_issues", f"{MESSAGES['more_issues']}: {len(rest):,} ({errors:,} errors)",
            "error" if errors else "warning",
        )  # fmt: skip
        return [*ordered[:MAX_ISSUES], more]
