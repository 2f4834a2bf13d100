"""Python's cycle collector held back while bulk work holds many objects that are never in a reference cycle.

A national report reads about 360,000 count tuples and rolls them up; an import of a province makes a few hundred
thousand cells, rows, accounts and marks. None of them can be in a reference cycle, yet the collector, left on, walks
the growing pile again and again: measured on the 500,000-learner report, a third of the read and half of the
roll-up; on an import of 36,000 learners, 839 young, 77 middle and 5 full passes, about a tenth of its CPU time.
Reference counting still frees everything as usual while the collector is held; a cycle made meanwhile waits for
the first pass after it, which runs once the work ends.

The pause is process-wide, so it is counted, by one counter for every holder: when two threads hold it at once (a
report beside an import on the local server, which runs jobs in its threads), the collector comes back after the
last one ends, and only if it was on before the first began; it never stays off. Other threads' cycles wait
meanwhile: for the work's seconds on SQLite, or the minute or two of an import's DynamoDB calls in the jobs
function, which runs one job a container."""

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
