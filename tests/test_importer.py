"""Importer: parsing (CSV/XLSX, UTF-8/GBK, wide/long), county matching, validation, commit."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from geo import db, importer, versions
from geo.importer import DeclaredSource, check_file
from geo.importer.match import COUNTY_SUFFIXES, strip_suffix
from geo.paths import ROOT, database_path

SOURCE = DeclaredSource("某省统计年鉴2025 (test)", publisher="统计局", year=2025)




def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.strip().replace("\n", "\r\n").encode(encoding) + b"\r\n"


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def codes(plan: importer.Plan) -> list[str]:
    return [issue.code for issue in plan.errors]


def check(data: bytes, name: str, env: tuple[Path, Path], **kwargs: object) -> importer.Plan:
    base, state = env
    return check_file(data, name, kwargs.pop("source", SOURCE), db_path=base, state=state, **kwargs)


def test_wide_csv_by_names_with_renames_and_units(env: tuple[Path, Path]) -> None:
    data = csv_bytes("""
省份,县名,年份,gdp（万元）,农村居民人均可支配收入
贵州省,威宁彝族回族苗族自治县,2024,"5,000,000",16000
贵州,水城县,2024,3000000,—
四川省,马边县,2024,1200000,14000
""")
    plan = check(data, "yearbook.csv", env)
    assert plan.ok, plan.report()
    assert plan.layout == "wide" and plan.kind == "indicators"
    assert plan.counts["skipped_empty"] == 1  # "—" is missing, not zero
    got = {(r.adcode, r.indicator_id): r.value for r in plan.rows.itertuples()}
    assert got[("520526", "gdp")] == 5_000_000
    assert got[("520204", "gdp")] == 3_000_000  # renamed 水城县 → 水城区
    assert got[("511133", "rural_income")] == 14_000  # 马边县 via the renames table
    assert set(plan.rows.year) == {2024}


def test_gbk_file_is_decoded(env: tuple[Path, Path]) -> None:
    data = csv_bytes("adcode,year,rural_income\n520526,2024,16000", "gbk")
    plan = check(data.replace(b"adcode", "行政区划代码".encode("gbk")), "gbk.csv", env)
    assert plan.ok and plan.encoding == "gb18030"


def test_long_xlsx_with_units(env: tuple[Path, Path]) -> None:
    rows = [
        ["adcode", "指标", "年份", "数值", "单位"],
        ["520526", "gdp", 2024, 5000000, "万元"],
        ["520526", "地区生产总值", 2023, 4800000, "10k yuan"],
        ["520204", "gdp", 2024, 3000000, "元"],
    ]
    plan = check(xlsx_bytes(rows), "long.xlsx", env)
    assert plan.layout == "long" and plan.encoding == "xlsx"
    assert codes(plan) == ["unit_mismatch"]
    assert len(plan.rows) == 2 and not plan.ok


def test_validation_report_lists_every_problem(env: tuple[Path, Path]) -> None:
    data = csv_bytes("""
adcode,province,county,year,gdp,rural_income,gpd
520526,,,2024,abc,16000,1
999999,,,2024,1,1,1
520526,,,2024,2,16001,1
12345,,,2024,1,1,1
,云南省,不存在县,2024,1,1,1
520526,,北京,2024,1,1,1
520204,,,2024,-5,1e12,1
""")
    plan = check(data, "bad.csv", env, source=None)
    found = set(codes(plan))
    assert {
        "missing_source", "unknown_column", "not_numeric", "unknown_county", "duplicate", "bad_adcode",
        "name_mismatch", "out_of_range",
    } <= found  # fmt: skip
    assert not plan.ok
    lines = {issue.line for issue in plan.errors if issue.code == "unknown_county"}
    assert lines == {3, 6}  # file lines (header = 1)


def test_ambiguous_county_is_reported_not_guessed(env: tuple[Path, Path]) -> None:
    with db.connect(env[0]) as con:
        counties = db.run(con, "import_counties")
    counties["stripped"] = counties.name.map(lambda n: strip_suffix(n, COUNTY_SUFFIXES))
    groups = counties.groupby(["province", "stripped"]).adcode.count()
    province, stripped = next(k for k, n in groups.items() if n > 1 and k[1] not in set(counties.name))
    plan = check(csv_bytes(f"province,county,year,gdp\n{province},{stripped},2024,1"), "a.csv", env)
    assert codes(plan) == ["ambiguous_county"]


def test_missing_year_and_formula_cells(env: tuple[Path, Path]) -> None:
    plan = check(csv_bytes("adcode,gdp\n520526,1"), "noyear.csv", env)
    assert "missing_year" in codes(plan)
    assert check(csv_bytes("adcode,gdp\n520526,1"), "y.csv", env, year=2024).ok
    plan = check(xlsx_bytes([["adcode", "year", "gdp"], ["520526", 2024, "=1+1"]]), "f.xlsx", env)
    assert codes(plan) == ["formula"]


def test_key_county_rows_need_a_source_url(env: tuple[Path, Path]) -> None:
    data = csv_bytes("""
