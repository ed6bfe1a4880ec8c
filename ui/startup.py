"""First start of a server process: local assets and the database, with a Chinese progress bar.

Runs once per process (the first session does the work; sessions arriving meanwhile wait
with a note). When the database is missing or stale, ``begin()`` — called at the top of
app.py, before the app's own imports — starts the build in a second process
(``python -m geo.build --if-stale``), so that the build, those imports and the browser loading
the page use both cores instead of taking turns. ``prepare()`` then shows the build's progress:
it reports its stages in English for the command line; here each stage gets its Chinese name
and its share of a typical build.
"""

from __future__ import annotations

import gc
import importlib
import os
import pkgutil
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable

import streamlit as st

from geo.assets import install_assets
from geo.build import ensure_database, is_stale
from geo.paths import ROOT
from ui.nodelay import enable_nodelay_once

# (words in geo.build's step message, share of the build done after it, 中文 name of the stage), in the
# order geo.build reports them; the simplification runs in threads beside the attributes, indicators
# and sites, and is reported after them.
BUILD_STAGES = (
    ("boundary index", 0.01, "读取行政区划索引"),
    ("full-resolution", 0.22, "读取全分辨率县界"),
    ("attributes", 0.29, "县属性、面积与帮扶名单"),
    ("indicators", 0.37, "指标数据"),
    ("sites", 0.42, "安置点、铁路站点与机场"),
    ("simplified province", 0.69, "简化省级视图边界"),
    ("simplified national", 0.74, "简化全国视图边界"),
    ("topology", 0.84, "全国底图县域拓扑"),
    ("quantized", 0.85, "量化县域形状"),
    ("inset", 0.97, "南海诸岛附图"),
    ("wrote", 1.0, "写入数据库"),
)
TITLE = "首次启动：正在从 data/ 构建数据库（只需一次）"
BUILD_COMMAND = (sys.executable, "-u", "-m", "geo.build", "--if-stale")

_LOCK = threading.Lock()
_BEGIN_LOCK = threading.Lock()
_READY = threading.Event()
_build: subprocess.Popen[str] | None = None
_begun = False


def stage_of(message: str) -> tuple[int, float, str] | None:
    """(index, share done, 中文 name) of a build step message, None for other messages."""
    for index, (words, share, name) in enumerate(BUILD_STAGES):
        if words in message:
            return index, share, name
    return None


def begin() -> None:
    """Once per process: TCP_NODELAY on the server's sockets, and the database build started in a second
    process if the database is missing or stale."""
    global _build, _begun
    with _BEGIN_LOCK:
        if _begun or _READY.is_set():
            return
        _begun = True
        enable_nodelay_once()  # no 40 ms delayed-ACK wait in any later first visit or rerun (ui/nodelay.py)
        if is_stale():
            _build = subprocess.Popen(
                BUILD_COMMAND, cwd=ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            )  # fmt: skip


def _progress_bar(note: st.delta_generator.DeltaGenerator) -> Callable[[str], None]:
    """A report function for build step messages that shows them as a Chinese progress bar in ``note``."""
    bar = None

    def report(message: str) -> None:
        nonlocal bar
        stage = stage_of(message)
        if stage is None:
            return
        index, share, name = stage
        following = BUILD_STAGES[index + 1][2] if index + 1 < len(BUILD_STAGES) else "完成"
        text = f"{TITLE} · 已完成 {index + 1}/{len(BUILD_STAGES)}：{name} · 下一步：{following}"
        if bar is None:
            bar = note.progress(share, text=text)
        else:
            bar.progress(share, text=text)

    return report


def _follow(lines: Iterable[str], report: Callable[[str], None]) -> None:
    """Report the build's ``lines`` as they come and meanwhile import the pages' modules (every ``ui``
    module), which would otherwise be imported after the build, while the other core builds."""
    pending: queue.SimpleQueue[str | None] = queue.SimpleQueue()

    def pump() -> None:
        try:
            for line in lines:
                pending.put(line)
        finally:
            pending.put(None)  # the build's output ended: it is done (or reading it failed)

    threading.Thread(target=pump, name="build-progress", daemon=True).start()

    def drain(until: str) -> bool:
        """Report lines until the queue is empty (``until="empty"``), after the next step message
        (``"step"``) or at the end (``"end"``); False once the output ended."""
        while True:
            try:
                line = pending.get(block=until != "empty")
            except queue.Empty:
                return True
            if line is None:
                return False
            report(line)
            if until == "step" and stage_of(line):
                return True

    import ui

    if not drain("step"):  # the bar shows before the imports start
        return
    for module in pkgutil.iter_modules(ui.__path__):
        importlib.import_module(f"ui.{module.name}")
        if not drain("empty"):
            return
    drain("end")


def _settle_heap() -> None:
    """Collect once, then leave everything alive now (modules, database, assets) out of later collections.

    Python's full collection walks every object it tracks: in a warm app process ≈ 200 ms of CPU every
    ~130 first visits (thread time, gc callbacks), during which that process serves no one — a burst of 20
    that meets one lasts ~60 % longer. With these objects frozen it is 40–60 ms (docs/performance.md,
    branch scale). Objects made later (page caches, sessions) are collected as before."""
    gc.collect()
    gc.freeze()


def prepare() -> None:
    """Assets and database, once per process; the first session shows the build's progress."""
    global _build
    if _READY.is_set():
        return
    note = st.empty()
    if _LOCK.locked():
        note.info(TITLE + "，请稍候…")
    with _LOCK:
        if _READY.is_set():
            note.empty()
            return
        note.caption("正在准备地图资源与数据库…")  # replaced by the progress bar if a build is needed
        install_assets()
        report = _progress_bar(note)
        if _build is not None:
            _follow(_build.stdout or (), report)
            _build.wait()
            _build = None
        # Builds here only if the second process failed (its error then shows where it always did)
        # or was never started; otherwise it finds the database current and re-applies imports.
        ensure_database(report=report)
        # The page list was off (config) so that no legacy file list shows; the pages can run now.
        st.set_option("client.showSidebarNavigation", True)
        _settle_heap()
        _READY.set()
    note.empty()
