"""Overview interactions the first time anyone makes them in a server process (target ≤ 0.150 s).

Run ``python bench/first_interactions.py``. It starts the app and the trivial floor page
(``bench.wsload.serving``), keeps one idle session on each, warms the overview with ``--warm`` (3) first
visits, then in one open session makes ``bench.load``'s interactions (indicator mode, drill-down,
back to China, another indicator) once — each a first in this process — and again; then first
drill-downs into ``--provinces`` more provinces and first choices of ``--indicators`` more
indicators (national view). A rerun without widget states keeps them, so load.py's "back to
China" is a plain rerun of the drill-down and its "other indicator" is chosen in that province.
It prints each one's server time (send → script_finished) and the server process's CPU over it (utime + stime from /proc, 10 ms ticks: read the means over several), beside the
trivial page's rerun measured in the same run. CPU is the load-robust figure on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import overview_actions  # noqa: E402
from bench.wsload import PAGES, Session, cpu_seconds, open_session, option, serving  # noqa: E402

TRIVIAL = ("", "")


async def timed(session: Session, pid: int, page: tuple[str, str], states: dict | None = None) -> tuple[float, float]:
    """(server seconds, server CPU seconds) of one rerun."""
    before = cpu_seconds(pid)
    result = await session.run(*page, states=states)
    if result.seconds is None:
        raise RuntimeError(f"run failed: {result.error}")
    return result.seconds, cpu_seconds(pid) - before


def line(name: str, values: list[tuple[float, float]], floor: tuple[float, float]) -> str:
    walls = [wall for wall, _ in values]
    cpu = statistics.fmean(c for _, c in values) * 1000
    wall = statistics.median(walls)
    return (f"{name:<24} n={len(values):<3} median {wall:6.3f} s  max {max(walls):6.3f} s  "
            f"({wall / floor[0]:4.1f}× trivial rerun)  server CPU {cpu:6.1f} ms ({cpu / (floor[1] * 1000):4.1f}×)")  # fmt: skip


async def run(
    app_url: str, app_pid: int, floor_url: str, floor_pid: int, provinces: int, indicators: int, warm: int
) -> None:
    async with Session(app_url) as bystander, Session(floor_url) as floor_bystander:
        await bystander.run(*PAGES["data_admin"])
        await floor_bystander.run(*TRIVIAL)
        async with Session(floor_url) as trivial:
            await trivial.run(*TRIVIAL)
            floor_runs = [await timed(trivial, floor_pid, TRIVIAL) for _ in range(20)]
        floor = (statistics.median(w for w, _ in floor_runs), statistics.fmean(c for _, c in floor_runs))
        print(f"{'trivial rerun':<24} n=20  median {floor[0]:6.3f} s  server CPU {floor[1] * 1000:6.1f} ms")
        for _ in range(warm):
            await open_session(app_url, PAGES["overview"])
        found: dict[str, list[tuple[float, float]]] = {}
        async with Session(app_url) as session:
            await session.run(*PAGES["overview"])
            for round_name in ("first", "again"):
                for name, states in overview_actions(session):
                    found.setdefault(f"{name} ({round_name})", []).append(
                        await timed(session, app_pid, PAGES["overview"], states)
                    )
                mode = overview_actions(session)[0][1]
                await session.run(*PAGES["overview"], states=mode)
                other = {**mode, "ov_ind": ("string_value", option(session, "ov_ind", 2))}
                found.setdefault(f"other indicator ({round_name})", []).append(
                    await timed(session, app_pid, PAGES["overview"], other)
                )
            for name, values in found.items():
                print(line(name, values, floor))

            count = len(session.widgets["ov_prov"][1].options)
            picks = [index for index in range(1, count) if index != 25][:provinces]
            drills = []
            for index in picks:
                drills.append(await timed(session, app_pid, PAGES["overview"],
                                          {"ov_prov": ("string_value", option(session, "ov_prov", index))}))  # fmt: skip
            print(line("first drill-downs", drills, floor))

            china = {"ov_prov": ("string_value", option(session, "ov_prov", 0))}
            await session.run(*PAGES["overview"], states={**china, **mode})  # national view, indicator mode
            total = len(session.widgets["ov_ind"][1].options)
            chosen = []
            for index in [i for i in range(total) if i != 2][:indicators]:
                states = {**mode, "ov_ind": ("string_value", option(session, "ov_ind", index))}
                chosen.append(await timed(session, app_pid, PAGES["overview"], states))
            print(line("first other indicators", chosen, floor))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=10, help="first drill-downs into other provinces")
    parser.add_argument("--indicators", type=int, default=10, help="first choices of other indicators")
    parser.add_argument("--warm", type=int, default=3, help="first visits of the overview before the interactions")
    args = parser.parse_args()
    with serving() as started:
        (app, app_url), (floor, floor_url) = started["app"], started["trivial"]
        asyncio.run(run(app_url, app.pid, floor_url, floor.pid, args.provinces, args.indicators, args.warm))
    return 0


if __name__ == "__main__":
    sys.exit(main())
