"""The build's input checks and its report: rows read, kept, empty and rejected (with reasons) per input.

The checks are the importer's (``geo.importer``): the same county matching (adcode, renames,
province + name, never guessed), the same valid ranges from the indicator catalogue, the same
duplicate rule and the same messages. Nothing is dropped without a line in the report, which the
build stores as the ``build_report`` table and 数据管理 shows.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from geo.i18n import bilingual_half

if TYPE_CHECKING:  # geo.importer imports geo.sources, which imports this module
    from geo.importer.match import CountyIndex

REPORT_COLUMNS = ["input", "part", "rows_read", "rows_kept", "rows_empty", "rows_rejected", "reasons", "examples"]
# ``reasons`` and ``examples`` are stored as codes, not sentences (JSON: [[code, count], …] and
# [[code, [example, …]], …], most frequent first), so that 数据管理 shows them in the reader's language.
# Reasons the build has on top of the importer's.
BUILD_MESSAGES = {
    "superseded": "同一县、指标、年份已有值（排在前面的来源优先） / value already given by an earlier source",
    "registry_duplicate": "广西安置点以全区名录为准，新闻行重复 / Guangxi site already in the registry",
}
MAX_EXAMPLES = 5


def message(code: str, lang: str | None = None) -> str:
    """The importer's message for ``code`` (or the build's own): both languages, or the ``lang`` half."""
    from geo.importer.checks import MESSAGES

    both = MESSAGES.get(code) or BUILD_MESSAGES.get(code) or code
    return bilingual_half(both, lang) if lang else both


def reasons_text(reasons: object, lang: str) -> str | None:
    """A report row's stored ``reasons`` as text in ``lang``: 找不到该县：7；超出有效范围：1 (None for none: NULL/NaN)."""
    if not isinstance(reasons, str):
        return None
    separator, colon = ("；", "：") if lang == "zh" else ("; ", ": ")
    return separator.join(f"{message(code, lang)}{colon}{count}" for code, count in json.loads(reasons))


def examples_text(examples: object, lang: str) -> str | None:
    """A report row's stored ``examples`` in ``lang``, grouped under each reason's message (None for none)."""
    if not isinstance(examples, str):
        return None
    separator, colon, comma = ("；", "：", "，") if lang == "zh" else ("; ", ": ", ", ")
    return separator.join(f"{message(code, lang)}{colon}{comma.join(shown)}" for code, shown in json.loads(examples))


def _example(value: object) -> str:
    """A rejected row's example as text; an empty cell reads （空）, never 'nan'."""
    return "（空）" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


@dataclass
class Ledger:
    """Collects, per input file and part, how many rows were read, kept, empty and rejected (why)."""

    entries: list[dict[str, object]] = field(default_factory=list)

    def record(self, input_path: str, part: str, read: int, kept: int, empty: int = 0,
               rejected: pd.DataFrame | None = None) -> None:
        """``rejected``: one row per rejected row with ``reason`` (a code) and ``example`` (text)."""
        rejected = rejected if rejected is not None else pd.DataFrame(columns=["reason", "example"])
        if read != kept + empty + len(rejected):
            raise AssertionError(f"{input_path} {part}: {read} read ≠ {kept} kept + {empty} empty + {len(rejected)}")
        counts = Counter(rejected["reason"]).most_common()
        reasons = [[code, n] for code, n in counts]
        examples = [
            [code, list(map(_example, rejected.loc[rejected.reason == code, "example"].head(MAX_EXAMPLES)))]
            for code, _n in counts
        ]
        self.entries.append({
            "input": input_path, "part": part, "rows_read": read, "rows_kept": kept, "rows_empty": empty,
            "rows_rejected": len(rejected),
            "reasons": json.dumps(reasons, ensure_ascii=False) if reasons else None,
            "examples": json.dumps(examples, ensure_ascii=False) if examples else None,
        })  # fmt: skip

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.entries, columns=REPORT_COLUMNS).astype(
            {c: "int64" for c in ("rows_read", "rows_kept", "rows_empty", "rows_rejected")}
        )


def resolve_counties(
    frame: pd.DataFrame, index: CountyIndex, renames: pd.DataFrame, code_column: str = "adcode",
    province_column: str | None = None, name_column: str | None = None,
) -> pd.Series:
    """The importer's problem code per row ('' when matched) and the adcode in ``frame.attrs``-free form:
    returns a Series of (adcode, problem) tuples. A current code is taken as it is; an old code goes
    through the rename table; otherwise province + name are matched as the importer does."""
    old_codes = {str(r.old_adcode): str(r.adcode) for r in renames.itertuples(index=False)
                 if isinstance(r.old_adcode, str) and r.old_adcode}
    out = []
    # Only the three columns, as itertuples would yield them (iterating every column of an Arrow-backed
    # frame cell by cell is most of the time of a wide file).
    absent = [None] * len(frame)
    provinces = frame[province_column] if province_column else absent
    names = frame[name_column] if name_column else absent
    for code, province_cell, name_cell in zip(frame[code_column], provinces, names, strict=True):
        code = "" if pd.isna(code) else str(code).strip().removesuffix(".0")
        province = str(province_cell) if province_column else ""
        name = str(name_cell) if name_column else ""
        if code in index.counties.index:
            out.append((code, ""))
        elif code in old_codes:
            out.append((old_codes[code], ""))
        elif province and name:
            out.append(index.resolve("", province, name))
        else:
            out.append(index.resolve(code, "", ""))
    return pd.Series(out, index=frame.index, dtype="object")
