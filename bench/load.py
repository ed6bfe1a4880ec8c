"""Load bench: the server's cost per visit and under many visitors, against Streamlit's own floor.

Run ``python bench/load.py``. It starts the app and a trivial Streamlit page (a title and one
line, same config, same way) on loopback, drives sessions over the websocket the way a browser
opens them (``bench/wsload.py``; no browser, so the figures are the server's), and prints in one
run, each with its ratio to the trivial page measured alongside:

- new-session time per page (connect → ``script_finished``), median and p95 of sequential visits,
  and the server's CPU time per first visit (utime + stime of the server process from
  ``/proc/<pid>/stat`` over a burst of ``--cpu-visits`` simultaneous first visits, divided by the
  count; sequential latency hides CPU that concurrent visitors queue for), with the bench
  client's own CPU per visit (it shares the machine's cores with the servers);
- interaction time (a rerun in an open overview session: indicator mode, another indicator,
  drill-down to a province, back), median and p95;
- bursts of N simultaneous first visits (p50/p95, throughput = N / wall time);
- a closed loop: S sessions on the overview, each acting every 5–10 s for T seconds (p95 per
  interaction);
- the server's resident memory after all of it.

One idle session stays open on each server for the whole run, as on a server people are using:
Streamlit drops its compiled scripts whenever the *last* session disconnects, so a bench whose
visits never overlap would recompile ``app.py`` and the page on every visit (5–12 ms for the
larger pages), a cost a server with anyone connected does not pay.

Targets (reported, not asserted): every page ≤ 1.5× trivial per new session (server CPU per
visit is the figure that decides a burst); an interaction ≤ 150 ms; burst of 20 p95 ≤ 1.5×
trivial's; closed-loop p95 ≤ 1 s. ``--app-url``/``--floor-url`` use running servers instead
(e.g. the nginx front of ``bench/scaleout.py``); give ``--app-pid``/``--floor-pid`` for their
CPU column. Bounded: every loop has a fixed count or deadline; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wsload import (  # noqa: E402
    PAGES,
    Session,
    cpu_seconds,
    option,
    percentile,
    rss_mb,
    serving,
    wait_healthy,
)

TRIVIAL = ("", "")


@dataclass
class Stats:
    values: list[float]
    failed: int = 0
    wall: float = 0.0  # a burst: start → every visit done, closing handshakes included
    served: float = 0.0  # a burst: start → the last visit's script_finished (the last visitor has the page)

    @property
    def p50(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.values, 0.95)


async def visit(url: str, page: tuple[str, str], timeout: float = 120) -> float | None:
    """Seconds from connecting to the first ``script_finished`` of a new session (then it disconnects; the
    closing handshake is not counted: a visitor has the page at ``script_finished``, and a browser tab stays)."""
    started = time.perf_counter()
    try:
        async with Session(url) as session:
            result = await session.run(*page, timeout=timeout)
            took = time.perf_counter() - started
    except OSError:
        return None
    return None if result.seconds is None else took


async def first_visit(url: str, page: tuple[str, str]) -> tuple[float, int]:
    """kB a first visit receives (decompressed ForwardMsgs) and its number of delta messages (elements):
    Streamlit's deflate, md5 and protobuf scale with the bytes, its per-message work with the elements."""
    async with Session(url) as session:
        result = await session.run(*page)
    return result.bytes / 1000, result.elements


async def sequential(url: str, page: tuple[str, str], count: int, warmup: int = 2) -> Stats:
    for _ in range(warmup):
        await visit(url, page)
    times = [await visit(url, page) for _ in range(count)]
    return Stats([t for t in times if t is not None], sum(t is None for t in times))


Visitor = Callable[[str, tuple[str, str], float], Awaitable[float | None]]
"""A first visit (url, page, timeout) → seconds to ``script_finished``: ``visit`` or ``bench.wslean.lean_visit``."""


async def burst(url: str, page: tuple[str, str], count: int, visitor: Visitor = visit) -> Stats:
    started = time.perf_counter()
    times = await asyncio.gather(*(visitor(url, page, 180) for _ in range(count)))
    ok = [t for t in times if t is not None]
    # The visits start together, so the longest one ends last.
    return Stats(ok, count - len(ok), time.perf_counter() - started, max(ok, default=0.0))


@dataclass
class Cpu:
    server_ms: float | None  # server CPU per visit; None without the server's pid
    client_ms: float  # this bench process's CPU per visit
    failed: int


async def cpu_per_visit(url: str, pid: int | None, page: tuple[str, str], count: int) -> Cpu:
    """Server and client CPU per first visit over a burst of ``count`` (after 4 warm-up visits)."""
    await asyncio.gather(*(visit(url, page) for _ in range(4)))
    server = cpu_seconds(pid) if pid else 0.0
    client = time.process_time()
    stats = await burst(url, page, count)
    client_ms = (time.process_time() - client) / count * 1000
    server_ms = (cpu_seconds(pid) - server) / count * 1000 if pid else None
    return Cpu(server_ms, client_ms, stats.failed)




