"""What one websocket connection costs, apart from its run: the server's CPU to open and to close it, and the
client's, for the app and the trivial floor page side by side.

Run ``python bench/connections.py [--count 20] [--rounds 8]``. It starts both servers (``bench.wsload.serving``),
keeps one idle session open on each (so Streamlit keeps its compiled scripts), then per round opens ``--count``
websockets at once without running anything, and closes them again; it prints per connection the server's CPU
(every thread's ``/proc/<pid>/task/*/schedstat`` run time, ns) for opening (handshake + session) and closing, the
client's thread time for the same, and the wall time of opening them all. A burst's visits each pay this before
their run, FIFO in each process's event loop: the app's figure next to the trivial page's says how much of a
burst's start is Streamlit's own (docs/performance.md, branch scale round 6). Bounded: fixed counts; only
127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import visit  # noqa: E402
from bench.wsload import PAGES, Session, serving  # noqa: E402


def cpu_ns(pid: int) -> int:
    """Run time of every live thread of ``pid`` (ns); no run ends during the measurement, so none is missed."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0])
        except OSError:
            pass
    return total


async def measure(pid: int, url: str, count: int, rounds: int) -> dict[str, float]:
    """Medians over ``rounds`` of ms per connection: server open/close, client open/close, and ms of wall to open."""
    rows: list[tuple[float, ...]] = []
    for _ in range(rounds):
        await asyncio.sleep(0.2)  # whatever the previous round left running has ended
        sessions = [Session(url) for _ in range(count)]
        server, client, started = cpu_ns(pid), time.thread_time(), time.perf_counter()
        await asyncio.gather(*(session.__aenter__() for session in sessions))
        wall = time.perf_counter() - started
        client_open = time.thread_time() - client
        await asyncio.sleep(0.1)  # the server finishes creating the sessions
        opened = cpu_ns(pid)
        client = time.thread_time()
        await asyncio.gather(*(session.__aexit__() for session in sessions))
        client_close = time.thread_time() - client
        await asyncio.sleep(0.2)
        closed = cpu_ns(pid)
        per = 1 / count
        rows.append(((opened - server) / 1e6 * per, (closed - opened) / 1e6 * per, client_open * 1e3 * per,
                     client_close * 1e3 * per, wall * 1e3))  # fmt: skip
    names = ["server open", "server close", "client open", "client close", "wall to open all"]
    return {name: statistics.median(row[i] for row in rows) for i, name in enumerate(names)}


async def run(count: int, rounds: int) -> None:
    with serving() as started:
        for name, (process, url) in started.items():
            page = PAGES["overview"] if name == "app" else ("", "")
            for _ in range(3):
                await visit(url, page)
            async with Session(url):  # held open: Streamlit keeps its compiled scripts
                figures = await measure(process.pid, url, count, rounds)
            print(f"{name:8} ms per connection: " + ", ".join(f"{key} {value:.2f}" for key, value in figures.items()
                                                             if key != "wall to open all")
                  + f"; {count} opened at once in {figures['wall to open all']:.1f} ms", flush=True)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="websockets opened at once per round")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    asyncio.run(run(args.count, args.rounds))
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