adcode,county,province,level,source_url,note
520526,,,national,https://example.gov.cn/notice.html,2025 list
520204,,,provincial,,no url
520203,,,maybe,https://example.gov.cn/x,
""")
    plan = check(data, "list.csv", env)
    assert plan.kind == "key_counties"
    assert sorted(codes(plan)) == ["bad_level", "missing_source_url"]
    assert plan.rows.to_dict("records")[0] == {
        "adcode": "520526",
        "support_level": "national",
        "support_source_url": "https://example.gov.cn/notice.html",
        "support_note": "2025 list",
    }


def test_sites_datum_conversion_and_precision(env: tuple[Path, Path]) -> None:
    with db.connect(env[0]) as con:
        county = db.run(con, "import_counties").set_index("adcode").loc["520526"]
    lon, lat = (county.min_lon + county.max_lon) / 2, (county.min_lat + county.max_lat) / 2
    data = csv_bytes(f"""
name,adcode,population,lon,lat,datum
五里岗安置区,520526,12000,{lon},{lat},WGS-84
新城安置点,520526,900,,,
远方安置点,520526,100,{lon + 5},{lat},GCJ-02
""")
    plan = check(data, "sites.csv", env)
    assert codes(plan) == ["outside_county"]
    first, second = plan.rows.to_dict("records")
    assert first["location_precision"] == "exact" and first["datum"] == "GCJ-02"
    assert 0.001 < abs(first["lon"] - lon) < 0.01  # shifted WGS-84 → GCJ-02
    assert first["size_class"] == "ge10000"
    assert second["location_precision"] == "county" and second["lon"] != second["lon"]  # NaN: no point


@pytest.mark.slow  # several imports, each a full database version (~5 s apiece)
def test_commit_records_source_and_serves_new_version(env: tuple[Path, Path]) -> None:
    base, state = env
    plan = check(csv_bytes("adcode,year,gdp,rural_income\n520526,2024,5000000,16000"), "gz.csv", env)
    version = importer.commit(plan, "tester", report=lambda _m: None)
    assert database_path() == versions.versions_dir(base) / f"{version}.duckdb"
    with db.connect() as con:
        values = con.execute(
            "SELECT indicator_id, value, source_id FROM latest_indicators WHERE adcode = '520526' "
            "AND indicator_id IN ('gdp', 'rural_income') ORDER BY 1"
        ).fetchall()
        source = con.execute("SELECT verified, note FROM sources WHERE source_id = ?", [values[0][2]]).fetchone()
    assert [(v[0], v[1]) for v in values] == [("gdp", 5_000_000), ("rural_income", 16_000)]
    assert source[0] is False and plan.sha256 in source[1] and "gz.csv" in source[1] and "tester" in source[1]
    manifest = json.loads((state / plan.import_id / "manifest.json").read_text())
    assert manifest["sha256"] == plan.sha256 and manifest["user"] == "tester"
    assert [r["event"] for r in versions.audit_log(state)] == ["import"]
    again = check(csv_bytes("adcode,year,gdp,rural_income\n520526,2024,5000000,16000"), "gz.csv", env)
    assert "already_imported" in codes(again)
    with pytest.raises(importer.ImportRejected):
        importer.commit(again, "tester")


def test_cli_dry_run_writes_nothing(env: tuple[Path, Path], tmp_path: Path) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes("adcode,year,gdp\n520526,2024,1"))
    bad.write_bytes(b"\x00\x01garbage")
    run = [sys.executable, "-m", "geo.importer", "--source-title", "t", "--dry-run"]
    ok = subprocess.run([*run, str(good)], cwd=ROOT, capture_output=True, text=True)
    fail = subprocess.run([*run, str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0 and "CLEAN" in ok.stdout
    assert fail.returncode == 1 and "binary" in fail.stdout
    assert not env[1].exists() and not versions.versions_dir(env[0]).exists()
