"""差距监测 — are the key counties catching up? Group medians, growth and ratios between two years.

Plain pandas on the rows of ``queries/gap_values.sql`` (adcode, province_adcode, grp, year,
value, …). The one rule behind every figure: **only counties with a value in both the first
and the latest year count** (the "panel"); medians, ratios and growth are computed on the
panel, and the page says how many counties that was. Growth is the compound annual rate
``(latest / first) ** (1 / years) - 1``; it needs two positive values. Money series are
nominal (no deflator with a source exists in ``data/``).
"""

from __future__ import annotations

import math
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


# --- the panel and growth -----------------------------------------------------------------
def cagr(first: pd.Series | float, latest: pd.Series | float, years: int) -> pd.Series | float:
    """Compound annual growth ``(latest/first)**(1/years) - 1``; NaN unless both values are positive."""
    if years <= 0:
        raise ValueError("the latest year must come after the first")
    a = pd.Series(first, dtype="float64") if not np.isscalar(first) else pd.Series([first], dtype="float64")
    b = pd.Series(latest, dtype="float64") if not np.isscalar(latest) else pd.Series([latest], dtype="float64")
    a.index = b.index
    valid = (a > 0) & (b > 0)
    rate = (b.where(valid) / a.where(valid)) ** (1.0 / years) - 1.0
    return float(rate.iloc[0]) if np.isscalar(first) and np.isscalar(latest) else rate


def panel(values: pd.DataFrame, first: int, latest: int) -> pd.DataFrame:
    """One row per county with a value in both years: place columns, ``v0``, ``v1``, ``cagr``.

    Counties with only one of the two years are left out (the both-years rule).
    """
    if latest <= first:
        raise ValueError("the latest year must come after the first")
    place = ["adcode", "name", "prefecture", "province", "province_adcode", "grp"]
    place = [column for column in place if column in values.columns]
    ends = values[values["year"].isin([first, latest]) & values["value"].notna()]
    wide = ends.pivot_table(index="adcode", columns="year", values="value", aggfunc="first")
    wide = wide.reindex(columns=[first, latest]).dropna()
    info = values[place].drop_duplicates("adcode").set_index("adcode")
    out = info.loc[wide.index].assign(v0=wide[first], v1=wide[latest])
    out["cagr"] = cagr(out["v0"], out["v1"], latest - first)
    return out.reset_index()


def coverage(values: pd.DataFrame, first: int, latest: int) -> dict[str, int]:
    """How many counties have the first year, the latest year, and both."""
    have = values[values["value"].notna()]
    a = set(have.loc[have["year"] == first, "adcode"])
    b = set(have.loc[have["year"] == latest, "adcode"])
    return {"first": len(a), "latest": len(b), "both": len(a & b)}


