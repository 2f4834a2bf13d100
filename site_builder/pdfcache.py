"""The PDFs drawn at build time (handouts, posters) kept in a cache folder, each in a file named by a digest of what
it shows: only the missing ones are drawn, many of them in parallel processes, and each is written atomically."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Item = TypeVar("Item")
PER_WORKER = 8
"""PDFs worth a process of their own: fewer are drawn in the build's process."""


def draw_missing(jobs: list[tuple[Item, Path]], draw: Callable[[Item], bytes]) -> None:
    """Draw with `draw` each item whose path is not a file yet, and write it there. `draw` must be picklable (a
    module's function, or a `functools.partial` of one) when the items are many enough for parallel processes."""
    missing = list({path: item for item, path in jobs if not path.is_file()}.items())  # a file wanted twice: once
    if not missing:
        return
    import multiprocessing  # these, and reportlab, imported only when something is drawn
    from concurrent.futures import ProcessPoolExecutor

    from site_builder.handoutstyle import fonts

    fonts()  # read once here, inherited by forked workers
    workers = min(os.cpu_count() or 1, len(missing) // PER_WORKER)
    # Forked workers start at once with everything imported. Only from a single thread (`mkdocs build`; `mkdocs
    # serve` runs threads, and forking those may deadlock) and where fork exists; spawning instead would run the
    # caller's main script again in each worker.
    items = [item for _, item in missing]
    if workers > 1 and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            drawn = list(pool.map(draw, items, chunksize=PER_WORKER // 2))
    else:
        drawn = [draw(item) for item in items]
    for (path, _), data in zip(missing, drawn, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: a build stopped half way leaves no broken PDF in the cache
