"""会议模式 page parts that are the same for every visitor, made once per database version.

Kept out of ``pages/present.py``: a page file is executed afresh on every run, so a cache
defined there would start empty each time.
"""

from __future__ import annotations

from typing import NamedTuple

from geo import brief
from ui import memo
from ui.state import cursor, query


class BriefProvinces(NamedTuple):
    """The provinces a brief can be printed for: adcodes in order and adcode → name."""

    adcodes: tuple[str, ...]
    names: dict[str, str]  # read-only (shared)


@memo.shared(maxsize=4)
def brief_provinces(version: tuple[str, float]) -> BriefProvinces:
    """Provinces with key counties (``queries/brief_key_provinces.sql``) for the brief's selectbox."""
    frame = query("brief_key_provinces")
    return BriefProvinces(tuple(frame["adcode"]), dict(zip(frame["adcode"], frame["name"], strict=True)))


@memo.shared(maxsize=256)
def province_selection(version: tuple[str, float], province: str, level: str) -> brief.ProvinceSelection:
    """``geo.brief.counties_for_province`` for one database version (BriefError is raised, not kept).
    Shared: callers must not change its ``adcodes`` list."""
    return brief.counties_for_province(cursor(), province, level)
