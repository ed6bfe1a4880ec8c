"""TCP_NODELAY reaches the server's connections: set on a listening socket like Streamlit's, accepted ones
inherit it, open ones get it; and Streamlit still binds the way that needs it (else drop ui/nodelay.py)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from ui import nodelay
from ui.nodelay import enable_nodelay


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = socket.socket(family=socket.AF_INET)  # as Streamlit binds it: proto 0
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock
    sock.close()


def test_connections_accepted_after_it_have_nodelay(listener: socket.socket) -> None:
    with socket.create_connection(listener.getsockname()) as before_client:
        before, _ = listener.accept()
        with before:
            assert _nodelay(before) == 0  # what asyncio leaves on a proto-0 server's connection
            assert enable_nodelay() >= 2  # the listener and the open connection (and the client's)
            assert _nodelay(before) == 1
            assert _nodelay(listener) == 1
            with socket.create_connection(listener.getsockname()) as after_client:
                after, _ = listener.accept()
                with after:
                    assert _nodelay(after) == 1
                after_client.sendall(b"still open")
        before_client.sendall(b"still open")  # the duplicates were closed, not the sockets


def test_other_sockets_are_left_alone() -> None:
    left, right = socket.socketpair()  # AF_UNIX: no TCP option to set
    with left, right, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        enable_nodelay()
        left.sendall(b"x")
        assert right.recv(1) == b"x"
        udp.sendto(b"y", udp.getsockname())
        assert udp.recv(1) == b"y"


def test_streamlit_still_binds_without_ipproto_tcp() -> None:
    """Streamlit's own bind (an internal): proto 0, so asyncio sets no TCP_NODELAY on its connections. When
    this fails, Streamlit binds with IPPROTO_TCP itself and ui/nodelay.py (and its call) can go."""
    from streamlit.web.server.starlette.starlette_server import _bind_socket

    sock = _bind_socket("127.0.0.1", 0, 8)
    try:
        assert sock.proto == 0
    finally:
        sock.close()


def test_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(nodelay, "_DONE", threading.Event())
    monkeypatch.setattr(nodelay, "enable_nodelay", lambda: calls.append(1) or 1)
    nodelay.enable_nodelay_once()
    nodelay.enable_nodelay_once()
    assert calls == [1]
