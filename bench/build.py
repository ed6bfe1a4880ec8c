"""Build benchmark: time and size of the database build, and first-start readiness.

Run ``python bench/build.py``. Prints the build time, the database size, the payload of the
national map layer at each level of detail versus the raw boundaries (the naive baseline,
measured in the same process), and the time until a fresh server answers its first page.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import shapely  # noqa: E402

from geo import boundaries, build  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "atlas.duckdb"
        started = time.perf_counter()
        build.build(out, report=lambda _m: None)
        seconds = time.perf_counter() - started
        print(f"build time:            {seconds:6.1f} s")
        print(f"database size:         {out.stat().st_size / 1e6:6.1f} MB")

        import duckdb

        with duckdb.connect(str(out), read_only=True) as con:
            for level, size, vertices in con.execute(
                "SELECT level, sum(length(geojson)), count(*) FROM county_shapes GROUP BY level ORDER BY level"
            ).fetchall():
                print(f"county GeoJSON {level:9s} {size / 1e6:6.2f} MB ({vertices} counties)")

    index, _, _ = boundaries.read_index()
    raw = boundaries.read_geometries(index.path)
    raw_bytes = sum(len(shapely.to_geojson(g)) for g in raw)
    print(f"naive baseline (raw):  {raw_bytes / 1e6:6.1f} MB, {int(shapely.get_num_coordinates(raw).sum()):,} vertices")

    # First start on a clean state: the server builds the database, then serves the app.
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ATLAS_DB": str(Path(tmp) / "atlas.duckdb")}
        port = _free_port()
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            ready = _first_page_ready(port, started)
            print(f"first start to usable app (build + first page in Chromium): {ready:6.1f} s")
        finally:
            server.terminate()
            server.wait(timeout=20)


def _first_page_ready(port: int, started: float) -> float:
    from playwright.sync_api import sync_playwright

    url = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < 180:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_page()
        page.goto(url)
        page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first.locator(
            "canvas.leaflet-zoom-animated"
        ).first.wait_for(timeout=180_000)
        browser.close()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
