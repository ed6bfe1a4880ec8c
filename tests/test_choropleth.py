"""The Choropleth: pooled breaks (same colour for the same value in every year), manual-break
validation with notices instead of errors, one unit for every legend label."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.classify import NO_DATA_COLOR, build_choropleth, parse_breaks, validate_breaks


def yearly() -> pd.DataFrame:
    """Two years of an income-like indicator: 2023 is higher everywhere, county C unchanged."""
    rows = []
    for code, v2018, v2023 in [("A", 8000, 12000), ("B", 9000, 13000), ("C", 10000, 10000),
                               ("D", 11000, 15000), ("E", 12668, 16000), ("F", None, 14000)]:
        rows.append({"adcode": code, "year": 2018, "value": v2018, "support_level": "national"})
        rows.append({"adcode": code, "year": 2023, "value": v2023, "support_level": "national"})
    return pd.DataFrame(rows)


def year_of(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    return frame[frame.year == year].reset_index(drop=True)


@pytest.mark.parametrize("scheme", ["quantiles", "natural_breaks", "equal_interval"])
def test_pooled_breaks_are_identical_in_every_year(scheme: str) -> None:
    pooled = yearly()
    first = build_choropleth(year_of(pooled, 2018), scheme, 4, scope="national", pooled=pooled, unit="元", year=2018)
    last = build_choropleth(year_of(pooled, 2023), scheme, 4, scope="national", pooled=pooled, unit="元", year=2023)
    assert first.classification.upper_bounds == last.classification.upper_bounds
    assert [r.label for r in first.rows[:-1]] == [r.label for r in last.rows[:-1]]
    assert first.fills["C"] == last.fills["C"]  # unchanged value, unchanged colour
    assert first.fills["A"] != last.fills["A"]  # a real change shows
    assert first.fills["F"] == NO_DATA_COLOR and first.rows[-1].count == 1
    assert "2018–2023" in " ".join(first.notices)
    # the top class of 2018 is no longer below the bottom class of 2023: one scale for both
    assert first.classification.upper_bounds[-1] == 16000


def test_without_pool_breaks_follow_one_year() -> None:
    pooled = yearly()
    alone = build_choropleth(year_of(pooled, 2018), "quantiles", 4, unit="元")
    assert alone.classification.upper_bounds[-1] == 12668


def test_manual_breaks_give_the_same_classes_every_year() -> None:
    pooled = yearly()
    counts = []
    for year in (2018, 2023):
        choro = build_choropleth(year_of(pooled, year), "manual", 5, (9000, 11000, 13000), pooled=pooled, unit="元")
        counts.append(len(choro.classification.upper_bounds))
        assert [r.label for r in choro.rows[:-1]] == ["8,000 – 9,000", "9,000 – 11,000", "11,000 – 13,000",
                                                      "13,000 – 16,000"]
        assert not [n for n in choro.notices if "断点" in n and "统一" not in n]
    assert counts == [4, 4]


def test_manual_break_validation_names_what_was_dropped() -> None:
    data = pd.Series([8000, 9000, 10000, 11000, 16000])
    kept, notices = validate_breaks([12000, 9000, 20000, 7000, 9500], data)
    assert kept == (9000.0, 12000.0)  # 9000–9500 would be an empty class; 7000/20000 outside the data
    text = " ".join(notices)
    assert "已排序" in text and "超出数据范围" in text and "空分级" in text
    assert "20000" in text and "7000" in text and "9500" in text


def test_manual_labels_never_invert() -> None:
    pooled = yearly()
    choro = build_choropleth(year_of(pooled, 2018), "manual", 5, (9099, 9000), pooled=pooled, unit="元")
    for row in choro.rows[:-1]:
        assert row.low <= row.high
    assert "9,099 – 9,000" not in " ".join(r.label for r in choro.rows)


@pytest.mark.parametrize("breaks", [(), (1e9,), (-5.0,)])
def test_unusable_manual_breaks_fall_back_to_quantiles_with_a_notice(breaks: tuple) -> None:
    pooled = yearly()
    choro = build_choropleth(year_of(pooled, 2023), "manual", 5, breaks, pooled=pooled, unit="元")
    assert choro.scheme == "quantiles" and choro.classification is not None
    assert any("已改用分位数" in n for n in choro.notices)


def test_english_notice() -> None:
    choro = build_choropleth(year_of(yearly(), 2023), "manual", 5, (), unit="元", lang="en")
    assert any("quantiles" in n for n in choro.notices)


def test_parse_breaks_accepts_plain_numbers_only() -> None:
    assert parse_breaks("100, 2e3，300") == ((100.0, 2000.0, 300.0), ())
    assert parse_breaks("1_000, nan, inf, abc, =cmd(), 5") == ((5.0,), ("1_000", "nan", "inf", "abc", "=cmd()"))
    # typed with a Chinese input method: full-width digits, 、 and ；
    assert parse_breaks("１０００；２０００、3 000") == ((1000.0, 2000.0, 3000.0), ())


def test_gdp_legend_is_in_one_unit() -> None:
    """万元 values spanning 9,000 to 2,500,000: every class in 亿元, the header says 亿元."""
    frame = pd.DataFrame({"adcode": list("ABCDEF"), "value": [9000, 40000, 90000, 300000, 900000, 2500000]})
    choro = build_choropleth(frame, "quantiles", 5, unit="万元", decimals=0, title="地区生产总值", year=2022)
    assert choro.unit == "亿元" and "亿元" in choro.header and "2022年" in choro.header
    assert all("元" not in row.label for row in choro.rows[:-1])
    assert choro.rows[0].label.startswith("0.90 – ")
    english = build_choropleth(frame, "quantiles", 5, unit="万元", decimals=0, lang="en")
    assert english.unit == "bn yuan" and english.rows[-1].label == "no data"


def test_empty_values_make_an_all_no_data_choropleth() -> None:
    frame = pd.DataFrame({"adcode": ["A", "B"], "value": [None, None]})
    choro = build_choropleth(frame, "quantiles", 5)
    assert choro.classification is None
    assert choro.fills == {"A": NO_DATA_COLOR, "B": NO_DATA_COLOR} and choro.rows[-1].count == 2


def test_scope_limits_fills_and_breaks() -> None:
    frame = pd.DataFrame({"adcode": list("ABCD"), "value": [1, 2, 3, 1000],
                          "support_level": ["national", "provincial", "national", None]})
    choro = build_choropleth(frame, "quantiles", 3, scope="national")
    assert set(choro.fills) == {"A", "C"} and choro.classification.upper_bounds[-1] == 3
    with pytest.raises(ValueError):
        build_choropleth(frame, "quantiles", 3, scope="bogus")


def test_default_year_is_the_latest_well_covered_one() -> None:
    from geo.classify import default_year

    assert default_year({2018: 70, 2019: 71, 2022: 60, 2023: 30}) == 2022
    assert default_year({2020: 126}) == 2020
    assert default_year({2021: 0, 2022: 0}) == 2022
    assert default_year({}) is None
