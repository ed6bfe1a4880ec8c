"""差距监测 — are the key counties catching up? Group medians, growth and ratios between two years.

Plain pandas on the rows of ``SeriesValues.values`` (adcode, province_adcode, grp, year,
value, …). The one rule behind every figure: **only counties with a value in both the first
and the latest year count** (the "panel"); medians, ratios and growth are computed on the
panel, and the page says how many counties that was. Growth is the compound annual rate
``(latest / first) ** (1 / years) - 1``; it needs two positive values. Money series are
nominal (no deflator with a source exists in ``data/``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from geo import provenance
from geo.classify import NO_DATA_COLOR, Choropleth, ChoroplethSource, Classification, LegendRow
from geo.filters import year_list
from geo.i18n import translator

GROUPS = ("national", "provincial", "poverty832", "other")
KEY_GROUPS = ("national", "provincial")
COMPARATORS = ("poverty832", "other")
WINDOW = (2020, 2023)  # the transition period's years the default range is taken from
MIN_RATIO_N = 5  # a ratio of medians needs at least this many counties on each side
METRICS = ("ratio", "growth")  # map colour: change in ratio to the province median, or growth
# county-table orders: code → (column, ascending); the first is the default (hardest cases first)
COUNTY_SORTS = {"lost": ("ratio_change", True), "gained": ("ratio_change", False), "growth": ("cagr", False),
                "adcode": ("adcode", True)}
# ColorBrewer RdYlBu (7): red = fell / lost ground, pale yellow = about unchanged (distinct from the
# base map's context fill), blue = rose / gained.
DIVERGING = ("#d73027", "#fc8d59", "#fee090", "#ffffbf", "#e0f3f8", "#91bfdb", "#4575b4")

GAP_LABELS: dict[str, tuple[str, str]] = {
    "grp_national": ("国家重点帮扶县", "National key counties"),
    "grp_provincial": ("省级重点帮扶县", "Provincial key counties"),
    "grp_poverty832": ("其他原贫困县（832）", "Other former poverty counties (832)"),
    "grp_other": ("其他县", "Other counties"),
    "trajectory": ("发展轨迹", "Trajectory"),
    "this_county": ("本县", "This county"),
    "province_median": ("全省中位数", "Province median"),
    "key_median": ("国家重点帮扶县中位数", "National key-county median"),
    "gained": ("追赶", "gained ground"),
    "lost": ("落后", "lost ground"),
    "steady": ("持平", "unchanged"),
    "no_panel": ("两个年份不全，不计入", "not both years: not counted"),
    "unchanged": ("基本持平", "About unchanged"),
    "not_both": ("无数据（缺任一年份）", "No data (a year missing)"),
    "legend_ratio": ("相对全省中位数之比的变化", "Change in ratio to province median"),
    "legend_growth": ("年均增长率", "Compound annual growth"),
    "unit_ratio": ("百分点", "percentage points"),
    "tooltip": ("年均 {g} · 相对全省 {c}", "growth {g} p.a. · vs province {c}"),
    "unit_growth": ("%/年", "% per year"),
    "nominal": ("货币指标为名义值（当年价），未扣除价格因素", "money series are nominal (current prices)"),
    "growth_pa": ("年均", "p.a."),
    "vs_province": ("相对全省中位数", "vs province median"),
    "rank_province": ("省内增速排名", "growth rank in province"),
    "rank_key": ("国家重点帮扶县中增速排名", "among national key counties"),
}


# --- which series, which years -------------------------------------------------------------
def yearly_series(catalog: pd.DataFrame) -> pd.DataFrame:
    """Catalogue rows (``indicator_catalog`` query) of indicators with values in two or more years."""
    years = catalog["years"].map(year_list)
    return catalog.assign(years=years)[years.map(len) >= 2].reset_index(drop=True)


def default_years(years: Sequence[int], window: tuple[int, int] = WINDOW) -> tuple[int, int] | None:
    """The series' first and latest year inside ``window``; else its first and latest; None if < 2 years."""
    inside = [year for year in years if window[0] <= year <= window[1]]
    chosen = inside if len(inside) >= 2 else list(years)
    return (int(min(chosen)), int(max(chosen))) if len(chosen) >= 2 else None


