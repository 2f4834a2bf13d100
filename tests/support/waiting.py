"""Waiting in a test for what another thread or process does in its own time (a writer's turn, a service worker)."""

from __future__ import annotations

import time
from collections.abc import Callable


def until(
    check: Callable[[], object], seconds: float = 30, every: float = 0.02, never: str = "it never happened"
) -> bool:
    """Wait until `check()` is true, looking every `every` seconds; the test fails (`never`) after `seconds`. The
    wait's length is not what is tested. True, so a caller may also write `assert until(...)`."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, never
        time.sleep(every)
    return True
