"""Scale-out on one machine: N app processes behind nginx with sticky sessions, and what it gains.

Run ``python bench/scaleout.py`` (default: 1 then 2 processes). For each N it starts N
``streamlit run app.py`` processes on loopback ports and an nginx (Debian package) in front,
with the config below (also in docs/deploy.md), warms every process, then sends bursts of
simultaneous first visits of the overview *through nginx* (``bench/wsload.py``) and prints
p50/p95 and throughput (visits/s); the gain is N processes' throughput over one process's,
measured in the same run. The visits come from a bare-websocket client (``bench/wslean.py``: the same
exchange with the server as ``bench.wsload.Session`` at half its CPU, which the client takes from the cores
the app processes share; ``--client websockets`` for the client of rounds 1–6). Beside the bursts it prints
a steady state (``--steady``: N visitors each making one first visit after another, counted over a window
after a warm-up: no all-at-once start, no lone end)
and per row the ceiling the shared cores allow (``ceiling``). ``--before DIR`` also runs the fronts of a
scratch copy of an earlier commit (its app and its nginx config), taking turns with this one's, for a before →
after in one run (repeatable: several variants in one run); ``--variant`` runs this checkout with other
process settings (environment, nginx main-context directives, pinned cores), ``--floor LINES`` the trivial page.
``--serve N`` starts N processes and nginx and waits (Ctrl-C stops). Where a burst's time goes (phases of
a visit, each party's CPU, when a process wants no CPU at all): ``python bench/burst_trace.py``.

Why sticky: a Streamlit session lives in the process that holds its websocket; a reconnect,
an upload (``/_stcore/upload_file``) or a media file must reach that same process. Open-source
nginx has no ``sticky`` directive: a first request goes round-robin, nginx sets a route cookie
naming the process that answered, and requests carrying a known route go straight there.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import multiprocessing
import multiprocessing.pool
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PAGES, Stats, Visitor, burst, visit  # noqa: E402
from bench.wslean import lean_visit  # noqa: E402
from bench.wsload import TRIVIAL_PAGE, cpu_seconds, free_port, start_streamlit, wait_healthy  # noqa: E402

# The client's visit (``--client``): the bare websocket of bench/wslean.py (the default: the same exchange with
# the server at half the client CPU, so that less of the shared cores goes to the client) or the websockets
# library's Session (the client of rounds 1–6).
VISITORS: dict[str, Visitor] = {"lean": lean_visit, "websockets": visit}

NGINX = "/usr/sbin/nginx"

# The tested config; docs/deploy.md carries the same text (tests/test_scaleout_config.py checks).
NGINX_CONF = """\
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;

    # Sticky sessions: a first request goes round-robin to the group; the response sets a cookie
    # naming the process that served it, and later requests (the websocket, uploads) go there.
    # Only the listed processes are accepted from the cookie, anything else goes to the group.
    map $cookie_atlas_route $atlas_backend {{
        default atlas;
{routes}
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ""      close;
    }}
    upstream atlas {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://$atlas_backend;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;          # the websocket: /_stcore/stream
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 86400;                        # sessions are long-lived websockets
            proxy_buffering off;
            client_max_body_size 25m;                        # uploads: the importer allows 20 MB
            add_header Set-Cookie "atlas_route=$upstream_addr; Path=/; HttpOnly; SameSite=Lax";
            gzip on;                                         # Streamlit's bundle is served uncompressed
            gzip_types application/javascript text/css application/json;
        }}
    }}
}}
"""


def nginx_conf(run_dir: Path, port: int, backends: list[int], template: str = NGINX_CONF) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{backend};" for backend in backends)
    routes = "\n".join(f'        "127.0.0.1:{backend}" 127.0.0.1:{backend};' for backend in backends)
    return template.format(run=run_dir, port=port, servers=servers, routes=routes)


def template_of(root: Path) -> str:
    """The nginx config template of the checkout at ``root`` (its bench/scaleout.py's ``NGINX_CONF``, read without
    importing it), so that a before → after compares the config as well as the app; ours where it has none."""
    path = root / "bench" / "scaleout.py"
    if root.resolve() != ROOT and path.exists():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "NGINX_CONF" for t in node.targets):
                return ast.literal_eval(node.value)
    return NGINX_CONF


class Front:
    """N app processes (``script``: the app, or another page such as the trivial floor) and nginx in front;
    stopped on exit."""

    def __init__(
        self, processes: int, script: Path = ROOT / "app.py", root: Path = ROOT, env: dict[str, str] | None = None,
        nginx_main: str = "", pin: bool = False, page: tuple[str, str] = PAGES["overview"],
    ) -> None:
        self.count = processes
        self.script = script
        self.root = root  # the checkout the processes run in (its config), e.g. a scratch copy of a before-commit
        self.template = template_of(root)  # and its nginx config
        self.env = env or {}  # extra environment of the app processes (``--variant``)
        self.nginx_main = nginx_main  # extra directives in nginx's main context (``--variant``)
        self.pin = pin  # process i on core i only (``--variant LABEL:pin=1``)
        self.page = page  # what every visit opens: the overview, or the floor page's ("", "lines=N")
        self.apps: list[tuple[subprocess.Popen, str]] = []
        self.nginx: subprocess.Popen | None = None
        self.tmp = tempfile.TemporaryDirectory()
        self.url = ""

    def __enter__(self) -> Front:
        run_dir = Path(self.tmp.name)
        # One cookie secret for all replicas, so a sign-in cookie is valid on any of them.
        env = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=secrets.token_hex(16), **self.env)
        try:
            cores = os.cpu_count() or 1
            self.apps = [start_streamlit(self.script, env=env, cwd=self.root, cpus={i % cores} if self.pin else None)
                         for i in range(self.count)]  # fmt: skip
            port = free_port()
            conf = run_dir / "nginx.conf"
            backends = [int(url.rsplit(":", 1)[1]) for _, url in self.apps]
            conf.write_text(self.nginx_main + nginx_conf(run_dir, port, backends, self.template))
            self.nginx = subprocess.Popen(
                [NGINX, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
            self.url = f"http://127.0.0.1:{port}"
            for _, url in self.apps:
                wait_healthy(url)
            wait_healthy(self.url, 30)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.nginx is not None:
            self.nginx.terminate()
            self.nginx.wait(timeout=10)
        for process, _ in self.apps:
            process.terminate()
        for process, _ in self.apps:
            process.wait(timeout=20)
        self.tmp.cleanup()


def _pids_with_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *(int(child) for child in children.read_text().split())] if children.exists() else [pid]


@dataclass
class Burst:
    """One burst of first visits through one front, with the CPU each party spent on it."""

    visits: int  # completed
    rate: float  # visits per second (completed visits / wall time)
    p50: float
    p95: float
    failed: int
    server_s: list[float]  # CPU seconds per app process
    nginx_s: float
    client_s: float
    wall: float
    served: float  # start → the last script_finished (wall also holds the closing handshakes after it)


def _client_share(
    url: str, page: tuple[str, str], count: int, start_at: float, visitor: str
) -> tuple[list[float], int, float, float, float]:
    """One client process's share of a burst (``--clients``): its ``count`` visits from ``start_at``
    (``time.monotonic``, one clock for every process). Returns the visit times, the failures, when all were
    done and when the last had ``script_finished`` (monotonic), and this process's CPU seconds."""
    loop = asyncio.new_event_loop()  # made before the start, so that its cost is not the burst's
    try:
        time.sleep(max(0.0, start_at - time.monotonic()))
        begun, cpu = time.monotonic(), time.process_time()
        stats = loop.run_until_complete(burst(url, page, count, VISITORS[visitor]))
        return stats.values, stats.failed, begun + stats.wall, begun + stats.served, time.process_time() - cpu
    finally:
        loop.close()


