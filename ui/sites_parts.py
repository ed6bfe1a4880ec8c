"""The relocation-sites page's figures, made once per process: the coverage panel per language,
and per (language, size classes, key-only, zoomed area) the points, tables and print points.
The page (``pages/sites.py``) reads its URL state and emits these."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from geo import maps, printmap
from geo.fmt import format_count, format_value
from geo.i18n import level_label, translator
from geo.point_layers import SIZE_COLORS, sites_legend_html
from geo.safetext import Markup, fmt, join
from geo.site_points import SIZE_CLASS_ORDER, precision_label, site_points, size_class_label
from ui import layers, memo
from ui.folium_adapter import RenderedLayer
from ui.frozen import FrozenDict
from ui.overview_parts import CARD, CARD_ROW
from ui.prepared import compact_table
from ui.state import query, source_book

LABELS = {
    "title": ("易地扶贫搬迁安置点", "Poverty-relief relocation sites"),
    "intro": (
        "圆面积与安置人数成正比。来源都没有给出坐标：已知所在乡镇的安置点画在乡镇驻地（乡镇驻地，位置近似），"
        "其余画在所在县的代表点（县域代表点，位置近似）；虚线空心＝位置近似。",
        "Circle area is proportional to the people resettled. No source gives coordinates: a site whose township "
        "is known is drawn at the township seat (approximate), the others at their county's representative point "
        "(approximate); dashed, hollow = approximate location.",
    ),
    "filters": ("安置点筛选", "Site filters"),
    "key_only": ("仅重点帮扶县", "Key counties only"),
    "clustered": ("全国视图下聚合", "Cluster at national zoom"),
    "coverage": ("数据覆盖与官方数字", "What the data covers vs the official figures"),
    "large_national": ("万人以上集中安置点（全国）", "Sites over 10,000 people (China)"),
    "large_key": ("其中在重点帮扶县", "… of which in key counties"),
    "large_zhaotong": ("昭通市万人以上安置点", "Sites over 10,000 people in 昭通"),
    "by_precision": ("按定位精度", "By location precision"),
    "in_data": ("数据中", "in our data"),
    "coverage_note": (
        "数据中的 {large} 个万人以上安置点 = 广西安置点名录 {registry} 个 + 新闻报道 {news} 个；"
        "未找到全国66个万人以上安置点（或重点帮扶县内43个）的公开名单，也没有任何安置点坐标。"
        "广西为全区名录（{sites} 个安置点中的绝大多数），其他省份只有新闻点名的大型安置点，"
        "因此各省合计不代表全省，数据与官方数字之差是“未收录”，不是“不存在”。",
        "The {large} sites over 10,000 people in the data = {registry} from the Guangxi site registry + {news} "
        "named in news reports. No public list of the 66 large sites (or the 43 in key counties) was found, and no "
        "source gives coordinates. Guangxi is a full registry (most of the {sites} sites); other provinces only "
        "have large sites named in the news, so province totals are not province totals, and the gap to the "
        "official figures means 'not in our data', not 'does not exist'.",
    ),
    "zoom": ("缩放到", "Zoom to"),
    "whole_country": ("全国", "China"),
    "zoom_note": ("列表与合计只含{place}的安置点。", "Lists and totals show only the sites in {place}."),
    "no_sizes": ("请至少选择一个规模等级。", "Pick at least one size class."),
    "clicked": ("已选安置点", "Selected site"),
    "tab_sites": ("安置点列表", "Sites"),
    "tab_county": ("按县汇总", "By county"),
    "tab_province": ("按省汇总", "By province"),
    "col_name": ("安置点", "Site"),
    "col_population": ("搬迁人口", "People relocated"),
    "col_size": ("规模", "Size class"),
    "col_precision": ("位置精度", "Location"),
    "col_note": ("人口口径", "Population note"),
    "col_sites": ("安置点数", "Sites"),
    "col_large": ("万人以上", "Over 10,000"),
    "totals_note": (
        "合计只包括数据中收录的安置点（广西为全区名录，其他省份仅新闻报道的万人以上安置点）。",
        "Totals cover only the sites in our data (all of Guangxi; elsewhere only large sites named in the news).",
    ),
}

# (official figure id, label, coverage column counting the same thing in our data)
FIGURES = (
    ("large_sites_national", "large_national", "large_sites"),
    ("large_sites_in_key_counties", "large_key", "large_sites_key"),
    ("zhaotong_large_sites", "large_zhaotong", "large_sites_prefecture"),
)
ZHAOTONG = "530600"
KEY_FILLS = {"national": "#f3d3cf", "provincial": "#fbe3cc"}


@dataclass(frozen=True)
class Metric:
    """One coverage tile: label, 'ours / official', and the official figure's caption parts (or None)."""

    label: str
    value: str
    official: tuple[str, str, str, str] | None  # (label, statement, source, as of): untrusted, escaped when shown


@dataclass(frozen=True)
class Coverage:
    metrics: tuple[Metric, ...]
    precision_label: str
    precision_value: str
    precision_caption: str
    sources: str
    note: dict  # the coverage note's numbers (read-only)
    cards: Markup  # the tiles above as one HTML block (ui.overview_parts.CARD_ROW): one element, not fifteen


