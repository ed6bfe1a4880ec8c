"""URL schema engine and the page schemas: parse (with what was dropped), encode, round trips."""

from __future__ import annotations

import pytest

from geo import pageschemas
from geo.urlschema import Param, Schema, encode, notice, parse

HOSTILE = ["';DROP TABLE counties;--", "<script>alert(1)</script>", "530000' OR '1'='1", "x" * 10_000, "=1+1"]

SCHEMA = Schema(
    "test",
    (
        Param("prov", ("省", "Province"), choices="province", multiple=True),
        Param("lvl", ("级别", "Level"), choices=frozenset({"national", "provincial", "none"}), multiple=True,
              default=("national", "provincial")),
        Param("ind", ("指标", "Indicator"), choices=frozenset({"gdp"})),
        Param("year", ("年份", "Year"), "int", choices=frozenset({"2020", "2022"})),
        Param("lo", ("下限", "From"), "float"),
        Param("w", ("权重", "Weight"), "int", default=1, low=0, high=10),
        Param("on", ("开关", "Switch"), "bool", default=True),
        Param("t", ("文字", "Text"), "text", default="", pattern=r"[0-9,]*"),
        Param("d", ("方向", "Direction"), choices=frozenset({"up", "down"}), default="up", each="ind_family"),
    ),
)
VOCAB = {"province": frozenset({"530000", "520000"}), "ind_family": frozenset({"a", "b"})}


def test_parse_keeps_valid_codes_and_reports_the_rest() -> None:
    raw = {"prov": ["530000", *HOSTILE, "530000"], "year": "2022", "lo": ["1e3"], "w": ["3"], "other": ["x"],
           "d_a": "down"}
    values, dropped = parse(SCHEMA, raw, VOCAB)
    assert values == {"prov": ["530000"], "lvl": ["national", "provincial"], "ind": None, "year": 2022,
                      "lo": 1000.0, "w": 3, "on": True, "t": "", "d_a": "down", "d_b": "up"}
    assert [d.name for d in dropped] == ["prov"]
    zh, en = dropped[0].message("zh"), dropped[0].message("en")
    assert "省" in zh and "已改用" in zh and "prov" in en and "DROP" not in zh + en and "script" not in zh + en


@pytest.mark.parametrize("bad", ["abc", "nan", "inf", "1" * 400, "11", "2.5", "-1"])
def test_parse_refuses_bad_numbers(bad: str) -> None:
    values, dropped = parse(SCHEMA, {"w": [bad], "lo": [bad]}, VOCAB)
    assert values["w"] == 1 and dropped and dropped[0].name in ("w", "lo")
    assert "默认值 1" in next(d for d in dropped if d.name == "w").message("zh")


def test_bools_texts_and_unknown_vocabularies() -> None:
    values, dropped = parse(SCHEMA, {"on": "0", "t": "1,2", "prov": "110000"}, {})  # no vocabulary: shape only
    assert values["on"] is False and values["t"] == "1,2" and values["prov"] == ["110000"] and not dropped
    values, dropped = parse(SCHEMA, {"on": "maybe", "t": "<b>"}, VOCAB)
    assert values["on"] is True and values["t"] == "" and {d.name for d in dropped} == {"on", "t"}


def test_single_value_given_twice_uses_the_first() -> None:
    values, dropped = parse(SCHEMA, {"ind": ["gdp", "gdp"]}, VOCAB)
    assert values["ind"] == "gdp" and dropped and "第一个" in dropped[0].message("zh")


def test_round_trip_codes_and_defaults_left_out() -> None:
    state = {"prov": ["520000", "530000"], "lvl": [], "ind": "gdp", "year": 2020, "lo": 12.5, "w": 1,
             "on": False, "t": "", "d_a": "up", "d_b": "down"}
    encoded = encode(SCHEMA, state, VOCAB)
    assert encoded == {"prov": ["520000", "530000"], "lvl": [""], "ind": "gdp", "year": "2020", "lo": "12.5",
                       "on": "0", "d_b": "down"}
    values, dropped = parse(SCHEMA, encoded, VOCAB)
    assert values == state and not dropped
    assert encode(SCHEMA, {}, VOCAB) == {}


