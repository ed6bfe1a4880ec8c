"""The offline bundle: one archive that installs the atlas on a machine with no package registry.

``python -m tools.bundle`` (see ``__main__``) builds it on a machine that can reach PyPI;
``INSTALL.md`` (Chinese) says how to install, update, check and roll back on the target.
This module and ``install`` use the standard library only: they run before the app's
dependencies exist. ``build`` and ``check`` import the app.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

NAME = "key-county-atlas"
MANIFEST = "bundle.json"
CHECKSUMS = "SHA256SUMS"
WHEELS = "wheels"
REQUIREMENTS = f"{WHEELS}/requirements.txt"  # what the target installs (the lock, for the bundle's platform)
# Operator data that outlives a release: kept in <target>/shared, linked into every release.
SHARED_DIRS = ("data/imports", "data/decks")
CARRIED_FILES = (".streamlit/secrets.toml",)  # copied from the running release on update


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksums(root: Path) -> int:
    """Write ``SHA256SUMS`` (``sha256sum -c`` format) over every file below ``root``; return the count."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != CHECKSUMS)
    lines = [f"{sha256(p)}  {p.relative_to(root).as_posix()}" for p in files]
    (root / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(files)


def verify_checksums(root: Path, *, skip: tuple[str, ...] = ()) -> list[str]:
    """Problems found by re-hashing the files ``SHA256SUMS`` lists (missing or changed), in Chinese."""
    listing = root / CHECKSUMS
    if not listing.exists():
        return [f"缺少校验文件 {CHECKSUMS}（不是完整的安装包？）"]
    problems = []
    for line in listing.read_text(encoding="utf-8").splitlines():
        expected, _, relative = line.partition("  ")
        if not relative or relative.startswith(skip):
            continue
        path = root / relative
        if not path.is_file():
            problems.append(f"缺少文件：{relative}")
        elif sha256(path) != expected:
            problems.append(f"文件已被改动或损坏：{relative}")
    return problems


def read_manifest(root: Path) -> dict[str, Any]:
    """The bundle's ``bundle.json`` (empty when ``root`` is not a bundle or release)."""
    try:
        return json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
