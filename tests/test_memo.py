"""ui.memo: computed once per key and process, shared safely, failures not cached."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

from ui import memo


def test_computes_once_per_key_and_hands_out_frames_that_edits_cannot_reach():
    calls = []

    @memo.shared(maxsize=4)
    def frame(n: int) -> pd.DataFrame:
        calls.append(n)
        return pd.DataFrame({"a": list(range(n))})

    first = frame(3)
    first["b"] = 1
    first.loc[0, "a"] = 99
    second = frame(3)
    assert calls == [3]
    assert list(second.columns) == ["a"] and second["a"].tolist() == [0, 1, 2]


def test_least_recently_used_key_is_dropped_beyond_maxsize():
    calls = []

    @memo.shared(maxsize=2)
    def square(n: int) -> int:
        calls.append(n)
        return n * n

    square(1), square(2), square(1), square(3)  # 2 is now the oldest
    square(1)
    square(2)
    assert calls == [1, 2, 3, 2]


def test_concurrent_callers_of_one_key_wait_for_a_single_computation():
    calls = []

    @memo.shared()
    def slow(key: str) -> str:
        calls.append(key)
        time.sleep(0.2)
        return key.upper()

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(slow("k"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["k"] and results == ["K"] * 8


def test_failures_are_raised_and_not_cached():
    attempts = []

    @memo.shared()
    def flaky(n: int) -> int:
        attempts.append(n)
        if len(attempts) == 1:
            raise RuntimeError("first call fails")
        return n

    with pytest.raises(RuntimeError):
        flaky(1)
    assert flaky(1) == 1 and len(attempts) == 2


def test_unhashable_arguments_are_refused():
    @memo.shared()
    def identity(value: object) -> object:
        return value

    with pytest.raises(TypeError):
        identity([1, 2])


def test_clear_all_empties_every_memo():
    calls = []

    @memo.shared()
    def one() -> int:
        calls.append(1)
        return 1

    one()
    memo.clear_all()
    one()
    assert calls == [1, 1]
