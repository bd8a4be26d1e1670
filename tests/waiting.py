"""Wait for a condition with a deadline instead of sleeping a fixed time: as fast as the
condition allows, and a clear failure when it never comes."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(condition: Callable[[], T], *, timeout: float, what: str, interval: float = 0.05,
               explain: Callable[[], str] | None = None) -> T:
    """Poll ``condition`` until it returns something truthy, and return that.

    After ``timeout`` seconds, fail with an AssertionError naming ``what`` (plus what
    ``explain()`` says, e.g. the tail of a log). ``condition`` may raise to fail early.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            detail = f"\n{explain()}" if explain else ""
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}{detail}")
        time.sleep(interval)
