"""AppTest of the planners' workbench: filters, table, URL round trip, hostile links."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import db

PAGE = "../pages/workbench.py"


def open_page(params: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def matching(at: AppTest) -> int:
    return int(at.metric[0].value.replace(",", ""))


def url(at: AppTest, name: str) -> list[str]:
    """The values of one URL parameter as a list (AppTest keeps a lone value unwrapped)."""
    value = at.query_params.get(name, [])
    return list(value) if isinstance(value, list) else [value]


def rank_table(at: AppTest):
    return at.dataframe[-1].value


@pytest.fixture(scope="module")
def key_count(atlas_db: str) -> int:
    with db.connect() as con:
        return con.execute("SELECT count(*) FROM counties WHERE support_level IS NOT NULL").fetchone()[0]


def test_default_view_lists_key_counties(key_count: int) -> None:
    at = open_page()
    assert matching(at) == key_count
    table = rank_table(at)
    assert len(table) == key_count
    assert {"score", "public_budget_income_per_capita__rank_prov", "rural_income__pct", "gdp_per_capita_raw"} <= set(table.columns)
    assert table.score.dropna().between(0, 100).all()
    assert not at.warning


def test_filter_change_updates_count_table_and_url(key_count: int) -> None:
    at = open_page()
    at.multiselect(key="prov").set_value(["530000"]).run()
    at.multiselect(key="flag").set_value(["norail"]).run()
    count = matching(at)
    assert 0 < count < key_count
    assert len(rank_table(at)) == count
    assert url(at, "prov") == ["530000"] and url(at, "flag") == ["norail"]

    shared = open_page({name: url(at, name) for name in ("prov", "flag")})
    assert matching(shared) == count
    assert list(rank_table(shared).index) == list(rank_table(at).index)


def test_range_filter_counts_missing_separately() -> None:
    at = open_page({"ind": "rural_income", "year": "2022", "lo": "13000"})
    missing = int(at.metric[1].value.replace(",", ""))
    assert missing > 0 and matching(at) > 0
    listing = at.dataframe[0].value
    assert len(listing) == missing and set(listing.iloc[:, -1]) == {"农村居民人均可支配收入"}
    assert (rank_table(at).reindex(columns=["name"]).shape[0]) == matching(at)


def test_reversed_range_is_refused_with_a_message(key_count: int) -> None:
    at = open_page({"ind": "gdp", "lo": "100", "hi": "10"})
    assert matching(at) == key_count
    assert any("10" in w.value and "100" in w.value for w in at.warning)


def test_selection_and_compare_from_the_url() -> None:
    at = open_page({"sel": ["530627", "532529"], "view": "compare", "rk": ["rural_income", "avg_years_schooling"]})
    assert at.multiselect(key="sel").value == ["530627", "532529"]
    grid = at.dataframe[-1].value
    assert grid.shape == (2, 2) and all("（" in str(cell) for cell in grid.iloc[0])
    assert any("来源" in m.value and "未核实" in m.value for m in [*at.markdown, *at.get("html")])


def test_export_view_offers_three_files() -> None:
    at = open_page({"view": "export", "prov": "530000"})
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX", "GeoJSON"]


HOSTILE = ["';DROP TABLE counties;--", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "x" * 5000]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_links_change_nothing(text: str, key_count: int) -> None:
    names = ("prov", "pref", "lvl", "flag", "ind", "year", "lo", "hi", "rk", "sel", "view", "sort", "norm", "w_gdp")
    at = open_page({name: text for name in names})
    assert matching(at) == key_count
    assert len(rank_table(at)) == key_count
    assert len(at.warning) == 1 and at.warning[0].value.count("链接参数") == len(names)  # one notice per page
    assert text[:20] not in at.warning[0].value and "<" not in at.warning[0].value
    assert not any(name in at.query_params for name in names)
    with db.connect() as con:
        assert con.execute("SELECT count(*) FROM counties").fetchone()[0] == 2875


def test_hostile_typed_bound_is_harmless(key_count: int) -> None:
    at = open_page({"ind": "gdp"})
    at.number_input(key="lo").set_value(1e308).run()
    assert matching(at) == key_count
    assert any("有效范围" in w.value for w in at.warning)


def test_a_stale_url_never_undoes_a_newer_widget_value() -> None:
    """A quick second click reruns with the browser's URL from before the first was written back."""
    at = open_page({"prov": "530000"})
    at.multiselect(key="pref").set_value(["530600"]).run()
    for name in list(at.query_params):  # the browser has not caught up: the old URL comes back
        del at.query_params[name]
    at.query_params["prov"] = "530000"
    at.multiselect(key="lvl").set_value(["national"]).run()
    assert at.multiselect(key="pref").value == ["530600"]
    assert at.multiselect(key="lvl").value == ["national"]
    assert url(at, "pref") == ["530600"] and url(at, "lvl") == ["national"] and url(at, "prov") == ["530000"]


def test_a_county_clicked_on_the_map_comes_first_in_the_table() -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params["sel"] = "530621"
    at.query_params["pref"] = "530600"
    at.session_state["wb_focus"] = "530621"  # what a map click leaves for the next run
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    table = rank_table(at)
    assert table.index[0] == "530621" and len(table) == matching(at) > 1
    assert sorted(table.index[1:]) == sorted(set(table.index) - {"530621"})
    assert any("已勾选，置于表格首行" in c.value for c in at.caption)


def test_selection_box_offers_the_ticked_counties_and_search_adds_more() -> None:
    """No box of all 2,875 counties: the selection lists what is ticked; the search adds to it."""
    at = open_page({"sel": "530627"})
    assert at.multiselect(key="sel").options == ["镇雄县（云南省）"]
    assert all(len(box.options) < 500 for box in at.multiselect)  # provinces, prefectures, levels …
    at = at.text_input(key="wb_add_q").input("巴林左旗").run()  # one match: added at once, box emptied
    assert at.multiselect(key="sel").value == ["530627", "150422"] and url(at, "sel") == ["530627", "150422"]
    assert at.text_input(key="wb_add_q").value == ""
    assert any("已添加：巴林左旗" in c.value for c in at.caption)
    at = at.text_input(key="wb_add_q").input("东乡").run()  # several: nothing added until one is picked
    assert url(at, "sel") == ["530627", "150422"]
    at = at.selectbox(key="wb_add_pick").select("622926").run()
    assert url(at, "sel") == ["530627", "150422", "622926"] and not at.exception
    at = at.multiselect(key="sel").unselect("530627").run()  # removed in the box
    assert url(at, "sel") == ["150422", "622926"]
    at = at.text_input(key="wb_add_q").input("'; DROP TABLE counties; --").run()
    assert not at.exception and any("没有找到" in c.value for c in at.caption)
