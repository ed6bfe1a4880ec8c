"""Sign-in throttling: per account and per client, shared across sessions and processes, with
exponential backoff, failures audited, and no PBKDF2 while throttled."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import importer, passwords, signin, versions
from geo.paths import ROOT

PASSWORD = "correct horse battery"
ENCODED = passwords.hash_password(PASSWORD, iterations=1000)
PAGE = str(ROOT / "pages" / "data_admin.py")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_backoff_doubles_and_a_throttled_attempt_is_not_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock, path, state = Clock(), tmp_path / "t.json", tmp_path / "state"
    for _ in range(signin.FREE_FAILURES):
        assert signin.attempt("editor", "1.2.3.4", "guess", ENCODED, path=path, state=state, clock=clock) == signin.Outcome(False)
    verified: list[str] = []
    monkeypatch.setattr(signin, "verify_password", lambda pw, enc: verified.append(pw) or pw == PASSWORD)
    refused = signin.attempt("editor", "1.2.3.4", PASSWORD, ENCODED, path=path, state=state, clock=clock)
    assert refused.wait_s == signin.BASE_WAIT_S and not refused.ok and verified == []  # no hash computed
    # another client is throttled too: the account (the shared password) is
    assert signin.attempt("editor", "5.6.7.8", "g", ENCODED, path=path, state=state, clock=clock).wait_s > 0
    clock.now += signin.BASE_WAIT_S
    assert not signin.attempt("editor", "1.2.3.4", "guess", ENCODED, path=path, state=state, clock=clock).ok
    assert signin.remaining_wait("editor", "1.2.3.4", path=path, clock=clock) == 2 * signin.BASE_WAIT_S
    clock.now += 2 * signin.BASE_WAIT_S
    assert signin.attempt("editor", "1.2.3.4", PASSWORD, ENCODED, path=path, state=state, clock=clock).ok
    assert signin.remaining_wait("editor", "1.2.3.4", path=path, clock=clock) == 0  # success resets
    failures = [r for r in versions.audit_log(state) if r["event"] == "sign_in_failed"]
    assert len(failures) == signin.FREE_FAILURES + 1 and failures[0]["client"] == "1.2.3.4"
    assert signin.wait_for(100) == signin.MAX_WAIT_S


def _fail_once(path: str, state: str) -> None:
    signin.attempt("editor", "9.9.9.9", "wrong", passwords.hash_password("x", iterations=1000), path=Path(path),
                   state=Path(state))


def test_failures_from_other_processes_count(tmp_path: Path) -> None:
    path, state = tmp_path / "t.json", tmp_path / "state"
    # forked: every process starts at once with geo.signin loaded (a new interpreter each took ~0.5 s CPU)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_fail_once, args=(str(path), str(state))) for _ in range(signin.FREE_FAILURES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0] * signin.FREE_FAILURES
    table = json.loads(path.read_text(encoding="utf-8"))
    assert table["account:editor"]["failures"] == signin.FREE_FAILURES  # counted together, none lost


def _sign_in(password: str) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    app.text_input[0].input("访客")
    app.text_input[1].input(password)
    app.button[0].click().run()
    assert not app.exception
    return app


def test_throttle_holds_across_sessions_and_says_so(env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", ENCODED)
    for _ in range(signin.FREE_FAILURES):
        assert any("密码错误" in e.value for e in _sign_in("wrong").error)
    app = _sign_in(PASSWORD)  # a new session, the right password: still refused while throttled
    assert any("秒后再试" in e.value for e in app.error) and not app.get("file_uploader")
    assert [r["event"] for r in versions.audit_log(env[1])].count("sign_in_failed") == signin.FREE_FAILURES


def test_anonymous_visitor_sees_no_audit_rows_or_versions(env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    base, state = env
    plan = importer.check_file(b"adcode,year,gdp\n520526,2031,1\n", "secret-file-name.csv", importer.DeclaredSource("t"),
                               db_path=base, state=state)  # fmt: skip
    importer.commit(plan, "oidc:someone@example.gov.cn", report=lambda _m: None)
    monkeypatch.setenv("ADMIN_PASSWORD_HASH", ENCODED)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception
    assert not any(e.value == t for t in ("数据库版本", "审计日志") for e in app.subheader)
    tables = " ".join(frame.value.to_string() for frame in app.dataframe)
    shown = tables + " ".join(str(e.value) for kind in ("markdown", "text", "caption", "info") for e in getattr(app, kind))
    assert "secret-file-name" not in shown and "someone@" not in shown and plan.sha256[:12] not in shown
