"""Map benchmark: what the national view costs the browser and the server.

Run ``python bench/map.py``. Starts the app on loopback, opens the overview in headless
Chromium (Debian /usr/bin/chromium) and prints:
- bytes sent to the browser for the national view (HTTP + websocket payload, and the
  websocket bytes after permessage-deflate, which the app enables);
- time until the map is painted (canvas present in the Leaflet iframe);
- server time of an indicator change (classification + dynamic layer + serialisation,
  geometry untouched), measured in-process;
- the same figures for a naive folium map of all 2,875 counties at full resolution,
  built in this process as the baseline, and the ratios.
"""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STREAMLIT_LOG_LEVEL", "error")

import folium  # noqa: E402
import shapely  # noqa: E402
from streamlit_folium import _get_feature_group_string, _get_map_string  # noqa: E402

from geo import boundaries, db, maps  # noqa: E402
from geo.classify import classify  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load_once(context: object, url: str) -> dict[str, float]:
    """One page load: bytes over HTTP and websocket, and seconds until the map canvas exists."""
    page = context.new_page()
    http_bytes: list[int] = []
    ws_frames: list[bytes] = []

    def on_websocket(ws: object) -> None:
        ws.on("framereceived", lambda data: ws_frames.append(data if isinstance(data, bytes) else data.encode()))

    page.on("response", lambda response: http_bytes.append(_body_size(response)))
    page.on("websocket", on_websocket)
    started = time.perf_counter()
    page.goto(url)
    page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first.locator(
        "canvas.leaflet-zoom-animated"
    ).first.wait_for(timeout=120_000)
    painted = time.perf_counter() - started
    page.wait_for_timeout(1500)
    page.close()
    return {
        "painted_s": painted,
        "http_bytes": sum(http_bytes),
        "ws_payload_bytes": sum(len(frame) for frame in ws_frames),
        "ws_deflated_bytes": sum(len(zlib.compress(frame, 6)) for frame in ws_frames),
    }


def browser_figures(url: str) -> dict[str, float]:
    """Load the overview once to warm the server's caches, then measure a fresh page load."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        returning = browser.new_context(viewport={"width": 1600, "height": 1000})
        _load_once(returning, url)  # warms the server's caches and this context's HTTP cache
        figures = _load_once(browser.new_context(viewport={"width": 1600, "height": 1000}), url)
        figures["painted_warm_s"] = _load_once(returning, url)["painted_s"]
        browser.close()
    return figures


def _body_size(response: object) -> int:
    try:
        return len(response.body())
    except Exception:
        return 0


def indicator_change_server_time(con: object) -> tuple[float, int]:
    """Seconds and bytes for one indicator change: breaks, colours, dynamic layer JS."""
    shapes = db.run(con, "map_county_shapes", {"level": "national", "province": None, "prefecture": None, "key_only": True})
    features = maps.feature_collection(shapes, ("adcode", "name", "prefecture", "province", "support_level"))
    base = maps.new_map(maps.view_for_bounds(73.4, 17.8, 135.1, 53.6))
    base.get_root().render()
    timings = []
    size = 0
    for indicator, year in (("rural_income", 2021), ("pop_census", 2020), ("avg_years_schooling", 2020)):
        started = time.perf_counter()
        values = db.run(con, "indicator_values", {"indicator": indicator, "year": year})
        key = values[values.support_level.notna()]
        classification = classify(key.value, "quantiles", 5)
        fills = {row.adcode: classification.color_of(row.value) for row in key.itertuples()}
        layer = maps.colored_layer("key", features, fills, ("name",), ("县",))
        script = _get_feature_group_string(layer, base)
        timings.append(time.perf_counter() - started)
        size = len(script.encode())
        base._children.pop("feature_group_feature_group_0", None)
    return sorted(timings)[len(timings) // 2], size


def naive_baseline() -> dict[str, float]:
    """A plain folium map of all counties at full resolution with tooltips (the usual first try)."""
    index, _, _ = boundaries.read_index()
    geoms = boundaries.read_geometries(index.path)
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": name}, "geometry": shapely.geometry.mapping(geometry)}
            for name, geometry in zip(index.name, geoms, strict=True)
        ],
    }
    started = time.perf_counter()
    fmap = folium.Map(location=[35, 105], zoom_start=4)
    folium.GeoJson(collection, tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(fmap)
    html = fmap.get_root().render()
    seconds = time.perf_counter() - started
    return {"render_s": seconds, "html_bytes": len(html.encode()), "gzip_bytes": len(gzip.compress(html.encode(), 6))}


def base_map_script_bytes(con: object) -> int:
    """Bytes of the cached national base map's Leaflet script (what st_folium sends)."""
    shapes = db.run(con, "map_county_shapes", {"level": "national", "province": None, "prefecture": None, "key_only": False})
    features = maps.feature_collection(shapes, ("adcode", "name"))
    fmap = maps.new_map(maps.view_for_bounds(73.4, 17.8, 135.1, 53.6))
    maps.add_context_counties(fmap, features, ("name",), ("县",))
    fmap.get_root().render()
    return len(_get_map_string(fmap).encode())


def main() -> None:
    from geo.build import ensure_database

    ensure_database(report=lambda _m: None)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        figures = browser_figures(url)
    finally:
        server.terminate()
        server.wait(timeout=20)

    con = db.connect()
    change_s, change_bytes = indicator_change_server_time(con)
    script_bytes = base_map_script_bytes(con)
    print("national view (our app)")
    print(f"  HTTP bytes (all assets, page, components): {figures['http_bytes'] / 1e6:7.2f} MB")
    print(f"  websocket payload (uncompressed):          {figures['ws_payload_bytes'] / 1e6:7.2f} MB")
    print(f"  websocket after deflate (wire, estimated): {figures['ws_deflated_bytes'] / 1e6:7.2f} MB")
    print(f"  base map script:                           {script_bytes / 1e6:7.2f} MB")
    print(f"  time until map painted, first visit:       {figures['painted_s']:7.2f} s")
    print(f"  time until map painted, returning visitor: {figures['painted_warm_s']:7.2f} s (browser cache warm)")
    print(f"  indicator change, server time (median):    {change_s * 1000:7.0f} ms, dynamic layer {change_bytes / 1e3:.0f} kB")
    try:
        from bench.layers import layer_payloads

        for name, size in layer_payloads():
            print(f"  layer payload {name:28s} {size / 1e3:8.1f} kB")
    except ImportError:
        pass

    print("naive baseline: folium, all counties, full resolution, in this process")
    naive = naive_baseline()
    print(f"  render time:  {naive['render_s']:7.1f} s")
    print(f"  HTML:         {naive['html_bytes'] / 1e6:7.1f} MB ({naive['gzip_bytes'] / 1e6:.1f} MB gzip)")
    sent = figures["http_bytes"] + figures["ws_deflated_bytes"]
    print(f"ratio naive HTML / our national view (wire): {naive['html_bytes'] / sent:6.1f}x")
    print(f"ratio naive render / our indicator change:   {naive['render_s'] / change_s:6.1f}x")


if __name__ == "__main__":
    main()
