"""Map benchmark: what the national view costs the browser and the server.

Run ``python bench/map.py`` (``--naive`` adds the full-resolution folium baseline; ``--rev REV``
also serves the app as of commit REV, loaded interleaved with ours and the floor: a before-run;
``--react-throttle-ms N`` also loads our app in a browser whose React has its Suspense fallback
throttle, FALLBACK_THROTTLE_MS, set to N instead of 500: the test of whether that timer holds the
map's frame).
Starts the app on loopback, opens the overview in headless Chromium (Debian /usr/bin/chromium) and prints:
- bytes sent to the browser for the national view (HTTP + websocket payload, and the
  websocket bytes after permessage-deflate, were it enabled: ``server.enableWebsocketCompression``,
  off in the app's config; ``bench/wscompression.py`` measures what it costs the server);
- time until the map is painted (canvas present and the counties on the map in the Leaflet
  iframe), the median of
  several first visits (empty browser cache) and returning visits (cache warm);
- Chromium's CPU time (all its processes) from navigation until painted: the robust figure on a
  shared machine, where wall times move with other people's load;
- where a load's time goes, from Chromium's network events: until the websocket opens (the same
  Streamlit page for both apps), websocket → the map frame's document requested (the parent page
  rendering what came over the websocket), frame → painted; and how many element scripts
  Streamlit imported on demand (one set per element type, again on every page load);
- React's commits until the frame exists (a ``__REACT_DEVTOOLS_GLOBAL_HOOK__`` stub): how many,
  and when the first commit that shows every lazily imported element's fallback (``stSkeleton``)
  happened — the first render of the whole run — against the commit that creates the frame;
- the same paint times and CPU for a *floor* page: a Streamlit app holding nothing but one
  st_folium map of the same cached base map, loaded interleaved with ours, so the cost
  of Streamlit + streamlit-folium themselves on this machine is visible;
- the same for a *navigation floor*: that one-map page inside a visible page list of the app's
  pages (``st.navigation``), what any multipage app pays on top of the floor before its own
  content, and the overview's ratio to it;
- server time of an indicator change (classification + dynamic layer + serialisation,
  geometry untouched), measured in-process;
- the same figures for a naive folium map of all 2,875 counties at full resolution,
  built in this process as the baseline, and the ratios.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STREAMLIT_LOG_LEVEL", "error")

import folium  # noqa: E402
import shapely  # noqa: E402

from geo import boundaries, db, maps  # noqa: E402
from geo.classify import classify  # noqa: E402
from ui.folium_adapter import prerender, serialise  # noqa: E402

# The user agent names this run, so that its Chromium processes can be told from anyone else's.
MARKER = f"atlas-map-bench-{os.getpid()}"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    f"--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome {MARKER}",
]
TICK = os.sysconf("SC_CLK_TCK")

# Records every React commit (time, fallbacks on screen, whether the map's frame exists) and the
# first websocket message, on the page's own clock. React calls a DevTools hook's
# onCommitFiberRoot after each commit's DOM changes; nothing else of the page changes.
COMMIT_RECORDER = """
(() => {
  const T = window.__atlasCommits = {ws: null, commits: []};
  const Socket = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Socket(...args);
    socket.addEventListener('message', () => { if (T.ws === null) T.ws = performance.now(); });
    return socket;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, Socket);
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), isDisabled: false, inject() { return 1; }, checkDCE() {},
    onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot() {
      T.commits.push([performance.now(), document.querySelectorAll('[data-testid="stSkeleton"]').length,
                      !!document.querySelector('iframe[title="streamlit_folium.st_folium"]')]);
    },
  };
})();
"""
# React 18's commit of a retry render that still leaves a Suspense boundary on its fallback waits
# until FALLBACK_THROTTLE_MS (500) after the last fallback was shown; in Streamlit 1.67's minified
# react-dom it is this expression (globalMostRecentFallbackTime + 500 - now()).
REACT_THROTTLE = "nl+500-S()"

FIRST_VISITS, RETURNING_VISITS = 3, 7

# The floor page: the overview's cached base map in st_folium, and nothing else.
FLOOR_APP = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from geo import maps
from ui import layers
from ui.mapview import show_map
from ui.state import db_version
st.set_page_config(layout="wide")
center, zoom = maps.view_for_bounds(*maps.NATIONAL_EXTENT, width=1100, height=640)
show_map(layers.base_map(db_version(), "zh", "none", None), key="floor", center=center, zoom=zoom, height=640)
"""

