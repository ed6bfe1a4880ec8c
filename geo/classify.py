"""The choropleth: classification (mapclassify), fills, legend rows and sources in one object.

``build_choropleth`` is the one way a map page colours counties by a number. Breaks are
computed over a fixed reference set — the scope's counties, pooled over *every year* of a
yearly indicator — never over what is in view or one year, so a colour means the same value
in every year, view, slide and print. Manual breaks are validated (sorted, inside the data
range, no empty class); what cannot be used is dropped with a notice saying what was used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

from geo import provenance
from geo.fmt import NO_DATA, display_scale
from geo.i18n import translator

SCHEMES = ("quantiles", "natural_breaks", "equal_interval", "manual")
NO_DATA_COLOR = "#d4d4d4"

# ColorBrewer YlOrRd / YlGnBu ramps (light → dark), indexed by class count.
_RAMPS = {
    "YlOrRd": ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
    "YlGnBu": ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}


def ramp(k: int, name: str = "YlOrRd") -> list[str]:
    """``k`` colours (2–7) spread over the named light-to-dark ramp."""
    colors = _RAMPS[name]
    if not 2 <= k <= len(colors):
        raise ValueError(f"k must be between 2 and {len(colors)}")
    positions = np.linspace(0, len(colors) - 1, k).round().astype(int)
    return [colors[i] for i in positions]


@dataclass(frozen=True)
class Classification:
    """Upper bounds of each class, the colours, and the data range they were built on."""

    scheme: str
    upper_bounds: tuple[float, ...]
    colors: tuple[str, ...]
    minimum: float

    def class_of(self, value: float | None) -> int:
        """Index of the class holding ``value``; -1 for missing."""
        if value is None or pd.isna(value):
            return -1
        for index, bound in enumerate(self.upper_bounds):
            if value <= bound:
                return index
        return len(self.upper_bounds) - 1

    def color_of(self, value: float | None) -> str:
        index = self.class_of(value)
        return NO_DATA_COLOR if index < 0 else self.colors[index]

    def intervals(self) -> list[tuple[float, float]]:
        lows = (self.minimum, *self.upper_bounds[:-1])
        return list(zip(lows, self.upper_bounds, strict=True))


def classify(
    values: pd.Series | Sequence[float],
    scheme: str = "quantiles",
    k: int = 5,
    manual_breaks: Sequence[float] | None = None,
    palette: str = "YlOrRd",
) -> Classification:
    """Classify the non-missing ``values``; fewer distinct values than ``k`` shrink ``k``."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}")
    data = pd.Series(values, dtype="float64").dropna()
    if data.empty:
        raise ValueError("no values to classify")
    k = max(2, min(k, data.nunique(), len(_RAMPS[palette])))
    if data.nunique() < 2:
        return Classification(scheme, (float(data.max()),), (ramp(2, palette)[-1],), float(data.min()))
    if scheme == "manual":
        breaks = sorted(float(b) for b in (manual_breaks or []))
        if not breaks:
            raise ValueError("manual classification needs at least one break")
        if breaks[-1] < data.max():
            breaks.append(float(data.max()))
        classifier = mapclassify.UserDefined(data.to_numpy(), bins=breaks)
    elif scheme == "natural_breaks":
        classifier = mapclassify.FisherJenks(data.to_numpy(), k=k)
    elif scheme == "equal_interval":
        classifier = mapclassify.EqualInterval(data.to_numpy(), k=k)
    else:
        classifier = mapclassify.Quantiles(data.to_numpy(), k=k)
    bounds = tuple(dict.fromkeys(float(b) for b in classifier.bins))  # quantiles may repeat bounds
    colors = tuple(ramp(max(2, len(bounds)), palette)[-len(bounds) :]) if len(bounds) > 1 else (ramp(2, palette)[-1],)
    return Classification(scheme, bounds, colors, float(data.min()))


# --- the choropleth value object -------------------------------------------------------------

SCOPES = ("all", "key", "national")
"""Which counties are coloured and classified: every county, key counties (national +
provincial) or national key counties only."""

CHORO_LABELS: dict[str, tuple[str, str]] = {
    "notice_bad_breaks": ("断点须为数字，已忽略：{items}", "Breaks must be numbers; ignored: {items}"),
    "notice_unsorted": ("断点未按从小到大排列，已排序为：{items}", "Breaks were not in ascending order; sorted: {items}"),
    "notice_outside": (
        "断点超出数据范围（{low} – {high}），已忽略：{items}",
        "Breaks outside the data range ({low} – {high}) ignored: {items}",
    ),
    "notice_empty": ("以下断点会形成没有县的空分级，已合并：{items}", "Breaks that would leave an empty class merged: {items}"),
    "notice_fallback": (
        "没有可用的手动断点，已改用分位数（{k}级）。",
        "No usable manual breaks: quantiles ({k} classes) used instead.",
    ),
    "notice_pooled": (
        "分级断点按 {first}–{last} 年全部数据统一计算，各年份颜色含义相同。",
        "Breaks computed once over all years {first}–{last}, so colours mean the same in every year.",
    ),
}

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$")