async def _split_burst(clients: Clients, front: Front, n: int, visitor: str) -> tuple[Stats, float]:
    """A burst of ``n`` split over the client processes, started together: (its stats, the clients' CPU s)."""
    start_at = time.monotonic() + 0.05  # every client process is waiting by then
    shares = [n // clients.count + (i < n % clients.count) for i in range(clients.count)]
    jobs = [(front.url, front.page, k, start_at, visitor) for k in shares]
    parts = await asyncio.to_thread(clients.pool.starmap, _client_share, jobs)
    stats = Stats([value for part in parts for value in part[0]], sum(part[1] for part in parts),
                  max(part[2] for part in parts) - start_at, max(part[3] for part in parts) - start_at)  # fmt: skip
    return stats, sum(part[4] for part in parts)


@dataclass
class Clients:
    """``--clients K``: bursts sent by K client processes instead of this one (forked before any server starts).
    Twenty browsers work in parallel on their own machines; one client thread does their websocket work one
    after another, and on this machine's 2 cores it shares them with the app processes. K processes let the
    kernel spread that work over both cores: a diagnostic of how much of a gain is the client's, not a
    replacement of the default figure (the lead's runs use one client)."""

    count: int
    pool: multiprocessing.pool.Pool


async def one_burst(front: Front, n: int, clients: Clients | None = None, visitor: str = "lean") -> Burst:
    apps = [process.pid for process, _ in front.apps]
    proxies = _pids_with_children(front.nginx.pid) if front.nginx else []
    servers = [cpu_seconds(pid) for pid in apps]
    proxy = sum(cpu_seconds(pid) for pid in proxies)
    if clients is None:
        client = time.process_time()
        stats = await burst(front.url, front.page, n, VISITORS[visitor])
        client_s = time.process_time() - client
    else:
        stats, client_s = await _split_burst(clients, front, n, visitor)
    return Burst(
        len(stats.values), len(stats.values) / stats.wall, stats.p50, stats.p95, stats.failed,
        [cpu_seconds(pid) - before for pid, before in zip(apps, servers, strict=True)],
        sum(cpu_seconds(pid) for pid in proxies) - proxy, client_s, stats.wall, stats.served,
    )  # fmt: skip


async def steady(front: Front, concurrency: int, seconds: float, warm: float = 1.0, visitor: str = "lean") -> Burst:
    """Steady state beside the bursts: ``concurrency`` visitors each making one first visit after another for
    ``warm`` + ``seconds``; visits that finish inside the last ``seconds`` count, CPU is taken over that window.
    A burst's wall also holds its start (every websocket opened at once) and its end (the last visits finish
    alone); this figure has neither, so it shows what the processes serve when they are kept busy."""
    apps = [process.pid for process, _ in front.apps]
    proxies = _pids_with_children(front.nginx.pid) if front.nginx else []
    window: list[float] = []  # [start, end] once known
    values: list[float] = []
    failed = 0
    stop = time.perf_counter() + warm + seconds

    one_visit = VISITORS[visitor]

    async def visitor_loop() -> None:
        nonlocal failed
        while time.perf_counter() < stop:
            took = await one_visit(front.url, front.page, 60)
            now = time.perf_counter()
            if took is None:
                failed += 1
            elif len(window) == 2 and window[0] <= now <= window[1]:
                values.append(took)

    tasks = [asyncio.create_task(visitor_loop()) for _ in range(concurrency)]
    await asyncio.sleep(warm)
    servers, proxy, client = [cpu_seconds(pid) for pid in apps], sum(map(cpu_seconds, proxies)), time.process_time()
    window[:] = [time.perf_counter(), time.perf_counter() + seconds]
    await asyncio.sleep(seconds)
    server_s = [cpu_seconds(pid) - before for pid, before in zip(apps, servers, strict=True)]
    nginx_s, client_s = sum(map(cpu_seconds, proxies)) - proxy, time.process_time() - client
    wall = time.perf_counter() - window[0]
    await asyncio.gather(*tasks)
    stats = Stats(values)
    return Burst(len(values), len(values) / wall, stats.p50, stats.p95, failed, server_s, nginx_s, client_s, wall, wall)


Key = tuple[str, int, int]  # (checkout: "this" or "before", processes, N or concurrency)


async def measure(
    fronts: list[tuple[str, Front]], bursts: list[int], repeats: int, steady_at: list[int], seconds: float,
    clients: dict[str, tuple[Clients | None, str]] | None = None,
) -> tuple[dict[Key, list[Burst]], dict[Key, list[Burst]]]:
    """Per (checkout, processes, N): ``repeats`` bursts, the fronts taking turns (alternating which goes
    first), so every front sees the same machine load; the fronts are compared round by round. Then the
    same for the steady state at each concurrency of ``steady_at``. ``clients``: label suffix → who sends the
    bursts (None: this process) and with which visit (``VISITORS``), each taking its turn after the other on
    every front; the steady state is sent by this process, once per visit kind."""
    for _, front in fronts:  # every process warm: first run, caches, database open
        for _, url in front.apps:
            for _ in range(3):
                await visit(url, front.page)
    results: dict[Key, list[Burst]] = {}
    for n in bursts:
        for round_ in range(repeats):
            for label, front in fronts if round_ % 2 == 0 else fronts[::-1]:
                for suffix, (sender, visitor) in (clients or {"": (None, "lean")}).items():
                    results.setdefault((label + suffix, front.count, n), []).append(
                        await one_burst(front, n, sender, visitor)
                    )
    steady_results: dict[Key, list[Burst]] = {}
    for concurrency in steady_at:
        for round_ in range(repeats):
            for label, front in fronts if round_ % 2 == 0 else fronts[::-1]:
                for suffix, (sender, visitor) in (clients or {"": (None, "lean")}).items():
                    if sender is None:
                        steady_results.setdefault((label + suffix, front.count, concurrency), []).append(
                            await steady(front, concurrency, seconds, visitor=visitor)
                        )
    return results, steady_results


def _route(url: str, cookie: str | None) -> str:
    """The backend nginx names in the route cookie of its answer to ``/_stcore/health``."""
    request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"atlas_route={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("atlas_route="):
                return header.split(";", 1)[0].split("=", 1)[1]
    return ""


def check_sticky(front: Front) -> str:
    """Requests without a cookie spread over every process; with one, they reach the process it names."""
    backends = [url.removeprefix("http://") for _, url in front.apps]
    fresh = [_route(front.url, None) for _ in range(4 * len(backends))]
    spread = {backend: fresh.count(backend) for backend in backends}
    kept = all(_route(front.url, backend) == backend for backend in backends for _ in range(3))
    forged = _route(front.url, "10.0.0.1:80") in backends  # an unknown route falls back to the group
    held = asyncio.run(_browser_sessions(front, 20))
    return (f"{front.count} process(es): first requests per process {spread}; route cookie honoured: {kept}; "
            f"unknown route → group: {forged}; 20 browser-like sessions (a page load, then the websocket with its "
            f"route cookie), websockets held per process: {held}")


def _established(port: int) -> int:
    """Established TCP connections whose local port is ``port`` (loopback, from /proc/net/tcp)."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        count += state == "01" and int(local.rsplit(":", 1)[1], 16) == port
    return count


async def _browser_sessions(front: Front, count: int) -> dict[str, int]:
    """``count`` browsers as nginx sees them: a page load without a cookie (round-robin; it sets the route
    cookie), then the websocket carrying that cookie; while all are open, the websockets each process holds."""
    routes = [_route(front.url, None) for _ in range(count)]
    url = front.url.replace("http", "ws", 1) + "/_stcore/stream"
    held = [await websockets.connect(url, subprotocols=["streamlit"], origin=front.url, proxy=None,
                                     additional_headers={"Cookie": f"atlas_route={route}"})
            for route in routes]  # fmt: skip
    try:
        await asyncio.sleep(0.3)  # every upstream connection made
        return {app.removeprefix("http://"): _established(int(app.rsplit(":", 1)[1])) for _, app in front.apps}
    finally:
        await asyncio.gather(*(ws.close() for ws in held))


def _python_work(units: int = 150_000) -> float:
    """CPU seconds of a fixed piece of interpreter work (dicts, strings, lists: the kind a script run does)."""
    started = time.thread_time()
    total = 0
    for i in range(units):
        row = {"code": i, "name": str(i), "pair": [i, i + 1]}
        total += len(row["name"]) + row["pair"][1]
    return time.thread_time() - started


def _python_work_many(count: int) -> list[float]:
    return [_python_work() for _ in range(count)]


def machine_floor(rounds: int = 3, pieces: int = 3) -> float:
    """How much more CPU the same interpreter work takes when two processes do it at once than when one does it
    alone (median over rounds of median piece times): the cores' own parallel efficiency (shared caches, the
    host's scheduling of the virtual cores), measured before the servers start. Two app processes pay it on
    every visit (their ``server ms`` over one process's); 2 ÷ this is the gain no code can pass here."""
    ratios = []
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for _ in range(rounds):
            alone = statistics.median(pool.apply(_python_work_many, (pieces,)))
            both = pool.map(_python_work_many, [pieces, pieces], chunksize=1)
            ratios.append(statistics.median(both[0] + both[1]) / alone)
    return statistics.median(ratios)


def ceiling(count: int, base: int, server_ms: float, others_ms: float, cores: int = os.cpu_count() or 1) -> float:
    """The gain this machine allows at best, from this row's CPU per visit (a model, not a measurement): each
    app process uses at most one core (one interpreter lock); nginx and this client need ``others_ms`` per visit
    on the same cores. ``base`` processes use ``base`` cores with the others beside them while a core is left;
    ``count`` processes share what the others leave: ``cores × server / (server + others)``."""

    def rate(processes: int) -> float:
        if processes < cores:
            return processes
        return cores * server_ms / (server_ms + others_ms)

    return rate(count) / rate(base) if server_ms > 0 else float("nan")


def report(results: dict[Key, list[Burst]], base: int, steady_seconds: float | None = None) -> None:
    if steady_seconds is None:
        print(f"cpu cores: {os.cpu_count()} (shared with everything else on the machine)")
        print("overview first visits through nginx (no route cookie yet: nginx spreads them round-robin); per burst "
              "size, the median over the rounds;\ngain = median over rounds of (visits/s of N processes ÷ visits/s of "
              f"{base} in the same round); CPU in ms per visit; app cores = CPU seconds of the app processes per "
              "second of the burst;\nbusy = the same for the app processes + nginx + this client: below the "
              "processes' count (or below 2 with 2+ processes on 2 cores), something else on the machine held the "
              "cores;\nserved/s = visits per second until the last visit's script_finished (visits/s: until every "
              "websocket is closed too; a browser tab does not close after a visit);\nceiling = the gain the cores allow at best with nginx and this client on them (bench.scaleout."
              "ceiling: one core per process, the others' CPU per visit taken from the shared cores)")  # fmt: skip
    else:
        print(f"\nsteady state: N visitors each making one overview first visit after another; visits finished in a "
              f"{steady_seconds:.0f} s window after 1 s of warm-up; p95 = of those visits; columns as above")  # fmt: skip
    print(f"{'code':>8} {'processes':>9} {'N':>4} {'visits/s':>9} {'p95 s':>7} {'gain':>6} {'served/s':>9} "
          f"{'gain':>6} {'server ms':>10} {'split %':>12} "
          f"{'nginx ms':>9} {'client ms':>10} {'app cores':>10} {'busy':>6} {'ceiling':>8} failed")  # fmt: skip
    starved: list[str] = []
    for (label, count, n), tries in results.items():
        baseline = results[(label, base, n)]
        gain = statistics.median(a.rate / b.rate for a, b in zip(tries, baseline, strict=True))
        served = [b.visits / b.served if b.served else float("nan") for b in tries]
        served_gain = statistics.median(
            a.visits / a.served / (b.visits / b.served) if a.served and b.served else float("nan")
            for a, b in zip(tries, baseline, strict=True)
        )
        visits = [max(1, b.visits) for b in tries]
        server = statistics.median(sum(b.server_s) / v * 1000 for b, v in zip(tries, visits, strict=True))
        split = "/".join(f"{statistics.median(b.server_s[i] / max(1e-9, sum(b.server_s)) for b in tries) * 100:.0f}"
                         for i in range(count))  # fmt: skip
        nginx = statistics.median(b.nginx_s / v * 1000 for b, v in zip(tries, visits, strict=True))
        client = statistics.median(b.client_s / v * 1000 for b, v in zip(tries, visits, strict=True))
        cores = statistics.median(sum(b.server_s) / b.wall for b in tries)
        busy = statistics.median((sum(b.server_s) + b.nginx_s + b.client_s) / b.wall for b in tries)
        print(f"{label:>8} {count:>9} {n:>4} {statistics.median(b.rate for b in tries):>9.1f} "
              f"{statistics.median(b.p95 for b in tries):>7.3f} {gain:>5.2f}× {statistics.median(served):>9.1f} "
              f"{served_gain:>5.2f}× {server:>10.1f} {split:>12} "
              f"{nginx:>9.1f} {client:>10.1f} {cores:>10.2f} {busy:>6.2f} "
              f"{ceiling(count, base, server, nginx + client):>7.2f}× {sum(b.failed for b in tries)}")  # fmt: skip
        wanted = 0.8 * min(count, os.cpu_count() or 1)
        if count > base and busy < wanted:
            starved.append(f"{label} {count} processes N={n}: busy {busy:.2f} < {wanted:.1f}")
    if starved:
        print("busy below 80 % of the cores the processes could use (" + "; ".join(starved) + "): other work held "
              "them, or the processes waited — python bench/burst_trace.py tells which (app wait = runnable but "
              "no core; none = no process wanted one); on a shared machine this gain is not the code's")  # fmt: skip


def _variant(text: str) -> tuple[str, tuple[Path, dict[str, str], str, bool]]:
    """``LABEL:VAR=VALUE,VAR=VALUE`` → (label, (this checkout, its environment, nginx main-context directives,
    pinned)): the pair ``nginx=DIRECTIVE;`` adds a directive to nginx's main context, ``pin=1`` pins app process i
    to core i, any other pair is an environment variable of the app processes."""
    label, _, text = text.partition(":")
    pairs = [pair.split("=", 1) for pair in text.split(",") if pair]
    env = {key: value for key, value in pairs if key not in ("nginx", "pin")}
    nginx = "".join(f"{value}\n" for key, value in pairs if key == "nginx")
    return label[:8], (ROOT, env, nginx, ["pin", "1"] in pairs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--bursts", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--repeats", type=int, default=5, help="rounds per burst size (the fronts take turns)")
    parser.add_argument("--steady", type=int, nargs="*", default=[20], metavar="N",
                        help="visitors of the steady-state figure (none: skip it)")
    parser.add_argument("--steady-seconds", type=float, default=4.0)
    parser.add_argument("--serve", type=int, metavar="N", help="start N processes + nginx and wait")
    parser.add_argument("--clients", type=int, nargs="+", default=[1], metavar="K",
                        help="send the bursts from K client processes; several values take turns in one run, "
                             "labelled ·cK (a diagnostic: how much of a gain the one client thread costs; the "
                             "steady state keeps this process)")  # fmt: skip
    parser.add_argument("--before", type=Path, metavar="DIR", action="append", default=[],
                        help="also run fronts from this checkout (a scratch copy of a before-commit with its "
                             "database: git archive REV | tar -x -C DIR; cp data/atlas.duckdb DIR/data/), "
                             "app and nginx config, taking turns with this one's; repeatable (then labelled by "
                             "the directory's name)")  # fmt: skip
    parser.add_argument("--client", nargs="+", default=["lean"], choices=list(VISITORS),
                        help="the client's visit: lean (bench/wslean.py) or websockets (bench.wsload.Session, "
                             "rounds 1–6); several take turns, labelled ·ws / ·lean")  # fmt: skip
    parser.add_argument("--floor", type=int, metavar="LINES",
                        help="also run fronts of the trivial floor page with LINES one-line elements (the "
                             "overview's element count for Streamlit's own cost of them), label floor: how far "
                             "Streamlit alone, without our code, scales from 1 process to 2 here")  # fmt: skip
    parser.add_argument("--variant", metavar="LABEL:VAR=VALUE[,VAR=VALUE]", action="append", default=[],
                        help="also run fronts of this checkout with these environment variables for the app "
                             "processes (e.g. a Streamlit setting or a PYTHONPATH; nginx=DIRECTIVE; adds one to "
                             "nginx's main context; pin=1 pins app process i to core i), taking turns with the others; repeatable")  # fmt: skip
    args = parser.parse_args()
    if args.serve:
        with Front(args.serve) as front:
            print(f"{front.url} → {', '.join(url for _, url in front.apps)}  (Ctrl-C stops)")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    floor = machine_floor()
    print(f"machine floor: the same Python work takes {floor:.2f}× the CPU time in each of two processes running at "
          f"once as in one alone (median of 3 rounds; 2 ÷ {floor:.2f} = {2 / floor:.2f}× is the most two processes "
          "can gain here, before nginx and the client take their share; only meaningful on a quiet machine: with "
          "other work on the cores, the lone process shares them too)", flush=True)  # fmt: skip
    with contextlib.ExitStack() as stack:
        clients: dict[str, tuple[Clients | None, str]] = {}
        for count in args.clients:  # forked before any server starts: the clients hold none of their pipes or sockets
            pool = stack.enter_context(multiprocessing.get_context("fork").Pool(count)) if count > 1 else None
            for kind in args.client:
                suffix = ("" if len(args.clients) == 1 and count == 1 else f"·c{count}") + (
                    "" if len(args.client) == 1 else {"lean": "·lean", "websockets": "·ws"}[kind])
                clients[suffix] = (pool and Clients(count, pool), kind)
        before = {("before" if len(args.before) == 1 else path.name[:8]): path.resolve() for path in args.before}
        checkouts = {"this": (ROOT, {}, "", False), **{label: (root, {}, "", False) for label, root in before.items()},
                     **dict(_variant(text) for text in args.variant)}
        fronts = [(label, stack.enter_context(Front(count, root / "app.py", root, env, nginx_main, pin)))
                  for label, (root, env, nginx_main, pin) in checkouts.items() for count in args.processes]  # fmt: skip
        if args.floor:
            trivial = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "trivial.py"
            trivial.write_text(TRIVIAL_PAGE, encoding="utf-8")
            fronts += [("floor", stack.enter_context(Front(count, trivial, page=("", f"lines={args.floor}"))))
                       for count in args.processes]  # fmt: skip
        for label, front in fronts:
            print(f"sticky check ({label}),", check_sticky(front), flush=True)
        results, steady_results = asyncio.run(
            measure(fronts, args.bursts, args.repeats, args.steady, args.steady_seconds, clients)
        )
    report(results, args.processes[0])
    if steady_results:
        report(steady_results, args.processes[0], args.steady_seconds)
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
