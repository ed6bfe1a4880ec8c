"""Install, update and roll back releases on the target machine (standard library only).

Layout of a target directory (e.g. ``/opt/atlas``)::

    releases/<bundle name>/   one release: the app, its prebuilt database and its own .venv
    shared/imports/           accepted imports + audit.jsonl  (linked as data/imports of every release)
    shared/decks/             saved decks                     (linked as data/decks)
    current -> releases/…     what ``atlas start`` serves
    previous -> releases/…    what ``atlas rollback`` returns to
    atlas                     start | check | rollback | status
    history.jsonl             one line per install and rollback

A release is made ready (venv, links, imports re-applied to its base database, ``--check``)
before ``current`` moves, so a failed update leaves the running release untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tools.bundle import CARRIED_FILES, REQUIREMENTS, SHARED_DIRS, WHEELS, read_manifest, verify_checksums

Report = Callable[[str], None]

WRAPPER = """#!/bin/sh
# 重点帮扶县地图 Key County Atlas: atlas start [streamlit 参数] | check | rollback | status
here="$(cd "$(dirname "$0")" && pwd -P)"
cd "$here/current" || exit 1
command="${1:-start}"
[ $# -gt 0 ] && shift
case "$command" in
  start) exec .venv/bin/python -m streamlit run app.py "$@" ;;
  check) exec .venv/bin/python -m tools.bundle --check ;;
  rollback|status) exec .venv/bin/python -m tools.bundle "--$command" "$here" ;;
  *) echo "用法: $0 start|check|rollback|status" >&2; exit 2 ;;
esac
"""


class InstallError(RuntimeError):
    """An install or rollback that cannot be done; the message (Chinese) says why and what is unchanged."""


def _clean_env() -> dict[str, str]:
    """No pip configuration of this machine (a mirror it cannot reach) and no app overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "ATLAS_")) and k != "PYTHONPATH"}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}


def _link(path: Path, destination: Path) -> None:
    """Point the symlink ``path`` at ``destination`` atomically (relative, so the target can move)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(os.path.relpath(destination, path.parent))
    os.replace(tmp, path)


def _release(target: Path, pointer: str) -> Path | None:
    link = target / pointer
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def _history(target: Path, record: dict[str, Any]) -> None:
    with open(target / "history.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({**record, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}) + "\n")


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two bundles' manifests, in Chinese: release, packages, data files, database."""
    if not old:
        return [f"首次安装 {new.get('name')}（{len(new.get('packages', {}))} 个依赖包）"]
    lines = [f"版本：{old.get('name')} → {new.get('name')}（代码 {old.get('commit')} → {new.get('commit')}）"]
    for title, key in (("依赖包", "packages"), ("数据文件", "data_files")):
        before, after = old.get(key, {}), new.get(key, {})
        show = (lambda v: v) if key == "packages" else (lambda v: v[:12])
        diff = [f"  新增 {n} {show(after[n])}" for n in sorted(after.keys() - before.keys())]
        diff += [f"  删除 {n}" for n in sorted(before.keys() - after.keys())]
        diff += [
            f"  变更 {n}: {show(before[n])} → {show(after[n])}"
            for n in sorted(before.keys() & after.keys())
            if before[n] != after[n]
        ]
        lines += [f"{title}：{len(diff)} 项变化", *diff] if diff else [f"{title}：无变化"]
    old_db, new_db = old.get("database", {}), new.get("database", {})
    same = old_db.get("inputs_digest") == new_db.get("inputs_digest")
    lines.append("基础数据库：" + ("输入未变" if same else f"已重建（{new_db.get('built_at')}）"))
    return lines


def _prepare(release: Path, report: Report, *, check: bool = True) -> None:
    """Re-apply the accepted imports to this release's base database (with its own venv); check it first."""
    python = release / ".venv" / "bin" / "python"
    command = [str(python), "-m", "tools.bundle", "--activate" if check else "--reapply"]
    if subprocess.run(command, cwd=release, env=_clean_env()).returncode:
        raise InstallError(f"{release.name} 未通过检查（见上方信息），当前运行的版本保持不变")
    report(f"{release.name}：已将已接受的导入重新应用到其基础数据库" + ("，检查通过" if check else ""))


