"""What every county's first view shares with other counties, made ahead while the process is idle.

A county's own rows are looked up (``ui.county_view``), but its first view also needs parts shared
by many counties that a process makes once: the locator's layer of each province its map reaches
(≈20–30 ms each: the province's shapes file and layer) and the trajectory's panel and medians of
its series and years (≈30 ms each, ``ui.gap_data``). The first county view in a process starts one
background thread per database version and language that makes them: first each province's
default years of the series a trajectory starts with (a few panels serve most counties), then every
province's layer, so that a county opened later, anywhere, finds them made.

The thread works only while the rest of the process is idle (``Idle``: its other threads used no
CPU over a window watched before each part), one part at a time, so it never competes with a visitor's run for more
than one part; ``ui.memo.shared`` computes each part once under concurrency, so a visitor who needs a part
meanwhile waits for it, never computes it twice.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable, Iterator

from streamlit.runtime.scriptrunner import add_script_run_ctx

from ui import county_map, gap_data
from ui.state import query

IDLE_WINDOW = 0.05
"""Seconds of quiet the thread watches before each part."""
IDLE_SHARE = 0.05
"""Idle: the other threads used at most this share of one core's time over the window."""

_log = logging.getLogger(__name__)
_started: set[tuple[tuple[str, float], str]] = set()
_lock = threading.Lock()
_stop = threading.Event()
_threads: list[threading.Thread] = []


@atexit.register
def _finish() -> None:
    """At exit, let a warming thread end its part: killed inside DuckDB's or Arrow's C++ code at
    interpreter shutdown, a daemon thread aborts the process ("terminate called …")."""
    _stop.set()
    for thread in _threads:
        thread.join(timeout=10)


def start(version: tuple[str, float], lang: str) -> bool:
    """Begin warming for ``version`` and ``lang`` unless already begun in this process; True if begun now."""
    with _lock:
        if (version, lang) in _started:
            return False
        _started.add((version, lang))
    thread = threading.Thread(target=warm, args=(version, lang), name="county-warm", daemon=True)
    add_script_run_ctx(thread)  # it reads through Streamlit's cached connection (emits nothing)
    _threads.append(thread)
    thread.start()
    return True


def parts(version: tuple[str, float], lang: str) -> Iterator[Callable[[], object]]:
    """The trajectory panels of each province's default years, then every province's locator layer:
    the panels first, as a few of them serve most counties (a province's layer serves its own)."""
    provinces = [str(code) for code in query("province_list").adcode]
    for province in provinces:
        yield lambda province=province: gap_data.warm_trajectories(version, province)
    for province in provinces:
        yield lambda province=province: county_map.province_layer(version, province, lang)


def _others_cpu() -> float:
    """CPU seconds used so far by the process's other threads (the visitors' runs, Tornado, DuckDB)."""
    return time.process_time() - time.thread_time()


class Idle:
    """Called before each part: True when the other threads used (almost) no CPU over the
    ``IDLE_WINDOW`` it has just watched, so no part begins in the few milliseconds between one of a
    visitor's runs and the next; else False (look again). The window begins at the call: a part's own
    time never counts as quiet — a visitor who needed the part was waiting for it then, using no CPU,
    and resumes right after it (counting it let the next part begin at once, beside that visitor's
    run: county opens at ``--pause 0`` shared the GIL with ≈60 ms of warm-up each)."""

    def __call__(self) -> bool:
        then, before = time.monotonic(), _others_cpu()
        _stop.wait(IDLE_WINDOW)
        now, used = time.monotonic(), _others_cpu()
        return used - before <= (now - then) * IDLE_SHARE


def warm(version: tuple[str, float], lang: str, idle: Callable[[], bool] | None = None) -> None:
    """Make ``parts`` one by one, each once ``idle()`` (default: ``Idle()``).

    Only ahead of need: should the database go away meanwhile (a test's copy, a replaced version),
    it stops, and whoever needs a part makes it then."""
    idle = idle or Idle()
    try:
        for part in parts(version, lang):
            while not idle():
                if _stop.is_set():
                    return
            if _stop.is_set():
                return
            part()
    except Exception:  # noqa: BLE001 - nothing depends on the warming: log it, never raise in a thread
        _log.warning("county warm-up stopped", exc_info=True)
