"""Key counties keep every source that states their status, best first (official > media > mirror)."""

from __future__ import annotations

import duckdb
import pandas as pd

from geo.paths import DATA_DIR
from geo.sources import host_kind, load_key_county_sources

KINDS = pd.read_csv(DATA_DIR / "key_county_source_kinds.csv", dtype=str)


def test_103_national_key_counties_each_with_sources(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT count(*) FROM counties WHERE support_level = 'national'").fetchone()[0] == 103
    assert con.execute("SELECT count(*) FROM counties WHERE support_level = 'provincial'").fetchone()[0] == 25
    unsourced = con.execute(
        "SELECT count(*) FROM counties c WHERE support_level IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM key_county_sources s WHERE s.adcode = c.adcode AND s.url LIKE 'http%')"
    ).fetchone()[0]
    assert unsourced == 0
    new = dict(con.execute("SELECT adcode, support_source_kind FROM counties WHERE adcode IN ('620825', '620622')")
               .fetchall())
    assert new == {"620825": "official", "620622": "mirror"}


def test_best_source_is_shown_first(con: duckdb.DuckDBPyConnection) -> None:
    """Chongqing's 4 had a news mirror first; the people's-congress page now leads."""
    rows = con.execute(
        "SELECT c.adcode, c.support_source_url, c.support_source_kind, s.url, s.kind FROM counties c "
        "JOIN key_county_sources s ON s.adcode = c.adcode AND s.rank = 1 WHERE c.province = '重庆市' "
        "AND c.support_level = 'national'"
    ).fetchall()
    assert len(rows) == 4
    for _adcode, url, kind, best_url, best_kind in rows:
        assert url == best_url and kind == best_kind == "official" and "cqrd.gov.cn" in url
    order = {"official": 0, "media": 1, "mirror": 2}
    ranked = con.execute("SELECT adcode, rank, kind FROM key_county_sources ORDER BY adcode, rank").fetchall()
    last: dict[str, int] = {}
    for adcode, _rank, kind in ranked:
        assert order[kind] >= last.get(adcode, 0)
        last[adcode] = order[kind]


def test_jinping_keeps_its_mirror_as_a_second_source(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT rank, kind FROM key_county_sources WHERE adcode = '532530' ORDER BY rank").fetchall()
    assert rows[0] == (1, "official") and len(rows) >= 2


def test_host_kinds() -> None:
    assert host_kind("https://www.gszhuanglang.gov.cn/x", KINDS) == "official"
    assert host_kind("http://tt.hnmdtv.com/caijing/x.html", KINDS) == "mirror"
    assert host_kind("https://yn.yunnan.cn/system/x.shtml", KINDS) == "media"
    assert host_kind("https://unknown.example/x", KINDS) == "mirror"


def test_note_urls_become_sources(tmp_path) -> None:
    (tmp_path / "key_county_source_kinds.csv").write_text("host,kind,why\ngov.cn,official,gov\n", encoding="utf-8")
    listed = pd.DataFrame([{"adcode": "500242", "source_url": "http://a.example/x", "level": "national",
                            "note": 'corroborated by https://b.gov.cn/y (“酉阳县为国家乡村振兴重点帮扶县”)'}])
    frame = load_key_county_sources(tmp_path, listed)
    assert frame.url.tolist() == ["https://b.gov.cn/y", "http://a.example/x"]
    assert frame.quote.tolist()[0] == "酉阳县为国家乡村振兴重点帮扶县" and frame["rank"].tolist() == [1, 2]
