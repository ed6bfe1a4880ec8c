"""First start of a server process: local assets and the database, with a Chinese progress bar.

Runs once per process (the first session does the work; sessions arriving meanwhile wait
with a note). The database build (``python -m geo.build``) reports its stages in English for
the command line; here each stage gets its Chinese name and its share of a typical build.
"""

from __future__ import annotations

import threading

import streamlit as st

from geo.assets import install_assets
from geo.build import ensure_database

# (words in geo.build's step message, share of the build done after it, 中文 name of the stage)
BUILD_STAGES = (
    ("boundary index", 0.02, "读取行政区划索引"),
    ("full-resolution", 0.25, "读取全分辨率县界"),
    ("simplified province", 0.62, "简化省级视图边界"),
    ("simplified national", 0.68, "简化全国视图边界"),
    ("attributes", 0.72, "县属性、面积与帮扶名单"),
    ("quantized", 0.76, "量化县域形状"),
    ("topology", 0.84, "全国底图县域拓扑"),
    ("indicators", 0.86, "指标数据"),
    ("sites", 0.87, "安置点、铁路站点与机场"),
    ("inset", 0.97, "南海诸岛附图"),
    ("wrote", 1.0, "写入数据库"),
)
TITLE = "首次启动：正在从 data/ 构建数据库（只需一次）"

_LOCK = threading.Lock()
_READY = threading.Event()


def stage_of(message: str) -> tuple[int, float, str] | None:
    """(index, share done, 中文 name) of a build step message, None for other messages."""
    for index, (words, share, name) in enumerate(BUILD_STAGES):
        if words in message:
            return index, share, name
    return None


def prepare() -> None:
    """Assets and database, once per process; the first session shows the build's progress."""
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

        ensure_database(report=report)
        # The page list was off (config) so that no legacy file list shows; the pages can run now.
        st.set_option("client.showSidebarNavigation", True)
        _READY.set()
    note.empty()
