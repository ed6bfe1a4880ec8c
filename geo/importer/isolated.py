"""Run ``check_file`` in a child process: the server's other sessions keep answering while a
large file is parsed and validated, and a hostile file can exhaust only the child (its address
space is capped) and only for ``timeout`` seconds.

The parent sends the arguments pickled on stdin; the child (``python -m geo.importer.isolated``)
answers with the pickled Plan on stdout. Both ends are this code, so unpickling is safe.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
from typing import Any

from geo.importer.model import DeclaredSource, ImportRejected, Plan
from geo.paths import ROOT

CHILD_ADDRESS_SPACE = 3 * 1024**3  # bytes of virtual memory for the child (RSS stays far below)
TIMEOUT_S = 180


def check_file_isolated(
    data: bytes, file_name: str, source: DeclaredSource | None, *, timeout: float = TIMEOUT_S, **options: Any
) -> Plan:
    """``geo.importer.check_file`` in a child process; ImportRejected if it fails or runs too long."""
    from geo.importer.plan import resolve_locations

    options = {**options, **resolve_locations(options.get("db_path"), options.get("state"))}
    request = pickle.dumps((data, file_name, source, options), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "geo.importer.isolated"], input=request, capture_output=True, timeout=timeout,
            cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"}, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as error:  # run() has killed the child
        raise ImportRejected(f"校验超过 {timeout:.0f} 秒，已停止 / validation took too long and was stopped") from error
    if done.returncode != 0 or not done.stdout:
        raise ImportRejected("校验进程异常结束（文件过大或已损坏），数据库未改动 / validation failed (file too large or damaged)")
    kind, payload = pickle.loads(done.stdout)  # noqa: S301 - our own child's answer
    if kind == "rejected":
        raise ImportRejected(payload)
    return payload


def _child() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))
    from geo.importer.plan import check_file

    data, file_name, source, options = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from our parent
    try:
        answer: tuple[str, Any] = ("plan", check_file(data, file_name, source, **options))
    except ImportRejected as error:
        answer = ("rejected", str(error))
    except MemoryError:
        answer = ("rejected", "文件解析所需内存超过上限 / parsing the file needs more memory than allowed")
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(_child())
