"""Time a workbench filter change over all 2,875 counties: SQL, scoring, a full AppTest rerun,
against a naive baseline (all indicator rows in pandas, filtered in Python each time).

Run ``python bench/filter.py`` from the repository root.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from geo import db  # noqa: E402
from geo.filters import FilterSpec, RangeFilter  # noqa: E402
from geo.scoring import Criterion, pivot, rank_table  # noqa: E402

SPECS = [
    FilterSpec(),
    FilterSpec(flags=("norail",), ranges=(RangeFilter("rural_income", 2022, 10000.0, None),)),
    FilterSpec(provinces=("530000", "520000"), ranges=(RangeFilter("avg_years_schooling", 2020, None, 8.0),)),
]
CRITERIA = [Criterion("avg_years_schooling", 1, 1), Criterion("urban_share_pct", 1, 1), Criterion("dist_rail_km", 1, -1)]


def timed(action: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def naive(con, spec: FilterSpec) -> pd.DataFrame:
    """The baseline: load every indicator row and every county, then filter in pandas."""
    counties = con.execute("SELECT * FROM counties").df()
    rows = con.execute("SELECT * FROM indicators").df()
    keep = counties
    if spec.provinces:
        keep = keep[keep.province_adcode.isin(spec.provinces)]
    if "norail" in spec.flags:
        keep = keep[keep.has_rail_station.eq(False)]
    for r in spec.ranges:
        values = rows[(rows.indicator_id == r.indicator) & (rows.year == r.year)].set_index("adcode").value
        value = keep.adcode.map(values)
        inside = value.isna() | ((r.low is None) | (value >= (r.low or 0))) & ((r.high is None) | (value <= (r.high or 0)))
        keep = keep[inside.to_numpy()]
    return keep


def main() -> None:
    con = db.connect()
    values = db.run(con, "workbench_values", {"indicators": [c.indicator for c in CRITERIA], "years": [2020, 2020, 2021]})
    counties = db.run(con, "county_list").set_index("adcode")
    wide = pivot(values)
    for spec in SPECS:
        sql_ms = timed(lambda spec=spec: db.run(con, "workbench_filter", spec.params()))
        found = db.run(con, "workbench_filter", spec.params())
        naive_ms = timed(lambda spec=spec: naive(con, spec))
        chosen = list(found[found.status == "match"].adcode)
        score_ms = timed(lambda chosen=chosen: rank_table(chosen, wide, counties.province_adcode, CRITERIA))
        print(
            f"filter {len(found):>5} rows (of 2,875): SQL {sql_ms:7.1f} ms | naive pandas {naive_ms:7.1f} ms "
            f"(×{naive_ms / sql_ms:.1f}) | rank+score {score_ms:6.1f} ms"
        )

    at = AppTest.from_file(str(ROOT / "pages" / "workbench.py"), default_timeout=180)
    start = time.perf_counter()
    at.run()
    first = (time.perf_counter() - start) * 1000
    reruns = []
    for levels in (["national", "provincial", "none"], ["national"], ["national", "provincial", "none"]):
        start = time.perf_counter()
        at.multiselect(key="lvl").set_value(levels).run()
        reruns.append((time.perf_counter() - start) * 1000)
        assert not at.exception, [e.message for e in at.exception]
    print(f"AppTest first run {first:.0f} ms; rerun after a filter change (all counties ↔ national): "
          f"median {statistics.median(reruns):.0f} ms over {len(reruns)}")


if __name__ == "__main__":
    main()
