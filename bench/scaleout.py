"""Scale-out on one machine: N app processes behind nginx with sticky sessions, and what it gains.

Run ``python bench/scaleout.py`` (default: 1 then 2 processes). For each N it starts N
``streamlit run app.py`` processes on loopback ports and an nginx (Debian package) in front,
with the config below (also in docs/deploy.md), warms every process, then sends bursts of
simultaneous first visits of the overview *through nginx* (``bench/wsload.py``) and prints
p50/p95 and throughput (visits/s); the gain is N processes' throughput over one process's,
measured in the same run. ``--serve N`` starts N processes and nginx and waits (Ctrl-C stops).

Why sticky: a Streamlit session lives in the process that holds its websocket; a reconnect,
an upload (``/_stcore/upload_file``) or a media file must reach that same process. Open-source
nginx has no ``sticky`` directive: a first request goes round-robin, nginx sets a route cookie
naming the process that answered, and requests carrying a known route go straight there.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PAGES, burst, visit  # noqa: E402
from bench.wsload import free_port, start_streamlit, wait_healthy  # noqa: E402

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


def nginx_conf(run_dir: Path, port: int, backends: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{backend};" for backend in backends)
    routes = "\n".join(f'        "127.0.0.1:{backend}" 127.0.0.1:{backend};' for backend in backends)
    return NGINX_CONF.format(run=run_dir, port=port, servers=servers, routes=routes)


class Front:
    """N app processes and nginx in front; stopped on exit."""

    def __init__(self, processes: int) -> None:
        self.count = processes
        self.apps: list[tuple[subprocess.Popen, str]] = []
        self.nginx: subprocess.Popen | None = None
        self.tmp = tempfile.TemporaryDirectory()
        self.url = ""

    def __enter__(self) -> Front:
        run_dir = Path(self.tmp.name)
        # One cookie secret for all replicas, so a sign-in cookie is valid on any of them.
        env = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=secrets.token_hex(16))
        try:
            self.apps = [start_streamlit(ROOT / "app.py", env=env) for _ in range(self.count)]
            port = free_port()
            conf = run_dir / "nginx.conf"
            conf.write_text(nginx_conf(run_dir, port, [int(url.rsplit(":", 1)[1]) for _, url in self.apps]))
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


async def measure(front: Front, bursts: list[int], repeats: int) -> dict[int, tuple[float, float, float, int]]:
    """Per burst size: (p50, p95, visits/s, failed); the best-throughput of ``repeats`` tries."""
    for _, url in front.apps:  # every process warm: first run, caches, database open
        for _ in range(3):
            await visit(url, PAGES["overview"])
    results = {}
    for n in bursts:
        tries = [await burst(front.url, PAGES["overview"], n) for _ in range(repeats)]
        best = max(tries, key=lambda stats: len(stats.values) / stats.wall)
        results[n] = (best.p50, best.p95, len(best.values) / best.wall, best.failed)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--bursts", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--repeats", type=int, default=3, help="bursts per size (the best throughput counts)")
    parser.add_argument("--serve", type=int, metavar="N", help="start N processes + nginx and wait")
    args = parser.parse_args()
    if args.serve:
        with Front(args.serve) as front:
            print(f"{front.url} → {', '.join(url for _, url in front.apps)}  (Ctrl-C stops)")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
    table = {}
    for count in args.processes:
        with Front(count) as front:
            table[count] = asyncio.run(measure(front, args.bursts, args.repeats))
    print(f"cpu cores: {os.cpu_count()} (shared); overview first visits through nginx, sticky by route cookie")
    print(f"{'processes':>9} {'N':>4} {'p50 s':>7} {'p95 s':>7} {'visits/s':>9} {'gain':>6} failed")
    base = table[args.processes[0]]
    for count, results in table.items():
        for n, (p50, p95, rate, failed) in results.items():
            print(f"{count:>9} {n:>4} {p50:>7.3f} {p95:>7.3f} {rate:>9.1f} {rate / base[n][2]:>5.2f}× {failed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
