"""How complete the key-county list is, per province: the map, legend and print say it.

The list holds only counties confirmed by a readable public source, so some provinces show
fewer key counties than were published (云南 16 of 27). Those provinces are outlined on
every map with "名单待补全 n/N"; the counts come from ``queries/key_county_progress.sql``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.i18n import translator

LABELS: dict[str, tuple[str, str]] = {
    "short": ("名单待补全 {listed}/{expected}", "list incomplete {listed}/{expected}"),
    "national_part": ("国家级 {listed}/{expected}", "national {listed}/{expected}"),
    "provincial_part": ("省级 {listed}/{expected}", "provincial {listed}/{expected}"),
    "legend": ("名单待补全的省份（已列出/公布数）", "Provinces with an incomplete list (listed/published)"),
    "brief_note": (
        "名单待补全：{province}国家重点帮扶县已列出 {listed} 个，公布 {expected} 个",
        "List incomplete: {listed} of {expected} national key counties of {province} listed",
    ),
    "print_line": (
        "重点帮扶县名单待补全（已列出/公布数）：{items}。图中这些省份的重点县少于实际。",
        "Key-county list incomplete (listed/published): {items}. These provinces have more key counties than shown.",
    ),
}


@dataclass(frozen=True)
class IncompleteProvince:
    adcode: str
    name: str
    listed: int  # national key counties listed
    expected: int  # national key counties published
    provincial_listed: int | None = None
    provincial_expected: int | None = None

    def label(self, lang: str = "zh") -> str:
        """'名单待补全 16/27' (national level; the level the map's totals speak of)."""
        return translator(lang, LABELS)("short").format(listed=self.listed, expected=self.expected)

    def brief_note(self, lang: str = "zh") -> str:
        """'名单待补全：云南省国家重点帮扶县已列出 16 个，公布 27 个' for the head of a brief page."""
        return translator(lang, LABELS)("brief_note").format(province=self.name, listed=self.listed, expected=self.expected)

    def detail(self, lang: str = "zh") -> str:
        """'云南省 国家级 16/27 · 省级 0/30' — every incomplete level."""
        t = translator(lang, LABELS)
        parts = []
        if self.listed < self.expected:
            parts.append(t("national_part").format(listed=self.listed, expected=self.expected))
        if self.provincial_expected and (self.provincial_listed or 0) < self.provincial_expected:
            parts.append(t("provincial_part").format(listed=self.provincial_listed or 0,
                                                     expected=self.provincial_expected))
        return f"{self.name} " + " · ".join(parts)


def incomplete_provinces(progress: pd.DataFrame) -> list[IncompleteProvince]:
    """Provinces where any level lists fewer counties than published (rows of key_county_progress)."""
    result = []
    for code, rows in progress.groupby("province_adcode", sort=True):
        by_level = rows.set_index("level")
        national = by_level.loc["national"] if "national" in by_level.index else None
        provincial = by_level.loc["provincial"] if "provincial" in by_level.index else None
        short = any(int(row.listed) < int(row.expected) for row in rows.itertuples() if pd.notna(row.expected))
        if not short:
            continue
        result.append(IncompleteProvince(
            adcode=str(code),
            name=str(rows.province.iloc[0]),
            listed=int(national.listed) if national is not None else 0,
            expected=int(national.expected) if national is not None else 0,
            provincial_listed=None if provincial is None else int(provincial.listed),
            provincial_expected=None if provincial is None else int(provincial.expected),
        ))
    return result


def print_line(provinces: list[IncompleteProvince], lang: str = "zh") -> str:
    """One line for a printed map: which provinces' lists are incomplete, with their counts."""
    if not provinces:
        return ""
    separator = "、" if lang == "zh" else "; "
    return translator(lang, LABELS)("print_line").format(items=separator.join(p.detail(lang) for p in provinces))
