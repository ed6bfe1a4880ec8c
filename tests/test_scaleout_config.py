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


def _unmask(frame: bytes) -> tuple[int, bytes]:
    """(opcode, payload) of one masked client frame."""
    length, at = frame[1] & 0x7F, 2
    if length == 126:
        length, at = int.from_bytes(frame[2:4], "big"), 4
    elif length == 127:
        length, at = int.from_bytes(frame[2:10], "big"), 10
    mask, payload = frame[at : at + 4], frame[at + 4 :]
    assert frame[1] & 0x80 and len(payload) == length
    return frame[0] & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


@pytest.mark.parametrize("size", [0, 5, 125, 126, 4000, 70_000])
def test_lean_client_frames_are_masked_per_rfc6455(size: int) -> None:
    from bench.wslean import _frame

    payload = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    assert _unmask(_frame(0x2, payload)) == (0x2, payload)


class _Transport:
    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def close(self) -> None:
        self.closed = True


def _server_frame(payload: bytes, opcode: int = 0x2) -> bytes:
    length = len(payload)
    if length < 126:
        return bytes([0x80 | opcode, length]) + payload
    if length < 1 << 16:
        return bytes([0x80 | opcode, 126]) + length.to_bytes(2, "big") + payload
    return bytes([0x80 | opcode, 127]) + length.to_bytes(8, "big") + payload


def test_lean_client_reads_every_frame_until_the_final_script_finished() -> None:
    """The lean visit sends the rerun after the 101, reads frames however TCP splits them, skips an early finish
    (st.rerun), and closes normally after the run's final script_finished: the exchange Session makes."""
    import asyncio

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from bench.wslean import _rerun, _Visit

    def forward(kind: str, value: object = None) -> bytes:
        message = ForwardMsg()
        if kind == "delta":
            message.delta.new_element.markdown.body = "x" * 70_000  # a large element: 8-byte length
        else:
            message.script_finished = value
        return message.SerializeToString()

    loop = asyncio.new_event_loop()
    try:
        done = loop.create_future()
        visit = _Visit("127.0.0.1:1", "/_stcore/stream", "http://127.0.0.1:1", _rerun("county", "adcode=1"), done)
        transport = _Transport()
        visit.connection_made(transport)
        assert transport.written[0].startswith(b"GET /_stcore/stream HTTP/1.1\r\n")
        assert b"Sec-WebSocket-Protocol: streamlit\r\n" in transport.written[0]
        stream = (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"
                  + _server_frame(forward("delta"))
                  + _server_frame(forward("finished", ForwardMsg.FINISHED_EARLY_FOR_RERUN))
                  + _server_frame(forward("delta"))
                  + _server_frame(forward("finished", ForwardMsg.FINISHED_SUCCESSFULLY)))  # fmt: skip
        for at in range(0, len(stream), 997):  # odd chunks: headers and frames cut anywhere
            visit.data_received(stream[at : at + 997])
        opcode, rerun = _unmask(transport.written[1])
        sent = BackMsg()
        sent.ParseFromString(rerun)
        assert opcode == 0x2 and (sent.rerun_script.page_name, sent.rerun_script.query_string) == ("county", "adcode=1")
        assert visit.finished_at is not None and not visit.error
        assert _unmask(transport.written[2]) == (0x8, (1000).to_bytes(2, "big"))
        assert not transport.closed  # waits for the server's close
        visit.data_received(_server_frame((1000).to_bytes(2, "big"), opcode=0x8))
        assert transport.closed and len(transport.written) == 3
    finally:
        loop.close()


def test_lean_client_refuses_a_compressed_socket() -> None:
    """A server that accepts permessage-deflate would send frames this client does not inflate: the visit fails."""
    import asyncio

    from bench.wslean import _rerun, _Visit

    loop = asyncio.new_event_loop()
    try:
        visit = _Visit("h", "/", "http://h", _rerun("", ""), loop.create_future())
        transport = _Transport()
        visit.connection_made(transport)
        visit.data_received(b"HTTP/1.1 101 OK\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
        assert visit.error and transport.closed and len(transport.written) == 1
    finally:
        loop.close()


def test_variant_parses_environment_nginx_and_pinning() -> None:
    from bench.scaleout import _variant

    label, (root, env, nginx, pin) = _variant("uvloop:PYTHONPATH=/x,nginx=worker_priority -5;,pin=1")
    assert (label, root, env, nginx, pin) == ("uvloop", ROOT, {"PYTHONPATH": "/x"}, "worker_priority -5;\n", True)
    assert _variant("plain:")[1][1:] == ({}, "", False)
