"""A first visit over a bare websocket: the same exchange as ``bench.load.visit``, at a fraction of its client CPU.

``bench.wsload.Session`` (the ``websockets`` library) costs this client 2.2–2.5 ms of CPU per overview first
visit, most of it in the library's per-frame Python (frame objects, a message queue, flow control), and the bench
client shares the server's 2 cores: with two app processes, whatever the client spends comes out of their CPU.
Browsers run on their own machines. This visit sends the server exactly what ``Session`` sends (the same opening
request and headers, the same rerun ``BackMsg``, a normal close) and reads every byte the server sends, but as
an ``asyncio.Protocol`` that cuts frames out of one buffer and parses only each frame's ``ForwardMsg`` (to find
the run's final ``script_finished``, as ``Session`` does). The server's work is the same; only the client's
own CPU (and with it the client's share of the cores) changes. Loopback only; no compression (the server's
``enableWebsocketCompression`` is off: a server that accepts deflate fails the visit, it is not decoded).
"""

from __future__ import annotations

import asyncio
import base64
import os
import struct
import time
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN
# A script_finished ForwardMsg is a few dozen bytes (hash, metadata, one enum); larger messages are elements,
# read but not parsed.
_LARGEST_FINISHED = 512
_USER_AGENT = websockets.version.version  # the User-Agent websockets sends, so that the server parses the same


def _rerun(page: str, query: str) -> bytes:
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.query_string = query
    return message.SerializeToString()


def _frame(opcode: int, payload: bytes) -> bytes:
    """A masked client frame (RFC 6455 §5.3: every client frame is masked)."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    # bytes ^ mask as one big integer: no per-byte Python loop
    repeated = (mask * (length // 4 + 1))[:length]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(length, "big")
    return header + mask + masked


class _Visit(asyncio.Protocol):
    """One websocket: opening handshake, one rerun, frames read until the final ``script_finished``, close."""

    def __init__(self, host: str, path: str, origin: str, rerun: bytes, done: asyncio.Future) -> None:
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: {origin}\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            f"Sec-WebSocket-Protocol: streamlit\r\nUser-Agent: Python/3.11 websockets/{_USER_AGENT}\r\n\r\n"
        ).encode()
        self.rerun = rerun
        self.done = done
        self.buffer = bytearray()
        self.upgraded = False
        self.fragments: list[bytes] = []
        self.finished_at: float | None = None
        self.transport: asyncio.Transport | None = None
        self.error = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.upgraded:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            if not head.startswith(b"http/1.1 101") or b"permessage-deflate" in head:
                self._fail(f"handshake: {bytes(self.buffer[:end])[:200]!r}")
                return
            del self.buffer[: end + 4]
            self.upgraded = True
            self.transport.write(_frame(0x2, self.rerun))
        self._frames()

    def _frames(self) -> None:
        buffer, at = self.buffer, 0
        while len(buffer) - at >= 2:
            first, second = buffer[at], buffer[at + 1]
            length, start = second & 0x7F, at + 2
            if length == 126:
                if len(buffer) - at < 4:
                    break
                (length,), start = struct.unpack_from("!H", buffer, at + 2), at + 4
            elif length == 127:
                if len(buffer) - at < 10:
                    break
                (length,), start = struct.unpack_from("!Q", buffer, at + 2), at + 10
            if len(buffer) - start < length:
                break
            payload = bytes(buffer[start : start + length])
            at = start + length
            self._frame(first & 0x0F, bool(first & 0x80), payload)
        del buffer[:at]

    def _frame(self, opcode: int, fin: bool, payload: bytes) -> None:
        if opcode == 0x8:  # close: ours answered (or the server's, which we answer)
            if self.finished_at is None:
                self.error = "closed by the server"
                self.transport.write(_frame(0x8, payload[:2]))
            self.transport.close()
            return
        if opcode == 0x9:  # ping
            self.transport.write(_frame(0xA, payload))
            return
        if opcode in (0x1, 0x2, 0x0):
            self.fragments.append(payload)
            if fin:
                self._message(b"".join(self.fragments))
                self.fragments = []

    def _message(self, data: bytes) -> None:
        if self.finished_at is not None or len(data) > _LARGEST_FINISHED:
            return
        forward = ForwardMsg()
        forward.ParseFromString(data)
        if forward.WhichOneof("type") == "script_finished" and forward.script_finished != _EARLY:
            self.finished_at = time.perf_counter()
            self.transport.write(_frame(0x8, struct.pack("!H", 1000)))  # normal closure, as Session's close

    def _fail(self, error: str) -> None:
        self.error = error
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(None)


async def lean_visit(url: str, page: tuple[str, str], timeout: float = 120) -> float | None:
    """Seconds from connecting to the first visit's final ``script_finished`` (None on failure or timeout), like
    ``bench.load.visit``; the closing handshake follows and is awaited, but not counted."""
    parts = urlsplit(url)
    loop = asyncio.get_running_loop()
    done: asyncio.Future = loop.create_future()
    protocol = _Visit(parts.netloc, "/_stcore/stream", url, _rerun(*page), done)
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            await loop.create_connection(lambda: protocol, parts.hostname, parts.port)
            await done
    except (OSError, TimeoutError):
        if protocol.transport is not None:
            protocol.transport.abort()
        return None
    if protocol.error or protocol.finished_at is None:
        return None
    return protocol.finished_at - started
