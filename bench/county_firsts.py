"""Opening counties nobody in the server process has opened yet: server time and CPU of each.

    python bench/county_firsts.py [--pause 5] [--counties 13]

One session opens the county page (``?adcode=150422``), waits ``--pause`` seconds (0: the searches
follow at once, as in ``bench/page_actions.py``; a few seconds: a process that has been up a while,
whose idle-time warm-up, ``ui/county_warm.py``, has made the parts counties share), then searches
for ``--counties`` counties in turn, each found by one search and opened for the first time in the
process. Prints each open's time to ``script_finished`` and the server's CPU over it (utime+stime,
10 ms ticks: read the mean), beside the trivial page's rerun measured in the same run. Target ≤ 0.150 s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wsload import PAGES, Session, cpu_seconds, serving  # noqa: E402

SEARCHES = ("镇雄", "巴林右旗", "黔西县", "522727", "凉城", "会泽", "宣威", "622927", "阿克陶", "墨脱", "城步", "沿河",
            "岚皋", "城口", "巫溪", "石柱", "彭水", "酉阳", "秀山", "云阳")  # fmt: skip
"""Searches that find one county each, in several provinces (none is the first page's 巴林左旗)."""


async def run(app: tuple[str, int], floor: tuple[str, int], pause: float, counties: int) -> None:
    async with Session(floor[0]) as trivial:
        await trivial.run("", "")
        runs = []
        for _ in range(10):
            before = cpu_seconds(floor[1])
            result = await trivial.run("", "")
            runs.append((result.seconds or float("nan"), cpu_seconds(floor[1]) - before))
    base = statistics.median(wall for wall, _ in runs)
    print(f"trivial rerun          median {base:.3f} s  server CPU {statistics.fmean(c for _, c in runs) * 1000:5.1f} ms")
    async with Session(app[0]) as session:
        first = await session.run(*PAGES["county"])
        print(f"first county page      {first.seconds:.3f} s (the process's first county; then a {pause:g} s pause)")
        time.sleep(pause)
        opens = []
        for text in SEARCHES[:counties]:
            before = cpu_seconds(app[1])
            result = await session.run("county", PAGES["county"][1], states={"adcode_q": ("string_value", text)})
            if result.seconds is None:
                raise RuntimeError(f"{text}: {result.error}")
            opens.append((text, result.seconds, cpu_seconds(app[1]) - before))
            print(f"  {text:<8} {result.seconds:.3f} s  server CPU {(opens[-1][2]) * 1000:5.0f} ms")
    walls = [wall for _, wall, _ in opens]
    print(f"first opens (n={len(opens)}) median {statistics.median(walls):.3f} s ({statistics.median(walls) / base:.1f}× "
          f"trivial rerun)  max {max(walls):.3f} s  server CPU mean {statistics.fmean(c for *_, c in opens) * 1000:.1f} ms")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pause", type=float, default=5.0)
    parser.add_argument("--counties", type=int, default=13, choices=range(1, len(SEARCHES) + 1), metavar="N")
    args = parser.parse_args()
    with serving() as started:
        (app, app_url), (low, low_url) = started["app"], started["trivial"]
        asyncio.run(run((app_url, app.pid), (low_url, low.pid), args.pause, args.counties))
    return 0


if __name__ == "__main__":
    sys.exit(main())
