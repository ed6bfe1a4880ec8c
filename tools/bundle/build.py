"""Build the offline bundle: app + data + prebuilt database + generated assets + wheelhouse.

Runs on a machine that can reach PyPI (or that has the wheels in its wheel cache). The app is
staged from the tracked files of this checkout; the database is built (or reused when its
recorded inputs digest still matches, see ``geo.build.is_stale``) and the app is started once
headless so that every asset it generates on first use exists before it is packed.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from tools.bundle import CHECKSUMS, MANIFEST, NAME, REQUIREMENTS, WHEELS, sha256, write_checksums
from tools.lock import PLATFORM, Pin, read_pins, render

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_WHEEL_CACHE = Path.home() / ".cache" / NAME / "wheels"
# Variables that point the app at other databases or state: never inherited by the build.
APP_ENV = ("ATLAS_DB", "ATLAS_STATE_DIR", "ATLAS_DECKS_DIR", "ATLAS_REQUIRE_LOGIN_TO_VIEW", "PYTHONPATH")
# Start the app once (default page: the national overview) so that it writes its generated assets.
WARM_UP = """
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=600).run()
errors = [e.value for e in at.exception]
if errors:
    raise SystemExit(f"the app failed on first start: {errors}")
"""

Report = Callable[[str], None]


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def _app_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in APP_ENV}
    return {**env, "PYTHONDONTWRITEBYTECODE": "1", **extra}


def stage_app(stage: Path) -> list[str]:
    """Copy the tracked files (as they are in the work tree) into ``stage``; return their paths."""
    tracked = [p for p in _git("ls-files", "-z").split("\0") if p and (ROOT / p).is_file()]
    for relative in tracked:
        (stage / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, stage / relative)
    return tracked


def prepare_app(stage: Path, report: Report) -> None:
    """Database (reused from this checkout when up to date) and first-start assets, inside ``stage``."""
    database = stage / "data" / "atlas.duckdb"
    if (ROOT / "data" / "atlas.duckdb").is_file():
        shutil.copyfile(ROOT / "data" / "atlas.duckdb", database)
    subprocess.run(
        [sys.executable, "-m", "geo.build", "--if-stale", "--out", str(database)],
        cwd=stage, env=_app_env(), check=True,
    )
    with tempfile.TemporaryDirectory() as empty_state:
        report("starting the app once to write its generated assets")
        subprocess.run(
            [sys.executable, "-c", WARM_UP], cwd=stage, check=True,
            env=_app_env(ATLAS_STATE_DIR=empty_state, ATLAS_DB=str(database)),
        )
    for leftover in ("data/atlas.versions", "data/imports"):  # nothing of a session is shipped
        shutil.rmtree(stage / leftover, ignore_errors=True)
    for cache in stage.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def static_files(root: Path) -> set[str]:
    """Every file under ``static/`` (tracked scripts, copied vendor files, generated map data)."""
    return {p.relative_to(root).as_posix() for p in (root / "static").rglob("*") if p.is_file()}


def _native() -> bool:
    return sys.version_info[:2] == (3, 11) and platform.system() == "Linux" and platform.machine() == "x86_64"


def fill_wheelhouse(
    stage: Path, pins: dict[str, Pin], cache: Path, target: list[str], python_version: str | None, report: Report
) -> None:
    """Every locked package as a wheel in ``stage/wheels``, plus the requirements file that installs them.

    For this platform (the lock's), files are verified by the lock's hashes and taken from
    ``cache`` when there; for another (``target`` = pip ``--platform`` tags) pip downloads the
    same versions' wheels for it and the install file carries pins without hashes.
    """
    wheels = stage / WHEELS
    wheels.mkdir()
    foreign = bool(target or python_version)
    if not foreign and not _native():
        raise SystemExit(f"the lock is for {PLATFORM}: give --platform/--python-version to build for another")
    requirements = stage / REQUIREMENTS
    if foreign:
        unhashed = {n: Pin(n, p.version) for n, p in pins.items()}
        requirements.write_text(render(unhashed, "requirements.txt", " ".join(target) + f" {python_version or ''}"))
    else:
        requirements.write_text(render(pins, "requirements.txt"))
    wanted = {h.split(":", 1)[1]: name for name, pin in pins.items() for h in pin.hashes}
    have: set[str] = set()
    if not foreign and cache.is_dir():
        for wheel in cache.glob("*.whl"):
            if (digest := sha256(wheel)) in wanted:
                shutil.copyfile(wheel, wheels / wheel.name)
                have.add(wanted[digest])
    missing = set(pins) - have
    if missing:
        report(f"downloading {len(missing)} of {len(pins)} wheels")
        tags = [arg for tag in target for arg in ("--platform", tag)]
        if python_version:
            tags += ["--python-version", python_version, "--implementation", "cp"]
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--no-deps",
             *tags, "-r", str(requirements), "-d", str(wheels)],
            check=True,
        )
        if not foreign:
            cache.mkdir(parents=True, exist_ok=True)
            for wheel in wheels.glob("*.whl"):
                if not (cache / wheel.name).exists():
                    shutil.copyfile(wheel, cache / wheel.name)
    else:
        report(f"all {len(pins)} wheels from the cache {cache}")


def _database_meta(database: Path) -> dict[str, str]:
    from geo import db

    with db.connect(database, read_only=True) as con:
        return dict(db.run(con, "versions_meta").itertuples(index=False))


def write_manifest(stage: Path, name: str, label: str, tracked: list[str], pins: dict[str, Pin], target: str) -> None:
    """``bundle.json``: what this bundle holds, compared by the installer to say what an update changes."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    manifest = {
        "name": name,
        "label": label,
        "app_version": project["version"],
        "commit": _git("describe", "--always", "--dirty").strip(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "platform": target,
        "packages": {pin.name: pin.version for pin in pins.values()},
        "data_files": {p: sha256(stage / p) for p in tracked if p.startswith("data/")},
        "database": _database_meta(stage / "data" / "atlas.duckdb"),
        "generated": sorted(static_files(stage) - set(tracked)),  # written by the build or the first start
    }
    (stage / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def build(
    out_dir: Path,
    *,
    label: str | None = None,
    wheel_cache: Path = DEFAULT_WHEEL_CACHE,
    target: list[str] | None = None,
    python_version: str | None = None,
    report: Report = print,
) -> Path:
    """Build ``<out_dir>/key-county-atlas-<label>.tar.gz`` and return its path."""
    started = time.perf_counter()
    label = label or f"{tomllib.loads((ROOT / 'pyproject.toml').read_text())['project']['version']}-" + _git(
        "describe", "--always", "--dirty"
    ).strip()
    name = f"{NAME}-{label}"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".stage-") as tmp:
        stage = Path(tmp) / name
        stage.mkdir()
        tracked = stage_app(stage)
        report(f"staged {len(tracked)} tracked files")
        prepare_app(stage, report)
        pins = read_pins(stage / "requirements.lock")
        fill_wheelhouse(stage, pins, wheel_cache, target or [], python_version, report)
        platform_name = ", ".join(target or []) + (f" / Python {python_version}" if python_version else "")
        write_manifest(stage, name, label, tracked, pins, platform_name or PLATFORM)
        count = write_checksums(stage)
        report(f"{CHECKSUMS}: {count} files")
        archive = out_dir / f"{name}.tar.gz"
        partial = out_dir / f".{archive.name}.tmp"
        with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
            tar.add(stage, arcname=name)
        os.replace(partial, archive)
    report(f"wrote {archive} ({archive.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s")
    return archive