def years_in_scope(coverage: pd.DataFrame, indicator: str, province: str | None) -> list[int]:
    """The years with at least one value of ``indicator`` in the scope (a province adcode; None: the
    whole country), ascending. ``coverage`` rows: indicator_id, province_adcode, year
    (``queries/gap_years.sql``). A scope's default years are ``default_years`` of these."""
    rows = coverage[coverage["indicator_id"] == indicator]
    if province:
        rows = rows[rows["province_adcode"] == province]
    return sorted({int(year) for year in rows["year"].dropna()})


def county_years(trends: pd.DataFrame, window: tuple[int, int] = WINDOW) -> dict[str, tuple[int, int]]:
    """One county's yearly rows (indicator_id, year, …) → indicator_id → its ``default_years``;
    indicators with fewer than two years are left out."""
    found: dict[str, tuple[int, int]] = {}
    for code, years in trends.groupby("indicator_id")["year"]:
        chosen = default_years(sorted({int(year) for year in years.dropna()}), window)
        if chosen is not None:
            found[str(code)] = chosen
    return found


def is_money(unit: object, description: object) -> bool:
    """A money series (元, 万元; or a raw per-capita GDP whose description says 元): shown as nominal."""
    return any(isinstance(text, str) and "元" in text for text in (unit, description))


# --- the values -----------------------------------------------------------------------------
VALUE_COLUMNS = ("adcode", "name", "prefecture", "province", "province_adcode", "support_level", "grp",
                 "year", "value", "source_id")  # fmt: skip
"""The columns of ``SeriesValues.values``: one row per county and year with a value."""


class SeriesValues:
    """Every yearly value of the gap monitor's series, read once and cut per indicator and years.

    ``counties``: ``queries/gap_counties.sql`` (place and comparison group, by adcode); ``values``:
    ``queries/gap_series_values.sql`` over ``indicators`` (series position, county row, year, value,
    source_id, sorted). A new indicator or year pair then costs a slice, not a query (≈10 ms each)."""

    def __init__(self, indicators: Sequence[str], counties: pd.DataFrame, values: pd.DataFrame) -> None:
        self.counties = counties.reset_index(drop=True)
        series = values["series"].to_numpy(dtype="int64")
        self.county = values["county"].to_numpy(dtype="int64")
        self.year = values["year"].to_numpy()
        self.value = values["value"].reset_index(drop=True)
        self.source = values["source_id"].reset_index(drop=True)
        ends = np.searchsorted(series, np.arange(len(indicators) + 1))  # sorted by series
        self.bounds = {code: (int(ends[i]), int(ends[i + 1])) for i, code in enumerate(indicators)}

    @classmethod
    def read(cls, con: object, indicators: Sequence[str]) -> SeriesValues:
        """Both queries on ``con`` (a DuckDB connection; the app reads them through ``ui.state.query``)."""
        from geo import db  # here: the rest of this module is plain pandas

        listed = list(indicators)
        return cls(listed, db.run(con, "gap_counties"), db.run(con, "gap_series_values", {"indicators": listed}))

    def values(self, indicator: str, first: int, latest: int) -> pd.DataFrame:
        """``VALUE_COLUMNS`` of every county with a value of ``indicator`` in a year from ``first`` to
        ``latest``, by adcode and year (no rows for an indicator not read)."""
        lo, hi = self.bounds.get(indicator, (0, 0))
        year = self.year[lo:hi]
        chosen = np.flatnonzero((year >= first) & (year <= latest)) + lo
        out = self.counties.take(self.county[chosen]).reset_index(drop=True)
        out["year"] = self.year[chosen]
        out["value"] = self.value.take(chosen).reset_index(drop=True)
        out["source_id"] = self.source.take(chosen).reset_index(drop=True)
        return out


