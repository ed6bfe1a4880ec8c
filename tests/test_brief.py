"""County briefs: real PDFs, one page per county, Chinese text that extracts, CLI errors."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pypdf
import pytest

from geo import brief, db
from geo.fmt import format_value
from geo.i18n import level_label
from geo.paths import ROOT


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def huize_pdf(atlas_db: str) -> bytes:
    """The brief of 会泽县 (530326, a national key county), rendered once for this module."""
    with db.connect() as connection:
        return brief.brief_pdf(connection, ["530326"], when=date(2024, 5, 1))


def test_single_county_brief(huize_pdf: bytes) -> None:
    data = huize_pdf
    (text,) = _pages(data)
    for expected in [
        "会泽县", "县情简报", "云南省", "曲靖市", level_label("national", "zh"), "常住人口", "农村居民人均可支配收入",
        "省内位次", "未核实", "易地搬迁安置点", "铁路", "高速公路", "无数据", "GCJ-02", "2024-05-01", "tt.hnmdtv.com",
    ]:
        assert expected in text, expected
    box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait


def test_brief_of_a_county_in_an_incomplete_province_says_so(con: duckdb.DuckDBPyConnection, huize_pdf: bytes) -> None:
    row = db.run(con, "key_county_progress").query("province_adcode == '530000' and level == 'national'").iloc[0]
    (text,) = _pages(huize_pdf)
    assert f"名单待补全：云南省国家重点帮扶县已列出 {row.listed} 个，公布 {row.expected} 个" in text


def test_brief_shows_census_value_and_rank_from_the_database(
    con: duckdb.DuckDBPyConnection, huize_pdf: bytes
) -> None:
    ranks = db.run(con, "brief_ranks", {"adcode": "530326", "indicators": ["pop_census"]}).iloc[0]
    census = db.run(con, "brief_indicators", {"adcode": "530326", "indicators": ["pop_census"]}).iloc[0]
    (text,) = _pages(huize_pdf)
    assert census.value > 0 and format_value(census.value, census.unit, "zh", int(census.decimals)) in text
    assert f"{int(ranks.rank_province)} / {int(ranks.n_province)}" in text


def test_sites_are_listed_with_their_total(con: duckdb.DuckDBPyConnection) -> None:
    sites = db.run(con, "brief_sites", {"adcode": "450123"})
    (text,) = _pages(brief.brief_pdf(con, ["450123"]))
    assert sites.iloc[0]["name"] in text
    assert f"共 {len(sites)} 处" in text
    assert level_label(None, "zh") in text


def test_province_brief_has_one_page_per_county(con: duckdb.DuckDBPyConnection) -> None:
    selection = brief.counties_for_province(con, "云南", "national")
    names = db.run(con, "brief_county", {"adcodes": selection.adcodes})["name"].tolist()
    assert selection.name == "云南省" and selection.expected == 27 and len(names) >= 10
    pages = _pages(brief.brief_pdf(con, selection.adcodes[:3]))
    assert len(pages) == 3
    for text, name in zip(pages, names[:3], strict=True):
        assert f"{name}  县情简报" in text or f"{name} 县情简报" in text


def test_english_brief(con: duckdb.DuckDBPyConnection) -> None:
    (text,) = _pages(brief.brief_pdf(con, ["530326"], lang="en"))
    assert "County brief" in text and "Resident population" in text and "会泽县" in text


@pytest.mark.parametrize(
    ("adcodes", "message"),
    [(["999999"], "unknown county"), (["53032"], "6 digits"), ([], "no county"), (["../../x"], "6 digits")],
)
def test_bad_counties(con: duckdb.DuckDBPyConnection, adcodes: list[str], message: str) -> None:
    with pytest.raises(brief.BriefError, match=message):
        brief.brief_pdf(con, adcodes)


def test_too_many_counties(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(brief.BriefError, match="at most"):
        brief.check_counties(con, [f"{i:06d}" for i in range(brief.MAX_COUNTIES + 1)])


@pytest.mark.parametrize("query", ["火星省", "广", "", "x" * 1000])
def test_bad_provinces(con: duckdb.DuckDBPyConnection, query: str) -> None:
    with pytest.raises(brief.BriefError):
        brief.counties_for_province(con, query, "national")


def test_province_without_key_counties(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(brief.BriefError, match="no key counties"):
        brief.counties_for_province(con, "北京市", "national")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo.brief", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_cli_writes_a_pdf_whose_text_extracts(atlas_db: str, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    result = _cli("--county", "530326", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(pypdf.PdfReader(out).pages) == 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "会泽县" in text and "常住人口" in text and "人均受教育年限" in text


@pytest.mark.parametrize(
    "args",
    [("--county", "999999"), ("--province", "火星省"), ("--province", "北京市", "--level", "national")],
)
def test_cli_errors_exit_2_and_write_nothing(atlas_db: str, tmp_path: Path, args: tuple[str, ...]) -> None:
    out = tmp_path / "none.pdf"
    result = _cli(*args, "--out", str(out))
    assert result.returncode == 2
    assert "错误" in result.stderr
    assert not out.exists()


def test_brief_includes_the_trajectory_against_the_medians(con: duckdb.DuckDBPyConnection, huize_pdf: bytes) -> None:
    """会泽县's rural income: its two years and the Yunnan median over counties with both years,
    recomputed here in SQL, appear in the brief's trajectory section."""
    (text,) = _pages(huize_pdf)
    assert "发展轨迹" in text and "相对全省中位数" in text and "国家重点帮扶县中位数" in text
    years = con.sql(
        "SELECT min(year), max(year) FROM indicators WHERE adcode = '530326' AND indicator_id = 'rural_income' "
        "AND year BETWEEN 2020 AND 2023"
    ).fetchone()
    first, latest = int(years[0]), int(years[1])
    own = dict(con.sql(
        f"SELECT year, value FROM indicators WHERE adcode = '530326' AND indicator_id = 'rural_income' "
        f"AND year IN ({first}, {latest})"
    ).fetchall())
    median = con.sql(
        f"""SELECT median(b.value) FROM indicators a JOIN indicators b USING (adcode) JOIN counties c USING (adcode)
        WHERE c.province_adcode = '530000' AND a.indicator_id = 'rural_income' AND b.indicator_id = 'rural_income'
        AND a.year = {first} AND b.year = {latest}"""
    ).fetchone()[0]
    assert f"{first}→{latest}" in text
    assert f"本县 {format_value(own[first], '元', 'zh', 0, per_capita=True)}→" in text
    assert f"→{format_value(median, '元', 'zh', 0, per_capita=True)}" in text