# --- group medians and the key/other ratio ------------------------------------------------
def group_medians(rows: pd.DataFrame, years: int) -> pd.DataFrame:
    """Per group (in ``GROUPS`` order): n, median first/latest, growth of the median, median county growth."""
    grouped = rows.groupby("grp")
    table = pd.DataFrame(
        {
            "n": grouped.size(),
            "median0": grouped["v0"].median(),
            "median1": grouped["v1"].median(),
            "median_cagr": grouped["cagr"].median(),
        }
    ).reindex(list(GROUPS))
    table["n"] = table["n"].fillna(0).astype(int)
    table["cagr_of_median"] = cagr(table["median0"], table["median1"], years)
    return table.rename_axis("grp")


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

    One grouped pass over (province, group) rather than ``group_medians`` per province: a first
    view of a new indicator or year range paid ~0.3 s for the per-province loop."""
    grouped = rows.groupby(["province_adcode", "province", "grp"], sort=True, observed=True)
    stats = pd.DataFrame({"n": grouped.size(), "median0": grouped["v0"].median(), "median1": grouped["v1"].median()})
    wide = stats.unstack("grp").reindex(columns=pd.MultiIndex.from_product([stats.columns, GROUPS]))
    counts = wide["n"].fillna(0).astype(int)
    enough = (counts["national"] >= min_n) & (counts["poverty832"] >= min_n)
    out = pd.DataFrame(
        {
            **{f"n_{grp}": counts[grp] for grp in GROUPS},
            "median0_national": wide[("median0", "national")],
            "median1_national": wide[("median1", "national")],
            "median0_poverty832": wide[("median0", "poverty832")],
            "median1_poverty832": wide[("median1", "poverty832")],
        }
    )
    out["ratio0"] = (out["median0_national"] / out["median0_poverty832"]).where(enough)
    out["ratio1"] = (out["median1_national"] / out["median1_poverty832"]).where(enough)
    out["change"] = out["ratio1"] - out["ratio0"]
    out["trend"] = [gap_trend(r0, r1) for r0, r1 in zip(out["ratio0"], out["ratio1"], strict=True)]
    return out.reset_index()


# --- per county ---------------------------------------------------------------------------
def county_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Per panel county: ratio to its province median (panel counties of that province) in both
    years and its change; the national key-county medians; growth rank in the province and among
    national key counties (1 = fastest)."""
    out = rows.copy()
    by_province = out.groupby("province_adcode")
    out["prov_median0"] = by_province["v0"].transform("median")
    out["prov_median1"] = by_province["v1"].transform("median")
    out["prov_n"] = by_province["adcode"].transform("size").astype(int)
    out["ratio0"] = out["v0"] / out["prov_median0"].where(out["prov_median0"] != 0)
    out["ratio1"] = out["v1"] / out["prov_median1"].where(out["prov_median1"] != 0)
    out["ratio_change"] = out["ratio1"] - out["ratio0"]
    out["rank_province"] = by_province["cagr"].rank(ascending=False, method="min")
    out["n_rank_province"] = by_province["cagr"].transform("count").astype(int)
    key = out["grp"] == "national"
    out["key_median0"] = out.loc[key, "v0"].median()
    out["key_median1"] = out.loc[key, "v1"].median()
    out["rank_key"] = out["cagr"].where(key).rank(ascending=False, method="min")
    out["n_rank_key"] = int(out.loc[key, "cagr"].notna().sum())
    out.loc[~key, "n_rank_key"] = 0
    return out


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
    The same for every county of the panel: ``trajectory`` takes it made once. (Grouped on integer
    codes: on the adcode strings the pandas passes took twice as long.)"""
    panel = pd.Index(rows["adcode"])
    at = panel.get_indexer(values["adcode"])
    keep = (at >= 0) & values["value"].notna().to_numpy()
    at = at[keep]
    codes, provinces = pd.factorize(rows["province_adcode"], sort=True)
    members = pd.DataFrame({"province": codes[at], "year": values["year"].to_numpy()[keep],
                            "value": values["value"].to_numpy()[keep]})  # fmt: skip
    by_province = members.groupby(["province", "year"], as_index=False)["value"].median()
    by_province.insert(0, "province_adcode", provinces.to_numpy(dtype=object)[by_province.pop("province")])
    key = members[(rows["grp"] == "national").to_numpy()[at]].groupby("year", as_index=False)["value"].median()
    key.insert(0, "province_adcode", None)
    return pd.concat([by_province.assign(series="province_median"), key.assign(series="key_median")], ignore_index=True)


def trajectory(values: pd.DataFrame, rows: pd.DataFrame, adcode: str, medians: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long frame (year, series, value) for one county: its values, its province median and the
    national key-county median per year, medians over the panel counties that have that year
    (``medians``: ``trajectory_medians(values, rows)``, made here when not given).

    Empty when the county is not in the panel (it lacks the first or the latest year).
    """
    if adcode not in set(rows["adcode"]):
        return pd.DataFrame(columns=["year", "series", "value"])
    medians = trajectory_medians(values, rows) if medians is None else medians
    province = rows.loc[rows["adcode"] == adcode, "province_adcode"].iloc[0]
    own = values[(values["adcode"] == adcode) & values["value"].notna()][["year", "value"]].assign(series="county")
    parts = [own]
    for name, part in (("province_median", medians[medians["province_adcode"] == province]),
                       ("key_median", medians[medians["province_adcode"].isna()])):  # fmt: skip
        part = part[part["series"] == name]
        if not part.empty:
            parts.append(part[["year", "value", "series"]])
    return pd.concat(parts, ignore_index=True)[["year", "series", "value"]].sort_values(["series", "year"])


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
    by_code = shown.set_index("adcode")[column]
    fills = {code: classes.color_of(by_code.get(code)) for code in with_values}
    counted = by_code.map(classes.class_of)
    labels = diverging_labels(classes, t("unchanged"), lang)
    legend = [LegendRow(color, label, int((counted == i).sum())) for i, (color, label) in
              enumerate(zip(classes.colors, labels, strict=True))]
    legend.append(LegendRow(NO_DATA_COLOR, t("not_both"), len(set(with_values) - set(shown["adcode"]))))
    cited = [provenance.joined(row) for row in sources.drop_duplicates("source_id").itertuples()]
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
    used = values.loc[values["year"].isin([first, latest]), ["year", "source_id"]].drop_duplicates()
    grouping = pd.DataFrame({"indicator_id": GROUP_ID, "year": pd.NA, "source_id": list(GROUP_SOURCES)})
    used = pd.concat([used.assign(indicator_id=indicator), grouping], ignore_index=True)
    joined = sources.rename(columns={c: f"source_{c}" for c in sources.columns if c != "source_id"})
    rows = used.merge(joined, on="source_id", how="left")
    return rows[["indicator_id", "year", "source_id", *[c for c in joined if c != "source_id"]]]


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
