"""County brief (县情简报): one A4 PDF page per county, for meetings.

Each page: title with the support level and the URL that states it, a locator map, key
indicators with year and numbered source (unverified sources marked as ``geo.provenance`` says), ranks within
the province and among national key counties, relocation sites, infrastructure, and a
footer listing the sources, the datum and the date. Missing values print as 无数据.

    python -m geo.brief --county 530326 --out brief.pdf
    python -m geo.brief --province 云南省 --level national --out yunnan.pdf
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from geo import db, gap, provenance
from geo.completeness import incomplete_provinces
from geo.fmt import format_value, is_missing
from geo.fonts import bold_font, use_in_matplotlib
from geo.i18n import level_label, translator
from geo.printmap import DATUM_LABEL, HIGHLIGHT, Layers, draw_map, load_layers
from geo.provenance import joined
from geo.sources import SELECTION_CRITERIA

A4 = (8.27, 11.69)
MAX_COUNTIES = 200  # a province has at most ~130 county-level units
MAX_SITES_LISTED = 8
ROW_STEP = 0.0155  # table row height as a fraction of the page
FOOTER_STEP = 0.0105  # footer line height (6.5 pt × 1.35)
FOOTER_WIDTH = 160  # footer line width in half-width characters (6.5 pt)
ADCODE = re.compile(r"^\d{6}$")
LEVELS = ("national", "provincial", "all")

KEY_INDICATORS = [
    *SELECTION_CRITERIA, "pop_census", "pop_year_end", "area_km2", "pop_density", "urban_share_pct", "ethnic_minority_pct",
    "share_65plus_pct", "avg_years_schooling", "illiteracy_rate_pct", "housing_m2_per_capita",
    "gdp", "urban_income", "public_budget_income", "medical_beds",
]
RANK_INDICATORS = [*SELECTION_CRITERIA, "pop_census", "pop_density", "gdp", "urban_income", "avg_years_schooling"]
INFRA_INDICATORS = ["dist_rail_km", "dist_airport_km"]
PER_CAPITA = {"rural_income", "urban_income", "public_budget_income_per_capita"}
MAX_TRAJECTORIES = 2  # yearly series shown as a trajectory (差距监测), policy series first
TRAJECTORY_FIRST = ["rural_income", "gdp", "public_budget_income_per_capita", "public_budget_income"]
TRAJECTORY_COLORS = {"county": "#b3261e", "province_median": "#8c8c8c", "key_median": "#f08c3a"}
# Sources behind the county table's flags (support list, ethnic/三区三州 rules, 832 list, rail/airport).
FLAG_SOURCES = ["key_list_rows", "county_flags_rules", "poverty832_clebeech", "infra_flags", "cnmaps"]

BRIEF_LABELS: dict[str, tuple[str, str]] = {
    "brief": ("县情简报", "County brief"),
    "support_source": ("名单来源", "List source"),
    "more_sources": ("（另有{n}条来源，见县情档案）", " (+{n} more sources in the county profile)"),
    "facts": ("基本情况", "Basic facts"),
    "infra_title": ("基础设施", "Infrastructure"),
    "value": ("数值", "Value"),
    "indicators": ("主要指标与位次", "Key indicators and ranks"),
    "ranks": (
        "位次：数值由高到低排列（第1位数值最大），只与同一年份的数据比较；国家重点帮扶县按库内已收录名单计。",
        "Rank: 1 = highest value, compared within the same year only; national key counties as listed in the database.",
    ),
    "rank_province": ("省内位次", "In province"),
    "rank_national": ("国家重点县中", "Among national"),
    "site": ("安置点", "Site"),
    "township": ("乡镇", "Township"),
    "population": ("搬迁人口", "Population"),
    "size": ("规模", "Size"),
    "precision": ("定位精度", "Location"),
    "no_sites": ("本县无安置点记录（无数据）", "No relocation site on record (no data)"),
    "sites_total": ("共 {n} 处，合计 {pop} 人", "{n} sites, {pop} persons in total"),
    "sites_more": ("；另有 {m} 处未列出", "; {m} more not listed"),
    "exit_year": ("{y}年摘帽", "exited {y}"),
    "railway": ("铁路站点（代理）", "Rail station (proxy)"),
    "airport": ("民用机场", "Civil airport"),
    "expressway": ("高速公路", "Expressway"),
    "has": ("有", "yes"),
    "has_not": ("无", "none"),
    "infra_note": (
        "铁路为代理指标：县内有客运站或乘降所（约2021年站点数据）；高速公路数据暂缺。",
        "Railway is a proxy: a station or halt inside the county (c. 2021 station data); no expressway data.",
    ),
    "trajectory_title": ("发展轨迹（与全省、国家重点帮扶县中位数比较）", "Trajectory (against province and key-county medians)"),
    "trajectory_note": (
        "只计两个年份都有数据的县；全省中位数为本省有数据的县（多为原贫困县）；货币指标为名义值。",
        "Only counties with values in both years count; province median over the province's counties with data "
        "(mostly former poverty counties); money series are nominal.",
    ),
    "no_trajectory": ("无两个以上年份的数据（无数据）", "No series with two or more years (no data)"),
    "precision_exact": ("精确坐标", "exact"),
    "precision_township": ("乡镇驻地（近似）", "township seat (approx.)"),
    "precision_county": ("县域代表点（近似）", "county point (approx.)"),
    "size_ge10000": ("万人以上", "≥10,000"),
    "size_3000_9999": ("3000—9999人", "3,000–9,999"),
    "size_800_2999": ("800—2999人", "800–2,999"),
    "size_lt800": ("800人以下", "<800"),
}


class BriefError(ValueError):
    """Bad request for a brief (unknown county or province, nothing to print, too many)."""


class ProvinceSelection(NamedTuple):
    """The key counties of one province at one level, with the published total if known."""

    adcode: str
    name: str
    adcodes: list[str]
    expected: int | None


def counties_for_province(con: duckdb.DuckDBPyConnection, query: str, level: str) -> ProvinceSelection:
    """Key counties of a province (name, name prefix or adcode) at ``level``; unknown or ambiguous → BriefError."""
    if level not in LEVELS:
        raise BriefError(f"未知的帮扶级别 unknown level: {level!r} ({'/'.join(LEVELS)})")
    query = query.strip()[:40]
    found = db.run(con, "brief_province", {"query": query}) if query else pd.DataFrame()
    if found.empty:
        raise BriefError(f"未找到省份 unknown province: {query!r}")
    exact = found[(found["name"] == query) | (found["adcode"] == query)]
    if exact.empty and len(found) > 1:
        raise BriefError(f"省份名称不唯一 ambiguous province: {query!r} → {'、'.join(found['name'])}")
    province = (exact if not exact.empty else found).iloc[0]
    adcodes = db.run(con, "brief_province_counties", {"province": province["adcode"], "level": level})
    if adcodes.empty:
        raise BriefError(f"{province['name']} 没有该级别的重点帮扶县 no key counties at level {level!r}")
    total = db.run(con, "brief_level_total", {"province": province["adcode"], "level": level})
    expected = int(total["expected"].iloc[0]) if len(total) == 1 else None
    return ProvinceSelection(str(province["adcode"]), str(province["name"]), adcodes["adcode"].tolist(), expected)


def check_counties(con: duckdb.DuckDBPyConnection, adcodes: Sequence[str]) -> pd.DataFrame:
    """The county rows for ``adcodes`` in order; malformed, unknown or too many → BriefError."""
    codes = list(dict.fromkeys(code.strip() for code in adcodes))
    if not codes:
        raise BriefError("没有指定县 no county given")
    if len(codes) > MAX_COUNTIES:
        raise BriefError(f"一次最多 {MAX_COUNTIES} 个县 at most {MAX_COUNTIES} counties per brief")
    malformed = [code for code in codes if not ADCODE.match(code)]
    if malformed:
        raise BriefError(f"行政区划代码应为6位数字 adcodes must be 6 digits: {', '.join(malformed[:5])}")
    rows = db.run(con, "brief_county", {"adcodes": codes})
    unknown = sorted(set(codes) - set(rows["adcode"]))
    if unknown:
        raise BriefError(f"未找到县级行政区划代码 unknown county adcode: {', '.join(unknown[:5])}")
    return rows


class _Sources:
    """Numbers the sources cited on a page in order of first use: [1], [2], …"""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def cite(self, source_id: object) -> str:
        if is_missing(source_id):
            return ""
        if source_id not in self.ids:
            self.ids.append(str(source_id))
        return f"[{self.ids.index(str(source_id)) + 1}]"


def _text_rows(fig: Figure, top: float, header: list[str], rows: list[list[str]], xs: list[float],
               size: float = 7.6, step: float = ROW_STEP) -> float:
    """A plain table in figure coordinates (columns start at ``xs``); returns the y below it."""
    for x, text in zip(xs, header, strict=True):
        fig.text(x, top, text, fontproperties=bold_font(size), color="#333333", va="top")
    y = top - step
    fig.add_artist(_rule(top - step * 0.72))
    for row in rows:
        for x, text in zip(xs, row, strict=True):
            fig.text(x, y, text, fontsize=size, va="top")
        y -= step
    return y


def _rule(y: float, x0: float = 0.06, x1: float = 0.94):
    from matplotlib.lines import Line2D

    return Line2D([x0, x1], [y, y], color="#bbbbbb", linewidth=0.5)


def _heading(fig: Figure, y: float, text: str, x: float = 0.06) -> float:
    fig.text(x, y, text, fontproperties=bold_font(11), color="#8b1a1a", va="top")
    return y - 0.024


def _value(row: dict, lang: str) -> str:
    decimals = None if is_missing(row["decimals"]) else int(row["decimals"])
    return format_value(row["value"], row["unit"], lang, decimals, per_capita=row["indicator_id"] in PER_CAPITA)


def _year(value: object, lang: str) -> str:
    if is_missing(value):
        return "—"
    return f"{int(value)}年" if lang == "zh" else str(int(value))


def _rank(rank: object, count: object, lang: str) -> str:
    return translator(lang)("no_data") if is_missing(rank) else f"{int(rank)} / {int(count)}"


def _source_mark(row: dict, sources: _Sources, lang: str) -> str:
    """'[n]' (+ the unverified flag) for a shown value; nothing when the value is missing."""
    if is_missing(row["value"]):
        return ""
    mark = sources.cite(row["source_id"])
    return f"{mark} {provenance.status(joined(row), lang)}" if provenance.is_unverified(joined(row)) else mark


def _page(
    fig: Figure, con: duckdb.DuckDBPyConnection, county: pd.Series, layers: Layers, lang: str, when: date,
    list_note: str = "",
) -> None:
    t = translator(lang, BRIEF_LABELS)
    name_col = "name_zh" if lang == "zh" else "name_en"
    sources = _Sources()
    adcode = county["adcode"]

    fig.text(0.06, 0.965, f"{county['name']}  {t('brief')}", fontproperties=bold_font(20), va="top")
    place = f"{county['province']} · {county['prefecture']} · {t('adcode')} {adcode}"
    fig.text(0.06, 0.928, place, fontsize=10, color="#333333", va="top")
    if list_note:
        fig.text(0.94, 0.928, list_note, fontsize=8, color="#6a3d9a", va="top", ha="right")
    level = level_label(county["support_level"], lang)
    support = level
    if not is_missing(county["support_source_url"]):
        kind = provenance.kind_label(county["support_source_kind"], lang)
        more = county["support_source_count"]
        also = "" if is_missing(more) or int(more) <= 1 else t("more_sources").format(n=int(more) - 1)
        support += (
            f"    {t('support_source')}{sources.cite('key_list_rows')}（{kind}）：{county['support_source_url']}{also}"
        )
    fig.text(0.06, 0.908, support, fontsize=7.5, color="#8b1a1a", va="top", wrap=True)

    ax = fig.add_axes((0.05, 0.62, 0.44, 0.265))
    draw_map(ax, layers, {adcode: HIGHLIGHT}, highlight=adcode, inset=False, lang=lang)

    indicators = db.run(con, "brief_indicators", {"adcode": adcode, "indicators": KEY_INDICATORS + INFRA_INDICATORS})
    by_id = {row["indicator_id"]: row for row in indicators.to_dict("records")}
    flag_mark = sources.cite("county_flags_rules")
    poverty_mark = sources.cite("poverty832_clebeech")
    infra_mark = sources.cite("infra_flags")

    def yes_no(value: object, positive: str = "yes", negative: str = "no") -> str:
        return t("no_data") if is_missing(value) else t(positive if value else negative)

    poverty = yes_no(county["is_poverty832"])
    if county["is_poverty832"] is True and not is_missing(county["poverty_exit_year"]):
        poverty += "（" + t("exit_year").format(y=int(county["poverty_exit_year"])) + "）"
    y = _heading(fig, 0.875, t("facts"), x=0.52)
    facts = [
        f"{t('ethnic')}：{yes_no(county['is_ethnic_area'])}{flag_mark}",
        f"{t('sanqu')}：{yes_no(county['is_sanqu_sanzhou'])}{flag_mark}",
        f"{t('poverty832')}：{poverty}{poverty_mark}",
    ]
    y = _heading(fig, _lines(fig, y, facts) - 0.008, t("infra_title"), x=0.52)
    infra = [
        f"{t('railway')}：{yes_no(county['has_railway'], 'has', 'has_not')}{infra_mark}",
        f"{t('airport')}：{yes_no(county['has_airport'], 'has', 'has_not')}{infra_mark}",
        f"{t('expressway')}：{t('no_data')}",
    ]
    for indicator_id in INFRA_INDICATORS:
        row = by_id[indicator_id]
        infra.append(
            f"{row[name_col]}：{_value(row, lang)}（{_year(row['year'], lang)}）{_source_mark(row, sources, lang)}"
        )
    y = _lines(fig, y, infra)
    fig.text(0.52, y - 0.004, t("infra_note"), fontsize=6.5, color="#666666", va="top", wrap=True)

    y = _heading(fig, 0.605, t("indicators"))
    ranks = db.run(con, "brief_ranks", {"adcode": adcode, "indicators": RANK_INDICATORS}).set_index("indicator_id")
    national = county["support_level"] == "national"
    rows = []
    for indicator_id in KEY_INDICATORS:
        row = by_id[indicator_id]
        cells = [row[name_col], _value(row, lang), _year(row["year"], lang), _source_mark(row, sources, lang), "", ""]
        if indicator_id in ranks.index:
            rank = ranks.loc[indicator_id]
            cells[4] = _rank(rank["rank_province"], rank["n_province"], lang)
            cells[5] = _rank(rank["rank_national"], rank["n_national"], lang) if national else "—"
        elif indicator_id in RANK_INDICATORS:
            cells[4] = cells[5] = t("no_data")
        rows.append(cells)
    header = [t("indicator"), t("value"), t("year"), t("source"), t("rank_province"), t("rank_national")]
    y = _text_rows(fig, y, header, rows, [0.06, 0.37, 0.51, 0.59, 0.71, 0.82])
    fig.text(0.06, y, t("ranks"), fontsize=6.5, color="#666666", va="top")

    y = _trajectory(fig, con, adcode, _heading(fig, y - 0.022, t("trajectory_title")), lang, sources, t)

    y = _heading(fig, y - 0.012, t("sites"))
    sites = db.run(con, "brief_sites", {"adcode": adcode})
    for source_id in sites["source_id"].drop_duplicates():
        sources.cite(source_id)
    sources.cite("cnmaps")
    bottom = _footer(fig, con, sources.ids, lang, when) + 0.012
    if sites.empty:
        fig.text(0.06, y, t("no_sites"), fontsize=7.8, va="top")
        return
    room = max(1, min(MAX_SITES_LISTED, int((y - bottom) / ROW_STEP) - 2))
    site_rows = [
        [
            str(site["name"])[:22],
            "" if is_missing(site["township"]) else str(site["township"]),
            format_value(site["population"], "人", lang, per_capita=True),
            t(f"size_{site['size_class']}") if not is_missing(site["size_class"]) else t("no_data"),
            t(f"precision_{site['location_precision']}") + sources.cite(site["source_id"]),
        ]
        for site in sites.head(room).to_dict("records")
    ]
    y = _text_rows(fig, y, [t("site"), t("township"), t("population"), t("size"), t("precision")], site_rows,
                   [0.06, 0.40, 0.54, 0.66, 0.78])
    total = t("sites_total").format(n=len(sites), pop=f"{int(sites['population'].sum()):,}")
    if len(sites) > room:
        total += t("sites_more").format(m=len(sites) - room)
    fig.text(0.06, y, total, fontsize=7, color="#444444", va="top")


def county_trajectories(con: duckdb.DuckDBPyConnection, adcode: str) -> list[dict]:
    """Up to ``MAX_TRAJECTORIES`` yearly series of ``KEY_INDICATORS`` for one county (geo.gap):
    catalogue row, years used (the county's first and latest in 2020–2023), its gap-table row and
    its trajectory against the province and national key-county medians."""
    catalog = gap.yearly_series(db.run(con, "indicator_catalog")).set_index("indicator_id")
    found = []
    order = dict.fromkeys([*TRAJECTORY_FIRST, *KEY_INDICATORS])
    series = gap.SeriesValues.read(con, [code for code in order if code in catalog.index])
    for indicator in series.bounds:
        values = series.values(indicator, *gap.WINDOW)
        years = gap.default_years(sorted(values.loc[values["adcode"] == adcode, "year"].astype(int).unique()))
        if years is None:
            continue
        rows = gap.county_table(gap.panel(values, *years))
        path = gap.trajectory(values, rows, adcode)
        if not path.empty:
            row = rows.set_index("adcode").loc[adcode]
            found.append({"meta": catalog.loc[indicator], "years": years, "row": row, "path": path})
        if len(found) == MAX_TRAJECTORIES:
            break
    return found


def _trajectory(fig: Figure, con: duckdb.DuckDBPyConnection, adcode: str, top: float, lang: str,
                sources: _Sources, t: Callable[[str], str]) -> float:
    """A small chart of the first series and one line per series; returns the y below them."""
    found = county_trajectories(con, adcode)
    if not found:
        fig.text(0.06, top, t("no_trajectory"), fontsize=7.8, va="top")
        return top - ROW_STEP
    labels = translator(lang, gap.GAP_LABELS)
    book = provenance.SourceBook(db.run(con, "sources_list"))
    first = found[0]
    ax = fig.add_axes((0.09, top - 0.072, 0.23, 0.064))
    for series, color in TRAJECTORY_COLORS.items():
        part = first["path"][first["path"]["series"] == series]
        name = labels("this_county" if series == "county" else series)
        ax.plot(part["year"], part["value"], color=color, marker="o", markersize=2.5, linewidth=1.2, label=name)
    ax.set_xticks(sorted(first["path"]["year"].unique()))
    ax.tick_params(labelsize=5)
    ax.legend(fontsize=4.6, frameon=False, loc="best")
    name_col = "name_zh" if lang == "zh" else "name_en"
    ax.set_title(str(first["meta"][name_col]), fontsize=6, loc="left")
    y = top
    for item in found:
        meta = item["meta"]
        unit = meta["unit"] if isinstance(meta["unit"], str) else ""
        decimals = None if is_missing(meta["decimals"]) else int(meta["decimals"])

        def fmt(value: object, unit: str = unit, decimals: int | None = decimals) -> str:
            return format_value(value, unit, lang, decimals, per_capita=unit == "元")

        source = book.get(meta["source_id"])
        mark = sources.cite(meta["source_id"])
        mark += f" {provenance.status(source, lang)}" if provenance.is_unverified(source) else ""
        text = f"{meta[name_col]}{mark}：{gap.county_line(item['row'], *item['years'], lang, fmt)}"
        for line in _pack(text, "；" if lang == "zh" else "; ", 100):
            fig.text(0.36, y, line, fontsize=6.2, va="top")
            y -= 0.0112
        y -= 0.003
    for line in _wrap(t("trajectory_note"), 100):
        fig.text(0.36, y, line, fontsize=6.2, color="#666666", va="top")
        y -= 0.0112
    return min(y, top - 0.085) - 0.004


def _pack(text: str, separator: str, width: int) -> list[str]:
    """Lines of at most ``width`` units that break after ``separator`` where they can (numbers stay whole)."""
    pieces = [part + separator for part in text.split(separator)]
    pieces[-1] = pieces[-1][: -len(separator)]
    lines: list[str] = []
    for piece in pieces:
        candidate = (lines[-1] if lines else "") + piece
        if lines and _units(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.extend(_wrap(("  " if lines else "") + piece, width))
    return lines


def _units(text: str) -> int:
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _lines(fig: Figure, top: float, lines: list[str], x: float = 0.52, step: float = 0.0175) -> float:
    for line in lines:
        fig.text(x, top, line, fontsize=8, va="top")
        top -= step
    return top


def _wrap(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most ``width`` units (a CJK character counts two)."""
    lines, line, used = [], "", 0
    for char in text:
        size = 2 if ord(char) > 0x2E80 else 1
        if used + size > width:
            lines.append(line)
            line, used = "  ", 2
        line += char
        used += size
    return [*lines, line]


def _footer(fig: Figure, con: duckdb.DuckDBPyConnection, source_ids: list[str], lang: str, when: date) -> float:
    """Numbered sources, datum and date at the foot of the page; returns the footer's top."""
    t = translator(lang, BRIEF_LABELS)
    cited = db.run(con, "brief_sources", {"source_ids": source_ids})
    entries = []
    for number, row in enumerate(cited.to_dict("records"), start=1):
        entries.append(provenance.source_label(row, lang, "footnote", number))
    entries.append(f"{t('datum')}：{DATUM_LABEL}    {t('made')}：{when.isoformat()}    {t('datum_note')}")
    lines = [part for entry in entries for part in _wrap(entry, FOOTER_WIDTH)]
    top = 0.012 + FOOTER_STEP * len(lines)
    fig.add_artist(_rule(top + 0.004))
    fig.text(0.06, 0.012, "\n".join(lines), fontsize=6.5, color="#444444", va="bottom", linespacing=1.35)
    return top + 0.004


def brief_pdf(con: duckdb.DuckDBPyConnection, adcodes: Sequence[str], lang: str = "zh",
              when: date | None = None) -> bytes:
    """The brief for ``adcodes`` (one A4 page each, in order) as PDF bytes.

    Raises ``BriefError`` for malformed or unknown adcodes, or more than ``MAX_COUNTIES``.
    """
    use_in_matplotlib()
    counties = check_counties(con, adcodes)
    when = when or date.today()
    layers: dict[str, Layers] = {}
    short = {p.adcode: p for p in incomplete_provinces(db.run(con, "key_county_progress"))}
    buffer = io.BytesIO()
    metadata = {"Title": translator(lang, BRIEF_LABELS)("brief"), "Creator": "Key County Atlas"}
    with PdfPages(buffer, metadata=metadata) as pdf:
        for county in counties.to_dict("records"):
            province = county["province_adcode"]
            if province not in layers:
                layers[province] = load_layers(con, province)
            fig = Figure(figsize=A4)
            note = short[province].brief_note(lang) if province in short else ""
            _page(fig, con, pd.Series(county), layers[province], lang, when, note)
            pdf.savefig(fig)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="县情简报 County brief → A4 PDF, one page per county")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--county", action="append", metavar="ADCODE", help="6-digit county adcode (repeatable)")
    target.add_argument("--province", metavar="NAME_OR_ADCODE", help="all key counties of a province (云南省, 530000)")
    parser.add_argument("--level", choices=LEVELS, default="national", help="support level with --province")
    parser.add_argument("--out", type=Path, required=True, help="PDF file to write")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args(argv)

    from geo.build import ensure_database

    con = db.connect(ensure_database(report=lambda message: print(message, file=sys.stderr)))
    try:
        adcodes = args.county
        if args.province:
            selection = counties_for_province(con, args.province, args.level)
            adcodes = selection.adcodes
            published = f" (published total: {selection.expected})" if selection.expected else ""
            print(f"{selection.name} {args.level}: {len(adcodes)} counties in the database{published}", file=sys.stderr)
        pdf = brief_pdf(con, adcodes, args.lang)
    except BriefError as error:
        print(f"错误 error: {error}", file=sys.stderr)
        return 2
    finally:
        con.close()
    args.out.write_bytes(pdf)
    print(f"wrote {args.out} ({len(adcodes)} pages)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
