"""Sign-in throttling shared by every session and every server process of one deployment.

Failures are counted per account (the role signed in to: with one shared password, the password
is the account) and per client (address), in a small JSON file under the versions folder, read
and written under an exclusive file lock, so parallel sessions and processes count together.
After ``FREE_FAILURES`` failures a key must wait ``BASE_WAIT_S * 2**(n - FREE_FAILURES)`` seconds
(at most ``MAX_WAIT_S``) after its last failure; an attempt during the wait is refused *before*
PBKDF2 runs, so the form is no CPU lever. At most one PBKDF2 check runs per process at a time.
Each failure is written to the audit log.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from geo.passwords import verify_password
from geo.versions import append_audit, base_database_path, now, state_dir, versions_dir

FREE_FAILURES = 3
BASE_WAIT_S = 30.0
MAX_WAIT_S = 15 * 60.0
FORGET_AFTER_S = 24 * 3600.0
_VERIFYING = threading.BoundedSemaphore(1)  # one PBKDF2 (≈0.3 CPU-s) at a time per process


@dataclass(frozen=True)
class Outcome:
    """``ok``; else ``wait_s`` > 0 when throttled (nothing verified) or ``busy`` when another check runs."""

    ok: bool
    wait_s: float = 0.0
    busy: bool = False


def throttle_path() -> Path:
    """``ATLAS_THROTTLE_FILE`` if set, else ``<versions folder>/signin.json`` (runtime state, not committed)."""
    override = os.environ.get("ATLAS_THROTTLE_FILE")
    return Path(override) if override else versions_dir(base_database_path()) / "signin.json"


def wait_for(failures: int) -> float:
    """Seconds a key must wait after its last failure."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(BASE_WAIT_S * 2 ** (failures - FREE_FAILURES), MAX_WAIT_S)


@contextmanager
def _table(path: Path) -> Iterator[dict[str, dict[str, float]]]:
    """The failure table, locked for read-modify-write across processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            try:
                table = json.loads(handle.read() or "{}")
            except json.JSONDecodeError:
                table = {}
            if not isinstance(table, dict):
                table = {}
            yield table
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(table))
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _keys(account: str, client: str) -> tuple[str, str]:
    return f"account:{account[:60]}", f"client:{client[:80]}"


def remaining_wait(account: str, client: str, *, path: Path | None = None, clock: Callable[[], float] = time.time) -> float:
    """Seconds until ``account`` from ``client`` may try again (0 when it may now)."""
    moment = clock()
    with _table(path or throttle_path()) as table:
        # Only a key past its free failures waits: ``moment`` was read before the lock, so another
        # process's failure recorded meanwhile has a later ``last`` and would make a tiny wait.
        waits = [
            entry["last"] + wait - moment
            for key in _keys(account, client)
            if isinstance(entry := table.get(key), dict) and (wait := wait_for(int(entry["failures"]))) > 0
        ]
    return max([0.0, *waits])


def _record(account: str, client: str, failed: bool, path: Path, moment: float) -> None:
    with _table(path) as table:
        for key in [k for k, v in table.items() if not isinstance(v, dict) or moment - v.get("last", 0) > FORGET_AFTER_S]:
            del table[key]
        for key in _keys(account, client):
            if failed:
                entry = table.get(key) or {"failures": 0, "last": moment}
                table[key] = {"failures": int(entry["failures"]) + 1, "last": moment}
            else:
                table.pop(key, None)


def attempt(
    account: str,
    client: str,
    password: str,
    encoded: str,
    *,
    name: str = "",
    path: Path | None = None,
    state: Path | None = None,
    clock: Callable[[], float] = time.time,
) -> Outcome:
    """One sign-in attempt: refused unverified while throttled; a failure is counted and audited.

    Raises ValueError for a malformed stored hash (a configuration error, not a failure).
    """
    path = path or throttle_path()
    wait = remaining_wait(account, client, path=path, clock=clock)
    if wait > 0:
        return Outcome(False, wait_s=wait)
    if not _VERIFYING.acquire(blocking=False):
        return Outcome(False, busy=True)
    try:
        ok = verify_password(password, encoded)
    finally:
        _VERIFYING.release()
    _record(account, client, not ok, path, clock())
    if not ok:
        append_audit(
            state or state_dir(),
            {"event": "sign_in_failed", "account": account, "client": client[:80], "name": name[:60], "at": now()},
        )
    return Outcome(ok)