def test_cross_checks_prefecture_in_province_and_year_of_indicator() -> None:
    vocab = {"province": {"510000", "530000"}, "prefecture": {"513400", "530600"}, "indicator": {"illit", "pop"},
             "year": {"2010", "2020"}, "indicator_years": {"illit": {"2020"}}}
    values, dropped = parse(pageschemas.OVERVIEW, {"ov_prov": "510000", "ov_pref": "513400"}, vocab)
    assert (values["ov_prov"], values["ov_pref"]) == ("510000", "513400") and not dropped
    values, dropped = parse(pageschemas.OVERVIEW, {"ov_prov": "510000", "ov_pref": "530600"}, vocab)
    assert values["ov_pref"] is None and "不在所选省份内" in notice(dropped, "zh")
    values, dropped = parse(pageschemas.OVERVIEW, {"ov_ind": "illit", "ov_year": "2010"}, vocab)
    assert values["ov_year"] is None and dropped[0].name == "ov_year"


def test_notice_is_one_text_per_page() -> None:
    _values, dropped = parse(SCHEMA, {"w": "x", "year": "1999"}, VOCAB)
    text = notice(dropped, "zh")
    assert text.count("\n") == 1 and "权重" in text and "年份" in text
    assert notice([], "zh") == ""


def test_every_page_schema_round_trips_its_defaults() -> None:
    for page, schema in pageschemas.SCHEMAS.items():
        values, dropped = parse(schema, {}, {})
        assert not dropped, page
        assert encode(schema, values) == {}, page
    assert set(pageschemas.SLIDE_PAGES) <= set(pageschemas.SCHEMAS)


def test_vocabulary_from_the_database(con) -> None:
    from geo import db

    vocab = pageschemas.vocabulary(
        db.run(con, "province_list"), db.run(con, "prefecture_list", {"province": None}),
        db.run(con, "county_list"), db.run(con, "indicator_catalog"),
    )
    assert "530000" in vocab["province"] and "513400" in vocab["prefecture"] and "530627" in vocab["county"]
    assert "pop_census" in vocab["indicator"] and vocab["indicator_years"]
    values, dropped = parse(pageschemas.WORKBENCH, {"prov": ["530000", "999999"], "w_pop_census": "4"}, vocab)
    assert values["prov"] == ["530000"] and values["w_pop_census"] == 4 and [d.name for d in dropped] == ["prov"]
    _, dropped = parse(pageschemas.WORKBENCH, {"sort": ";DROP"}, vocab)  # the sort default by its name
    assert "默认值 综合评分" in dropped[0].message("zh") and "score" not in dropped[0].message("zh")


def test_a_refused_code_names_the_default_it_gave_way_to() -> None:
    """The notice says 默认值 常住人口, not the code pop_census (when the vocabulary has names)."""
    schema = Schema("t", (Param("ind", ("指标", "Indicator"), choices="indicator", default="pop_census"),))
    vocab = {"indicator": frozenset({"pop_census", "gdp"}),
             "labels": {"indicator": {"pop_census": ("常住人口", "Resident population")}}}
    _, dropped = parse(schema, {"ind": "../etc"}, vocab)
    assert "默认值 常住人口" in dropped[0].message("zh") and "pop_census" not in dropped[0].message("zh")
    assert "the default Resident population" in dropped[0].message("en")
    _, dropped = parse(schema, {"ind": "../etc"}, {"indicator": vocab["indicator"]})  # no name: no code either
    assert "默认设置" in dropped[0].message("zh") and "pop_census" not in dropped[0].message("zh")
    year = Schema("t", (Param("y", ("年份", "Year"), "int", default=2020, low=2000, high=2030),))
    assert "默认值 2020" in parse(year, {"y": "1900"})[1][0].message("zh")  # a number reads the same


def test_expand_is_memoised_per_vocabulary_and_hands_out_a_new_dict() -> None:
    schema = Schema("t", (Param("w", ("权重", "Weight"), "int", default=1, low=0, high=10, each="indicator"),
                          Param("x", ("x", "x"))))  # fmt: skip
    first = schema.expand({"indicator": frozenset({"b", "a"})})
    again = schema.expand({"indicator": {"a", "b"}})
    assert list(first) == ["w_a", "w_b", "x"] and first == again and first is not again
    again.pop("x")  # a caller's edit does not reach the next caller
    assert "x" in schema.expand({"indicator": ["a", "b"]})
    assert list(schema.expand({"indicator": frozenset({"c"})})) == ["w_c", "x"]  # another vocabulary, other names
    assert list(schema.expand()) == ["x"]
