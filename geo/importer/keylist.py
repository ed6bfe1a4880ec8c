"""A key-county list against the published totals, and the list template 数据管理 offers.

After an import of kind ``key_counties`` the list is the current one with the file's rows applied.
Per province and level with a published total (``key_county_totals``): more counties than the total
is an error; fewer is reported as 名单待补全 n/N; equal means the province's list is complete, and
the map, headline and exports then show it as complete (they count from the database).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from geo.importer.checks import Checker

# The template's columns (read back through geo.importer.read's header aliases).
TEMPLATE_COLUMNS = ("省", "县名", "adcode", "级别", "来源")
TEMPLATE_NOTES = (
    ("省", "省（区、市）全称或简称，如：云南省 / 云南", "province, full or short name"),
    ("县名", "县（区、市、旗）名称；与 adcode 二选一，改名的县按改名表匹配，重名时请填 adcode",
     "county name; or the adcode (renamed counties are matched; give the adcode when a name is ambiguous)"),
    ("adcode", "6位行政区划代码（可空，填了则以代码为准）", "6-digit admin code (optional; wins over the name)"),
    ("级别", "national / provincial / none（国家级 / 省级 / 移出）", "national / provincial / none"),
    ("来源", "写明该县帮扶级别的网页网址（http/https），如官方名单通知", "http(s) page that states the county's level"),
)


def template_csv() -> bytes:
    """The empty list template as CSV (UTF-8 with BOM, so Excel reads the Chinese headers)."""
    return (",".join(TEMPLATE_COLUMNS) + "\r\n").encode("utf-8-sig")


def template_xlsx() -> bytes:
    """The list template as XLSX: an empty 名单 sheet and a 说明 sheet explaining each column."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(columns=list(TEMPLATE_COLUMNS)).to_excel(writer, sheet_name="名单", index=False)
        pd.DataFrame(TEMPLATE_NOTES, columns=["列 Column", "说明", "Notes"]).to_excel(
            writer, sheet_name="说明", index=False
        )
    return buffer.getvalue()


def list_status(totals: pd.DataFrame, rows: Iterable[Mapping[str, Any]], province_of: Mapping[str, str]) -> pd.DataFrame:
    """Per province and level touched by ``rows``: (province, level, listed, expected) after the import.

    ``totals``: rows of ``queries/import_key_county_totals.sql``; ``rows``: the import's rows
    (adcode, support_level; None removes a county); ``province_of``: adcode → province name.
    """
    levels: dict[str, str] = {}
    for record in totals.itertuples(index=False):
        listed = list(record.listed) if isinstance(record.listed, list | tuple | np.ndarray) else []  # NULL: none
        for adcode in listed:
            levels[str(adcode)] = record.level
    touched: set[tuple[str, str]] = set()
    for row in rows:
        adcode = str(row["adcode"])
        old = levels.pop(adcode, None)
        if old:
            touched.add((province_of[adcode], old))
        if row["support_level"]:
            levels[adcode] = row["support_level"]
            touched.add((province_of[adcode], row["support_level"]))
    counts = pd.Series([(province_of[a], level) for a, level in levels.items()], dtype=object).value_counts()
    out = []
    for record in totals.itertuples(index=False):
        if (record.province, record.level) in touched:
            out.append((record.province, record.level, int(counts.get((record.province, record.level), 0)),
                        int(record.expected)))
    return pd.DataFrame(out, columns=["province", "level", "listed", "expected"])


def check_totals(checker: Checker, status: pd.DataFrame) -> None:
    """Over the published total → error; under → warning 名单待补全 n/N; equal → note 名单完整."""
    for row in status.itertuples(index=False):
        detail = f"{row.province} {row.level} {row.listed}/{row.expected}"
        if row.listed > row.expected:
            checker.add(None, "level", "list_over_total", detail)
        elif row.listed < row.expected:
            checker.add(None, "level", "list_incomplete", detail, severity="warning")
        else:
            checker.add(None, "level", "list_complete", detail, severity="info")
