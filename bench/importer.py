"""Import validation speed: values per second of ``check_file`` on a synthetic wide CSV.

    python bench/importer.py [VALUES]

Prints the time for VALUES values (default 200,000) and, as the floor measured in the same run,
the time to only read the file into text cells; the ratio says what validation adds.
"""

from __future__ import annotations

import sys
import time

from geo import db
from geo.importer import DeclaredSource, check_file
from geo.importer.read import read_table
from geo.paths import database_path

IDS = ["gdp", "gdp_primary", "gdp_secondary", "gdp_tertiary", "rural_income", "urban_income"]


def synthetic_csv(values: int) -> bytes:
    with db.connect(database_path(), read_only=True) as con:
        codes = con.execute("SELECT adcode FROM counties ORDER BY adcode").fetchnumpy()["adcode"]
    rows = values // len(IDS)
    lines = ["adcode,year," + ",".join(IDS)]
    lines += [f"{codes[n // 100]},{1950 + n % 100}," + ",".join(f"{1000 + n % 9000}.5" for _ in IDS) for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    values = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    data = synthetic_csv(values)
    start = time.perf_counter()
    read_table(data, "bench.csv")
    floor = time.perf_counter() - start
    start = time.perf_counter()
    plan = check_file(data, "bench.csv", DeclaredSource("bench"))
    total = time.perf_counter() - start
    print(f"{len(plan.rows):,} values, {len(data) / 2**20:.1f} MB: check_file {total:.2f} s "
          f"({len(plan.rows) / total:,.0f} values/s); reading alone {floor:.2f} s; ratio {total / floor:.1f}")


if __name__ == "__main__":
    main()