def overview_actions(session: Session) -> list[tuple[str, dict]]:
    """Reruns a visitor makes on the overview, as (name, widget states), from the widgets it saw."""

    indicator = {"ov_color": ("string_array_value", [option(session, "ov_color", 1)])}
    return [
        ("indicator mode", indicator),
        ("drill-down", {"ov_prov": ("string_value", option(session, "ov_prov", 25))}),
        ("back to China", {}),
    ]


async def interactions(url: str, rounds: int) -> dict[str, Stats]:
    """Each overview interaction ``rounds`` times in one open session (no other load)."""
    found: dict[str, list[float]] = {}
    async with Session(url) as session:
        await session.run(*PAGES["overview"])
        for _ in range(rounds):
            for name, states in overview_actions(session):
                result = await session.run(*PAGES["overview"], states=states)
                if result.seconds is not None:
                    found.setdefault(name, []).append(result.seconds)
            # a second indicator, now that indicator mode showed its selectbox
            await session.run(*PAGES["overview"], states=overview_actions(session)[0][1])
            other = option(session, "ov_ind", 2)
            states = {**overview_actions(session)[0][1], "ov_ind": ("string_value", other)}
            result = await session.run(*PAGES["overview"], states=states)
            if result.seconds is not None:
                found.setdefault("other indicator", []).append(result.seconds)
    return {name: Stats(values) for name, values in found.items()}


async def trivial_interactions(url: str, rounds: int) -> Stats:
    values = []
    async with Session(url) as session:
        await session.run(*TRIVIAL)
        for _ in range(rounds * 4):
            result = await session.run(*TRIVIAL)
            if result.seconds is not None:
                values.append(result.seconds)
    return Stats(values)


async def closed_loop(url: str, page: tuple[str, str], sessions: int, seconds: float, app: bool) -> Stats:
    """``sessions`` visitors, each acting every 5–10 s until ``seconds`` have passed."""
    deadline = time.perf_counter() + seconds
    values: list[float] = []
    failed = 0
    rng = random.Random(14)

    async def visitor(delay: float) -> None:
        nonlocal failed
        await asyncio.sleep(delay)
        async with Session(url) as session:
            first = await session.run(*page, timeout=120)
            if first.seconds is None:
                failed += 1
                return
            actions = overview_actions(session) if app else [("rerun", {})]
            step = 0
            while time.perf_counter() + 5 < deadline:
                await asyncio.sleep(rng.uniform(5, 10))
                _, states = actions[step % len(actions)]
                step += 1
                result = await session.run(*page, states=states, timeout=60)
                if result.seconds is None:
                    failed += 1
                else:
                    values.append(result.seconds)

    started = time.perf_counter()
    await asyncio.gather(*(visitor(rng.uniform(0, 5)) for _ in range(sessions)))
    return Stats(values, failed, time.perf_counter() - started)


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:5.2f}×" if floor and floor == floor else "   —"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


async def run(args: argparse.Namespace, app_url: str, floor_url: str, app_pid: int | None, floor_pid: int | None) -> None:
    # One idle visitor on each server for the whole run (see the module docstring).
    async with Session(app_url) as app_bystander, Session(floor_url) as floor_bystander:
        await app_bystander.run(*PAGES["data_admin"])
        await floor_bystander.run(*TRIVIAL)
        await measure(args, app_url, floor_url, app_pid, floor_pid)


