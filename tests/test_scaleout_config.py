"""The nginx front in docs/deploy.md is the one bench/scaleout.py writes, and nginx accepts it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bench.scaleout import NGINX, NGINX_CONF, nginx_conf, template_of

ROOT = Path(__file__).resolve().parent.parent


def test_documented_config_is_the_tested_one() -> None:
    documented = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert nginx_conf(Path("/run/atlas-nginx"), 8080, [8501, 8502]) in documented


def test_config_routes_only_listed_processes_by_cookie() -> None:
    conf = nginx_conf(Path("/tmp/x"), 8080, [8501, 8502])
    assert '"127.0.0.1:8501" 127.0.0.1:8501;' in conf and '"127.0.0.1:8502" 127.0.0.1:8502;' in conf
    assert "default atlas;" in conf and "proxy_pass http://$atlas_backend;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf


@pytest.mark.skipif(shutil.which(NGINX) is None and not Path(NGINX).exists(), reason="nginx not installed")
def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, 8080, [8501, 8502]), encoding="utf-8")
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_before_checkout_brings_its_own_nginx_config(tmp_path: Path) -> None:
    """``scaleout.py --before DIR`` compares DIR's nginx config too: its NGINX_CONF is read (not imported)."""
    (tmp_path / "bench").mkdir()
    other = NGINX_CONF.replace("worker_processes 1;", "worker_processes 2;")
    (tmp_path / "bench" / "scaleout.py").write_text(f"import nowhere\nNGINX_CONF = {other!r}\n", encoding="utf-8")
    assert template_of(tmp_path) == other != NGINX_CONF
    assert "worker_processes 2;" in nginx_conf(tmp_path, 8080, [8501], template_of(tmp_path))
    assert template_of(tmp_path / "missing") == NGINX_CONF  # a checkout without the bench: ours
    assert template_of(ROOT) == NGINX_CONF
