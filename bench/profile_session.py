"""Where a new session's server time goes: cProfile around each script run in a real server.

Run ``python bench/profile_session.py [page ...]`` (default: every page). It starts
``streamlit run app.py`` in this process with the script runner wrapped in cProfile, opens
each page over the websocket as a new session (warm-up visits first, so process caches are
filled), and prints the functions with the most cumulative time in one new session's
script run. Loopback only.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wsload import PAGES, free_port, open_session, wait_healthy  # noqa: E402

_PROFILES: list[cProfile.Profile] = []


def _patch_runner() -> None:
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

    script_runner.ScriptRunner._run_script = profiled


def _serve(port: int) -> None:
    from streamlit.web import bootstrap

    flags = {"server_port": port, "server_address": "127.0.0.1", "server_headless": True,
             "browser_gatherUsageStats": False}  # fmt: skip
    bootstrap.load_config_options(flag_options=flags)
    bootstrap.run(str(ROOT / "app.py"), False, [], flags)


def main() -> int:
    pages = sys.argv[1:] or list(PAGES)  # or "interaction": the overview's reruns in one session
    port = free_port()
    _patch_runner()
    url = f"http://127.0.0.1:{port}"
    threading.Thread(target=lambda: asyncio.run(_client(url, pages)), daemon=True).start()
    _serve(port)  # returns when the client thread stops the server
    return 0


async def _client(url: str, pages: list[str]) -> None:
    import os
    import signal

    try:
        await asyncio.to_thread(wait_healthy, url, 180)
        if pages == ["interaction"]:
            from bench.load import overview_actions
            from bench.wsload import Session

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
