"""``--check``: the files are the ones shipped, and the database and assets match the code.

Runs in the app's environment, on the tree it is part of (a release, or a staged bundle):
1. every file in ``SHA256SUMS`` is present and unchanged (operator data is not listed);
2. the database is not stale for this code and ``data/`` (``geo.build.is_stale``: the same rule
   the app applies at start);
3. ``static/vendor`` holds exactly what ``geo.assets.install_assets`` would copy;
4. starting the app writes nothing under ``static/`` that the bundle lacks (generated assets are
   discovered, not named: whatever the build or a first start writes there is shipped).
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.bundle import SHARED_DIRS, WHEELS, verify_checksums
from tools.bundle.build import WARM_UP, static_files

ROOT = Path(__file__).resolve().parent.parent.parent


def check(root: Path = ROOT) -> list[str]:
    """Problems found, in Chinese (empty: all good)."""
    # An installed release has no wheelhouse, and its decks are the operator's (shared) ones.
    skip = tuple(f"{d}/" for d in SHARED_DIRS) + (() if (root / WHEELS).is_dir() else (f"{WHEELS}/",))
    problems = verify_checksums(root, skip=skip)
    from geo.assets import install_assets
    from geo.build import is_stale

    database = root / "data" / "atlas.duckdb"
    if is_stale(database, root / "data"):
        problems.append("数据库与代码或 data/ 不一致（inputs digest 不符），请重新构建安装包")
    with tempfile.TemporaryDirectory() as tmp:
        expected = install_assets(Path(tmp))
        for path in (p for p in expected.rglob("*") if p.is_file()):
            shipped = root / "static" / "vendor" / path.relative_to(expected)
            if not shipped.is_file() or not filecmp.cmp(path, shipped, shallow=False):
                problems.append(f"前端资源与代码不一致：static/vendor/{path.relative_to(expected).as_posix()}")
        if not problems:  # a first start on a good tree writes nothing new
            before = static_files(root)
            env = {**os.environ, "ATLAS_DB": str(database), "ATLAS_STATE_DIR": str(Path(tmp) / "state")}
            run = subprocess.run([sys.executable, "-c", WARM_UP], cwd=root, env=env, capture_output=True, text=True)
            if run.returncode:
                problems.append(f"应用首次启动失败：{run.stderr.strip().splitlines()[-1:]}")
            problems += [f"安装包缺少生成的前端资源：{p}" for p in sorted(static_files(root) - before)]
    return problems