async def measure(args: argparse.Namespace, app_url: str, floor_url: str, app_pid: int | None,
                  floor_pid: int | None) -> None:
    rounds = max(4, args.visits // 2)
    print(f"\nnew session: time = connect → script_finished, {args.visits} sequential visits after 2 warm-ups;")
    print(f"server CPU = the server process's utime+stime per first visit over a burst of {args.cpu_visits}, "
          "its ratio to a trivial burst measured just before it (floor ms); target ≤ 1.5×;")
    print("client ms = this bench's own CPU per visit of that burst (it runs on the same cores); "
          "kB = what a first visit receives, before websocket compression; elements = its delta messages; "
          "same-count floor = server CPU of the trivial page with as many one-line elements (Streamlit's own "
          "cost for that many elements)")  # fmt: skip
    print(f"{'page':<12} {'median s':>9} {'p95 s':>8} {'× trivial':>10} {'server CPU ms':>14} {'floor ms':>9} "
          f"{'× trivial':>10} {'client ms':>10} {'kB':>7} {'elements':>9} {'same-count floor ms':>20}  failed")  # fmt: skip
    floor = await sequential(floor_url, TRIVIAL, args.visits)
    floor_cpu = await cpu_per_visit(floor_url, floor_pid, TRIVIAL, args.cpu_visits)
    floor_kb, floor_elements = await first_visit(floor_url, TRIVIAL)
    print(f"{'trivial':<12} {floor.p50:>9.3f} {floor.p95:>8.3f} {'1.00×':>10} {_ms(floor_cpu.server_ms):>14} "
          f"{_ms(floor_cpu.server_ms):>9} {'1.00×':>10} {floor_cpu.client_ms:>10.1f} "
          f"{floor_kb:>7.1f} {floor_elements:>9} {'':>20}  "
          f"{floor.failed + floor_cpu.failed}")  # fmt: skip
    for name in args.pages:
        stats = await sequential(app_url, PAGES[name], args.visits)
        near = await cpu_per_visit(floor_url, floor_pid, TRIVIAL, args.cpu_visits)
        cpu = await cpu_per_visit(app_url, app_pid, PAGES[name], args.cpu_visits)
        cpu_ratio = ratio(cpu.server_ms, near.server_ms) if cpu.server_ms is not None else "—"
        kb, elements = await first_visit(app_url, PAGES[name])
        same_count = await cpu_per_visit(floor_url, floor_pid, ("", f"lines={elements}"), args.cpu_visits)
        print(f"{name:<12} {stats.p50:>9.3f} {stats.p95:>8.3f} {ratio(stats.p50, floor.p50):>10} "
              f"{_ms(cpu.server_ms):>14} {_ms(near.server_ms):>9} {cpu_ratio:>10} {cpu.client_ms:>10.1f} "
              f"{kb:>7.1f} {elements:>9} {_ms(same_count.server_ms):>20}  "
              f"{stats.failed + cpu.failed}")  # fmt: skip

    print(f"\ninteraction in an open overview session ({rounds} rounds; target ≤ 0.150 s). first = the first time"
          " anyone does it in this server process (its layers are made then); again = later rounds, as for every"
          " later visitor who makes the same choice")  # fmt: skip
    trivial_rerun = await trivial_interactions(floor_url, rounds)
    print(f"{'trivial rerun':<18} median {trivial_rerun.p50:.3f} s  p95 {trivial_rerun.p95:.3f} s")
    for name, stats in (await interactions(app_url, rounds)).items():
        again = Stats(stats.values[1:])
        first = f"{stats.values[0]:.3f}" if stats.values else "—"
        print(f"{name:<18} first {first} s  again median {again.p50:.3f} s  p95 {again.p95:.3f} s  "
              f"({ratio(again.p50, trivial_rerun.p50)} trivial rerun)")  # fmt: skip

    print("\nburst: N simultaneous first visits of the overview (target at N = 20: p95 ≤ 1.5× trivial)")
    print(f"{'N':>4} {'trivial p50':>12} {'p95':>7} {'overview p50':>13} {'p95':>7} {'p95 ×':>7} "
          f"{'visits/s trivial':>17} {'overview':>9} failed")  # fmt: skip
    for n in args.bursts:
        low = await burst(floor_url, TRIVIAL, n)
        high = await burst(app_url, PAGES["overview"], n)
        print(f"{n:>4} {low.p50:>12.3f} {low.p95:>7.3f} {high.p50:>13.3f} {high.p95:>7.3f} {ratio(high.p95, low.p95):>7} "
              f"{n / low.wall:>17.1f} {n / high.wall:>9.1f} {low.failed}/{high.failed}")  # fmt: skip

    if args.loop_sessions:
        print(f"\nclosed loop: {args.loop_sessions} sessions, each acting every 5–10 s for {args.loop_seconds:.0f} s "
              "(target: overview p95 ≤ 1 s)")  # fmt: skip
        low = await closed_loop(floor_url, TRIVIAL, args.loop_sessions, args.loop_seconds, app=False)
        high = await closed_loop(app_url, PAGES["overview"], args.loop_sessions, args.loop_seconds, app=True)
        for name, stats in (("trivial", low), ("overview", high)):
            print(f"{name:<10} interactions {len(stats.values):>4}  p50 {stats.p50:.3f} s  p95 {stats.p95:.3f} s  "
                  f"failed {stats.failed}")  # fmt: skip
        print(f"overview p95 {ratio(high.p95, low.p95)} trivial's")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--visits", type=int, default=10, help="sequential new sessions per page")
    parser.add_argument("--cpu-visits", type=int, default=40, help="burst of first visits per page for server CPU")
    parser.add_argument("--bursts", type=int, nargs="+", default=[10, 20, 25, 50])
    parser.add_argument("--loop-sessions", type=int, default=50, help="0 skips the closed loop")
    parser.add_argument("--loop-seconds", type=float, default=60)
    parser.add_argument("--app-url", help="a running app (default: start one)")
    parser.add_argument("--floor-url", help="a running trivial page (default: start one)")
    parser.add_argument("--app-pid", type=int, help="pid of the server behind --app-url (for its CPU column)")
    parser.add_argument("--floor-pid", type=int, help="pid of the server behind --floor-url")
    args = parser.parse_args()

    with serving(app=not args.app_url, floor=not args.floor_url) as started:
        app_url, app_pid = (args.app_url, args.app_pid) if args.app_url else (started["app"][1], started["app"][0].pid)
        floor_url, floor_pid = ((args.floor_url, args.floor_pid) if args.floor_url
                                else (started["trivial"][1], started["trivial"][0].pid))  # fmt: skip
        for url in (app_url, floor_url):
            wait_healthy(url)
        print(f"app {app_url}  floor {floor_url}  (loopback; client and servers share this machine's cores)")
        asyncio.run(run(args, app_url, floor_url, app_pid, floor_pid))
        for name, (process, _) in started.items():
            print(f"server RSS after the run: {name} {rss_mb(process.pid):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
