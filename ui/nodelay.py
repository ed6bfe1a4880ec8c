"""TCP_NODELAY on the server's sockets, so that no message waits 40 ms for the peer's delayed ACK.

Streamlit's server (Starlette + uvicorn) binds its listening socket as ``socket.socket(family)``, whose
``proto`` is 0, and asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets whose ``proto`` is
``IPPROTO_TCP``: every connection of the app ran with Nagle on. A run writes several small websocket
messages; Nagle holds each one written while an earlier one is unacknowledged until the peer's delayed
ACK (40 ms on Linux; the browser's or nginx's), so every first visit and every rerun waited ≈ 40 ms
without doing anything (``python bench/nodelay.py``: the trivial page's first visit 0.052 → 0.018 s, a
rerun 0.048 → 0.007 s; the overview's 0.079 → 0.049 s and 0.052 → 0.034 s; docs/performance.md). Linux copies the option of a listening socket to every connection it accepts, so
setting it once on the listening socket, plus on the connections already open, covers the process.
Only public socket calls, on this process's own descriptors (``/proc/self/fd``; nothing where that does
not exist). ``tests/test_nodelay.py`` fails when Streamlit binds with ``IPPROTO_TCP`` itself.
"""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

_FDS = Path("/proc/self/fd")
_DONE = threading.Event()


def enable_nodelay_once() -> None:
    """``enable_nodelay`` the first time it is called in this process; later calls cost a flag check."""
    if not _DONE.is_set():
        _DONE.set()
        enable_nodelay()


def enable_nodelay() -> int:
    """Set TCP_NODELAY on every TCP socket of this process (listening and connected); returns how many."""
    count = 0
    try:
        entries = list(_FDS.iterdir())
    except OSError:
        return 0
    for entry in entries:
        try:
            if not os.readlink(entry).startswith("socket:"):
                continue
            # A duplicate of the descriptor: the same socket, and closing it leaves the server's open.
            duplicate = os.dup(int(entry.name))
        except (OSError, ValueError):  # closed meanwhile
            continue
        try:
            sock = socket.socket(fileno=duplicate)
        except OSError:  # the number was reused by something that is not a socket
            os.close(duplicate)
            continue
        with sock:
            if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
                try:
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    count += 1
                except OSError:
                    pass
    return count
