"""geo.gap on a small synthetic frame whose every figure was worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from geo import gap

# (adcode, province, group, year, value). a4 lacks 2022 and b3 lacks 2020: both are left out.
ROWS = [
    ("110001", "P1", "national", 2020, 100.0), ("110001", "P1", "national", 2021, 110.0),
    ("110001", "P1", "national", 2022, 121.0),
    ("110002", "P1", "national", 2020, 200.0), ("110002", "P1", "national", 2021, 190.0),
    ("110002", "P1", "national", 2022, 200.0),
    ("110003", "P1", "poverty832", 2020, 300.0), ("110003", "P1", "poverty832", 2022, 363.0),
    ("110004", "P1", "poverty832", 2020, 400.0), ("110004", "P1", "poverty832", 2021, 420.0),
    ("120001", "P2", "national", 2020, 50.0), ("120001", "P2", "national", 2022, 72.0),
    ("120002", "P2", "poverty832", 2020, 150.0), ("120002", "P2", "poverty832", 2022, 150.0),
    ("120003", "P2", "other", 2021, 10.0), ("120003", "P2", "other", 2022, 12.0),
]


@pytest.fixture()
def values() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=["adcode", "province", "grp", "year", "value"])
    frame["province_adcode"] = frame["province"].map({"P1": "110000", "P2": "120000"})
    frame["name"] = "县" + frame["adcode"]
    return frame


@pytest.fixture()
def rows(values: pd.DataFrame) -> pd.DataFrame:
    return gap.panel(values, 2020, 2022)


def test_cagr_by_hand() -> None:
    assert gap.cagr(100.0, 121.0, 2) == pytest.approx(0.1)
    assert gap.cagr(50.0, 72.0, 2) == pytest.approx(0.2)
    assert gap.cagr(80.0, 80.0, 3) == 0.0
    assert math.isnan(gap.cagr(0.0, 5.0, 1))  # no growth rate from zero
    assert math.isnan(gap.cagr(-2.0, 5.0, 1))
    series = gap.cagr(pd.Series([100.0, 10.0]), pd.Series([110.0, float("nan")]), 1)
    assert series.iloc[0] == pytest.approx(0.1) and math.isnan(series.iloc[1])
    with pytest.raises(ValueError):
        gap.cagr(1.0, 2.0, 0)


def test_both_years_rule(values: pd.DataFrame, rows: pd.DataFrame) -> None:
    assert sorted(rows.adcode) == ["110001", "110002", "110003", "120001", "120002"]
    assert gap.coverage(values, 2020, 2022) == {"first": 6, "latest": 6, "both": 5}
    # a different year pair moves the panel: 2020–2021 has only a1, a2 and a4
    assert sorted(gap.panel(values, 2020, 2021).adcode) == ["110001", "110002", "110004"]
    with pytest.raises(ValueError):
        gap.panel(values, 2022, 2020)


def test_group_medians_by_hand(rows: pd.DataFrame) -> None:
    table = gap.group_medians(rows, 2)
    assert list(table.index) == list(gap.GROUPS)
    national = table.loc["national"]
    assert national.n == 3  # 100, 200, 50 → 100; 121, 200, 72 → 121
    assert (national.median0, national.median1) == (100.0, 121.0)
    assert national.cagr_of_median == pytest.approx(0.1)
    assert national.median_cagr == pytest.approx(0.1)  # of 0.1, 0, 0.2
    poor = table.loc["poverty832"]
    assert (poor.n, poor.median0, poor.median1) == (2, 225.0, 256.5)
    assert table.loc["provincial"].n == 0 and math.isnan(table.loc["provincial"].median0)
    assert table.loc["other"].n == 0  # 120003 has no 2020 value


def test_ratios_and_their_change(rows: pd.DataFrame) -> None:
    table = gap.ratios(gap.group_medians(rows, 2), min_n=2).set_index(["key", "other"])
    row = table.loc[("national", "poverty832")]
    assert row.ratio0 == pytest.approx(100 / 225)  # 0.4444
    assert row.ratio1 == pytest.approx(121 / 256.5)  # 0.4717
    assert row.change == pytest.approx(121 / 256.5 - 100 / 225)  # +2.7 points
    assert row.trend == "narrowed"
    assert math.isnan(table.loc[("national", "other")].ratio0)  # no "other" counties
    # with the default minimum of 5 counties per side, 3 vs 2 counties give no ratio
    strict = gap.ratios(gap.group_medians(rows, 2)).set_index(["key", "other"])
    assert math.isnan(strict.loc[("national", "poverty832")].ratio0)
    assert strict.loc[("national", "poverty832")].trend is None


def test_gap_trend_is_distance_from_parity() -> None:
    assert gap.gap_trend(0.8, 0.9) == "narrowed"
    assert gap.gap_trend(1.3, 1.1) == "narrowed"
    assert gap.gap_trend(0.9, 0.8) == "widened"
    assert gap.gap_trend(0.9, 0.9) == "unchanged"
    assert gap.gap_trend(float("nan"), 0.9) is None


def test_province_groups(rows: pd.DataFrame) -> None:
    table = gap.province_groups(rows, 2, min_n=1).set_index("province_adcode")
    p1 = table.loc["110000"]
    assert (p1.n_national, p1.n_poverty832, p1.n_other) == (2, 1, 0)
    assert p1.ratio0 == pytest.approx(150 / 300)  # median(100, 200) / 300
    assert p1.ratio1 == pytest.approx(160.5 / 363)
    assert p1.trend == "widened"
    assert table.loc["120000"].ratio1 == pytest.approx(72 / 150)


def test_county_ratio_to_province_and_growth_ranks(rows: pd.DataFrame) -> None:
    table = gap.county_table(rows).set_index("adcode")
    a1, a2, a3 = table.loc["110001"], table.loc["110002"], table.loc["110003"]
    assert (a1.prov_median0, a1.prov_median1) == (200.0, 200.0)  # P1 panel: 100/200/300, 121/200/363
    assert (a1.ratio0, a1.ratio1) == (0.5, 0.605)
    assert a1.ratio_change == pytest.approx(0.105)
    assert gap.ground(a1.ratio_change) == "gained"
    assert gap.ground(a2.ratio_change) == "steady"
    assert gap.ground(-0.01) == "lost" and gap.ground(float("nan")) is None
    assert a3.ratio1 == pytest.approx(363 / 200)
    # growth: a1 10 %, a2 0 %, a3 10 % in P1 (ties share the better rank); b1 20 %
    assert (a1.rank_province, a2.rank_province, a3.rank_province) == (1, 3, 1)
    assert a1.n_rank_province == 3
    assert (table.loc["120001"].rank_key, a1.rank_key, a2.rank_key) == (1, 2, 3)
    assert a1.n_rank_key == 3
    assert math.isnan(a3.rank_key) and a3.n_rank_key == 0  # not a national key county
    assert (a3.key_median0, a3.key_median1) == (100.0, 121.0)  # every row carries the national medians


def test_county_line_names_both_years_the_medians_and_the_verdict(rows: pd.DataFrame) -> None:
    row = gap.county_table(rows).set_index("adcode").loc["110001"]
    line = gap.county_line(row, 2020, 2022, "zh", lambda v: f"{v:g}")
    assert line == (
        "2020→2022：本县 100→121（年均 +10.0%）；全省中位数 200→200；国家重点帮扶县中位数 100→121；"
        "相对全省中位数 50.0%→60.5%，追赶；省内增速排名 1/3；国家重点帮扶县中增速排名 2/3"
    )
    english = gap.county_line(row, 2020, 2022, "en", lambda v: f"{v:g}")
    assert "gained ground" in english and "+10.0% p.a." in english


def test_trajectory_medians_per_year_over_the_panel(values: pd.DataFrame, rows: pd.DataFrame) -> None:
    path = gap.trajectory(values, rows, "110001").set_index(["series", "year"]).value
    assert path[("county", 2021)] == 110.0
    # province P1 panel (a1, a2, a3; a4 is out): 2020 → 200, 2021 → median(110, 190) = 150, 2022 → 200
    assert [path[("province_median", y)] for y in (2020, 2021, 2022)] == [200.0, 150.0, 200.0]
    # national key counties a1, a2, b1: 2020 → 100, 2021 → 150, 2022 → 121
    assert [path[("key_median", y)] for y in (2020, 2021, 2022)] == [100.0, 150.0, 121.0]
    assert gap.trajectory(values, rows, "110004").empty  # not in the panel


def _grouped_medians(values: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """trajectory_medians by pandas' grouped median (its definition before it ran on sorted arrays; a
    county without a province makes no province median: the grouped pass took code -1 for the last
    province, which no real county lacks)."""
    at = pd.Index(rows["adcode"]).get_indexer(values["adcode"])
    keep = (at >= 0) & values["value"].notna().to_numpy()
    at = at[keep]
    codes, provinces = pd.factorize(rows["province_adcode"], sort=True)
    members = pd.DataFrame({"province": codes[at], "year": values["year"].to_numpy()[keep],
                            "value": values["value"].to_numpy()[keep]})  # fmt: skip
    by_province = members[members.province >= 0].groupby(["province", "year"], as_index=False)["value"].median()
    by_province.insert(0, "province_adcode", provinces.to_numpy(dtype=object)[by_province.pop("province")])
    key = members[(rows["grp"] == "national").to_numpy()[at]].groupby("year", as_index=False)["value"].median()
    key.insert(0, "province_adcode", None)
    return pd.concat([by_province.assign(series="province_median"), key.assign(series="key_median")], ignore_index=True)


def _stepwise_trajectory(values: pd.DataFrame, rows: pd.DataFrame, adcode: str, medians: pd.DataFrame) -> pd.DataFrame:
    """gap.trajectory in pandas steps (its definition before it ran on arrays)."""
    if adcode not in set(rows["adcode"]):
        return pd.DataFrame(columns=["year", "series", "value"])
    province = rows.loc[rows["adcode"] == adcode, "province_adcode"].iloc[0]
    own = values[(values["adcode"] == adcode) & values["value"].notna()][["year", "value"]].assign(series="county")
    parts = [own]
    for name, part in (("province_median", medians[medians["province_adcode"] == province]),
                       ("key_median", medians[medians["province_adcode"].isna()])):  # fmt: skip
        part = part[part["series"] == name]
        if not part.empty:
            parts.append(part[["year", "value", "series"]])
    return pd.concat(parts, ignore_index=True)[["year", "series", "value"]].sort_values(["series", "year"])


@pytest.mark.parametrize("seed", range(6))
def test_trajectory_medians_are_the_grouped_medians(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 60)) if seed else 0  # seed 0: no values at all
    counties = [f"{rng.integers(11, 15)}{i:04d}" for i in range(n)]
    frame = pd.DataFrame({
        "adcode": np.repeat(counties, 3), "year": np.tile([2020, 2021, 2022], n),
        "value": np.where(rng.random(3 * n) < 0.2, np.nan, rng.integers(1, 9, 3 * n).astype(float)),  # ties, gaps
        "grp": np.repeat(rng.choice(["national", "provincial", "other"], n), 3),
    })  # fmt: skip
    frame["province_adcode"] = [None if code.startswith("14") else code[:2] + "0000" for code in frame["adcode"]]
    rows = gap.panel(frame, 2020, 2022)
    medians = gap.trajectory_medians(frame, rows)
    pd.testing.assert_frame_equal(medians, _grouped_medians(frame, rows), check_exact=True)
    for adcode in [*counties[:12], "999999"]:  # and each county's trajectory is the stepwise one
        expected = _stepwise_trajectory(frame, rows, adcode, medians)
        made = gap.trajectory(frame, rows, adcode, medians)
        pd.testing.assert_frame_equal(made, expected, check_exact=True, check_index_type=not expected.empty)


def test_default_years_and_series() -> None:
    assert gap.default_years([2018, 2019, 2020, 2021, 2022, 2023]) == (2020, 2023)
    assert gap.default_years([2018, 2019]) == (2018, 2019)  # nothing inside 2020–2023: its own span
    assert gap.default_years([2021]) is None
    catalog = pd.DataFrame({"indicator_id": ["a", "b", "c"], "years": [[2020], [2018, 2020], None]})
    assert list(gap.yearly_series(catalog).indicator_id) == ["b"]
    assert gap.is_money("万元", None) and gap.is_money(None, "疑为万元/人") and not gap.is_money("人", "普查")


def test_years_in_scope_and_their_defaults() -> None:
    # P1 like 云南省 (no 2023), P2 only before 2020, P3 one year; "other" is another indicator
    coverage = pd.DataFrame(
        [("inc", "110000", y) for y in (2018, 2019, 2020, 2021, 2022)]
        + [("inc", "120000", y) for y in (2018, 2019)] + [("inc", "130000", 2023)]
        + [("other", "110000", 2024), ("other", "120000", 2025)],
        columns=["indicator_id", "province_adcode", "year"],
    )
    assert gap.years_in_scope(coverage, "inc", None) == [2018, 2019, 2020, 2021, 2022, 2023]
    assert gap.default_years(gap.years_in_scope(coverage, "inc", None)) == (2020, 2023)
    assert gap.years_in_scope(coverage, "inc", "110000") == [2018, 2019, 2020, 2021, 2022]
    assert gap.default_years(gap.years_in_scope(coverage, "inc", "110000")) == (2020, 2022)
    assert gap.default_years(gap.years_in_scope(coverage, "inc", "120000")) == (2018, 2019)
    assert gap.default_years(gap.years_in_scope(coverage, "inc", "130000")) is None  # one year: nothing to compare
    assert gap.years_in_scope(coverage, "inc", "540000") == []


def test_county_years_per_indicator() -> None:
    trends = pd.DataFrame(
        {
            "indicator_id": ["gdp"] * 6 + ["pop"] + ["old"] * 2 + ["income"] * 3,
            "year": [2018, 2019, 2020, 2021, 2022, 2023, 2020, 2016, 2018, 2021, 2021, 2023],
            "value": range(12),
        }
    )
    # gdp: inside 2020–2023; pop: one year only (left out); old: its own span; duplicates count once
    assert gap.county_years(trends) == {"gdp": (2020, 2023), "old": (2016, 2018), "income": (2021, 2023)}
    assert gap.county_years(trends.iloc[:0]) == {}


def test_diverging_classes_are_centred_on_no_change() -> None:
    assert gap.nice_step(0.013) == 0.02
    assert gap.nice_step(0.0024) == 0.0025
    assert gap.nice_step(0.0) == 0.01
    # |x| = 0, .01, .01, .01, .02, .02, .03, .03, .04, .05: p90 = 0.041, / 2.5 = 0.0164 → step 0.02
    classes = gap.diverging([0.01, -0.02, 0.03, 0.04, -0.05, 0.0, 0.02, -0.01, 0.03, 0.01])
    assert classes.upper_bounds[:-1] == pytest.approx((-0.05, -0.03, -0.01, 0.01, 0.03, 0.05))
    assert [classes.class_of(x) for x in (-0.2, -0.05, -0.04, -0.02, -0.01, 0, 0.01, 0.011, 0.04, 0.05, 0.9)] == [
        0, 0, 1, 2, 2, 3, 3, 4, 5, 5, 6,
    ]
    assert classes.class_of(None) == -1 and classes.color_of(float("nan")) == gap.NO_DATA_COLOR
    assert classes.color_of(0.0) == "#ffffbf"
    labels = gap.diverging_labels(classes, "基本持平")
    assert labels[3] == "基本持平（±1.0）" and labels[0] == "≤ -5.0" and labels[6] == "> +5.0"
    assert gap.diverging_labels(classes, "About unchanged", "en")[3] == "About unchanged (±1.0)"


def test_change_choropleth_counts_classes_and_the_missing(rows: pd.DataFrame) -> None:
    table = gap.county_table(rows)
    sources = pd.DataFrame({"source_id": ["s1"], "source_title": ["某来源"], "source_verified": [False]})
    choro = gap.change_choropleth(
        table, table, ["110001", "110002", "110003", "110004", "120001", "120002"], "growth", 2020, 2022, "收入",
        sources,
    )
    # growth: a1 .10, a2 0, a3 .10, b1 .20, b2 0 → p90 = .16, /2.5 = .064 → step .1: edges ±.05, ±.15, ±.25
    assert choro.classification.upper_bounds[3] == pytest.approx(0.05)
    assert [row.count for row in choro.rows] == [0, 0, 0, 2, 2, 1, 0, 1]  # last: 110004 lacks 2022
    assert choro.fills["110004"] == gap.NO_DATA_COLOR and choro.fills["110002"] == "#ffffbf"
    assert choro.sources[0].unverified and "某来源" in choro.sources[0].label
    twice = pd.concat([sources, sources])  # one source behind both years is listed once
    assert len(gap.change_choropleth(table, table, [], "ratio", 2020, 2022, "收入", twice).sources) == 1
    assert "年均增长率" in choro.title and "2020→2022" in choro.title and choro.unit == "%/年"


def test_source_rows_cover_both_years_and_the_grouping(values: pd.DataFrame) -> None:
    values = values.assign(source_id=values["year"].map({2020: "a", 2021: "b", 2022: "c"}))
    sources = pd.DataFrame({"source_id": ["a", "c", "key_list_rows"], "title": ["A", "C", "名单"], "verified": [1, 0, 1]})
    rows = gap.source_rows(values, "inc", 2020, 2022, sources)
    assert list(zip(rows.indicator_id, rows.source_id, strict=True)) == [
        ("inc", "a"), ("inc", "c"), ("group", "key_list_rows"), ("group", "poverty832_clebeech"),
    ]  # 2021's source "b" is behind no figure shown
    assert rows.source_title.tolist()[:3] == ["A", "C", "名单"] and pd.isna(rows.source_title.iloc[3])


def test_url_schema_refuses_static_series_and_reversed_years() -> None:
    from geo import pageschemas, urlschema

    years = frozenset(str(y) for y in range(2018, 2024))
    vocab = {"indicator": frozenset({"gdp", "pop_census"}), "year": years,
             "indicator_years": {"gdp": years, "pop_census": frozenset({"2020"})}}
    values, dropped = urlschema.parse(pageschemas.GAP, {"gap_ind": "gdp", "gap_y0": "2023", "gap_y1": "2018"}, vocab)
    assert values["gap_y0"] == 2023 and values["gap_y1"] is None and [d.name for d in dropped] == ["gap_y1"]
    values, dropped = urlschema.parse(pageschemas.GAP, {"gap_ind": "pop_census"}, vocab)
    assert values["gap_ind"] == "rural_income" and [d.name for d in dropped] == ["gap_ind"]
    assert urlschema.parse(pageschemas.GAP, {"gap_ind": "gdp", "gap_y0": "2020", "gap_y1": "2022"}, vocab)[1] == []


def test_series_values_cut_one_indicator_and_its_years() -> None:
    """SeriesValues: the counties' place and group joined by row number, the values of one series
    and year range only, by adcode and year; an unread series has no rows."""
    counties = pd.DataFrame({
        "adcode": ["110001", "110002", "120001"], "name": ["甲", "乙", "丙"], "prefecture": ["p", "p", "q"],
        "province": ["P1", "P1", "P2"], "province_adcode": ["110000", "110000", "120000"],
        "support_level": ["national", None, None], "grp": ["national", "poverty832", "other"],
    })  # fmt: skip
    values = pd.DataFrame({  # (series, county, year) sorted, as gap_series_values.sql returns them
        "series": [0, 0, 0, 1, 1, 1], "county": [0, 0, 2, 0, 1, 1], "year": [2020, 2022, 2021, 2020, 2019, 2023],
        "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "source_id": ["s", "s", "t", "u", "u", "u"],
    })  # fmt: skip
    series = gap.SeriesValues(["gdp", "rural_income"], counties, values)
    cut = series.values("rural_income", 2020, 2022)
    assert list(cut.columns) == list(gap.VALUE_COLUMNS)
    assert cut[["adcode", "grp", "year", "value", "source_id"]].values.tolist() == [["110001", "national", 2020, 4.0, "u"]]
    assert series.values("gdp", 2021, 2023)[["adcode", "name", "year"]].values.tolist() == [
        ["110001", "甲", 2022], ["120001", "丙", 2021]]  # fmt: skip
    assert series.values("pop_year_end", 2000, 2030).empty


def test_series_values_match_a_join_of_the_database(con) -> None:  # noqa: ANN001 - the shared fixture
    """Read from the database, a cut holds exactly the rows of the indicator table in its years
    joined to its counties (value and year present), with each county's group."""
    from geo import db

    series = gap.SeriesValues.read(con, ["rural_income", "gdp"])
    cut = series.values("gdp", 2019, 2022)
    raw = db.run(con, "county_list")[["adcode", "support_level"]]
    grouped = db.run(con, "gap_counties").set_index("adcode")
    assert len(grouped) == len(raw)
    expected = con.execute(
        "SELECT adcode, year, value FROM indicators WHERE indicator_id = 'gdp' AND year BETWEEN 2019 AND 2022 "
        "AND value IS NOT NULL AND adcode IN (SELECT adcode FROM counties) ORDER BY adcode, year"
    ).df()
    assert cut[["adcode", "year", "value"]].values.tolist() == expected.values.tolist()
    assert set(cut.grp) <= set(gap.GROUPS) and (cut.grp == grouped.grp.reindex(cut.adcode).to_numpy()).all()
    assert (cut.grp[cut.support_level == "national"] == "national").all()


def test_grouped_median_is_numpys_median_per_group() -> None:
    import numpy as np

    generator = np.random.default_rng(7)
    keys = generator.integers(-1, 6, 400)
    values = generator.normal(100, 30, 400)
    values[generator.random(400) < 0.1] = np.nan
    found = gap._grouped_median(keys, 7, values)
    for key in range(7):
        chosen = values[(keys == key) & ~np.isnan(values)]
        assert (np.isnan(found[key]) and not len(chosen)) or found[key] == np.median(chosen)  # exactly
