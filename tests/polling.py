"""Waiting for something to become true, instead of sleeping for a guessed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(
    probe: Callable[[], T],
    until: Callable[[T], bool],
    timeout: float,
    interval: float = 0.1,
) -> T:
    """Calls `probe` until `until(value)` holds and returns that value; fails with the last
    value seen when `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if until(value):
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"still {value!r} after {timeout} s")
        time.sleep(interval)
