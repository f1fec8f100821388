"""The app's process-wide memo: one computation per key even under concurrent sessions,
bounded, cleared on demand."""

from __future__ import annotations

import threading
import time

import pytest

from dashboard.memo import clear_all, memo


def test_one_computation_per_key_when_many_ask_at_once() -> None:
    calls: list[tuple[str, str]] = []

    @memo(8)
    def slow(a: str, b: str) -> list[str]:
        calls.append((a, b))
        time.sleep(0.05)
        return [a, b]

    got: list[list[str]] = []
    threads = [threading.Thread(target=lambda: got.append(slow("x", "y"))) for _ in range(12)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert calls == [("x", "y")]
    assert len(got) == 12 and all(g is got[0] for g in got)  # the same object, not copies
    assert slow("x", "z") == ["x", "z"] and len(calls) == 2


def test_bounded_oldest_dropped_and_cleared() -> None:
    calls: list[int] = []

    @memo(2)
    def square(n: int) -> int:
        calls.append(n)
        return n * n

    assert [square(1), square(2), square(1), square(3)] == [1, 4, 1, 9]
    assert len(square) == 2  # 2 was the least recently used: dropped
    square(1)
    square(2)
    assert calls == [1, 2, 3, 2]
    clear_all()
    assert len(square) == 0
    square(1)
    assert calls[-1] == 1


def test_a_failed_computation_is_not_kept() -> None:
    tries: list[str] = []

    @memo(4)
    def flaky(a: str) -> str:
        tries.append(a)
        if len(tries) == 1:
            raise RuntimeError("first try fails")
        return a.upper()

    with pytest.raises(RuntimeError):
        flaky("a")
    assert flaky("a") == "A" and tries == ["a", "a"]


def test_keyword_arguments_are_refused() -> None:
    @memo(4)
    def f(a: str) -> str:
        return a

    with pytest.raises(TypeError, match="positional"):
        f(a="x")  # type: ignore[call-arg]
