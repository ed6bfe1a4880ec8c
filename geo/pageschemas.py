"""The URL state of every page, declared once (see ``geo/urlschema.py``).

Pages bind their widgets to these parameters (``ui/url.py``), ``ui/registry.py`` lists them
with the pages, and decks validate a slide's saved state against its page's schema. Codes
that depend on the data come from :func:`vocabulary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from geo.classify import SCHEMES
from geo.filters import FLAGS, LEVELS, year_list
from geo.gap import COUNTY_SORTS as GAP_SORTS
from geo.gap import METRICS as GAP_METRICS
from geo.i18n import COMMON
from geo.scoring import DIRECTIONS, METHODS, default_direction
from geo.site_points import SIZE_CLASS_ORDER
from geo.sources import SELECTION_CRITERIA
from geo.urlschema import Param, Schema, Vocab


def _within_province_of(province_param: str) -> Any:
    def check(value: str, values: Mapping[str, Any], _vocab: Vocab) -> bool:
        province = values.get(province_param)
        return bool(province) and value[:2] == str(province)[:2]

    return check


_within_province = _within_province_of("ov_prov")


def _year_of_indicator(indicator_param: str) -> Any:
    def check(value: int, values: Mapping[str, Any], vocab: Vocab) -> bool:
        years = (vocab.get("indicator_years") or {}).get(values.get(indicator_param))
        return years is None or str(value) in years

    return check


def point_params(prefix: str) -> tuple[Param, ...]:
    """The point-layer checkboxes of ``ui/point_toggles.py`` under ``<prefix>_pt_…``."""
    return (
        Param(f"{prefix}_pt_sites", ("安置点", "Relocation sites"), "bool", default=False),
        Param(f"{prefix}_pt_sizes", ("安置点规模", "Site size"), choices=frozenset(SIZE_CLASS_ORDER),
              multiple=True, default=SIZE_CLASS_ORDER),
        Param(f"{prefix}_pt_rail", ("铁路站点", "Rail stations"), "bool", default=False),
        Param(f"{prefix}_pt_air", ("机场", "Airports"), "bool", default=False),
    )


APP = Schema("app", (Param("lang", ("语言", "Language"), choices=frozenset({"zh", "en"}), default="zh"),))

# Added to a slide's URL while presenting; never part of a page's state.
PRESENTATION = Schema(
    "presentation",
    (
        Param("present", ("演示", "Presenting"), "bool", default=False),
        Param("deck", ("演示文稿", "Deck"), "text", pattern=r"[a-z0-9][a-z0-9_-]{0,63}", max_len=64),
        Param("slide", ("幻灯片", "Slide"), "int", default=1, low=1, high=999),
    ),
)

OVERVIEW = Schema(
    "overview",
    (
        Param("ov_prov", ("省（区、市）", "Province"), choices="province"),
        Param("ov_pref", ("市（州、盟）", "Prefecture"), choices="prefecture", check=_within_province,
              check_reason=("不在所选省份内", "is not in the chosen province")),
        Param("ov_county", ("县", "County"), choices="county"),
        Param("ov_color", ("着色方式", "Colour by"), choices=frozenset({"level", "indicator"}), default="level"),
        Param("ov_ind", ("指标", "Indicator"), choices="indicator", default="pop_census"),
        Param("ov_year", ("年份", "Year"), "int", choices="year", check=_year_of_indicator("ov_ind"),
              check_reason=("该指标没有这一年份", "is not a year of the indicator")),
        Param("ov_scheme", ("分级方法", "Classification"), choices=frozenset(SCHEMES), default="quantiles"),
        Param("ov_k", ("分级数", "Classes"), "int", default=5, low=3, high=7),
        Param("ov_breaks", ("断点", "Breaks"), "text", default=""),  # parts that are not numbers: a page warning
        Param("ov_scope", ("着色范围", "Coloured counties"), choices=frozenset({"key", "national"}), default="key"),
        Param("ov_basemap", ("底图", "Basemap"), choices=frozenset({"none", "tianditu", "amap"}), default="none"),
        *point_params("ov"),
    ),
)

COUNTY = Schema("county", (Param("adcode", ("县", "County"), choices="county"),))

LATEST = "latest"  # ranking year "最新年份": each county's newest value (the default)
DEFAULT_RANK = SELECTION_CRITERIA  # the three official selection criteria
VIEWS = ("rank", "compare", "export")

WORKBENCH = Schema(
    "workbench",
    (
        Param("prov", ("省（区、市）", "Province"), choices="province", multiple=True),
        Param("pref", ("市（州、盟）", "Prefecture"), choices="prefecture", multiple=True),
        Param("lvl", ("帮扶级别", "Support level"), choices=frozenset(LEVELS), multiple=True,
              default=("national", "provincial")),
        Param("flag", ("标志", "Flags"), choices=frozenset(FLAGS), multiple=True),
        Param("ind", ("指标范围", "Indicator range"), choices="indicator"),
        Param("year", ("年份", "Year"), "int", choices="year", check=_year_of_indicator("ind"),
              check_reason=("该指标没有这一年份", "is not a year of the indicator")),
        Param("lo", ("下限", "From"), "float"),
        Param("hi", ("上限", "To"), "float"),
        Param("view", ("视图", "View"), choices=frozenset(VIEWS), default="rank"),
        Param("rk", ("评分指标", "Scoring indicators"), choices="indicator", multiple=True, default=DEFAULT_RANK),
        Param("ryear", ("取用年份", "Year for yearly indicators"), choices="rank_year", default=LATEST),
        Param("norm", ("标准化方法", "Normalisation"), choices=frozenset(METHODS), default="minmax"),
        Param("sort", ("排序", "Sort by"), choices="sort", default="score"),
        Param("sel", ("已选县", "Selected counties"), choices="county", multiple=True),
        Param("scope", ("导出范围", "Export"), choices=frozenset({"match", "sel"}), default="match"),
        Param("w", ("权重", "Weight"), "int", default=1, low=0, high=10, each="indicator"),
        Param("d", ("方向", "Direction"), choices=frozenset(DIRECTIONS), default="skip", each="neutral_indicator"),
        *point_params("wb"),
    ),
)

SITES = Schema(
    "sites",
    (
        Param("st_sizes", ("安置点规模", "Site size"), choices=frozenset(SIZE_CLASS_ORDER), multiple=True,
              default=SIZE_CLASS_ORDER),
        Param("st_key", ("仅重点帮扶县", "Key counties only"), "bool", default=False),
        Param("st_cluster", ("全国视图下聚合", "Cluster at national zoom"), "bool", default=True),
        Param("st_prov", ("省（区、市）", "Province"), choices="province"),
        Param("st_pref", ("市（州、盟）", "Prefecture"), choices="prefecture", check=_within_province_of("st_prov"),
              check_reason=("不在所选省份内", "is not in the chosen province")),
        Param("st_county", ("县", "County"), choices="county"),
    ),
)

INFRA = Schema(
    "infra",
    (
        Param("inf_metric", ("着色", "Colour by"), choices=frozenset({"dist_rail_km", "dist_airport_km"}),
              default="dist_rail_km"),
        Param("inf_level", ("帮扶级别", "Support level"), choices=frozenset({"national", "provincial", "both"}),
              default="national"),
        Param("inf_rail", ("显示铁路站点", "Show rail stations"), "bool", default=True),
        Param("inf_air", ("显示机场", "Show airports"), "bool", default=True),
    ),
)

def _yearly(value: str, _values: Mapping[str, Any], vocab: Vocab) -> bool:
    years = vocab.get("indicator_years")
    return years is None or len(years.get(value, ())) >= 2


def _after_first_year(value: int, values: Mapping[str, Any], vocab: Vocab) -> bool:
    first = values.get("gap_y0")
    return _year_of_indicator("gap_ind")(value, values, vocab) and (first is None or value > first)


GAP = Schema(
    "gap",
    (
        Param("gap_ind", ("指标", "Indicator"), choices="indicator", default="rural_income", check=_yearly,
              check_reason=("不是多年份指标", "is not a yearly series")),
        Param("gap_y0", ("起始年份", "First year"), "int", choices="year", check=_year_of_indicator("gap_ind"),
              check_reason=("该指标没有这一年份", "is not a year of the indicator")),
        Param("gap_y1", ("对比年份", "Latest year"), "int", choices="year", check=_after_first_year,
              check_reason=("不是该指标中晚于起始年份的年份", "is not a year of the indicator after the first year")),
        Param("gap_prov", ("范围", "Scope"), choices="province"),
        Param("gap_metric", ("地图着色", "Map colour"), choices=frozenset(GAP_METRICS), default="ratio"),
        Param("gap_sort", ("县表排序", "Sort counties by"), choices=frozenset(GAP_SORTS), default="lost"),
    ),
)

PRESENT = Schema(
    "present",
    (Param("pm_deck", ("演示文稿", "Deck"), "text", pattern=r"[a-z0-9][a-z0-9_-]{0,63}", max_len=64),),
)

DATA_ADMIN = Schema("data_admin")

SCHEMAS: dict[str, Schema] = {
    s.page: s for s in (OVERVIEW, COUNTY, WORKBENCH, GAP, SITES, INFRA, PRESENT, DATA_ADMIN)
}
SLIDE_PAGES = ("overview", "county", "workbench", "gap", "sites", "infra", "present")


def _codes(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(value) for value in values)


def vocabulary(
    provinces: pd.DataFrame, prefectures: pd.DataFrame, counties: pd.DataFrame, catalog: pd.DataFrame
) -> dict[str, Any]:
    """The data-dependent codes the schemas name: from the province, prefecture, county and
    indicator lists (``queries/province_list``, ``prefecture_list``, ``county_list``, ``indicator_catalog``)."""
    indicators = [str(i) for i in catalog.indicator_id]
    indicator_names = {str(i): (str(zh), str(en))
                       for i, zh, en in zip(catalog.indicator_id, catalog.name_zh, catalog.name_en, strict=True)}
    years = {str(i): _codes(year_list(y)) for i, y in zip(catalog.indicator_id, catalog.years, strict=True)}
    neutral = [str(i) for i, h in zip(catalog.indicator_id, catalog.higher_is_better, strict=True)
               if default_direction(h) == "skip"]
    return {
        "province": _codes(provinces.adcode),
        "prefecture": _codes(prefectures.adcode),
        "county": _codes(counties.adcode),
        "indicator": frozenset(indicators),
        "neutral_indicator": frozenset(neutral),
        "year": frozenset().union(*years.values()) if years else frozenset(),
        "indicator_years": {code: ys for code, ys in years.items() if ys},
        "rank_year": frozenset({LATEST}).union(*years.values()),
        "sort": frozenset({"score", "adcode", *indicators}),
        "labels": {"indicator": indicator_names, "sort": {**{code: COMMON[code] for code in ("score", "adcode")}, **indicator_names}},
    }
