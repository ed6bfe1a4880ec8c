"""Strict number parsing and declared-source checks of the importer (geo/importer/checks.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.importer.checks import parse_number, parse_numbers, source_problems
from geo.importer.model import DeclaredSource

ACCEPTED = {"0": 0.0, "-5": -5.0, "+3.5": 3.5, ".5": 0.5, "5.": 5.0, "1e3": 1000.0, "1E-3": 0.001,
            "1,234,567.5": 1234567.5, " 42 ": 42.0, "0e-400": 0.0, "1.7e308": 1.7e308}  # fmt: skip
REJECTED = {
    "1_000": "not_numeric", "١٢٣": "not_numeric", "１２": "not_numeric", "1 000": "not_numeric",
    "1.2.3": "not_numeric", "+-1": "not_numeric", "1,23": "not_numeric", "12,3456": "not_numeric",
    "inf": "not_numeric", "nan": "not_numeric", "Infinity": "not_numeric", "0x10": "not_numeric",
    "1e-400": "out_of_float_range", "1e400": "out_of_float_range", "=1+1": "formula", "": "not_numeric",
    "1，000": "not_numeric", "²": "not_numeric",
}  # fmt: skip


@pytest.mark.parametrize(("text", "value"), ACCEPTED.items())
def test_strict_numbers_accepted(text: str, value: float) -> None:
    assert parse_number(text) == (value, "")


@pytest.mark.parametrize(("text", "code"), REJECTED.items())
def test_strict_numbers_rejected(text: str, code: str) -> None:
    assert parse_number(text) == (None, code)


@given(st.lists(st.one_of(st.text(max_size=12), st.floats().map(repr), st.integers().map(str)), max_size=30))
def test_vectorised_and_scalar_parsing_agree(texts: list[str]) -> None:
    values, problems = parse_numbers(pd.Series(texts, dtype=object))
    for text, value, problem in zip(texts, values, problems, strict=True):
        expected, code = parse_number(text)
        assert problem == code
        assert (expected is None and pd.isna(value)) or value == expected


def test_declared_source_fields_are_plain_text() -> None:
    assert source_problems(DeclaredSource("某省统计年鉴2025", "某省统计局", "https://tjj.example.gov.cn/", "CC-BY")) == []
    assert source_problems(None) == ["missing_source"]
    assert source_problems(DeclaredSource("t", publisher="=HYPERLINK(\"http://x\")")) == ["bad_source_field"]
    assert source_problems(DeclaredSource("t", license="CC\x00BY")) == ["bad_source_field"]
    assert source_problems(DeclaredSource("t", publisher="x" * 201)) == ["bad_source_field"]
    assert source_problems(DeclaredSource("t", url="javascript:alert(1)")) == ["missing_source_url"]
    assert source_problems(DeclaredSource("t", year=3000)) == ["bad_year"]