# The navigation floor: the same one-map page inside a visible page list of the app's pages (their
# Chinese titles and icons from ui.registry; the others empty): what Streamlit's navigation alone
# adds to the floor, the least any multipage app with a visible page list pays.
NAV_FLOOR_APP = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from geo import maps
from geo.i18n import translator
from ui import layers
from ui.mapview import show_map
from ui.registry import PAGES
from ui.state import db_version
st.set_page_config(layout="wide")
def the_map():
    center, zoom = maps.view_for_bounds(*maps.NATIONAL_EXTENT, width=1100, height=640)
    show_map(layers.base_map(db_version(), "zh", "none", None), key="floor", center=center, zoom=zoom, height=640)
t = translator("zh")
st.navigation([
    st.Page(the_map if page.default else (lambda: None), title=t(page.label), icon=page.icon,
            default=page.default, url_path=None if page.default else page.url_path)
    for page in PAGES
]).run()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(app_dir: Path, script: str = "app.py") -> Iterator[str]:
    """``streamlit run`` on a free loopback port; yields the URL once healthy."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true"],
        cwd=app_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@contextlib.contextmanager
def rev_app_dir(rev: str) -> Iterator[Path]:
    """The app as of commit ``rev`` in a temporary directory (a before-run in the same session).

    It reads this checkout's database and static files (content-hashed, so both apps can share
    them), so only the code differs.
    """
    with tempfile.TemporaryDirectory(prefix="atlas_rev_") as tmp:
        directory = Path(tmp)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
        (directory / "data" / "atlas.duckdb").unlink(missing_ok=True)
        (directory / "data" / "atlas.duckdb").symlink_to(ROOT / "data" / "atlas.duckdb")
        shutil.rmtree(directory / "static", ignore_errors=True)
        (directory / "static").symlink_to(ROOT / "static")
        yield directory


@contextlib.contextmanager
def floor_app_dir(script: str = FLOOR_APP) -> Iterator[Path]:
    """A temporary app directory for a floor page (``script``), serving the repository's static files."""
    with tempfile.TemporaryDirectory(prefix="atlas_floor_") as tmp:
        directory = Path(tmp)
        (directory / "app.py").write_text(script, encoding="utf-8")
        (directory / "static").symlink_to(ROOT / "static")
        shutil.copytree(ROOT / ".streamlit", directory / ".streamlit", ignore=shutil.ignore_patterns("secrets.toml"))
        yield directory


# The counties are on the map (the context layer alone holds 2,875 shapes): a canvas exists as
# soon as the first shape is added, so it alone would not say that the county layer is drawn.
COUNTIES_ON_MAP = "() => { let n = 0; if (window.map) window.map.eachLayer(() => { n += 1; }); return n > 2000; }"


def wait_painted(page: object, timeout_ms: int = 120_000) -> None:
    """Until the map's canvas exists and the counties are on the map (drawn in the next frame)."""
    frame_locator = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    frame_locator.locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=timeout_ms)
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()
    frame.wait_for_function(COUNTIES_ON_MAP, timeout=timeout_ms)


def chromium_cpu_seconds() -> float:
    """User + system CPU seconds of this run's Chromium processes (browser, renderers, GPU, network)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if MARKER.encode() not in (entry / "cmdline").read_bytes():
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def _patch_react(cdp: object, throttle_ms: int) -> None:
    """Serve this page's react-dom with FALLBACK_THROTTLE_MS = ``throttle_ms`` (CDP Fetch, response stage)."""
    def paused(event: dict) -> None:
        body = cdp.send("Fetch.getResponseBody", {"requestId": event["requestId"]})
        text = base64.b64decode(body["body"]).decode() if body["base64Encoded"] else body["body"]
        text = text.replace(REACT_THROTTLE, f"nl+{throttle_ms}-S()")
        cdp.send("Fetch.fulfillRequest", {
            "requestId": event["requestId"], "responseCode": 200, "responseHeaders": event["responseHeaders"],
            "body": base64.b64encode(text.encode()).decode(),
        })

    cdp.on("Fetch.requestPaused", paused)
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*/static/js/react-dom.*", "requestStage": "Response"}]})


