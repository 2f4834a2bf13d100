"""Python's cycle collector held back while a report holds its counts.

A national report reads about 360,000 count tuples and rolls them up, allocating as it goes; none of them can be in a
reference cycle, yet the collector, left on, walks the growing pile again and again: measured on the 500,000-learner
report, a third of the read and half of the roll-up. Held back for the report's second or so, the collector runs
once afterwards. The pause is process-wide, so it is counted: when two threads build reports at once, the collector
comes back after the last one ends, and never stays off."""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
_lock = threading.Lock()
_holders = 0
_was_on = False


@contextmanager
def held() -> Iterator[None]:
    """The collector off for the block (and any block running beside it in another thread)."""
    global _holders, _was_on
    with _lock:
        if _holders == 0:
            _was_on = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_on:
                gc.enable()


def holding(function: Callable[P, R]) -> Callable[P, R]:
    """`function` run with the collector held back."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with held():
            return function(*args, **kwargs)

    return wrapper
