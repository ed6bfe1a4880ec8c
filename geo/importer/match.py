"""Matching a row to a county: adcode, or province + name (exact, renames, suffix-stripped; never guessed)."""

from __future__ import annotations

import re

import pandas as pd

COUNTY_SUFFIXES = ("自治县", "自治旗", "县", "区", "市", "旗")
PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")
_ADCODE = re.compile(r"^\d{6}$")


def strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class CountyIndex:
    """Resolves a row's county: adcode, or province + name (exact, renames, suffix-stripped)."""

    def __init__(self, counties: pd.DataFrame, renames: pd.DataFrame) -> None:
        self.counties = counties.set_index("adcode")
        self.provinces = sorted(set(counties.province))
        self.by_name: dict[tuple[str, str], list[str]] = {}
        self.by_stripped: dict[tuple[str, str], list[str]] = {}
        for adcode, name, province in counties[["adcode", "name", "province"]].itertuples(index=False):
            self.by_name.setdefault((province, name), []).append(adcode)
            self.by_stripped.setdefault((province, strip_suffix(name, COUNTY_SUFFIXES)), []).append(adcode)
        self.renames = {(r.province, r.old_name): r.adcode for r in renames.itertuples(index=False)}
        box = ["min_lon", "min_lat", "max_lon", "max_lat"]
        self.bbox: dict[str, tuple[float, ...]] = {
            code: tuple(float(v) for v in values) for code, *values in counties[["adcode", *box]].itertuples(index=False)
        }

    def province(self, text: str) -> tuple[str | None, str]:
        if text in self.provinces:
            return text, ""
        short = strip_suffix(text, PROVINCE_SUFFIXES)
        matches = [p for p in self.provinces if len(short) >= 2 and p.startswith(short)]
        if len(matches) == 1:
            return matches[0], ""
        return None, "ambiguous_province" if matches else "unknown_province"

    def _names_match(self, adcode: str, name: str) -> bool:
        row = self.counties.loc[adcode]
        same = strip_suffix(name, COUNTY_SUFFIXES) == strip_suffix(row["name"], COUNTY_SUFFIXES)
        return name == row["name"] or same or self.renames.get((row["province"], name)) == adcode

    def resolve(self, adcode: str, province: str, county: str) -> tuple[str | None, str]:
        """(adcode, "") or (None, issue code)."""
        if adcode:
            if not _ADCODE.match(adcode):
                return None, "bad_adcode"
            if adcode not in self.counties.index:
                return None, "unknown_county"
            if county and not self._names_match(adcode, county):
                return None, "name_mismatch"
            return adcode, ""
        if not (province and county):
            return None, "no_county_key"
        province_name, problem = self.province(province)
        if province_name is None:
            return None, problem
        for candidates in (
            self.by_name.get((province_name, county), []),
            [self.renames[(province_name, county)]] if (province_name, county) in self.renames else [],
            self.by_stripped.get((province_name, strip_suffix(county, COUNTY_SUFFIXES)), []),
        ):
            if len(candidates) == 1:
                return candidates[0], ""
            if len(candidates) > 1:
                return None, "ambiguous_county"
        return None, "unknown_county"
