"""Number formatting as Chinese readers expect it (万 / 亿, units, % with one decimal)."""

from __future__ import annotations

import math

NO_DATA = {"zh": "无数据", "en": "no data"}

# Units that are counts or totals: large values switch to 万 / 亿 in Chinese.
_COUNT_UNITS = {"人", "户", "张", "个", "元", "平方公里"}
_UNIT_EN = {
    "人": "persons",
    "户": "households",
    "张": "beds",
    "个": "",
    "元": "yuan",
    "万元": "10k yuan",
    "万人": "10k persons",
    "平方公里": "km²",
    "人/平方公里": "persons/km²",
    "平方米/人": "m²/person",
    "公里": "km",
    "年": "years",
    "人/户": "persons/household",
}


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return True


def _grouped(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def format_value(
    value: object,
    unit: str | None = None,
    lang: str = "zh",
    decimals: int | None = None,
    per_capita: bool = False,
) -> str:
    """``value`` with its unit: 39.8万人, 13.2亿元, 13,027元, 12.5%; missing → 无数据.

    ``per_capita`` keeps per-person money in plain 元 with separators (13,027元) instead
    of switching to 万元, which is how the statistical yearbooks print it.
    """
    if is_missing(value):
        return NO_DATA.get(lang, NO_DATA["en"])
    number = float(value)  # type: ignore[arg-type]
    unit = "" if is_missing(unit) else str(unit)  # a NULL unit arrives as NaN from pandas
    if unit == "%":
        return f"{number:.{1 if decimals is None else decimals}f}%"
    if lang == "zh":
        # Scaled to 万/亿 the catalogue's decimals no longer apply: fixed 1 and 2 places.
        if unit == "万元" and abs(number) >= 1e4:
            return f"{number / 1e4:,.2f}亿元"
        if unit == "万人":
            return f"{number:,.{2 if decimals is None else decimals}f}万人"
        if unit in _COUNT_UNITS and not per_capita:
            if abs(number) >= 1e8:
                return f"{number / 1e8:.2f}亿{unit}"
            if abs(number) >= 1e4:
                return f"{number / 1e4:.1f}万{unit}"
        places = decimals if decimals is not None else (0 if number == int(number) else 1)
        return f"{_grouped(number, places)}{unit}"
    # English: plain numbers with thousands separators; 万元 converted to yuan.
    if unit == "万元":
        yuan = number * 1e4
        if abs(yuan) >= 1e9:
            return f"{yuan / 1e9:,.2f} bn yuan"
        return f"{yuan / 1e6:,.1f} m yuan"
    if unit == "万人":
        return f"{number * 1e4:,.0f} persons"
    places = decimals if decimals is not None else (0 if number == int(number) else 1)
    unit_en = _UNIT_EN.get(unit, unit)
    return f"{_grouped(number, places)} {unit_en}".rstrip()


def format_count(value: object, lang: str = "zh") -> str:
    """A bare count with separators (no unit)."""
    if is_missing(value):
        return NO_DATA.get(lang, NO_DATA["en"])
    return f"{int(value):,}"  # type: ignore[arg-type]


def unit_label(unit: str | None, lang: str = "zh") -> str:
    """The unit as shown in legends and column headers."""
    if is_missing(unit) or not unit:
        return ""
    return unit if lang == "zh" else _UNIT_EN.get(unit, unit)


def display_scale(unit: str | None, magnitude: float, lang: str = "zh") -> tuple[float, str, int | None]:
    """One display unit for a whole set of numbers (a legend, an axis): (factor, unit label, decimals).

    ``format_value`` picks 万/亿 per number, so a legend of GDP classes would mix 万元 and
    亿元; this picks once from the largest ``magnitude`` so every number shares the header's
    unit. ``decimals`` is None when the catalogue's own decimals still apply.
    """
    unit = unit if isinstance(unit, str) else ""  # a NULL unit arrives as NaN
    magnitude = abs(float(magnitude)) if not is_missing(magnitude) else 0.0
    if lang == "zh":
        if unit == "万元":
            return (1e-4, "亿元", 2) if magnitude >= 1e4 else (1.0, "万元", None)
        if unit in _COUNT_UNITS and unit != "元":
            if magnitude >= 1e8:
                return 1e-8, f"亿{unit}", 2
            if magnitude >= 1e4:
                return 1e-4, f"万{unit}", 1
        return 1.0, unit, None
    if unit == "万元":
        return (1e-5, "bn yuan", 2) if magnitude * 1e4 >= 1e9 else (1e-2, "m yuan", 1)
    if unit == "万人":
        return 1e4, "persons", 0
    return 1.0, _UNIT_EN.get(unit, unit), None