_BREAK_SEPARATORS = re.compile(r"[,、;]")


def parse_breaks(text: str) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """'100, 200，300；４００' → the numbers in the order typed, and the parts that are not plain numbers.

    Full-width digits and punctuation from a Chinese input method count as their ASCII forms (NFKC), and
    a comma, 、 or semicolon separates breaks; spaces inside a number are dropped ('1 000' is 1000).
    """
    numbers: list[float] = []
    bad: list[str] = []
    for part in _BREAK_SEPARATORS.split(unicodedata.normalize("NFKC", str(text))):
        part = part.strip().replace(" ", "")
        if not part:
            continue
        value = float(part) if _NUMBER.match(part) else float("nan")
        if np.isfinite(value):
            numbers.append(value)
        else:
            bad.append(part[:20])
    return tuple(numbers), tuple(bad)


@dataclass(frozen=True)
class LegendRow:
    """One legend line: swatch colour, label (numbers in the choropleth's unit) and county count."""

    color: str
    label: str
    count: int
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class ChoroplethSource:
    """One source of the coloured values, labelled by the one provenance rule (geo.provenance)."""

    label: str
    unverified: bool


@dataclass(frozen=True)
class Choropleth:
    """Everything a map, its legend and its print need to colour counties by one number.

    ``fills`` holds a colour for every county in scope (the no-data grey for missing
    values); counties out of scope are absent. ``unit`` is the single unit every interval
    label is written in (亿元 for GDP, never 万元 in the header and 亿元 in a class).
    """

    title: str
    unit: str
    year: int | None
    scheme: str
    scope: str
    classification: Classification | None
    fills: Mapping[str, str]
    rows: tuple[LegendRow, ...]
    sources: tuple[ChoroplethSource, ...] = ()
    notices: tuple[str, ...] = ()
    years_pooled: tuple[int, ...] = ()
    lang: str = "zh"
    factor: float = 1.0
    decimals: int = 0

    def color_of(self, value: float | None) -> str:
        return NO_DATA_COLOR if self.classification is None else self.classification.color_of(value)

    def number(self, value: float) -> str:
        """``value`` (in the indicator's stored unit) written in the legend's unit, without it."""
        return f"{value * self.factor:,.{self.decimals}f}"

    @property
    def header(self) -> str:
        """'单位：亿元 · 2022年' / 'Unit: bn yuan · 2022' — unit and year of the classes."""
        t = translator(self.lang)
        colon = "：" if self.lang == "zh" else ": "
        parts = [f"{t('unit')}{colon}{self.unit}"] if self.unit else []
        if self.year is not None:
            parts.append(f"{self.year}年" if self.lang == "zh" else str(self.year))
        return " · ".join(parts)