# --- the panel and growth -----------------------------------------------------------------
def cagr(first: pd.Series | float, latest: pd.Series | float, years: int) -> pd.Series | float:
    """Compound annual growth ``(latest/first)**(1/years) - 1``; NaN unless both values are positive."""
    if years <= 0:
        raise ValueError("the latest year must come after the first")
    a = np.atleast_1d(np.asarray(first, dtype="float64"))
    b = np.atleast_1d(np.asarray(latest, dtype="float64"))
    with np.errstate(invalid="ignore"):  # NaN compares as not positive
        valid = (a > 0) & (b > 0)
    rate = (np.where(valid, b, np.nan) / np.where(valid, a, np.nan)) ** (1.0 / years) - 1.0
    if np.isscalar(first) and np.isscalar(latest):
        return float(rate[0])
    return pd.Series(rate, index=latest.index if isinstance(latest, pd.Series) else None)


def panel(values: pd.DataFrame, first: int, latest: int) -> pd.DataFrame:
    """One row per county with a value in both years: place columns, ``v0``, ``v1``, ``cagr``.

    Counties with only one of the two years are left out (the both-years rule).
    """
    if latest <= first:
        raise ValueError("the latest year must come after the first")
    place = ["adcode", "name", "prefecture", "province", "province_adcode", "grp"]
    place = [column for column in place if column in values.columns]
    # On integer codes of the counties (sorted by adcode) rather than a pivot table: a first view
    # of an indicator and years paid ~10 ms for the pivot.
    if values["adcode"].isna().any():  # no county, no panel row (as the pivot's index left them out)
        values = values[values["adcode"].notna()]
    county, codes = pd.factorize(values["adcode"], sort=True)
    year = values["year"].to_numpy()
    value = values["value"].to_numpy(dtype="float64", na_value=np.nan)
    have = ~np.isnan(value)
    ends = []
    for wanted in (first, latest):
        chosen = np.flatnonzero(have & (year == wanted))
        found, at = np.unique(county[chosen], return_index=True)  # each county's first value that year
        end = np.full(len(codes), np.nan)
        end[found] = value[chosen[at]]
        ends.append(end)
    both = ~np.isnan(ends[0]) & ~np.isnan(ends[1])
    first_rows = np.unique(county, return_index=True)[1]  # each county's first row: its place columns
    out = values[place].iloc[first_rows[both]].reset_index(drop=True)
    out["v0"] = ends[0][both]
    out["v1"] = ends[1][both]
    out["cagr"] = cagr(out["v0"], out["v1"], latest - first)
    return out


def coverage(values: pd.DataFrame, first: int, latest: int) -> dict[str, int]:
    """How many counties have the first year, the latest year, and both."""
    have = values["value"].notna().to_numpy()
    year, adcode = values["year"].to_numpy(), values["adcode"].to_numpy()
    a = set(adcode[have & (year == first)])
    b = set(adcode[have & (year == latest)])
    return {"first": len(a), "latest": len(b), "both": len(a & b)}


# --- group medians and the key/other ratio ------------------------------------------------
def group_medians(rows: pd.DataFrame, years: int) -> pd.DataFrame:
    """Per group (in ``GROUPS`` order): n, median first/latest, growth of the median, median county growth."""
    group = pd.Categorical(rows["grp"], categories=GROUPS).codes  # -1: not one of GROUPS (left out)
    columns = {name: rows[name].to_numpy(dtype="float64") for name in ("v0", "v1", "cagr")}
    n = np.array([(group == j).sum() for j in range(len(GROUPS))], dtype=int)

    def median(name: str) -> np.ndarray:  # per group, skipping NaN (as pandas does)
        found = []
        for j in range(len(GROUPS)):
            chosen = columns[name][group == j]
            chosen = chosen[~np.isnan(chosen)]
            found.append(np.median(chosen) if len(chosen) else np.nan)
        return np.array(found, dtype="float64")

    table = pd.DataFrame(
        {"n": n, "median0": median("v0"), "median1": median("v1"), "median_cagr": median("cagr")},
        index=pd.Index(list(GROUPS), name="grp"),
    )
    table["cagr_of_median"] = cagr(table["median0"], table["median1"], years)
    return table


