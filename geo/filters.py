"""Workbench filters: a filter spec → bound parameters for ``queries/workbench_filter.sql``
and range validation with messages a planner can act on (URL values: ``geo/urlschema.py``).

Nothing here builds SQL: every value reaches DuckDB as a bound parameter, and the only
identifiers (indicator ids, sort columns) are checked against allowlists.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geo.db import identifier
from geo.i18n import COMMON

LEVELS = ("national", "provincial", "none")

# URL code → (SQL parameter, 中文, English). The URL carries the code, never a label.
FLAGS: dict[str, tuple[str, str, str]] = {
    "p832": ("poverty832", *COMMON["poverty832"]),
    "sqsz": ("sanqu", *COMMON["sanqu"]),
    "ethnic": ("ethnic", "民族地区", "Ethnic area"),
    "bigsite": ("large_site", "有万人以上安置点", "Has a relocation site of 10,000+"),
    "norail": ("no_rail", "无铁路站点", "No rail station"),
    "noair": ("no_airport", "无民用机场", "No airport"),
}

class FilterError(ValueError):
    """A filter value that cannot be used, with a message in both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class RangeFilter:
    """``low <= value <= high`` for one indicator in one year (``year`` None = static value)."""

    indicator: str
    year: int | None
    low: float | None = None
    high: float | None = None

    def is_open(self) -> bool:
        """True when neither end is set (the range filters nothing)."""
        return self.low is None and self.high is None


@dataclass(frozen=True)
class FilterSpec:
    """Everything the workbench filters on; empty tuples mean "no filter"."""

    provinces: tuple[str, ...] = ()
    prefectures: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    ranges: tuple[RangeFilter, ...] = field(default_factory=tuple)

    def params(self) -> dict[str, Any]:
        """Bound parameters for ``workbench_filter.sql`` (unknown flags and levels are refused)."""
        for flag in self.flags:
            identifier(flag, frozenset(FLAGS))
        for level in self.levels:
            identifier(level, frozenset(LEVELS))
        active = [r for r in self.ranges if not r.is_open()]
        params: dict[str, Any] = {
            "provinces": list(self.provinces) or None,
            "prefectures": list(self.prefectures) or None,
            "levels": list(self.levels) or None,
            "range_ids": [r.indicator for r in active],
            "range_years": [r.year for r in active],
            "range_lows": [r.low for r in active],
            "range_highs": [r.high for r in active],
        }
        params.update({sql_name: code in self.flags for code, (sql_name, _zh, _en) in FLAGS.items()})
        return params


def check_range(low: float | None, high: float | None, min_valid: float | None, max_valid: float | None) -> None:
    """Raise ``FilterError`` when a range is reversed, not finite or outside the indicator's valid span."""
    for value in (low, high):
        if value is not None and not math.isfinite(value):
            raise FilterError("范围必须是有限数值。", "A range bound must be a finite number.")
    if low is not None and high is not None and low > high:
        raise FilterError(
            f"下限 {low:g} 大于上限 {high:g}，范围未应用。",
            f"Lower bound {low:g} is above upper bound {high:g}; not applied.",
        )
    if min_valid is None or max_valid is None:
        return
    for value in (low, high):
        if value is not None and not min_valid <= value <= max_valid:
            raise FilterError(
                f"{value:g} 超出该指标的有效范围（{min_valid:g}–{max_valid:g}），范围未应用。",
                f"{value:g} is outside the indicator's valid span ({min_valid:g}–{max_valid:g}); not applied.",
            )


def effective_year(years: Sequence[int] | None, wanted: int | None) -> int | None:
    """The year to read for an indicator: ``wanted`` if it has it, else its newest; None if static."""
    if not years:
        return None
    if wanted is not None and wanted in years:
        return int(wanted)
    return int(max(years))


def year_list(value: object) -> list[int]:
    """The catalogue's ``years`` cell (list, array, or NULL for a static indicator) as sorted ints."""
    if value is None or isinstance(value, float | type(pd.NA)):
        return []
    return sorted(int(year) for year in value)  # type: ignore[union-attr]
