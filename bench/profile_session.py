"""Where a new session's server time goes: cProfile around each script run in a real server.

Run ``python bench/profile_session.py [page ...]`` (default: every page). It starts
``streamlit run app.py`` in this process with the script runner wrapped in cProfile, opens
each page over the websocket as a new session (warm-up visits first, so process caches are
filled), and prints the functions with the most cumulative time in one new session's
script run. Loopback only. One idle session stays open meanwhile, as on a server people are
using (Streamlit drops its compiled scripts when the last session leaves; without it every
visit recompiled the pages, a cost no busy server pays).

``--cpu N``: no cProfile; the script thread's CPU (``time.thread_time``) of N new sessions per
page, median and quartiles: the part of a visit's server CPU that the page's code and the
Streamlit calls it makes cost, steadier on a shared machine than the process's CPU ticks
(``bench/load.py``), which also hold the event loop's sends.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wsload import PAGES, Session, free_port, open_session, wait_healthy  # noqa: E402

_PROFILES: list[cProfile.Profile] = []
_CPU: list[float] = []  # script-thread CPU seconds of each run (--cpu)


def _patch_runner(cpu_only: bool) -> None:
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    def profiled(self: object, rerun_data: object) -> None:
        profile = cProfile.Profile()
        profile.enable()
        try:
            original(self, rerun_data)
        finally:
            profile.disable()
            _PROFILES.append(profile)

    def timed(self: object, rerun_data: object) -> None:
        started = time.thread_time()
        try:
            original(self, rerun_data)
        finally:
            _CPU.append(time.thread_time() - started)

    script_runner.ScriptRunner._run_script = timed if cpu_only else profiled


def _serve(port: int) -> None:
    from streamlit.web import bootstrap

    flags = {"server_port": port, "server_address": "127.0.0.1", "server_headless": True,
             "browser_gatherUsageStats": False}  # fmt: skip
    bootstrap.load_config_options(flag_options=flags)
    bootstrap.run(str(ROOT / "app.py"), False, [], flags)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help='pages (default: all), or "interaction": the overview\'s reruns')
    parser.add_argument("--cpu", type=int, default=0, metavar="N", help="script-thread CPU of N new sessions per page")
    args = parser.parse_args()
    pages = args.pages or list(PAGES)
    port = free_port()
    _patch_runner(cpu_only=bool(args.cpu))
    url = f"http://127.0.0.1:{port}"
    threading.Thread(target=lambda: asyncio.run(_client(url, pages, args.cpu)), daemon=True).start()
    _serve(port)  # returns when the client thread stops the server
    return 0


async def _cpu_per_session(url: str, pages: list[str], count: int) -> None:
    print("script-thread CPU per new session (ms): median [quartiles] of", count)
    for page in pages:
        for _ in range(3):  # warm-up: process caches filled
            await open_session(url, PAGES[page])
        _CPU.clear()
        for _ in range(count):
            await open_session(url, PAGES[page])
        ms = sorted(seconds * 1000 for seconds in _CPU)
        quartiles = statistics.quantiles(ms, n=4)
        print(f"{page:<11} {statistics.median(ms):6.2f}  [{quartiles[0]:.2f} – {quartiles[2]:.2f}]  ({len(ms)} runs)", flush=True)


async def _client(url: str, pages: list[str], cpu: int = 0) -> None:
    import os
    import signal

    try:
        await asyncio.to_thread(wait_healthy, url, 180)
        idle = Session(url)  # one visitor stays: the compiled scripts are kept (module docstring)
        await idle.__aenter__()
        await idle.run(*PAGES["overview"])
        if cpu:
            await _cpu_per_session(url, pages, cpu)
            return
        if pages == ["interaction"]:
            from bench.load import overview_actions

            async with Session(url) as session:
                await session.run(*PAGES["overview"])
                for _name, states in overview_actions(session) * 2:  # warm, then profiled below
                    await session.run(*PAGES["overview"], states=states)
                for name, states in overview_actions(session):
                    _PROFILES.clear()
                    result = await session.run(*PAGES["overview"], states=states)
                    out = io.StringIO()
                    stats = pstats.Stats(_PROFILES[0], stream=out)
                    for profile in _PROFILES[1:]:
                        stats.add(profile)
                    stats.sort_stats("cumulative").print_stats(25)
                    print(f"=== interaction {name}: {result.seconds:.3f} s, {len(_PROFILES)} script run(s)")
                    print("\n".join(out.getvalue().splitlines()[6:34]))
            return
        for page in pages:
            for _ in range(2):  # warm-up: process caches filled
                await open_session(url, PAGES[page])
            _PROFILES.clear()
            started = time.perf_counter()
            result = await open_session(url, PAGES[page])
            elapsed = time.perf_counter() - started
            out = io.StringIO()
            stats = pstats.Stats(_PROFILES[0], stream=out)
            for profile in _PROFILES[1:]:
                stats.add(profile)
            stats.sort_stats("cumulative").print_stats(30)
            print(f"=== {page}: new session {elapsed:.3f} s to script_finished, {result.bytes/1e3:.0f} kB, "
                  f"{len(_PROFILES)} script run(s)")  # fmt: skip
            print("\n".join(out.getvalue().splitlines()[6:40]))
    finally:
        os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    sys.exit(main())
