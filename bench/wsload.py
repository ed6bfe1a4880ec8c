"""A Streamlit session over the websocket, the way a browser opens one (no browser).

A session connects to ``/_stcore/stream``, sends a rerun ``BackMsg`` (page, query string,
widget states) and reads ``ForwardMsg``s until ``script_finished``; the time until then
is the server's time for that run. The session stays open for further interactions
(reruns with changed widget values), as a browser tab does, and like the browser it tells the
server which large elements it still holds, so an unchanged map or table is not sent again on a
rerun. Loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent

# bench name → (page url path, query string) of a first visit.
PAGES: dict[str, tuple[str, str]] = {
    "overview": ("", ""),
    "county": ("county", "adcode=150422"),
    "workbench": ("workbench", ""),
    "gap": ("gap", ""),
    "sites": ("sites", ""),
    "infra": ("infra", ""),
    "present": ("present", ""),
    "data_admin": ("data_admin", ""),
}

MAX_CACHED_AGE = 2
"""Runs a browser keeps an unused large element (Streamlit's ``global.maxCachedMessageAge``)."""

# The floor: a title and one line of text. ``?lines=N`` gives N lines instead (one element each), the
# floor for a page that sends N elements: what Streamlit itself costs per element, without our code.
# Its sockets get TCP_NODELAY once per process, as the app's do (ui/nodelay.py), so that the floor has no
# 40 ms delayed-ACK wait the app does not have: the difference stays our code's.
TRIVIAL_PAGE = (
    "import streamlit as st\n"
    "from ui.nodelay import enable_nodelay_once\n"
    "enable_nodelay_once()\n"
    'st.title("Trivial page")\n'
    'for line in range(min(int(st.query_params.get("lines", "1")), 200)):\n'
    '    st.write("One line of text.")\n'
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy in {timeout_s:.0f} s")


def start_streamlit(
    script: Path, port: int | None = None, env: dict[str, str] | None = None, cwd: Path = ROOT,
    cpus: set[int] | None = None,
) -> tuple[subprocess.Popen, str]:
    """``streamlit run script`` on loopback with the config of ``cwd`` (default: this repository); ``cpus``: the
    cores its threads may run on (as ``taskset -c``; every thread it starts inherits them)."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def serving(app: bool = True, floor: bool = True) -> Iterator[dict[str, tuple[subprocess.Popen, str]]]:
    """The app and/or the trivial floor page started side by side and healthy: {"app"|"trivial": (process, url)};
    both stopped on exit."""
    started: dict[str, tuple[subprocess.Popen, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        trivial = Path(tmp) / "trivial.py"
        trivial.write_text(TRIVIAL_PAGE, encoding="utf-8")
        try:
            if app:
                started["app"] = start_streamlit(ROOT / "app.py")
            if floor:
                started["trivial"] = start_streamlit(trivial)
            for _, url in started.values():
                wait_healthy(url)
            yield started
        finally:
            for process, _ in started.values():
                process.terminate()
                process.wait(timeout=20)


@dataclass
class RunResult:
    seconds: float | None  # send → script_finished, None on timeout/error
    bytes: int = 0
    elements: int = 0  # delta messages (elements and blocks) of the run
    widgets: dict[str, Any] = field(default_factory=dict)  # user key → widget proto (id, options …)
    error: str = ""


def _collect_widgets(message: ForwardMsg, widgets: dict[str, Any]) -> None:
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    if kind is None:
        return
    proto = getattr(element, kind)
    widget_id = getattr(proto, "id", "")
    if isinstance(widget_id, str) and widget_id.startswith("$$ID"):
        widgets[widget_id.rsplit("-", 1)[-1]] = (kind, proto)


class Session:
    """One open websocket session: ``run`` sends a rerun and waits for ``script_finished``."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("http", "ws", 1) + "/_stcore/stream"
        self.origin = url
        self.ws: Any = None
        self.page = ""
        self.query = ""
        self.widgets: dict[str, Any] = {}
        # The browser's message cache: hash of a large element → the run it was last used in. The
        # frontend sends these hashes with every rerun and the server replies with a reference for an
        # unchanged element instead of the element; it forgets one unused for MAX_CACHED_AGE runs.
        self.cached: dict[str, int] = {}
        self.runs = 0

    async def __aenter__(self) -> Session:
        # proxy=None: loopback only, never a proxy from the environment — and no proxy lookup per connection
        # (urllib's getproxies walks os.environ twice: ~12 % of this client's CPU per visit).
        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, open_timeout=60, origin=self.origin,
            compression="deflate", proxy=None,
        )  # fmt: skip
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()

    async def run(
        self, page: str, query: str = "", states: dict[str, tuple[str, Any]] | None = None, timeout: float = 120
    ) -> RunResult:
        """Rerun ``page`` with widget ``states`` ({user key: (value field, value)})."""
        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query
        self.runs += 1
        self.cached = {h: run for h, run in self.cached.items() if self.runs - run <= MAX_CACHED_AGE}
        message.rerun_script.cached_message_hashes.extend(self.cached)
        for user_key, (value_field, value) in (states or {}).items():
            kind_proto = self.widgets.get(user_key)
            if kind_proto is None:
                raise KeyError(f"no widget with key {user_key!r} on {page!r}")
            state = message.rerun_script.widget_states.widgets.add()
            state.id = kind_proto[1].id
            target = getattr(state, value_field)
            if hasattr(target, "data"):  # repeated values (string_array_value …)
                target.data.extend(value)
            else:
                setattr(state, value_field, value)
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        result = RunResult(None)
        try:
            async with asyncio.timeout(timeout):  # one deadline for the run, not a task per message
                await self._receive(result, started)
        except TimeoutError:
            result.seconds, result.error = None, "timeout"
        except websockets.ConnectionClosed as closed:
            result.seconds, result.error = None, f"closed: {closed}"
        self.widgets.update(result.widgets)
        self.page, self.query = page, query
        return result

    async def _receive(self, result: RunResult, started: float) -> None:
        """Read ForwardMsgs into ``result`` until the run's final ``script_finished``."""
        while True:
            data = await self.ws.recv()
            result.bytes += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "delta":
                result.elements += 1
                _collect_widgets(forward, result.widgets)
                if forward.metadata.cacheable and forward.hash:
                    self.cached[forward.hash] = self.runs
            elif kind == "ref_hash":
                self.cached[forward.ref_hash] = self.runs
            elif kind == "script_finished":
                result.seconds = time.perf_counter() - started
                # A script that calls st.rerun() (or switch_page) finishes more than once.
                if forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
            elif kind == "page_not_found":
                result.error = "page_not_found"


def option(session: Session, key: str, index: int) -> str:
    """The label of a widget's option as the browser sends it (selectbox: text; segmented control: .content)."""
    item = list(session.widgets[key][1].options)[index]
    return item if isinstance(item, str) else item.content


async def open_session(url: str, page: tuple[str, str], timeout: float = 120) -> RunResult:
    """A first visit: connect, run the page once, disconnect."""
    async with Session(url) as session:
        return await session.run(*page, timeout=timeout)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) so far, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
