"""What websocket compression (``server.enableWebsocketCompression``) costs and saves per visit.

Run ``python bench/wscompression.py [page ...]`` (default: overview county gap). Starts the app twice
side by side, with ``STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION=true`` and ``=false`` (the
repository's config has it off), and takes turns burst by burst so that both
see the same machine load. Per page and setting it prints, as medians over the rounds:
- server CPU ms per first visit over a burst of ``--visits`` sessions (``/proc/PID/stat``);
- websocket bytes of one first visit: the messages as the page sends them, and after
  permessage-deflate as Tornado applies it (one zlib stream per connection, level 6, a sync flush
  per message), computed from the same messages;
- p95 seconds of a burst of 20 simultaneous first visits.
The bench client negotiates permessage-deflate like a browser does (``bench/wsload.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wsload import PAGES, Session, open_session, start_streamlit, wait_healthy  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


async def visit_messages(url: str, page: tuple[str, str]) -> list[bytes]:
    """The websocket messages of one first visit, as the server serialised them."""
    messages: list[bytes] = []
    async with Session(url) as session:
        receive = session.ws.recv

        async def recording_receive() -> bytes:
            data = await receive()
            messages.append(data if isinstance(data, bytes) else data.encode())
            return data

        session.ws.recv = recording_receive
        await session.run(*page)
    return messages


def wire_bytes(messages: list[bytes]) -> tuple[int, int]:
    """(payload bytes, bytes after permessage-deflate with context takeover) of one connection."""
    stream = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS, 8)
    deflated = sum(len(stream.compress(m) + stream.flush(zlib.Z_SYNC_FLUSH)) - 4 for m in messages)
    return sum(map(len, messages)), deflated


async def burst(url: str, page: tuple[str, str], n: int) -> list[float]:
    results = await asyncio.gather(*(open_session(url, page) for _ in range(n)))
    return [r.seconds for r in results if r.seconds is not None]


def measure(pid: int, url: str, page: tuple[str, str], visits: int) -> tuple[float, float]:
    """(server CPU ms per visit, p95 s of a burst of 20)."""
    asyncio.run(burst(url, page, 4))  # warm this page's caches in the process
    cpu0 = cpu_seconds(pid)
    asyncio.run(burst(url, page, visits))
    cpu_ms = (cpu_seconds(pid) - cpu0) / visits * 1000
    started = time.perf_counter()
    seconds = sorted(asyncio.run(burst(url, page, 20)))
    if not seconds:
        raise RuntimeError(f"no visit of {page} finished ({time.perf_counter() - started:.0f} s)")
    return cpu_ms, seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=["overview", "county", "gap"], choices=list(PAGES))
    parser.add_argument("--visits", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    servers = {
        setting: start_streamlit(ROOT / "app.py", env={**os.environ, "STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION": flag})
        for setting, flag in (("on", "true"), ("off", "false"))
    }
    try:
        for _, url in servers.values():
            wait_healthy(url)
        print(f"{'page':10s} {'compression':11s} {'server CPU ms/visit':>20s} {'burst 20 p95 s':>15s} {'websocket bytes/visit':>22s}")
        for name in args.pages:
            payload, deflated = wire_bytes(asyncio.run(visit_messages(servers["off"][1], PAGES[name])))
            figures: dict[str, list[tuple[float, float]]] = {"on": [], "off": []}
            for round_number in range(args.rounds):
                order = ("on", "off") if round_number % 2 == 0 else ("off", "on")
                for setting in order:
                    process, url = servers[setting]
                    figures[setting].append(measure(process.pid, url, PAGES[name], args.visits))
            medians = {s: [statistics.median(column) for column in zip(*rows, strict=True)] for s, rows in figures.items()}
            for setting, sent in (("on", deflated), ("off", payload)):
                cpu_ms, p95 = medians[setting]
                print(f"{name:10s} {setting:11s} {cpu_ms:20.1f} {p95:15.3f} {sent / 1e3:19.1f} kB")
            on, off = medians["on"], medians["off"]
            print(f"{name:10s} {'on - off':11s} {on[0] - off[0]:+20.1f} {on[1] - off[1]:+15.3f} {(deflated - payload) / 1e3:+19.1f} kB")
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
