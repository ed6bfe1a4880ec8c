"""Load test: N concurrent browser sessions against a local server; prints p50/p95 page-ready times.

Run ``python bench/load.py`` (defaults N = 10, 25, 50). It starts ``streamlit run app.py`` on a
free loopback port and drives headless Chromium (one browser, one context per session, all
loading at once, at most ``--in-flight`` pages open at a time because 50 Chromium pages
on 2 cores measure the browser, not the app). Page-ready = the page's heading is rendered and Streamlit has stopped
running the script. Requests leaving 127.0.0.1 are aborted, so the figures are offline figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = """(selector) => !!document.querySelector(selector)
    && !document.querySelector('[data-testid="stStatusWidget"]')"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(timeout_s: float = 120) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run app.py`` on loopback; returns the process and its URL once healthy."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("streamlit did not become healthy")


async def one_session(browser: object, url: str, selector: str, timeout_ms: int) -> float | None:
    """Seconds from navigation to page-ready, or None on timeout or error."""
    host = urlparse(url).netloc
    context = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")

    async def guard(route: object) -> None:
        if urlparse(route.request.url).netloc in (host, "") or route.request.url.startswith(("data:", "blob:")):
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", guard)
    page = await context.new_page()
    started = time.perf_counter()
    try:
        await page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
        await page.wait_for_function(READY, arg=selector, timeout=timeout_ms, polling=100)
        return time.perf_counter() - started
    except Exception:  # a timeout or a crashed page is counted as a failed session
        return None
    finally:
        await context.close()


async def run(
    url: str, levels: list[int], selector: str, timeout_ms: int, in_flight: int
) -> list[tuple[int, list[float], int, float]]:
    """Each level: N sessions started together, at most ``in_flight`` browser pages open at once."""
    from playwright.async_api import async_playwright

    gate = asyncio.Semaphore(in_flight)

    async def gated() -> float | None:
        async with gate:
            return await one_session(browser, url, selector, timeout_ms)

    results = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        await one_session(browser, url, selector, timeout_ms)  # warm-up: server caches, first database open
        for n in levels:
            started = time.perf_counter()
            times = await asyncio.gather(*(gated() for _ in range(n)))
            ok = [t for t in times if t is not None]
            results.append((n, ok, n - len(ok), time.perf_counter() - started))
        await browser.close()
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50], help="concurrency levels")
    parser.add_argument("--selector", default='[data-testid="stMain"] h3', help="element that marks page-ready")
    parser.add_argument("--url", help="use a running server instead of starting one")
    parser.add_argument("--timeout", type=int, default=120, help="per-session timeout, seconds")
    parser.add_argument(
        "--in-flight", type=int, default=10, help="most browser pages open at once (Chromium is the bottleneck on 2 cores)"
    )
    args = parser.parse_args()
    process, url = (None, args.url) if args.url else start_server()
    try:
        results = asyncio.run(run(url, args.sessions, args.selector, args.timeout * 1000, args.in_flight))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
    print(f"cpu cores: {os.cpu_count()}  server: {url}  browser: one Chromium, one context per session")
    print(
        f"at most {args.in_flight} pages open at once: larger N queue (queue wait is not in the page-ready time, "
        "it is in wall s); browser and server share the same cores"
    )
    print(f"{'N':>4} {'ok':>4} {'failed':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'wall s':>7}")
    for n, ok, failed, wall in results:
        print(
            f"{n:>4} {len(ok):>4} {failed:>6} {statistics.median(ok) if ok else float('nan'):>7.2f} "
            f"{percentile(ok, 0.95):>7.2f} {max(ok, default=float('nan')):>7.2f} {wall:>7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