def ratios(medians: pd.DataFrame, min_n: int = MIN_RATIO_N) -> pd.DataFrame:
    """Key group median ÷ comparator median in both years, the change, and whether the gap narrowed.

    A ratio needs ``min_n`` counties on each side (else NaN). The gap narrowed when the latest
    ratio is nearer 1 than the first.
    """
    rows = []
    for key in KEY_GROUPS:
        for other in COMPARATORS:
            enough = medians.at[key, "n"] >= min_n and medians.at[other, "n"] >= min_n
            r0 = medians.at[key, "median0"] / medians.at[other, "median0"] if enough else np.nan
            r1 = medians.at[key, "median1"] / medians.at[other, "median1"] if enough else np.nan
            rows.append({"key": key, "other": other, "ratio0": r0, "ratio1": r1})
    table = pd.DataFrame(rows)
    table["change"] = table["ratio1"] - table["ratio0"]
    table["trend"] = [gap_trend(r0, r1) for r0, r1 in zip(table["ratio0"], table["ratio1"], strict=True)]
    return table


def gap_trend(ratio0: float, ratio1: float, tolerance: float = 1e-9) -> str | None:
    """'narrowed' / 'widened' / 'unchanged' (distance of the ratio from 1), None when unknown."""
    if pd.isna(ratio0) or pd.isna(ratio1):
        return None
    before, after = abs(1 - ratio0), abs(1 - ratio1)
    if abs(after - before) <= tolerance:
        return "unchanged"
    return "narrowed" if after < before else "widened"


def province_groups(rows: pd.DataFrame, years: int, min_n: int = MIN_RATIO_N) -> pd.DataFrame:
    """Per province: counties per group and the national-key / other-832 ratio in both years.

    One pass over (province, group) rather than ``group_medians`` per province (a first view of a
    new indicator or year range paid ~0.3 s for that loop), on arrays rather than a grouped frame
    and its unstacking (~9 ms)."""
    # one group per (province code, name) pair in their sorted order, as a grouped pass on both makes
    code, _ = pd.factorize(rows["province_adcode"], sort=True)
    name, names = pd.factorize(rows["province"], sort=True)
    place = code * max(len(names), 1) + name
    group = pd.Categorical(rows["grp"], categories=GROUPS).codes  # -1: not one of GROUPS (left out)
    v0, v1 = rows["v0"].to_numpy(dtype="float64"), rows["v1"].to_numpy(dtype="float64")
    # (province, group) cells as one integer key: counts and medians in one sorted pass, not a loop
    provinces, at = np.unique(place, return_inverse=True)
    firsts = np.unique(at, return_index=True)[1]  # each province's first row
    cell = np.where(group >= 0, at * len(GROUPS) + group, -1)
    size = len(provinces) * len(GROUPS)
    counts = np.bincount(cell[cell >= 0], minlength=size).reshape(-1, len(GROUPS))
    medians = np.stack([_grouped_median(cell, size, v).reshape(-1, len(GROUPS)) for v in (v0, v1)])
    national, poverty = GROUPS.index("national"), GROUPS.index("poverty832")
    out = pd.DataFrame(
        {
            "province_adcode": rows["province_adcode"].iloc[firsts].reset_index(drop=True),
            "province": rows["province"].iloc[firsts].reset_index(drop=True),
            **{f"n_{grp}": counts[:, j] for j, grp in enumerate(GROUPS)},
            "median0_national": medians[0, :, national],
            "median1_national": medians[1, :, national],
            "median0_poverty832": medians[0, :, poverty],
            "median1_poverty832": medians[1, :, poverty],
        }
    )
    enough = (counts[:, national] >= min_n) & (counts[:, poverty] >= min_n)
    out["ratio0"] = (out["median0_national"] / out["median0_poverty832"]).where(enough)
    out["ratio1"] = (out["median1_national"] / out["median1_poverty832"]).where(enough)
    out["change"] = out["ratio1"] - out["ratio0"]
    out["trend"] = [gap_trend(r0, r1) for r0, r1 in zip(out["ratio0"], out["ratio1"], strict=True)]
    return out


