"""Workbench exports as bytes: CSV (UTF-8 with BOM, opens in Excel), XLSX with a sources
sheet, and GeoJSON of the chosen counties.

Text cells that a spreadsheet would read as a formula (starting with = + - @, tab or CR)
are prefixed with an apostrophe, so a county or source name can never run as a formula.
"""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd

from geo import provenance
from geo.datum import GCJ02
from geo.fmt import is_missing
from geo.i18n import level_label, translator
from geo.scoring import SCORE, pivot

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LABELS: dict[str, tuple[str, str]] = {
    "data_sheet": ("数据", "Data"),
    "sources_sheet": ("来源", "Sources"),
    "name": ("县（区、市、旗）", "County"),
    "indicator_id": ("指标代码", "indicator_id"),
    "source_id": ("来源代码", "source_id"),
    "source_title": ("来源", "Source"),
    "source_url": ("网址", "URL"),
    "source_license": ("许可", "Licence"),
    "source_verified": ("核实状态", "Verification"),
    "source_year": ("来源年份", "Source year"),
    "__year": ("年份", "year"),
    "__source": ("来源代码", "source id"),
    "__rank_prov": ("省内名次", "rank in province"),
    "__rank_sel": ("筛选内名次", "rank in selection"),
    "__pct": ("百分位", "percentile"),
    "__contrib": ("评分贡献", "contribution"),
}
SOURCE_COLUMNS = ("indicator_id", "indicator", "year", "source_id", "source_title", "source_url",
                  "source_license", "source_verified", "source_year")


def neutralise(value: object) -> object:
    """Prefix text that starts like a formula with ``'``; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) neutralised."""
    safe = frame.copy()
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark (Excel then reads the Chinese correctly)."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def sources_sheet(values: pd.DataFrame, names: pd.Series, lang: str = "zh") -> pd.DataFrame:
    """One row per indicator, year and source behind the exported values, headers in ``lang``.

    ``values``: long rows from ``workbench_values`` (indicator_id, year, source_* columns);
    ``names``: indicator_id → display name. Title and verification cells come from
    ``geo.provenance`` (the one rule), in ``lang``.
    """
    t = translator(lang, LABELS)
    keys = ["indicator_id", "year", "source_id"]
    rows = values.drop_duplicates(keys).sort_values(keys, na_position="first").copy()
    cited = [provenance.joined(r) for r in rows.itertuples()]
    rows = rows.assign(
        source_title=[provenance.source_label(source, lang, "cell") for source in cited],
        source_verified=[provenance.status(source, lang) for source in cited],
    )[[c for c in SOURCE_COLUMNS if c != "indicator"]]
    rows.insert(1, "indicator", rows["indicator_id"].map(names))
    rows["year"] = rows["year"].astype("Int64")
    return rows.rename(columns={c: t(c) for c in SOURCE_COLUMNS}).reset_index(drop=True)


def xlsx_bytes(frame: pd.DataFrame, sources: pd.DataFrame, lang: str = "zh") -> bytes:
    """A workbook: the data on the first sheet, the sources on the second."""
    t = translator(lang, LABELS)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(frame).to_excel(writer, sheet_name=t("data_sheet"), index=False)
        safe_frame(sources).to_excel(writer, sheet_name=t("sources_sheet"), index=False)
    return buffer.getvalue()


def _plain(value: object) -> object:
    """JSON-ready values: NaN/NA → null, numpy numbers → Python numbers, arrays → lists."""
    if isinstance(value, list | tuple | np.ndarray):
        return [_plain(item) for item in value]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def geojson_bytes(shapes: pd.DataFrame, properties: pd.DataFrame) -> bytes:
    """A FeatureCollection of ``shapes`` (adcode, geojson) with ``properties`` (indexed by adcode).

    Coordinates are GCJ-02, as stored; the collection says so in a ``datum`` member.
    """
    features = []
    for row in shapes.itertuples(index=False):
        props = {"adcode": row.adcode}
        if row.adcode in properties.index:
            props.update({str(k): _plain(v) for k, v in properties.loc[row.adcode].items()})
        features.append({"type": "Feature", "properties": props, "geometry": json.loads(row.geojson)})
    collection = {"type": "FeatureCollection", "datum": GCJ02, "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def export_table(places: pd.DataFrame, ranked: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """One row per county: place columns, then each indicator's value with its year and source id,
    ranks, percentiles, contributions and the score (``ranked`` as from ``geo.scoring.rank_table``)."""
    years, source_ids = pivot(values, "year"), pivot(values, "source_id")
    table = places.join(ranked)
    for indicator in [c for c in ranked.columns if "__" not in c and c != SCORE]:
        at = table.columns.get_loc(indicator) + 1
        for suffix, wide in (("source", source_ids), ("year", years)):
            column = wide[indicator] if indicator in wide else pd.Series(pd.NA, index=table.index)
            table.insert(at, f"{indicator}__{suffix}", column.reindex(table.index))
    return table.rename_axis("adcode").reset_index()


def localised(table: pd.DataFrame, names: dict[str, str], lang: str = "zh") -> pd.DataFrame:
    """``export_table`` output for people: support levels as words and headers in ``lang``
    (``rural_income__rank_prov`` → 农村居民人均可支配收入·省内名次). Row order is kept."""
    t = translator(lang, LABELS)
    out = table.copy()
    if "support_level" in out:
        out["support_level"] = out["support_level"].map(lambda level: level_label(None if is_missing(level) else level, lang))

    def header(column: str) -> str:
        base, _, suffix = column.partition("__")
        if base in names:
            return names[base] + ("·" + t("__" + suffix) if suffix else "")
        if base == SCORE and suffix:
            return t("score") + "·" + t("__" + suffix)
        return t({"support_level": "level"}.get(column, column))

    out.columns = [header(str(column)) for column in out.columns]
    return out
