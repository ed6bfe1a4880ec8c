"""The offline bundle end to end: build it, install it with no network, serve the map, update, roll back.

Each install runs ``python -m tools.bundle --install`` inside ``unshare -n`` (a network
namespace with no interface up, not even loopback), so a step that reached for a registry
would fail. The server runs in its own namespace with only loopback; the page is opened there
by headless Chromium (``nsenter --net``). Wheels come from the builder's cache when present
(``~/.cache/key-county-atlas/wheels``), else from PyPI once.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tools.bundle import read_manifest
from tools.bundle.build import build

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _no_netns_reason() -> str | None:
    for tool in ("unshare", "nsenter", "ip"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (util-linux / iproute2)"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode:
        return f"unshare -n is not permitted here (needs root or user namespaces): {probe.stderr.strip()}"
    return None


def _offline(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in a fresh network namespace: no network at all."""
    run = subprocess.run(["unshare", "-n", "--", *command], cwd=cwd, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run


@dataclass
class Site:
    tmp: Path
    target: Path
    first: Path  # extracted first bundle

    def release(self, pointer: str = "current") -> Path:
        return (self.target / pointer).resolve()

    def python(self, code: str) -> str:
        """Run ``code`` with the current release's own interpreter, in that release."""
        release = self.release()
        run = subprocess.run([str(release / ".venv/bin/python"), "-c", code], cwd=release, capture_output=True,
                             text=True, env={k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")})
        assert run.returncode == 0, run.stderr[-3000:]
        return run.stdout


def _extract(archive: Path, into: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    (bundle,) = into.iterdir()
    return bundle


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    reason = _no_netns_reason()
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("bundle")
    archive = build(tmp / "dist", label="ci-1", report=lambda _m: None)
    first = _extract(archive, tmp / "x1")
    target = tmp / "atlas"
    _offline(sys.executable, "-m", "tools.bundle", "--install", str(target), cwd=first)
    yield Site(tmp, target, first)
    shutil.rmtree(tmp, ignore_errors=True)  # two releases with their venvs: gigabytes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_installed_offline_it_holds_exactly_the_lock_and_checks_its_files(site: Site) -> None:
    release = site.release()
    locked = read_manifest(release)["packages"]
    frozen = site.python("import importlib.metadata as m, json, re; print(json.dumps({re.sub(r'[-_.]+', '-', "
                         "d.name).lower(): d.version for d in m.distributions() if d.name not in ('pip', 'setuptools')}))")
    assert json.loads(frozen) == locked  # the venv is fresh: no dev package, nothing unlocked
    assert (site.target / "shared/decks/yunnan_example.json").is_file() and (release / "data/decks").is_symlink()
    readme = release / "data" / "README.md"
    original = readme.read_bytes()
    readme.write_bytes(original + b"\n")
    try:
        tampered = subprocess.run([str(site.target / "atlas"), "check"], capture_output=True, text=True)
    finally:
        readme.write_bytes(original)
    assert tampered.returncode == 1 and "data/README.md" in tampered.stdout


def _wait_for_own_network_namespace(pid: int, timeout_s: float = 30) -> None:
    """Until ``unshare -n`` has made its namespace: an nsenter before that joins this machine's
    network instead, and the probe then waits in vain for a server it cannot reach."""
    ours = os.readlink("/proc/self/ns/net")
    deadline = time.time() + timeout_s
    while os.readlink(f"/proc/{pid}/ns/net") == ours:
        if time.time() > deadline:
            raise AssertionError("unshare -n did not create a network namespace")
        time.sleep(0.05)


def test_the_installed_app_serves_the_map_over_loopback_with_no_network(site: Site) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    port = _free_port()
    start = f"ip link set lo up && exec {site.target / 'atlas'} start --server.port {port} --server.address 127.0.0.1"
    server = subprocess.Popen(["unshare", "-n", "--", "sh", "-c", start], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_for_own_network_namespace(server.pid)
        probe = subprocess.run(
            ["nsenter", f"--net=/proc/{server.pid}/ns/net", "--", sys.executable, "-m", "tests.bundle_probe",
             f"http://127.0.0.1:{port}", str(site.tmp / "overview.png")],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert probe.returncode == 0, probe.stderr[-3000:]
    seen = json.loads(probe.stdout)
    assert seen["health"] == "ok" and seen["leaflet"] == "1.9.3" and "重点帮扶县" in seen["title"]
    assert not seen["failed"], seen["failed"]
    assert {urlparse(url).netloc for url, _ in seen["responses"]} == {f"127.0.0.1:{port}"}
    static = {urlparse(url).path.removeprefix("/app/"): status for url, status in seen["responses"]
              if "/app/static/" in url}
    assert static.get("static/vendor/leaflet/leaflet.js") == 200
    assert all(status == 200 for status in static.values()), static
    shipped = set(read_manifest(site.release())["generated"])
    assert {p for p in static if p.startswith("static/generated/")} <= shipped  # served from the bundle
    generated = site.release() / "static" / "generated"
    assert {f"static/generated/{p.name}" for p in generated.iterdir()} <= shipped  # nothing regenerated


def test_update_keeps_imports_decks_and_audit_and_rollback_is_one_command(site: Site) -> None:
    before = site.release()
    upload = site.tmp / "gdp.csv"
    upload.write_text("adcode,year,gdp\n520526,2024,4321000\n", encoding="utf-8")
    run = subprocess.run([str(before / ".venv/bin/python"), "-m", "geo.importer", str(upload),
                          "--source-title", "测试来源"], cwd=before, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    (before / "data" / "decks" / "mine.json").write_bytes((before / "data/decks/yunnan_example.json").read_bytes())
    value = ("from geo import db\nwith db.connect() as con:\n"
             "    print(con.execute(\"SELECT value FROM indicators WHERE adcode = '520526' AND year = 2024 "
             "AND indicator_id = 'gdp' AND source_id LIKE 'import_%'\").fetchall())")
    assert site.python(value).strip() == "[(4321000.0,)]"

    archive = build(site.tmp / "dist", label="ci-2", report=lambda _m: None)
    second = _extract(archive, site.tmp / "x2")
    update = _offline(sys.executable, "-m", "tools.bundle", "--install", str(site.target), cwd=second)
    after = site.release()
    assert after.name == "key-county-atlas-ci-2" and site.release("previous") == before
    assert "key-county-atlas-ci-1 → key-county-atlas-ci-2" in update.stdout and "依赖包：无变化" in update.stdout
    assert site.python(value).strip() == "[(4321000.0,)]"  # re-applied to the new release's own base
    assert site.python("from geo.paths import database_path; print(database_path())").startswith(str(after))
    assert (after / "data/decks/mine.json").is_file()
    events = [json.loads(line)["event"] for line in (site.target / "shared/imports/audit.jsonl").read_text().splitlines()]
    assert events[0] == "import" and "reapply" in events

    back = subprocess.run([str(site.target / "atlas"), "rollback"], capture_output=True, text=True)
    assert back.returncode == 0, back.stderr[-2000:]
    assert site.release() == before and site.release("previous") == after
    assert "key-county-atlas-ci-2 → key-county-atlas-ci-1" in back.stdout
    assert site.python(value).strip() == "[(4321000.0,)]"
