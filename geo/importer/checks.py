"""Cell-level checks and the messages of the validation report."""

from __future__ import annotations

import math
import re

from geo.importer.match import CountyIndex
from geo.importer.model import Issue

MISSING = {"", "-", "—", "——", "…", "...", "na", "n/a", "无数据", "无"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
URL = re.compile(r"^https?://[^\s<>\"']+$")

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