# --- per county ---------------------------------------------------------------------------
def county_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Per panel county: ratio to its province median (panel counties of that province) in both
    years and its change; the national key-county medians; growth rank in the province and among
    national key counties (1 = fastest)."""
    # per province on arrays (one loop over ≤ 34 provinces) instead of seven grouped passes
    v0, v1, growth = (rows[column].to_numpy(dtype="float64") for column in ("v0", "v1", "cagr"))
    province, _ = pd.factorize(rows["province_adcode"])
    median0, median1, size, rank, counted = (np.full(len(rows), np.nan) for _ in range(5))
    for members in _groups(province):
        if province[members[0]] < 0:  # no province: no province figures (as a grouped pass leaves them)
            continue
        median0[members], median1[members], size[members] = np.median(v0[members]), np.median(v1[members]), len(members)
        rank[members], counted[members] = _rank_descending(growth[members])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio0 = v0 / np.where(median0 != 0, median0, np.nan)
        ratio1 = v1 / np.where(median1 != 0, median1, np.nan)
    key = (rows["grp"] == "national").to_numpy()
    rank_key = np.full(len(rows), np.nan)
    rank_key[key] = _rank_descending(growth[key])[0]
    figures = pd.DataFrame(
        {
            "prov_median0": median0, "prov_median1": median1, "prov_n": size.astype(int),
            "ratio0": ratio0, "ratio1": ratio1, "ratio_change": ratio1 - ratio0,
            "rank_province": rank, "n_rank_province": counted.astype(int),
            "key_median0": np.median(v0[key]) if key.any() else np.nan,
            "key_median1": np.median(v1[key]) if key.any() else np.nan,
            "rank_key": rank_key, "n_rank_key": np.where(key, int((key & ~np.isnan(growth)).sum()), 0),
        },
        index=rows.index,
    )  # fmt: skip
    return pd.concat([rows, figures], axis=1)


def _grouped_median(keys: np.ndarray, size: int, values: np.ndarray) -> np.ndarray:
    """``np.median`` of ``values`` per integer key ``0 … size-1`` (keys < 0 and NaN left out; NaN for a
    key without values), from one sort instead of a median per group. The same numbers: numpy's
    median is the middle value, or the mean of the two middle values, (a + b) / 2."""
    keep = (keys >= 0) & ~np.isnan(values)
    key, value = keys[keep], values[keep]
    order = np.lexsort((value, key))
    key, value = key[order], value[order]
    counts = np.bincount(key, minlength=size)
    start = np.cumsum(counts) - counts
    found = counts > 0
    out = np.full(size, np.nan)
    out[found] = (value[start[found] + (counts[found] - 1) // 2] + value[start[found] + counts[found] // 2]) / 2
    return out


def _groups(codes: np.ndarray) -> list[np.ndarray]:
    """Row positions of each group of integer ``codes`` (from ``pd.factorize``), in order."""
    order = np.argsort(codes, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(codes[order])) + 1) if len(codes) else []


def _rank_descending(values: np.ndarray) -> tuple[np.ndarray, int]:
    """pandas' ``rank(ascending=False, method="min")`` (1 = largest, ties share the better rank,
    NaN stays NaN) and the number of ranked values."""
    valid = values[~np.isnan(values)]
    ordered = np.sort(valid)
    above = len(ordered) - np.searchsorted(ordered, values, side="right")  # how many are larger
    return np.where(np.isnan(values), np.nan, above + 1.0), len(valid)


def ground(ratio_change: float, tolerance: float = 1e-9) -> str | None:
    """'gained' / 'lost' / 'steady' ground against the province median; None when unknown."""
    if pd.isna(ratio_change):
        return None
    if abs(ratio_change) <= tolerance:
        return "steady"
    return "gained" if ratio_change > 0 else "lost"


def trajectory_medians(values: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Per year, each province's median and the national key-county median over the panel counties
    that have that year: (province_adcode, year, series, value), the key median with province None.
    The same for every county of the panel: ``trajectory`` takes it made once. (On sorted arrays: the
    grouped pandas medians were ≈8 ms of a county's first trajectory of a series and years.)"""
    panel = pd.Index(rows["adcode"])
    at = panel.get_indexer(values["adcode"])
    keep = (at >= 0) & values["value"].notna().to_numpy()
    at = at[keep]
    codes, provinces = pd.factorize(rows["province_adcode"], sort=True)
    year, value = values["year"].to_numpy()[keep], values["value"].to_numpy(dtype="float64")[keep]
    province = codes[at]
    own = province >= 0  # a county without a province has no province median (as a grouped pass drops it)
    place, when, median = _medians(province[own], year[own], value[own])
    key = (rows["grp"] == "national").to_numpy()[at]
    _, key_years, key_median = _medians(np.zeros(int(key.sum()), dtype=np.intp), year[key], value[key])
    return pd.DataFrame({
        "province_adcode": pd.Series(np.concatenate([provinces.to_numpy(dtype=object)[place], [None] * len(key_years)]),
                                     dtype=object),
        "year": np.concatenate([when, key_years]).astype(values["year"].dtype),
        "value": np.concatenate([median, key_median]),
        "series": pd.Series(["province_median"] * len(place) + ["key_median"] * len(key_years), dtype="str"),
    })  # fmt: skip