def check_react_throttle() -> None:
    """Stop unless the installed Streamlit's react-dom holds REACT_THROTTLE exactly once."""
    import streamlit

    scripts = list((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("react-dom.*.js"))
    if len(scripts) != 1 or scripts[0].read_text(encoding="utf-8").count(REACT_THROTTLE) != 1:
        raise SystemExit(f"react-dom no longer holds {REACT_THROTTLE!r} once: Streamlit's React changed")


def _commit_figures(page: object) -> dict[str, float]:
    """From the commit recorder: commits until the frame, and the first full render's commit."""
    record = page.evaluate("window.__atlasCommits")
    nan = float("nan")
    if not record or record["ws"] is None:
        return {"commits_to_frame": nan, "first_render_ms": nan, "frame_commit_ms": nan}
    commits = [commit for commit in record["commits"] if commit[0] >= record["ws"]]
    frame_at = next((index for index, commit in enumerate(commits) if commit[2]), None)
    if frame_at is None:
        return {"commits_to_frame": nan, "first_render_ms": nan, "frame_commit_ms": nan}
    before = commits[: frame_at + 1]
    most = max(commit[1] for commit in before)
    first_full = next(commit for commit in before if commit[1] == most)
    return {
        "commits_to_frame": frame_at + 1,
        "first_render_ms": first_full[0] - record["ws"],
        "frame_commit_ms": commits[frame_at][0] - record["ws"],
    }


def _load_once(context: object, url: str, count_bytes: bool = False, react_throttle_ms: int | None = None) -> dict[str, float]:
    """One page load: seconds until the map canvas exists, and with ``count_bytes`` the bytes
    over HTTP and websocket (reading every body slows the load, so timed loads do not).

    The load is split at two moments read from Chromium's network events (one clock): the
    websocket's handshake (the page's script has loaded; before it, the floor and ours do the
    same) and the request for the map component's frame document (everything before it is the
    parent page rendering the elements that came over the websocket); ``lazy_chunks`` counts the
    element scripts Streamlit imports on demand (``static/js`` requests after the handshake).
    """
    page = context.new_page()
    http_bytes: list[int] = []
    ws_frames: list[bytes] = []
    moments: dict[str, float] = {}
    lazy: list[str] = []

    def on_request(event: dict) -> None:
        request_url = event["request"]["url"]
        if "component/streamlit_folium" in request_url and "index.html" in request_url:
            moments.setdefault("frame", event["timestamp"])
        elif "websocket" in moments and "/static/js/" in request_url:
            lazy.append(request_url)
        moments.setdefault("navigation", event["timestamp"])

    def on_handshake(event: dict) -> None:
        moments.setdefault("websocket", event["timestamp"])

    network = context.new_cdp_session(page)
    network.on("Network.requestWillBeSent", on_request)
    network.on("Network.webSocketHandshakeResponseReceived", on_handshake)
    network.send("Network.enable")
    if react_throttle_ms is not None:
        _patch_react(network, react_throttle_ms)
    page.add_init_script(COMMIT_RECORDER)

    def on_websocket(ws: object) -> None:
        ws.on("framereceived", lambda data: ws_frames.append(data if isinstance(data, bytes) else data.encode()))

    if count_bytes:
        page.on("response", lambda response: http_bytes.append(_body_size(response)))
        page.on("websocket", on_websocket)
    cpu_before = chromium_cpu_seconds()
    started = time.perf_counter()
    page.goto(url)
    wait_painted(page)
    painted = time.perf_counter() - started
    cpu = chromium_cpu_seconds() - cpu_before
    page.wait_for_timeout(1500)
    commits = _commit_figures(page)
    network.detach()
    page.close()
    nan = float("nan")
    return {
        "painted_s": painted,
        "cpu_s": cpu,
        "to_websocket_s": moments.get("websocket", nan) - moments.get("navigation", nan),
        "websocket_to_frame_s": moments.get("frame", nan) - moments.get("websocket", nan),
        "lazy_chunks": len(lazy),
        "http_bytes": sum(http_bytes),
        "ws_payload_bytes": sum(len(frame) for frame in ws_frames),
        "ws_deflated_bytes": sum(len(zlib.compress(frame, 6)) for frame in ws_frames),
        **commits,
    }


def browser_figures(urls: dict[str, str], throttles: dict[str, int] | None = None) -> dict[str, dict[str, float]]:
    """Per app: bytes of one first visit, and median paint times of first and returning visits.

    Loads alternate between the apps so that both see the same machine load; ``throttles`` names
    the apps loaded with React's fallback throttle patched (``_patch_react``).
    """
    throttles = throttles or {}
    from playwright.sync_api import sync_playwright

    viewport = {"width": 1600, "height": 1000}
    figures: dict[str, dict[str, float]] = {name: {} for name in urls}
    first: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
    returning: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        warm_contexts = {name: browser.new_context(viewport=viewport) for name in urls}
        for name, url in urls.items():  # warm the servers' caches and each returning context
            _load_once(warm_contexts[name], url, react_throttle_ms=throttles.get(name))
            context = browser.new_context(viewport=viewport)
            figures[name].update(_load_once(context, url, count_bytes=True, react_throttle_ms=throttles.get(name)))
            context.close()
        for round_number in range(max(FIRST_VISITS, RETURNING_VISITS)):
            for name, url in urls.items():
                if round_number < FIRST_VISITS:
                    context = browser.new_context(viewport=viewport)
                    first[name].append(_load_once(context, url, react_throttle_ms=throttles.get(name)))
                    context.close()
                if round_number < RETURNING_VISITS:
                    returning[name].append(_load_once(warm_contexts[name], url, react_throttle_ms=throttles.get(name)))
        browser.close()
    for name in urls:
        for suffix, loads in (("", first[name]), ("_warm", returning[name])):
            for figure in ("painted_s", "cpu_s", "to_websocket_s", "websocket_to_frame_s", "lazy_chunks",
                           "commits_to_frame", "first_render_ms", "frame_commit_ms"):
                stem, unit = figure.rsplit("_", 1) if figure.endswith(("_s", "_ms")) else (figure, "")
                figures[name][f"{stem}{suffix}{'_' + unit if unit else ''}"] = statistics.median(load[figure] for load in loads)
    return figures


def _body_size(response: object) -> int:
    try:
        return len(response.body())
    except Exception:
        return 0


def _print_split(name: str, figures: dict[str, float]) -> None:
    """Where a load's time goes: before the websocket, websocket → map frame requested, frame → painted."""
    for label, suffix in (("first visit", ""), ("returning", "_warm")):
        before = figures[f"to_websocket{suffix}_s"]
        to_frame = figures[f"websocket_to_frame{suffix}_s"]
        in_frame = figures[f"painted{suffix}_s"] - before - to_frame
        print(f"  {name} {label:11s} split: to websocket {before:5.2f} s, websocket → map frame {to_frame:5.2f} s, "
              f"frame → painted {in_frame:5.2f} s; {figures[f'lazy_chunks{suffix}']:.0f} element scripts imported on demand")
        print(f"  {name} {label:11s} React: first render of the run committed {figures[f'first_render{suffix}_ms']:4.0f} ms "
              f"after the first message, the frame's commit {figures[f'frame_commit{suffix}_ms']:4.0f} ms "
              f"({figures[f'commits_to_frame{suffix}']:.0f} commits)")


def indicator_change_server_time(con: object) -> tuple[float, int]:
    """Seconds and bytes for one indicator change: breaks, colours, dynamic layer JS."""
    shapes = db.run(con, "map_county_shapes", {"level": "national", "province": None, "prefecture": None, "key_only": True})
    features = maps.feature_collection(shapes, ("adcode", "name", "prefecture", "province", "support_level"))
    features[maps.SHARED_TOPOLOGY] = True  # as in the app: the geometry is the base map's topology
    timings = []
    size = 0
    for indicator, year in (("rural_income", 2021), ("pop_census", 2020), ("avg_years_schooling", 2020)):
        started = time.perf_counter()
        values = db.run(con, "indicator_values", {"indicator": indicator, "year": year})
        key = values[values.support_level.notna()]
        classification = classify(key.value, "quantiles", 5)
        fills = {row.adcode: classification.color_of(row.value) for row in key.itertuples()}
        layer = maps.colored_layer("key", features, fills, ("name",), ("县",))
        script = prerender(layer).script
        timings.append(time.perf_counter() - started)
        size = len(script.encode())
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


def base_map_bytes(con: object) -> tuple[int, int]:
    """(Leaflet script st_folium sends on every rerun, topology script fetched once) in bytes."""
    script = db.run(con, "map_topology", {"datum": maps.DATUM}).script.iloc[0]
    fmap = maps.new_map(maps.view_for_bounds(*maps.NATIONAL_EXTENT))
    maps.add_context_counties(fmap, script, ("label",), ("县",))
    fmap.get_root().render()
    loader = next(child for child in fmap._children.values() if isinstance(child, maps.TopologyScript))
    published = dict(loader.default_js)["atlas_counties"].rsplit("/", 1)[1]
    return len(serialise(fmap).script.encode()), (ROOT / "static" / "generated" / published).stat().st_size


def main() -> None:
    from geo.build import ensure_database

    ensure_database(report=lambda _m: None)
    rev = sys.argv[sys.argv.index("--rev") + 1] if "--rev" in sys.argv else None
    with contextlib.ExitStack() as stack:
        urls = {"app": stack.enter_context(serve(ROOT))}
        urls["floor"] = stack.enter_context(serve(stack.enter_context(floor_app_dir())))
        urls["nav_floor"] = stack.enter_context(serve(stack.enter_context(floor_app_dir(NAV_FLOOR_APP))))
        if rev:
            urls["before"] = stack.enter_context(serve(stack.enter_context(rev_app_dir(rev))))
        throttles = {}
        if "--react-throttle-ms" in sys.argv:
            check_react_throttle()
            urls["patched"] = urls["app"]  # the same server, another browser context
            throttles["patched"] = int(sys.argv[sys.argv.index("--react-throttle-ms") + 1])
        both = browser_figures(urls, throttles)
    figures, floor, nav_floor = both["app"], both["floor"], both["nav_floor"]

    con = db.connect()
    change_s, change_bytes = indicator_change_server_time(con)
    script_bytes, topology_bytes = base_map_bytes(con)
    print("national view (our app)")
    print(f"  HTTP bytes (all assets, page, components): {figures['http_bytes'] / 1e6:7.2f} MB")
    print(f"  websocket payload (uncompressed):          {figures['ws_payload_bytes'] / 1e6:7.2f} MB")
    print(f"  websocket after deflate (if it were on):   {figures['ws_deflated_bytes'] / 1e6:7.2f} MB")
    print(f"  base map script (every map message):       {script_bytes / 1e6:7.3f} MB")
    print(f"  county topology (static file, cacheable):  {topology_bytes / 1e6:7.3f} MB, counted in HTTP above")
    print(f"  time until map painted, first visit:       {figures['painted_s']:7.2f} s (median of {FIRST_VISITS})")
    print(f"  time until map painted, returning visitor: {figures['painted_warm_s']:7.2f} s (median of {RETURNING_VISITS})")
    print(f"  Chromium CPU until painted, first / returning: {figures['cpu_s']:7.2f} / {figures['cpu_warm_s']:.2f} s")
    _print_split("our app", figures)
    print("floor: a Streamlit page holding only st_folium with the same base map, loaded interleaved")
    print(f"  time until map painted, first visit:       {floor['painted_s']:7.2f} s")
    print(f"  time until map painted, returning visitor: {floor['painted_warm_s']:7.2f} s")
    print(f"  Chromium CPU until painted, first / returning: {floor['cpu_s']:7.2f} / {floor['cpu_warm_s']:.2f} s")
    _print_split("floor", floor)
    print(f"  our overview above the floor:              {figures['painted_s'] - floor['painted_s']:+7.2f} s first visit, "
          f"{figures['painted_warm_s'] - floor['painted_warm_s']:+.2f} s returning")
    print(f"  ratio overview / floor, first visit:       {figures['painted_s'] / floor['painted_s']:7.2f}x (target ≤ 1.2)")
    print(f"  ratio overview / floor, returning visitor: {figures['painted_warm_s'] / floor['painted_warm_s']:7.2f}x (target ≤ 1.1)")
    print(f"  Chromium CPU ratio, first / returning:     {figures['cpu_s'] / floor['cpu_s']:7.2f}x / "
          f"{figures['cpu_warm_s'] / floor['cpu_warm_s']:.2f}x")
    print("navigation floor: the floor page inside a visible page list of the app's 8 pages, loaded interleaved")
    print(f"  time until map painted, first / returning: {nav_floor['painted_s']:7.2f} / {nav_floor['painted_warm_s']:.2f} s")
    _print_split("nav floor", nav_floor)
    print(f"  ratio navigation floor / floor, first / returning: {nav_floor['painted_s'] / floor['painted_s']:5.2f}x / "
          f"{nav_floor['painted_warm_s'] / floor['painted_warm_s']:.2f}x (Streamlit's page list alone)")
    print(f"  ratio overview / navigation floor, first / returning: {figures['painted_s'] / nav_floor['painted_s']:5.2f}x / "
          f"{figures['painted_warm_s'] / nav_floor['painted_warm_s']:.2f}x (the overview's own content)")
    if rev:
        before = both["before"]
        print(f"before: the app as of {rev}, loaded interleaved with both")
        print(f"  time until map painted, first / returning: {before['painted_s']:7.2f} / {before['painted_warm_s']:.2f} s")
        print(f"  Chromium CPU until painted, first / returning: {before['cpu_s']:7.2f} / {before['cpu_warm_s']:.2f} s")
        _print_split("before", before)
        print(f"  ratio before / floor, first / returning:   {before['painted_s'] / floor['painted_s']:7.2f}x / "
              f"{before['painted_warm_s'] / floor['painted_warm_s']:.2f}x")
    if "patched" in both:
        patched = both["patched"]
        print(f"patched: our app with React's fallback throttle at {throttles['patched']} ms instead of 500, "
              "loaded interleaved (react-dom fetched from the server on every load, not from the cache)")
        print(f"  time until map painted, first / returning: {patched['painted_s']:7.2f} / {patched['painted_warm_s']:.2f} s")
        _print_split("patched", patched)
        print(f"  ratio patched / floor, first / returning:  {patched['painted_s'] / floor['painted_s']:7.2f}x / "
              f"{patched['painted_warm_s'] / floor['painted_warm_s']:.2f}x")
    print(f"  indicator change, server time (median):    {change_s * 1000:7.0f} ms, dynamic layer {change_bytes / 1e3:.0f} kB")
    try:
        from bench.layers import layer_payloads

        for name, size in layer_payloads():
            print(f"  layer payload {name:28s} {size / 1e3:8.1f} kB")
    except ImportError:
        pass

    if "--naive" not in sys.argv:
        return
    print("naive baseline: folium, all counties, full resolution, in this process")
    naive = naive_baseline()
    print(f"  render time:  {naive['render_s']:7.1f} s")
    print(f"  HTML:         {naive['html_bytes'] / 1e6:7.1f} MB ({naive['gzip_bytes'] / 1e6:.1f} MB gzip)")
    sent = figures["http_bytes"] + figures["ws_deflated_bytes"]
    print(f"ratio naive HTML / our national view (wire): {naive['html_bytes'] / sent:6.1f}x")
    print(f"ratio naive render / our indicator change:   {naive['render_s'] / change_s:6.1f}x")


if __name__ == "__main__":
    main()
