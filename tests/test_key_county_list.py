"""Completing the key-county list from a filled-in template: names validated, totals checked,
and a synthetic complete list (tests only) makes the app count 160/160."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pandas as pd

from geo import db, importer
from geo.completeness import incomplete_provinces
from geo.importer import keylist
from geo.importer.read import read_table

SOURCE = importer.DeclaredSource("测试用合成名单（仅测试）", url="https://example.gov.cn/list.html")
URL = "https://example.gov.cn/list.html"


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(keylist.TEMPLATE_COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _synthetic_complete_list(base: Path) -> list[dict[str, str]]:
    """Every listed national county, plus (synthetic!) non-key counties up to each published total."""
    with duckdb.connect(str(base), read_only=True) as con:
        counties = con.execute("SELECT adcode, name, province, support_level FROM counties").df()
        totals = con.execute("SELECT province, expected FROM key_county_totals WHERE level = 'national'").df()
    rows = []
    for province, expected in totals.itertuples(index=False):
        here = counties[counties.province == province]
        listed = here[here.support_level == "national"]
        filler = here[here.support_level.isna()].head(int(expected) - len(listed))
        for record in pd.concat([listed, filler]).itertuples(index=False):
            rows.append({"省": province, "县名": record.name, "adcode": record.adcode, "级别": "国家级", "来源": URL})
    return rows


def test_template_reads_back_as_a_key_county_list() -> None:
    table = read_table(keylist.template_csv(), "t.csv")
    assert table.columns == ["province", "county", "adcode", "level", "source_url"]
    sheets = pd.read_excel(io.BytesIO(keylist.template_xlsx()), sheet_name=None)
    assert list(sheets) == ["名单", "说明"] and list(sheets["名单"].columns) == list(keylist.TEMPLATE_COLUMNS)


def test_synthetic_complete_list_makes_160_of_160(env: tuple[Path, Path]) -> None:
    base, state = env
    rows = _synthetic_complete_list(base)
    assert len(rows) == 160
    plan = importer.check_file(_csv(rows), "list.csv", SOURCE, db_path=base, state=state)
    assert plan.kind == "key_counties" and plan.ok, plan.report()
    complete = [issue.message for issue in plan.issues if issue.code == "list_complete"]
    assert len(complete) == 10 and any("云南省 national 27/27" in m for m in complete)
    importer.commit(plan, "tester", base=base, state=state, report=lambda _m: None)
    with db.connect(read_only=True) as con:
        headline = db.run(con, "headline_figures").iloc[0]
        progress = db.run(con, "key_county_progress")
    assert int(headline.national_listed) == 160
    national = progress[progress.level == "national"]
    assert (national.listed == national.expected).all() and national.expected.sum() == 160
    # the map's 名单待补全 overlay: provinces complete at the national level drop out (provincial lists remain)
    still = {p.name: p for p in incomplete_provinces(progress)}
    assert "内蒙古自治区" not in still and "甘肃省" not in still and "宁夏回族自治区" not in still
    assert all(p.listed == p.expected for p in still.values())  # only provincial lists are short


def test_more_than_the_total_is_an_error(env: tuple[Path, Path]) -> None:
    base, state = env
    with duckdb.connect(str(base), read_only=True) as con:
        extra = con.execute("SELECT adcode, name FROM counties WHERE province = '重庆市' AND support_level IS NULL "
                            "LIMIT 1").fetchone()
    rows = [{"省": "重庆市", "县名": extra[1], "adcode": extra[0], "级别": "national", "来源": URL}]
    plan = importer.check_file(_csv(rows), "over.csv", SOURCE, db_path=base, state=state)
    assert not plan.ok
    assert [i.message for i in plan.errors if i.code == "list_over_total"] == [
        "超过公布的重点帮扶县总数 / more key counties than the published total: 重庆市 national 5/4"
    ]


def test_fewer_than_the_total_says_list_incomplete_and_names_are_matched(env: tuple[Path, Path]) -> None:
    base, state = env
    rows = [
        {"省": "云南", "县名": "澜沧拉祜族自治县", "adcode": "", "级别": "国家级", "来源": URL},
        {"省": "贵州省", "县名": "水城县", "adcode": "", "级别": "national", "来源": URL},  # renamed → 水城区
        {"省": "吉林省", "县名": "不存在县", "adcode": "", "级别": "national", "来源": URL},  # unknown name
    ]
    plan = importer.check_file(_csv(rows), "few.csv", SOURCE, db_path=base, state=state)
    assert set(plan.rows.adcode) >= {"520204"}
    incomplete = [i for i in plan.issues if i.code == "list_incomplete"]
    assert incomplete and all(i.severity == "warning" for i in incomplete)
    assert any("名单待补全" in i.message and "云南省 national" in i.message for i in incomplete)
    assert any(i.code in ("unknown_county", "ambiguous_county") for i in plan.errors)
