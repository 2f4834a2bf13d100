"""Python's cycle collector held off while an import builds its rows, accounts and marks.

An import of a province makes a few hundred thousand objects that live until it ends (cells, rows, accounts, marks),
none of them in a reference cycle. Each few hundred allocations wake the collector, and every so often it walks the
whole heap, those objects included: 839 young, 77 middle and 5 full passes in an import of 36,000 learners, about a
tenth of its CPU time. Reference counting still frees everything as usual while the collector is held; a cycle made
meanwhile waits for the first pass after it, which the allocation count already due makes the next one.

The collector is the process's: while an import holds it, other threads' cycles wait too, for the import's seconds
on SQLite (the local server runs jobs in its threads), or the minute or two of an import's DynamoDB calls in the jobs
function, which runs one job a container (the client's cycles, such as a retried call's traceback, wait that long).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def held() -> Iterator[None]:
    """Hold the cycle collector off for the block; nested or from several threads, the last to leave lets it run
    again, if it ran before the first came in."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
