"""A process-wide memo for the app's per-run look-ups, in place of ``st.cache_resource``.

Every call of a ``st.cache_resource`` function hashes its arguments through Streamlit's
hasher and reads the function's signature again: about 0.3 ms per call on this machine, and a
page run makes eight to ten such calls (one per chart, the choices, the names). The functions
memoised here take only strings, and the database version is one of them, so a plain key of
the arguments is enough: a call costs microseconds.

Like ``st.cache_resource``: one value per key for the whole process (shared by sessions, never
copied: callers treat it as read-only), computed once even when many sessions ask for it at the
same moment, the oldest keys dropped beyond ``maxsize``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_ALL: list[Memo[..., object]] = []


class Memo(Generic[P, R]):
    """``fn`` memoised by its positional arguments (which must be hashable)."""

    def __init__(self, fn: Callable[P, R], maxsize: int) -> None:
        self.fn = fn
        self.maxsize = maxsize
        self._values: OrderedDict[tuple[object, ...], R] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[tuple[object, ...], threading.Lock] = {}
        wraps(fn)(self)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs:
            raise TypeError(f"{self.fn.__name__}: memoised functions take positional arguments")
        key = tuple(args)
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:  # one computation per key; the others wait for it
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                value = self.fn(*args, **kwargs)
            except BaseException:  # a failed computation leaves no lock behind
                with self._lock:
                    self._computing.pop(key, None)
                raise
            with self._lock:  # stored and released together: no second computation between
                self._values[key] = value
                self._computing.pop(key, None)
                while len(self._values) > self.maxsize:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


def memo(maxsize: int) -> Callable[[Callable[P, R]], Memo[P, R]]:
    """Decorator: ``@memo(256)``."""

    def wrap(fn: Callable[P, R]) -> Memo[P, R]:
        m = Memo(fn, maxsize)
        _ALL.append(m)  # type: ignore[arg-type]
        return m

    return wrap


def clear_all() -> None:
    """Drop every memoised value (after the data changed under a running app)."""
    for m in _ALL:
        m.clear()
