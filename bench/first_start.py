"""First start of a fresh clone: server start → map painted, and what a visitor sees meanwhile.

Run ``python bench/first_start.py``. It clones this repository's HEAD into a temporary
directory (no database, no copied assets, no generated scripts), starts ``streamlit run
app.py`` there on loopback, opens the overview in headless Chromium (Debian /usr/bin/chromium)
as soon as the server answers, and samples the page every 0.5 s until the map is painted.
It prints the seconds to the first progress bar and to the painted map (target ≤ 30 s on a
quiet machine), the Chinese stage texts seen, and whether any page-file names (the legacy
``pages/`` list: "app", "county", "data admin" …) were ever shown. Requests leaving 127.0.0.1
are aborted.

``--database PATH`` copies an already built database (built from this HEAD) into the clone first:
the same run without the build, i.e. the floor the build's share is measured against.
``--rev REV`` starts that commit instead of HEAD (a before-run in the same session).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wsload import free_port, wait_healthy  # noqa: E402

FILE_NAMES = ("data admin", "data_admin", "workbench", "present", "overview", "infra", "sites")
MAP_CANVAS = "canvas.leaflet-zoom-animated"
SNAPSHOT = """() => {
    const progress = document.querySelector('[data-testid="stProgress"]');
    const nav = document.querySelector('[data-testid="stSidebarNav"]');
    return {progress: progress ? (progress.closest('[data-testid="stElementContainer"]') || progress).innerText : null,
            nav: nav ? nav.innerText : null};
}"""


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="a database built from HEAD, copied into the clone (no build)")
    parser.add_argument("--rev", default="HEAD", help="the commit to start (default HEAD)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="atlas_clone_") as tmp:
        clone = Path(tmp) / "atlas"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        subprocess.run(["git", "-C", str(clone), "checkout", "-q", args.rev], check=True)
        if args.database:
            shutil.copyfile(args.database, clone / "data" / "atlas.duckdb")
        port = free_port()
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1"],
            cwd=clone, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ),
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        seen_stages: list[str] = []
        names_seen: set[str] = set()
        first_progress = painted = None
        try:
            wait_healthy(url, 120)
            healthy = time.perf_counter() - started
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
                context.route(
                    "**/*",
                    lambda route: route.continue_()
                    if route.request.url.startswith((url, "data:", "blob:"))
                    else route.abort(),
                )
                page = context.new_page()
                page.goto(url)
                deadline = time.perf_counter() + 300
                while time.perf_counter() < deadline:
                    snapshot = page.evaluate(SNAPSHOT)
                    if snapshot["progress"] is not None:
                        if first_progress is None:
                            first_progress = time.perf_counter() - started
                            page.screenshot(path=str(ROOT / "bench" / "out" / "first_start_progress.png"))
                        text = snapshot["progress"].strip()
                        if text and (not seen_stages or seen_stages[-1] != text):
                            seen_stages.append(text)
                    shown = (snapshot["nav"] or "").lower()
                    names_seen.update(name for name in FILE_NAMES if name in shown)
                    canvas = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first.locator(MAP_CANVAS)
                    if canvas.count():
                        painted = time.perf_counter() - started
                        break
                    page.wait_for_timeout(500)
                page.screenshot(path=str(ROOT / "bench" / "out" / "first_start.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"cpu cores: {os.cpu_count()} (shared); load average {os.getloadavg()[0]:.1f} at the end")
    print(f"server healthy after      {healthy:6.1f} s")
    print(f"first progress bar after  {first_progress if first_progress is not None else float('nan'):6.1f} s")
    print(f"map painted after         {painted if painted is not None else float('nan'):6.1f} s  (target ≤ 30 s, quiet machine)")
    print(f"page-file names shown:    {sorted(names_seen) or 'none'}")
    print("stages shown:")
    for text in seen_stages:
        print("  " + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
