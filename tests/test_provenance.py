"""The one provenance rule (geo/provenance.py): unverified decision, label styles, and a guard
that no page or module formats a source itself."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from geo import provenance
from geo.provenance import SourceBook, is_unverified, joined, source_label

ROOT = Path(__file__).resolve().parents[1]
VERIFIED = {"source_id": "a", "title_zh": "人口普查", "title_en": "Census", "year": 2020, "verified": True,
            "publisher": "国家统计局", "url": "https://example.org/c"}
UNVERIFIED = {"source_id": "b", "title": "raw trail via github", "title_zh": "县域GDP", "title_en": "County GDP",
              "year": 2023, "verified": False}


@pytest.mark.parametrize("flag", [None, float("nan"), pd.NA, False, "false", ""])
def test_missing_or_false_flag_is_unverified(flag: object) -> None:
    assert is_unverified({"verified": flag})


def test_only_an_explicit_true_is_verified() -> None:
    assert not is_unverified({"verified": True})
    assert not is_unverified({"verified": "true"})
    assert is_unverified(None)


def test_short_style_zh_en() -> None:
    assert source_label(VERIFIED, "zh") == "人口普查（2020）"
    assert source_label(UNVERIFIED, "zh") == "县域GDP（2023） ⚠ 未核实"
    assert source_label(UNVERIFIED, "en") == "County GDP (2023) ⚠ unverified"


def test_footnote_style() -> None:
    assert source_label(VERIFIED, "zh", "footnote", 1) == "[1] 人口普查（国家统计局） https://example.org/c"
    assert source_label(UNVERIFIED, "zh", "footnote", 2) == "[2] 县域GDP [未核实]"
    assert source_label(UNVERIFIED, "en", "footnote", 2) == "[2] County GDP [unverified]"


def test_cell_style_has_no_symbols() -> None:
    assert source_label(UNVERIFIED, "zh", "cell") == "县域GDP（2023）；未核实"
    assert source_label(VERIFIED, "en", "cell") == "Census (2020)"
    assert provenance.status(UNVERIFIED, "zh") == "未核实" and provenance.status(VERIFIED, "en") == "verified"


def test_title_falls_back_to_import_title_then_id() -> None:
    assert provenance.title({"source_id": "imp1", "title": "某省统计年鉴2025"}, "en") == "某省统计年鉴2025"
    assert provenance.title({"source_id": "imp1"}, "zh") == "imp1"
    with pytest.raises(ValueError):
        source_label(VERIFIED, "zh", "bold")


def test_joined_reads_source_prefixed_columns() -> None:
    row = pd.Series({"source_id": "b", "source_title_zh": "县域GDP", "source_year": 2023, "source_verified": None})
    assert source_label(joined(row), "zh") == "县域GDP（2023） ⚠ 未核实"
    frame = pd.DataFrame([row])
    assert source_label(joined(next(frame.itertuples())), "zh").endswith("未核实")


def test_book_labels_unknown_id_as_unverified() -> None:
    book = SourceBook(pd.DataFrame([VERIFIED, UNVERIFIED]))
    assert book.label("zz", "zh") == "zz ⚠ 未核实"
    assert book.labels(["a", "a", None, "b"], "en") == "Census (2020)；County GDP (2023) ⚠ unverified"


def test_every_source_has_both_titles(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT source_id, title_zh, title_en FROM sources").fetchall()
    assert rows
    for source_id, zh, en in rows:
        assert zh and re.search(r"[\u4e00-\u9fff]", zh), source_id
        assert en and not re.search(r"via github|Computed from", zh), source_id
        assert en.isascii() or source_id, source_id


def test_no_module_formats_a_source_itself() -> None:
    """The flag's label and the verified column are used only in geo/provenance.py (label tables that
    merely describe a feature, e.g. "来源（含未核实标记）", are fine).

    Writers of the flag (the build, importer, versions, the data-admin form) are allowed to
    name the column; nobody else may test it or spell the flag.
    """
    writers = {"geo/provenance.py", "geo/build.py", "geo/sources.py", "geo/versions.py", "pages/data_admin.py"}
    # the flag as a label would spell it (a sentence describing the feature is fine)
    flag_text = re.compile(r"""[⚠（(\[「"']\s*未核实|未核实\s*[）)\]」"']|⚠ unverified|\(unverified\)""")
    reads_flag = re.compile(r"""\.(source_)?verified\b|\[["'](source_)?verified["']\]|(?<![.\w])unverified\(""")
    offenders = []
    for folder in ("pages", "ui", "geo"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in writers or rel.startswith("geo/importer"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if flag_text.search(line) or reads_flag.search(line):
                    offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "format sources with geo.provenance:\n" + "\n".join(offenders)
