"""Interactions on the 差距监测, county and workbench pages over the websocket: server time and CPU per rerun.

    python bench/page_actions.py [--rounds 5] [--pages gap county workbench]

One open session per page (as a browser tab), each action applied in turn and ``rounds`` times
(every action changes the page, so none is a no-op rerun). Prints per action the median/p95
time to ``script_finished`` and the server's CPU ms per rerun (utime+stime from /proc over the
rerun), against the trivial page's rerun measured in the same run, and how long each action took the
first time (a choice nobody in the process had made: computed, not looked up) with the server's CPU
over that rerun (one sample, in clock ticks of 10 ms: on a busy machine the CPU is the steadier
figure). Target: ≤ 0.150 s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wsload import (  # noqa: E402
    PAGES,
    Session,
    cpu_seconds,
    option,
    percentile,
    serving,
)

Action = tuple[str, dict[str, tuple[str, object]]]


def gap_actions(session: Session, step: int) -> list[Action]:
    """Indicator, first year, scope, metric and sort changes (alternating between two values)."""
    flip = step % 2
    return [
        ("indicator change", {"gap_ind": ("string_value", option(session, "gap_ind", 1 - flip))}),
        ("first-year change", {"gap_y0": ("string_value", option(session, "gap_y0", 1 - flip))}),
        ("province change", {"gap_prov": ("string_value", option(session, "gap_prov", 10 + flip))}),
        ("metric change", {"gap_metric": ("string_value", option(session, "gap_metric", 1 - flip))}),
        ("back to China", {"gap_prov": ("string_value", option(session, "gap_prov", 0))}),
        ("sort change", {"gap_sort": ("string_array_value", [option(session, "gap_sort", 1 - flip)])}),
    ]


COUNTIES = ("镇雄", "巴林左旗", "530628", "黔西县", "522727", "东乡族", "622927", "凉城", "会泽", "宣威")
"""Searches that find one county each: every round opens a county nobody in the process opened yet."""


def county_actions(session: Session, step: int) -> list[Action]:
    """The profile's three chart pickers and a search for another county."""
    flip = step % 2
    return [
        ("compare indicator", {"cmp_ind": ("string_value", option(session, "cmp_ind", 1 + flip))}),
        ("trend indicator", {"trend_ind": ("string_value", option(session, "trend_ind", 1 - flip))}),
        ("trajectory indicator", {"gap_traj_ind": ("string_value", option(session, "gap_traj_ind", 1 - flip))}),
        ("search another county", {"adcode_q": ("string_value", COUNTIES[step % len(COUNTIES)])}),
    ]


def workbench_actions(session: Session, step: int) -> list[Action]:
    """Filters, scoring inputs and views of the workbench (alternating between two values)."""
    flip = step % 2
    return [
        ("province filter", {"prov": ("string_array_value", [option(session, "prov", 24 + flip)])}),
        ("level filter", {"lvl": ("string_array_value", [option(session, "lvl", flip)])}),
        ("weight", {"w_rural_income": ("double_array_value", [2 + flip])}),
        ("compare view", {"view": ("string_array_value", [option(session, "view", 1)])}),
        ("rank view", {"view": ("string_array_value", [option(session, "view", 0)])}),
        ("export view", {"view": ("string_array_value", [option(session, "view", 2)])}),
        ("add a county by search", {"wb_add_q": ("string_value", COUNTIES[step % len(COUNTIES)])}),
        ("all provinces", {"prov": ("string_array_value", [])}),
    ]


async def measure(url: str, pid: int, page: tuple[str, str], actions: Callable[[Session, int], list[Action]],
                  rounds: int) -> tuple[dict[str, tuple[list[float], list[float]]], dict[str, tuple[float, float]]]:  # fmt: skip
    """(warm figures per action, the first run's wall seconds and server CPU ms per action: choices
    nobody made yet)."""
    found: dict[str, tuple[list[float], list[float]]] = {}
    cold: dict[str, tuple[float, float]] = {}
    async with Session(url) as session:
        await session.run(*page)
        for warm in range(4):  # every choice computed once: the rounds measure what a later visitor pays
            for name, states in actions(session, warm):
                before = cpu_seconds(pid)
                result = await session.run(*page, states=states)
                cold.setdefault(name, (result.seconds or float("nan"), (cpu_seconds(pid) - before) * 1000))
        for step in range(rounds):
            for name, states in actions(session, step):
                before = cpu_seconds(pid)
                result = await session.run(*page, states=states)
                cpu = cpu_seconds(pid) - before
                if result.seconds is None:
                    raise RuntimeError(f"{name}: {result.error}")
                times, cpus = found.setdefault(name, ([], []))
                times.append(result.seconds)
                cpus.append(cpu * 1000)
    return found, cold


async def trivial(url: str, pid: int, rounds: int) -> tuple[list[float], list[float]]:
    times, cpus = [], []
    async with Session(url) as session:
        await session.run("", "")
        for _ in range(rounds * 4):
            before = cpu_seconds(pid)
            result = await session.run("", "")
            cpus.append((cpu_seconds(pid) - before) * 1000)
            times.append(result.seconds or float("nan"))
    return times, cpus


def line(name: str, times: list[float], cpus: list[float], floor: float, cold: tuple[float, float] | None = None) -> str:
    median = percentile(times, 0.5)
    first = f"  (first time in the process {cold[0]:.3f} s, server CPU {cold[1]:.0f} ms)" if cold is not None else ""
    return (f"{name:<22} median {median:.3f} s  p95 {percentile(times, 0.95):.3f} s  "
            f"({median / floor:4.1f}× trivial)  server CPU {sum(cpus) / len(cpus):6.1f} ms{first}")  # fmt: skip


async def run(args: argparse.Namespace, app: tuple[str, int], floor: tuple[str, int]) -> None:
    times, cpus = await trivial(*floor, args.rounds)
    base = percentile(times, 0.5)
    print(f"interactions, one open session per page, {args.rounds} rounds (target ≤ 0.150 s)")
    print(line("trivial rerun", times, cpus, base))
    pages = {"gap": gap_actions, "county": county_actions, "workbench": workbench_actions}
    for label in args.pages:
        page, actions = PAGES[label], pages[label]
        print(f"-- {label}")
        found, cold = await measure(*app, page, actions, args.rounds)
        for name, (times, cpus) in found.items():
            print(line(name, times, cpus, base, cold.get(name)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", nargs="+", default=["gap", "county", "workbench"], choices=["gap", "county", "workbench"])
    args = parser.parse_args()
    with serving() as started:
        (app, app_url), (low, low_url) = started["app"], started["trivial"]
        asyncio.run(run(args, (app_url, app.pid), (low_url, low.pid)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
