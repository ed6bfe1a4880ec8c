"""A process-wide memo for values every session shares (query results, view models, payloads).

``st.cache_data`` hashes its arguments with Streamlit's hasher and unpickles a fresh copy of the
value on every call: for a page that reads a dozen cached frames that is most of a new session's
server time. ``shared`` keys on the (hashable) arguments themselves and hands out the cached
object: a DataFrame or Series as a shallow copy, which under pandas' copy-on-write costs
microseconds and still keeps a caller's edits (new columns, assignments) off the cached value.
Any other value is returned as is and must be treated as read-only (use tuples, frozen
dataclasses, strings).

Concurrent callers of a key that is being computed wait for that one computation (twenty
visitors arriving together compute a page's figures once, not twenty times). Failures are not
cached. Invalidation is by key: pass the database version (``ui.state.db_version()``) as an
argument, so a rebuild or an import makes new keys and old entries age out of the LRU.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")

_ALL: list[_Memo] = []


def handout(value: Any) -> Any:
    """What a caller receives for a cached ``value``: frames shallow-copied, the rest shared."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    return value


class _Memo:
    def __init__(self, function: Callable[..., Any], maxsize: int) -> None:
        self.function = function
        self.maxsize = maxsize
        self.entries: OrderedDict[tuple, Future] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else (args,)
        with self.lock:
            future = self.entries.get(key)
            owner = future is None
            if owner:
                future = self.entries[key] = Future()
                while len(self.entries) > self.maxsize:
                    self.entries.popitem(last=False)
            else:
                self.entries.move_to_end(key)
        if owner:
            try:
                future.set_result(self.function(*args, **kwargs))
            except BaseException as error:
                with self.lock:
                    if self.entries.get(key) is future:
                        del self.entries[key]
                future.set_exception(error)
                raise
        return handout(future.result())

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def shared(maxsize: int = 128) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: memoise a pure function of hashable arguments once per process (LRU of ``maxsize``)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        memo = _Memo(function, maxsize)
        _ALL.append(memo)

        @functools.wraps(function)
        def cached(*args: P.args, **kwargs: P.kwargs) -> R:
            return memo(*args, **kwargs)

        cached.clear = memo.clear  # type: ignore[attr-defined]
        return cached

    return decorate


def clear_all() -> None:
    """Empty every memo of this process (tests that swap the database under one path)."""
    for memo in _ALL:
        memo.clear()