def _share(release: Path, target: Path) -> None:
    """Link the operator's data into ``release``; seed it with the files the bundle ships (never overwrite)."""
    for relative in SHARED_DIRS:
        shared = target / "shared" / Path(relative).name
        shared.mkdir(parents=True, exist_ok=True)
        inside = release / relative
        if inside.is_dir() and not inside.is_symlink():
            for shipped in inside.iterdir():
                if shipped.is_file() and not (shared / shipped.name).exists():
                    shutil.copy2(shipped, shared / shipped.name)
            shutil.rmtree(inside)
        inside.parent.mkdir(parents=True, exist_ok=True)
        _link(inside, shared)


def _prune(target: Path, report: Report) -> None:
    keep = {_release(target, "current"), _release(target, "previous")}
    for release in (target / "releases").iterdir():
        if release.resolve() not in keep:
            shutil.rmtree(release, ignore_errors=True)
            report(f"已删除旧版本 {release.name}")


def install(bundle: Path, target: Path, report: Report = print) -> Path:
    """Install the extracted bundle at ``bundle`` as the new current release of ``target``."""
    bundle, target = bundle.resolve(), target.resolve()
    problems = verify_checksums(bundle)
    if problems:
        raise InstallError("安装包校验失败，未做任何改动：\n" + "\n".join(problems[:20]))
    manifest = read_manifest(bundle)
    release = target / "releases" / manifest["name"]
    current = _release(target, "current")
    if release.exists():
        state = "正在运行" if current == release else "已存在"
        raise InstallError(f"{manifest['name']} {state}于 {target}，未做任何改动")
    report(f"安装 {manifest['name']} 到 {release}")
    try:
        shutil.copytree(bundle, release, symlinks=True, ignore=lambda d, _: [WHEELS] if Path(d) == bundle else [])
        subprocess.run([sys.executable, "-m", "venv", str(release / ".venv")], check=True)
        pip = [str(release / ".venv" / "bin" / "python"), "-m", "pip", "install", "--no-index", "--no-compile",
               "--find-links", str(bundle / WHEELS), "-r", str(bundle / REQUIREMENTS)]
        report("离线安装依赖：" + " ".join(pip[1:]))
        if subprocess.run(pip, env=_clean_env()).returncode:
            raise InstallError("依赖安装失败（见上方 pip 信息），当前运行的版本保持不变")
        _share(release, target)
        for relative in CARRIED_FILES:
            if current and (current / relative).is_file():
                (release / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(current / relative, release / relative)
        _prepare(release, report)
    except BaseException:
        shutil.rmtree(release, ignore_errors=True)
        raise
    for line in changes(read_manifest(current) if current else {}, manifest):
        report(line)
    if current:
        _link(target / "previous", current)
    _link(target / "current", release)
    (target / "atlas").write_text(WRAPPER, encoding="utf-8")
    (target / "atlas").chmod(0o755)
    _history(target, {"event": "install", "release": release.name, "from": current.name if current else None})
    _prune(target, report)
    report(f"完成：{target / 'atlas'} start 启动（已在运行的服务请重启）")
    return release


def rollback(target: Path, report: Report = print) -> Path:
    """Serve the previous release again (its base database + the accepted imports); current becomes previous."""
    target = target.resolve()
    current, previous = _release(target, "current"), _release(target, "previous")
    if previous is None or current is None:
        raise InstallError("没有可回滚的上一个版本，未做任何改动")
    _prepare(previous, report, check=False)  # checked when it was installed
    for line in changes(read_manifest(current), read_manifest(previous)):
        report(line)
    _link(target / "previous", current)
    _link(target / "current", previous)
    _history(target, {"event": "rollback", "release": previous.name, "from": current.name})
    report(f"已回滚到 {previous.name}（请重启服务）；再次执行 rollback 可回到 {current.name}")
    return previous


def status(target: Path, report: Report = print) -> None:
    """Which release is current and which one a rollback would return to."""
    target = target.resolve()
    for pointer, title in (("current", "当前版本"), ("previous", "上一个版本")):
        release = _release(target, pointer)
        manifest = read_manifest(release) if release else {}
        report(f"{title}：{manifest.get('name', '无')}  {manifest.get('built_at', '')}")