@memo.shared(maxsize=8)
def coverage_panel(version: tuple[str, float], lang: str) -> Coverage:
    """The data's coverage beside the official figures, once per database version and language."""
    t = translator(lang, LABELS)
    coverage = query("sites_coverage", {"prefecture": ZHAOTONG}).iloc[0]
    official = query("sites_official_figures", {"figure_ids": [f[0] for f in FIGURES]}).set_index("figure_id")
    metrics = []
    for figure_id, label, data_column in FIGURES:
        figure = official.loc[figure_id] if figure_id in official.index else None
        official_text = t("no_data") if figure is None else format_count(figure.value, lang)
        metrics.append(Metric(
            t(label), f"{format_count(coverage[data_column], lang)} / {official_text}",
            None if figure is None else (t("official"), str(figure.statement_zh), str(figure.source), str(figure.as_of)),
        ))  # fmt: skip
    precision = (
        f"{t('by_precision')}：{precision_label('township', lang)}",
        f"{format_count(coverage.sites_township, lang)} / {format_count(coverage.sites, lang)}",
        " · ".join(
            f"{precision_label(code, lang)} {format_count(coverage[f'sites_{code}'], lang)}"
            for code in ("township", "county", "exact")
        ),
    )
    sources = source_book(version).labels(["gx_relocation_registry", "news_sites"], lang)
    help_text = f"{t('in_data')} / {t('official')}"
    cards = [
        fmt(CARD, label=fmt("{}（{}）" if lang == "zh" else "{} ({})", m.label, help_text), value=m.value,
            note=fmt("{}：{} — {}（{}）", *m.official) if m.official else "")
        for m in metrics
    ]  # fmt: skip
    cards.append(fmt(CARD, label=precision[0], value=precision[1],
                     note=join("<br>", [precision[2], fmt("{}：{}", t("in_data"), sources)])))  # fmt: skip
    return Coverage(
        tuple(metrics), *precision, sources,
        FrozenDict(
            large=int(coverage.large_sites), registry=int(coverage.large_sites_registry),
            news=int(coverage.large_sites_news), sites=int(coverage.sites),
        ),
        fmt(CARD_ROW, cards=join("", cards)),
    )  # fmt: skip


@memo.shared(maxsize=64)
def sites_legend(lang: str, sizes: tuple[str, ...]) -> Markup:
    """The size classes' legend (``geo.point_layers.sites_legend_html``: SVG swatches, ≈0.5 ms to write)."""
    return sites_legend_html(lang, sizes)


@memo.shared(maxsize=4)
def key_context(version: tuple[str, float], lang: str) -> tuple[RenderedLayer, FrozenDict]:
    """(the key counties in light fills as the map's context layer, their fills)."""
    features = layers.county_features(version, "national", None, None, True, maps.DATUM)
    fills = FrozenDict({f["properties"]["adcode"]: KEY_FILLS[f["properties"]["support_level"]] for f in features["features"]})
    return layers.colored_key_layer(features, fills, lang, name="key_context"), fills


@dataclass(frozen=True)
class SitesView:
    """The sites in the chosen sizes and area, as the map's print, the tables and the clicks need them."""

    points: pd.DataFrame
    print_points: tuple[printmap.PrintPoints, ...]
    sources: tuple[str, ...]
    table: pa.Table  # the tables as Arrow, converted once (what st.dataframe sends)
    by_county: pa.Table
    by_province: pa.Table


@memo.shared(maxsize=64)
def sites_view(version: tuple[str, float], lang: str, sizes: tuple[str, ...], key_only: bool, prefix: str) -> SitesView:
    """Sites of ``sizes`` (key counties only if ``key_only``) whose adcode starts with ``prefix``."""
    t = translator(lang, LABELS)
    book = source_book(version)
    params = {"size_classes": list(sizes), "key_only": key_only}
    points = site_points(query("sites_points", params))
    if prefix:
        points = points[points.adcode.str.startswith(prefix)]
    print_points = tuple(
        printmap.PrintPoints(tuple(group.lon), tuple(group.lat), SIZE_COLORS[code], size_class_label(code, lang),
                             size=4 + 10 * SIZE_CLASS_ORDER[::-1].index(code))
        for code, group in points.dropna(subset=["lon", "lat"]).groupby("size_class")
        if code in SIZE_COLORS and code in sizes
    )
    table = pd.DataFrame(
        {
            t("col_name"): points["name"],
            t("col_place"): points.county + " · " + points.prefecture + " · " + points.province,
            t("level"): points.support_level.map(lambda v: level_label(v, lang)),
            t("col_population"): points.population.map(lambda v: format_value(v, "人", lang)),
            t("col_size"): points.size_class.map(lambda v: size_class_label(v, lang)),
            t("col_precision"): points.location_precision.map(lambda v: precision_label(v, lang)),
            t("source"): points.source_id.map(lambda s: book.label(s, lang)),
            t("col_note"): points.population_note,
        }
    )
    totals = []
    for by in ("county", "province"):
        found = query("sites_totals", {**params, "by": by})
        if prefix and "adcode" in found:
            found = found[found.adcode.astype(str).str.startswith(prefix if by == "county" else prefix[:2])]
        frame = pd.DataFrame({t(by): found["name"]})
        if by == "county":
            frame[t("col_place")] = found.place
            frame[t("level")] = found.support_level.map(lambda v: level_label(v, lang))
        frame[t("col_sites")] = found.site_count.map(lambda v: format_count(v, lang))
        frame[t("col_population")] = found.population.map(lambda v: format_value(v, "人", lang))
        frame[t("col_large")] = found.large_site_count.map(lambda v: format_count(v, lang))
        frame[t("source")] = found.source_ids.map(lambda ids: book.labels(str(ids).split(', '), lang))
        totals.append(compact_table(frame))
    sources = tuple(book.label(code, lang) for code in points.source_id.dropna().unique())
    return SitesView(points, print_points, sources, compact_table(table), *totals)