def _medians(group: np.ndarray, year: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(group, year, median of ``value``) per (group, year) that has values, in that order
    (``_grouped_median`` on one integer key per cell)."""
    years, at = np.unique(year, return_inverse=True)
    size = (int(group.max()) + 1) * len(years) if len(group) else 0
    key = group * len(years) + at
    medians = _grouped_median(key, size, value)
    present = np.flatnonzero(np.bincount(key, minlength=size) > 0)
    width = max(len(years), 1)
    return present // width, years[present % width], medians[present]


def trajectory(values: pd.DataFrame, rows: pd.DataFrame, adcode: str, medians: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long frame (year, series, value) for one county: its values, its province median and the
    national key-county median per year, medians over the panel counties that have that year
    (``medians``: ``trajectory_medians(values, rows)``, made here when not given), ordered by series
    and year.

    Empty when the county is not in the panel (it lacks the first or the latest year). On arrays,
    one frame made at the end: a dozen small pandas steps were ≈6 ms of a county's first view.
    """
    panel = rows["adcode"].to_numpy(dtype=object)
    if not (panel == adcode).any():
        return pd.DataFrame(columns=["year", "series", "value"])
    medians = trajectory_medians(values, rows) if medians is None else medians
    province = rows["province_adcode"].to_numpy(dtype=object)[np.flatnonzero(panel == adcode)[0]]
    value = values["value"].to_numpy(dtype="float64", na_value=np.nan)
    own = (values["adcode"].to_numpy(dtype=object) == adcode) & ~np.isnan(value)
    at, series = medians["province_adcode"].to_numpy(dtype=object), medians["series"].to_numpy(dtype=object)
    of_province = (at == province) & (series == "province_median")
    of_key = pd.isna(medians["province_adcode"]).to_numpy() & (series == "key_median")
    parts = [("county", values["year"].to_numpy()[own], value[own]),
             ("province_median", medians["year"].to_numpy()[of_province], medians["value"].to_numpy()[of_province]),
             ("key_median", medians["year"].to_numpy()[of_key], medians["value"].to_numpy()[of_key])]  # fmt: skip
    year = np.concatenate([part[1] for part in parts]).astype(values["year"].dtype)
    names = np.array([name for name, years, _ in parts for _ in range(len(years))], dtype=object)
    order = np.lexsort((year, names))  # stable, as pandas' sort on two columns
    in_order = bool((order == np.arange(len(order))).all())  # pandas then keeps the frame's RangeIndex
    return pd.DataFrame(
        {"year": year[order], "series": pd.array(names[order], dtype="str"),
         "value": np.concatenate([part[2] for part in parts]).astype("float64")[order]},
        index=pd.RangeIndex(len(order)) if in_order else order,
    )  # fmt: skip


# --- diverging classes centred on "no change" ---------------------------------------------
def nice_step(magnitude: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least ``magnitude`` (> 0)."""
    if not magnitude > 0 or not math.isfinite(magnitude):
        return 0.01
    power = 10 ** math.floor(math.log10(magnitude))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= magnitude * (1 - 1e-12):
            return factor * power
    return 10 * power


DIVERGING_SCHEME = "diverging"
STEPS = (-2.5, -1.5, -0.5, 0.5, 1.5, 2.5)  # class edges in steps; the middle class is ±half a step


def diverging(values: pd.Series | Sequence[float], quantile: float = 0.9) -> Classification:
    """Seven classes symmetric about 0 — (-∞,-2.5s], (-2.5s,-1.5s], (-1.5s,-0.5s], (-0.5s,0.5s] ("about no
    change"), (0.5s,1.5s], (1.5s,2.5s], above — on a round step ``s`` whose outer edge (2.5 steps)
    covers the ``quantile`` of |value|. A ``geo.classify.Classification`` like every other map's."""
    data = pd.Series(values, dtype="float64").dropna()
    magnitude = float(data.abs().quantile(quantile)) if not data.empty else 0.0
    step = nice_step(magnitude / 2.5)
    bounds = (*(step * m for m in STEPS), math.inf)
    return Classification(DIVERGING_SCHEME, bounds, DIVERGING, -math.inf)


def diverging_labels(classes: Classification, unchanged: str, lang: str = "zh") -> list[str]:
    """'≤ -5.0', '-5.0 – -3.0', '-3.0 – -1.0', '基本持平（±1.0）', '+1.0 – +3.0', '+3.0 – +5.0', '> +5.0'
    (values × 100: percent or percentage points)."""
    e = [f"{bound * 100:+.1f}" for bound in classes.upper_bounds[:-1]]
    return [
        f"≤ {e[0]}", f"{e[0]} – {e[1]}", f"{e[1]} – {e[2]}",
        f"{unchanged}（±{e[3].lstrip('+')}）" if lang == "zh" else f"{unchanged} (±{e[3].lstrip('+')})",
        f"{e[3]} – {e[4]}", f"{e[4]} – {e[5]}", f"> {e[5]}",
    ]


def change_choropleth(
    rows: pd.DataFrame,
    shown: pd.DataFrame,
    with_values: Sequence[str],
    metric: str,
    first: int,
    latest: int,
    indicator_name: str,
    sources: pd.DataFrame,
    lang: str = "zh",
) -> Choropleth:
    """The map of change as a ``geo.classify.Choropleth``: classes fixed over the whole-country panel
    ``rows``, fills and counts for the counties ``with_values`` in view (those of ``shown``, the panel
    in view, by class; the rest 无数据), sources of the values (``source_id`` column of ``sources``)."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    t = translator(lang, GAP_LABELS)
    column = "ratio_change" if metric == "ratio" else "cagr"
    classes = diverging(rows[column])
    by_code = dict(zip(shown["adcode"].tolist(), shown[column].to_numpy(), strict=True))
    fills = {code: classes.color_of(by_code.get(code)) for code in with_values}
    counted = Counter(classes.class_of(value) for value in by_code.values())
    labels = diverging_labels(classes, t("unchanged"), lang)
    legend = [LegendRow(color, label, counted[i]) for i, (color, label) in
              enumerate(zip(classes.colors, labels, strict=True))]
    legend.append(LegendRow(NO_DATA_COLOR, t("not_both"), len(set(with_values) - by_code.keys())))
    cited = [provenance.joined(row) for row in sources.drop_duplicates("source_id").to_dict("records")]
    return Choropleth(
        title=f"{t('legend_' + metric)} · {indicator_name} · {first}→{latest}",
        unit=t("unit_" + metric),
        year=None,
        scheme=DIVERGING_SCHEME,
        scope="all",
        classification=classes,
        fills=fills,
        rows=tuple(legend),
        sources=tuple(ChoroplethSource(provenance.source_label(s, lang), provenance.is_unverified(s)) for s in cited),
        lang=lang,
        factor=100.0,
        decimals=1,
    )


def signed_percent(value: float, lang: str = "zh") -> str:
    """0.0312 → '+3.1%'; used for growth rates."""
    return f"{value * 100:+.1f}%"


def signed_points(value: float, lang: str = "zh") -> str:
    """A change of a ratio, 0.0312 → '+3.1个百分点' / '+3.1 pp'."""
    return f"{value * 100:+.1f}" + ("个百分点" if lang == "zh" else " pp")


# --- sources behind the figures (export sheet, captions) ----------------------------------
GROUP_SOURCES = ("key_list_rows", "poverty832_clebeech")  # who is a key / former poverty county
GROUP_ID = "group"


def source_rows(values: pd.DataFrame, indicator: str, first: int, latest: int, sources: pd.DataFrame) -> pd.DataFrame:
    """Each (year, source) behind the two years' values, plus the sources of the grouping (key-county
    list, 832 list) under indicator ``group``, with the ``sources`` row joined as ``source_<column>``
    (``geo.provenance.joined``; ``geo.export.sources_sheet``)."""
    chosen = values["year"].isin([first, latest]).to_numpy()
    pairs = dict.fromkeys(zip(values["year"].to_numpy()[chosen], values["source_id"].to_numpy()[chosen], strict=True))
    ids = [source for _, source in pairs] + list(GROUP_SOURCES)
    # the sources rows by id (a left join: an id without a row gets empty cells)
    joined = sources.set_index("source_id").reindex(pd.Index(ids, dtype=sources["source_id"].dtype))
    joined.columns = [f"source_{column}" for column in joined.columns]
    head = pd.DataFrame({
        "indicator_id": pd.array([indicator] * len(pairs) + [GROUP_ID] * len(GROUP_SOURCES), dtype=sources["source_id"].dtype),
        "year": pd.array([year for year, _ in pairs] + [pd.NA] * len(GROUP_SOURCES), dtype=object),
    })  # fmt: skip
    return pd.concat([head, joined.reset_index().rename(columns={"index": "source_id"})], axis=1)


# --- one county, in words (profile caption, brief line) -----------------------------------
def county_line(row: pd.Series, first: int, latest: int, lang: str, fmt: Callable[[object], str]) -> str:
    """'2020→2023：本县 11,082元→14,456元（年均 +9.3%）；全省中位数 …；国家重点帮扶县中位数 …；
    相对全省中位数 86.8%→86.3%，落后；省内增速排名 18/31；…' for a row of ``county_table``."""
    t = translator(lang, GAP_LABELS)
    zh = lang == "zh"
    sep, colon = ("；", "：") if zh else ("; ", ": ")
    own = f"{first}→{latest}{colon}{t('this_county')} {fmt(row['v0'])}→{fmt(row['v1'])}"
    if not pd.isna(row["cagr"]):
        rate = signed_percent(row["cagr"])
        own += f"（{t('growth_pa')} {rate}）" if zh else f" ({rate} {t('growth_pa')})"
    parts = [
        own,
        f"{t('province_median')} {fmt(row['prov_median0'])}→{fmt(row['prov_median1'])}",
        f"{t('key_median')} {fmt(row['key_median0'])}→{fmt(row['key_median1'])}",
    ]
    if not pd.isna(row["ratio0"]) and not pd.isna(row["ratio1"]):
        verdict = ground(row["ratio_change"])
        parts.append(
            f"{t('vs_province')} {row['ratio0'] * 100:.1f}%→{row['ratio1'] * 100:.1f}%"
            + (("，" if zh else ", ") + t(verdict) if verdict else "")
        )
    if not pd.isna(row["rank_province"]):
        parts.append(f"{t('rank_province')} {int(row['rank_province'])}/{int(row['n_rank_province'])}")
    if not pd.isna(row["rank_key"]):
        parts.append(f"{t('rank_key')} {int(row['rank_key'])}/{int(row['n_rank_key'])}")
    return sep.join(parts)
