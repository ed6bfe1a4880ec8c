"""Build benchmark: time of the database build, its output compared table by table, and its size.

Run ``python bench/build.py [--rev REV] [--repeats N]``. Builds the working tree's code
(``python -m geo.build --out …`` in a child process) and prints its wall time, CPU time (all
threads), CPU cores used on average and each step's time as the build reports it. With
``--rev`` it also builds that commit (exported with ``git archive``), alternating which goes
first, so both are measured under the same load, and compares the two databases table by
table: a content hash of every table and view (``meta``'s build time and inputs digest left
out), so a change meant to be faster proves its output identical. Then the database size, the
county GeoJSON per level of detail and the raw boundaries (the naive baseline) for scale.
First start (server start → map painted) is ``bench/first_start.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import shapely  # noqa: E402

from geo import boundaries  # noqa: E402

VOLATILE_META = ("built_at", "inputs_digest")  # differ between any two builds


def timed_build(tree: Path, out: Path) -> tuple[float, float, list[str]]:
    """(wall s, CPU s of the build process and its threads, its step messages) of one build of ``tree``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "geo.build", "--out", str(out)], cwd=tree, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, [line for line in done.stdout.splitlines() if line.startswith("[")]


def table_digests(path: Path) -> dict[str, tuple[int, str]]:
    """(rows, content hash) of every table and view, in stored order, columns and types included."""
    digests = {}
    with duckdb.connect(str(path), read_only=True) as con:
        names = [row[0] for row in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        for name in names:
            digest = hashlib.sha256()
            query = f'SELECT * FROM "{name}"'
            if name == "meta":
                query += f" WHERE key NOT IN {VOLATILE_META}"
            cursor = con.execute(query)
            digest.update(repr([(column[0], str(column[1])) for column in cursor.description]).encode())
            rows = 0
            while batch := cursor.fetchmany(5000):
                for row in batch:
                    digest.update(repr(row).encode())
                rows += len(batch)
            digests[name] = (rows, digest.hexdigest()[:16])
    return digests


def export(rev: str, target: Path) -> Path:
    """The tree of commit ``rev`` (data/ included, no database) in ``target``."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="also build this commit and compare (e.g. main)")
    parser.add_argument("--repeats", type=int, default=1, help="builds of each tree (alternating)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atlas_build_") as tmp:
        trees = {"this tree": ROOT}
        if args.rev:
            trees = {args.rev: export(args.rev, Path(tmp) / "rev"), "this tree": ROOT}
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        steps: dict[str, list[str]] = {}
        outputs: dict[str, Path] = {}
        for repeat in range(args.repeats):
            order = list(trees) if repeat % 2 == 0 else list(reversed(trees))
            for name in order:
                out = Path(tmp) / f"{len(outputs)}-{repeat}.duckdb"
                wall, cpu, steps[name] = timed_build(trees[name], out)
                runs[name].append((wall, cpu))
                print(f"{name:>12}: {wall:6.1f} s wall, {cpu:6.1f} s CPU ({cpu / wall:.2f} cores), "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
                outputs.setdefault(name, out)
        print()
        for name, times in runs.items():
            wall = statistics.median(t[0] for t in times)
            cpu = statistics.median(t[1] for t in times)
            print(f"{name:>12}: median {wall:6.1f} s wall, {cpu:6.1f} s CPU over {len(times)} build(s)")
        if args.rev:
            before, after = (min(wall for wall, _ in times) for times in runs.values())
            print(f"{'':>12}  fastest build, this tree / {args.rev}: {after / before:.2f}× wall")
        print("\nsteps of this tree's last build:")
        for line in steps["this tree"]:
            print("  " + line)
        if args.rev:
            old, new = table_digests(outputs[args.rev]), table_digests(outputs["this tree"])
            different = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
            print(f"\noutput, {len(new)} tables and views: {'identical' if not different else 'DIFFERENT'}")
            for name in sorted(old.keys() | new.keys()):
                mark = "DIFFERENT" if name in different else "same"
                print(f"  {name:20s} {str(old.get(name)):28s} {str(new.get(name)):28s} {mark}")
        out = outputs["this tree"]
        print(f"\ndatabase size:         {out.stat().st_size / 1e6:6.1f} MB")
        with duckdb.connect(str(out), read_only=True) as con:
            for level, size, count in con.execute(
                "SELECT level, sum(length(geojson)), count(*) FROM county_shapes GROUP BY level ORDER BY level"
            ).fetchall():
                print(f"county GeoJSON {level:9s} {size / 1e6:6.2f} MB ({count} counties)")
    index, _, _ = boundaries.read_index()
    raw = boundaries.read_geometries(index.path)
    raw_bytes = sum(len(shapely.to_geojson(g)) for g in raw)
    print(f"naive baseline (raw):  {raw_bytes / 1e6:6.1f} MB, {int(shapely.get_num_coordinates(raw).sum()):,} vertices")
    return 0 if not args.rev or not different else 1


if __name__ == "__main__":
    sys.exit(main())