def in_scope(frame: pd.DataFrame, scope: str) -> pd.Series:
    """Boolean mask of the rows (with a ``support_level`` column) that ``scope`` colours."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    if scope == "all" or "support_level" not in frame:
        return pd.Series(True, index=frame.index)
    if scope == "key":
        return frame.support_level.notna()
    return frame.support_level.eq("national")


def validate_breaks(
    breaks: Sequence[float], reference: pd.Series, lang: str = "zh", fmt_number=str
) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """Breaks usable on ``reference``: sorted, unique, ≥ its minimum and below its maximum,
    each adding a class that holds at least one value. Returns (breaks, notices)."""
    t = translator(lang, CHORO_LABELS)
    data = pd.Series(reference, dtype="float64").dropna()
    notices: list[str] = []
    typed = [float(b) for b in breaks]
    ordered = sorted(set(typed))
    if typed != sorted(typed):
        notices.append(t("notice_unsorted").format(items="、".join(fmt_number(b) for b in ordered)))
    low, high = float(data.min()), float(data.max())
    outside = [b for b in ordered if b < low or b >= high]
    if outside:
        notices.append(
            t("notice_outside").format(
                low=fmt_number(low), high=fmt_number(high), items="、".join(fmt_number(b) for b in outside)
            )
        )
    kept: list[float] = []
    merged: list[float] = []
    previous = -np.inf
    for bound in (b for b in ordered if low <= b < high):
        if ((data > previous) & (data <= bound)).any():
            kept.append(bound)
            previous = bound
        else:
            merged.append(bound)
    if merged:
        notices.append(t("notice_empty").format(items="、".join(fmt_number(b) for b in merged)))
    return tuple(kept), tuple(notices)


def build_choropleth(
    values: pd.DataFrame,
    scheme: str = "quantiles",
    k: int = 5,
    manual_breaks: Sequence[float] = (),
    scope: str = "all",
    *,
    pooled: pd.DataFrame | None = None,
    title: str = "",
    unit: str | None = "",
    decimals: int | None = None,
    year: int | None = None,
    lang: str = "zh",
    palette: str = "YlOrRd",
    notices: Sequence[str] = (),
) -> Choropleth:
    """The choropleth of ``values`` (rows: adcode, value, optional support_level, source_title, verified).

    Breaks come from ``pooled`` (the same columns, every year of the indicator; default
    ``values``) restricted to ``scope``. Bad manual breaks never raise: they are dropped or
    replaced by quantiles, and ``notices`` says what was used instead.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}")
    t = translator(lang, CHORO_LABELS)
    current = values[in_scope(values, scope)]
    reference_frame = current if pooled is None else pooled[in_scope(pooled, scope)]
    reference = pd.Series(reference_frame["value"], dtype="float64").dropna()
    years = tuple(sorted({int(y) for y in reference_frame.get("year", pd.Series(dtype=float)).dropna()}))
    magnitude = float(reference.abs().max()) if not reference.empty else 0.0
    factor, unit_text, scaled_decimals = display_scale(unit, magnitude, lang)
    places = scaled_decimals if scaled_decimals is not None else (0 if decimals is None else int(decimals))

    def number(value: float) -> str:
        return f"{value * factor:,.{places}f}"

    messages = list(notices)
    classification = None
    if not reference.empty:
        if scheme == "manual":
            usable, problems = validate_breaks(manual_breaks, reference, lang, number)
            messages.extend(problems)
            if usable:
                bounds = (*usable, float(reference.max()))
                colors = tuple(ramp(max(2, len(bounds)), palette)[-len(bounds):])
                classification = Classification("manual", bounds, colors, float(reference.min()))
            else:
                messages.append(t("notice_fallback").format(k=k))
                scheme = "quantiles"
        if classification is None:
            classification = classify(reference, scheme, k, palette=palette)
    if len(years) > 1:
        messages.append(t("notice_pooled").format(first=years[0], last=years[-1]))

    current_values = pd.Series(current["value"].to_numpy(), index=current["adcode"].to_numpy(), dtype="float64")
    fills = {code: (NO_DATA_COLOR if classification is None else classification.color_of(v))
             for code, v in current_values.items()}
    rows: list[LegendRow] = []
    if classification is not None:
        classes = current_values.map(classification.class_of)
        for index, (low, high) in enumerate(classification.intervals()):
            label = number(low) if number(low) == number(high) else f"{number(low)} – {number(high)}"
            rows.append(LegendRow(classification.colors[index], label, int((classes == index).sum()), low, high))
    rows.append(LegendRow(NO_DATA_COLOR, NO_DATA.get(lang, NO_DATA["en"]), int(current_values.isna().sum())))
    sources: tuple[ChoroplethSource, ...] = ()
    if "source_id" in current:
        listed = current.dropna(subset=["value", "source_id"]).drop_duplicates("source_id")
        cited = [provenance.joined(row) for row in listed.itertuples()]
        sources = tuple(
            ChoroplethSource(provenance.source_label(source, lang), provenance.is_unverified(source)) for source in cited
        )
    return Choropleth(
        title=title,
        unit=unit_text,
        year=None if year is None or pd.isna(year) else int(year),
        scheme=scheme,
        scope=scope,
        classification=classification,
        fills=fills,
        rows=tuple(rows),
        sources=sources,
        notices=tuple(dict.fromkeys(messages)),
        years_pooled=years,
        lang=lang,
        factor=factor,
        decimals=places,
    )


GOOD_COVERAGE = 0.8
"""A year covers the listed key counties well when it has at least this share of the best year's count."""


def default_year(coverage: Mapping[int, int], share: float = GOOD_COVERAGE) -> int | None:
    """The latest year whose key-county coverage is at least ``share`` of the best year's.

    2023 income data cover 30 listed counties against 71 in 2019, so the map opens on 2022
    instead of a mostly grey 2023.
    """
    counted = {int(year): int(n) for year, n in coverage.items() if n}
    if not counted:
        return max((int(y) for y in coverage), default=None)
    best = max(counted.values())
    return max(year for year, n in counted.items() if n >= share * best)
