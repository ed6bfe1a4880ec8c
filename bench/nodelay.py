"""What TCP_NODELAY on the server's sockets (ui/nodelay.py) changes for one visitor: first visits and reruns.

Run ``python bench/nodelay.py --before DIR`` with DIR a scratch copy of a commit without it (``git archive
26094b7 | tar -x -C DIR; cp data/atlas.duckdb DIR/data/``). It starts four servers side by side: the app of
this checkout and of DIR, and the trivial floor page with and without the setting, and takes turns between
them round by round (so all four see the same machine load): a sequential first visit of the overview
(trivial page) and a rerun in an open session (the same page again with nothing changed, as a click that
changes nothing of what is drawn). It prints the median and p95 of each, and the server CPU per visit. Without
the setting, a run's second small message waits for the peer's delayed ACK (≈ 40 ms on Linux): that wait
shows as the difference. Bounded: fixed counts; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wsload import PAGES, TRIVIAL_PAGE, Session, cpu_seconds, percentile, start_streamlit, wait_healthy  # noqa: E402

WITHOUT = "".join(line for line in TRIVIAL_PAGE.splitlines(keepends=True) if "nodelay" not in line)


async def first_visit(url: str, page: tuple[str, str]) -> float | None:
    started = time.perf_counter()
    async with Session(url) as session:
        result = await session.run(*page)
    return None if result.seconds is None else time.perf_counter() - started


async def reruns(url: str, page: tuple[str, str], count: int) -> list[float]:
    async with Session(url) as session:
        await session.run(*page)
        return [r.seconds for r in [await session.run(*page) for _ in range(count)] if r.seconds is not None]


async def measure(servers: dict[str, tuple[int, str, tuple[str, str]]], rounds: int) -> None:
    visits: dict[str, list[float]] = {name: [] for name in servers}
    again: dict[str, list[float]] = {name: [] for name in servers}
    cpu: dict[str, float] = dict.fromkeys(servers, 0.0)
    for _, url, page in servers.values():  # warm: first run, caches
        for _ in range(3):
            await first_visit(url, page)
    names = list(servers)
    for round_ in range(rounds):
        for name in names if round_ % 2 == 0 else names[::-1]:
            pid, url, page = servers[name]
            before = cpu_seconds(pid)
            took = await first_visit(url, page)
            cpu[name] += cpu_seconds(pid) - before
            if took is not None:
                visits[name].append(took)
            again[name] += await reruns(url, page, 3)
    print(
        f"{'server':<26} {'first visit median s':>21} {'p95':>7} {'rerun median s':>15} {'p95':>7} {'CPU ms/visit':>13}"
    )
    for name in names:
        print(f"{name:<26} {statistics.median(visits[name]):>21.3f} {percentile(visits[name], 0.95):>7.3f} "
              f"{statistics.median(again[name]):>15.3f} {percentile(again[name], 0.95):>7.3f} "
              f"{cpu[name] / rounds * 1000:>13.1f}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, metavar="DIR", help="checkout without ui/nodelay.py")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    before = args.before.resolve()
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        trivial_with, trivial_without = Path(tmp) / "with.py", Path(tmp) / "without.py"
        trivial_with.write_text(TRIVIAL_PAGE, encoding="utf-8")
        trivial_without.write_text(WITHOUT, encoding="utf-8")
        started = {
            "overview, TCP_NODELAY": (start_streamlit(ROOT / "app.py"), PAGES["overview"]),
            "overview, before": (start_streamlit(before / "app.py", cwd=before), PAGES["overview"]),
            "trivial, TCP_NODELAY": (start_streamlit(trivial_with), ("", "")),
            "trivial, Streamlit as is": (start_streamlit(trivial_without), ("", "")),
        }
        for (process, _), _ in started.values():
            stack.callback(process.wait, 20)
            stack.callback(process.terminate)
        for (_, url), _ in started.values():
            wait_healthy(url)
        servers = {name: (process.pid, url, page) for name, ((process, url), page) in started.items()}
        asyncio.run(measure(servers, args.rounds))
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
