"""The one rule for provenance: when a source counts as unverified and how its label reads.

Every number shown carries its source; every page, the brief and the exports format that
source here, from the ``sources`` table (``source_id, title, title_zh, title_en, publisher,
url, license, year, verified, note``). The rule: a source is verified only when its
``verified`` flag is explicitly true; a missing flag, a missing row or an unknown id is
**unverified** (data honesty: nobody vouched for it).

Styles of :func:`source_label`:

- ``short``: inline, for captions, tables, tooltips and legends — ``标题（2023）⚠ 未核实``
- ``footnote``: numbered, for the brief's footer — ``[2] 标题（发布者）网址 [未核实]``
- ``cell``: plain text for an export cell (no symbols) — ``标题（2023）；未核实``

Titles come in Chinese and English (``title_zh`` / ``title_en``); a source without them
(an import) falls back to its ``title`` and then its id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

STYLES = ("short", "footnote", "cell")

LABELS: dict[str, tuple[str, str]] = {
    "unverified": ("未核实", "unverified"),
    "verified": ("已核实", "verified"),
    "no_source": ("来源不明", "source unknown"),
}

# Kinds of a page that states a county's key-county status, best first (geo.sources.SOURCE_KINDS).
KIND_LABELS: dict[str, tuple[str, str]] = {
    "official": ("官方", "official"),
    "media": ("媒体", "media"),
    "mirror": ("转载/百科镜像", "mirror/repost"),
    "imported": ("导入的名单", "imported list"),
}

# Columns a query that joins ``sources`` exposes, as ``source_<column>`` (see :func:`joined`).
SOURCE_COLUMNS = ("source_id", "title", "title_zh", "title_en", "publisher", "url", "license", "year", "verified")


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _text(lang: str, key: str) -> str:
    return LABELS[key][1 if lang == "en" else 0]


def kind_label(kind: object, lang: str = "zh") -> str:
    """'官方' / '媒体' / '转载/百科镜像' for a key-county source kind (unknown → mirror's label)."""
    pair = KIND_LABELS.get(str(kind), KIND_LABELS["mirror"])
    return pair[1 if lang == "en" else 0]


def is_unverified(source: Mapping[str, Any] | None) -> bool:
    """True unless the source row says ``verified`` is true (missing row or flag → unverified)."""
    if source is None:
        return True
    flag = source.get("verified")
    if _missing(flag):
        return True
    if isinstance(flag, str):
        return flag.strip().lower() not in ("true", "1", "yes")
    return not bool(flag)


def title(source: Mapping[str, Any] | None, lang: str = "zh") -> str:
    """The source's title in ``lang`` (falls back to the other language, ``title``, the id)."""
    if source is None:
        return _text(lang, "no_source")
    order = ("title_en", "title_zh") if lang == "en" else ("title_zh", "title_en")
    for key in (*order, "title", "source_id"):
        value = source.get(key)
        if not _missing(value) and str(value).strip():
            return str(value).strip()
    return _text(lang, "no_source")


def status(source: Mapping[str, Any] | None, lang: str = "zh") -> str:
    """'已核实' / '未核实' (for a verification column)."""
    return _text(lang, "unverified" if is_unverified(source) else "verified")


def _year(source: Mapping[str, Any], lang: str) -> str:
    value = source.get("year")
    if _missing(value):
        return ""
    try:
        year = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return f"（{year}）" if lang == "zh" else f" ({year})"


def source_label(
    source: Mapping[str, Any] | None, lang: str = "zh", style: str = "short", number: int | None = None
) -> str:
    """The label of one source in ``style`` (see the module docstring); ``number`` for footnotes."""
    if style not in STYLES:
        raise ValueError(f"unknown provenance style {style!r}")
    name = title(source, lang)
    flagged = is_unverified(source)
    flag = _text(lang, "unverified")
    if style == "footnote":
        mark = f"[{number}] " if number is not None else ""
        publisher = (source or {}).get("publisher")
        url = (source or {}).get("url")
        # The sources table records most publishers in English prose ("Key County Atlas research
        # (infra/SOURCES.md)"): a Chinese footnote keeps only a publisher written in Chinese (the
        # title and the address already identify the source).
        english_only = lang == "zh" and not _has_cjk(str(publisher))
        by = "" if _missing(publisher) or not str(publisher).strip() or english_only else (
            f"（{publisher}）" if lang == "zh" else f" ({publisher})"
        )
        link = "" if _missing(url) or not str(url).strip() else f" {url}"
        return f"{mark}{name}{by}{link}" + (f" [{flag}]" if flagged else "")
    when = _year(source, lang) if source is not None else ""
    if style == "cell":
        return f"{name}{when}" + ((f"；{flag}" if lang == "zh" else f"; {flag}") if flagged else "")
    return f"{name}{when}" + (f" ⚠ {flag}" if flagged else "")


def joined(row: Mapping[str, Any] | Any) -> dict[str, Any]:
    """A source mapping from a row whose query joined ``sources`` as ``source_<column>`` columns.

    ``row`` may be a dict, a ``pd.Series`` or a namedtuple from ``itertuples``.
    """
    if hasattr(row, "_asdict"):
        row = row._asdict()
    get = row.get if hasattr(row, "get") else (lambda key, default=None: getattr(row, key, default))
    source: dict[str, Any] = {"source_id": get("source_id")}
    for column in SOURCE_COLUMNS[1:]:
        source[column] = get(f"source_{column}")
    return source


class SourceBook:
    """The ``sources`` table keyed by id: labels and the unverified rule by ``source_id``."""

    def __init__(self, frame: pd.DataFrame) -> None:
        records = frame.to_dict("records") if not frame.empty else []
        self._rows: dict[str, dict[str, Any]] = {str(r["source_id"]): r for r in records}

    def get(self, source_id: object) -> dict[str, Any] | None:
        if _missing(source_id):
            return None
        return self._rows.get(str(source_id))

    def __contains__(self, source_id: object) -> bool:
        return self.get(source_id) is not None

    def unverified(self, source_id: object) -> bool:
        return is_unverified(self.get(source_id))

    def label(self, source_id: object, lang: str = "zh", style: str = "short", number: int | None = None) -> str:
        """Label of ``source_id``; an unknown id still reads as unverified, never as a bare id."""
        row = self.get(source_id)
        if row is None and not _missing(source_id):
            row = {"source_id": str(source_id)}
        return source_label(row, lang, style, number)

    def labels(self, source_ids: Iterable[object], lang: str = "zh", style: str = "short", sep: str = "；") -> str:
        """Several sources, each once, in the given order."""
        unique = dict.fromkeys(s for s in source_ids if not _missing(s))
        return sep.join(self.label(s, lang, style) for s in unique)
