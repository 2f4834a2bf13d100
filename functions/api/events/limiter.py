"""How many events one client may add in a minute: a fixed window per client, in the memory of one process.

A client is its address: an IPv4 address whole, an IPv6 address by its /64 (what one subscriber line is given, so a
host cannot step through its own addresses). A client's window opens with its first event and lasts `window`
seconds; within it, `limit` events are allowed and the rest refused. Nothing is written anywhere: an entry lives in
this process's memory until its window has passed and is dropped at the next sweep.

Memory is bounded too: past `max_clients` entries the expired ones are swept, and when every entry is still live (a
flood from that many addresses within one window), the newcomers share one window, so a spread flood is held to one
client's allowance instead of growing the table.

What it means where: `make run` is one process, so the bound is exact. On AWS each Lambda container keeps its own
table, so a client's real allowance is `limit` times the containers that serve it (at most the events function's
reserved concurrency); the edge limits (the API stage's rate, and a WAF rate rule when one is attached) bound the
total. Plain Python: the clock is injected, so a test can move time.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

SHARED = "*"
"""The key of the window the newcomers share once the table is full."""


class MinuteLimiter:
    """Allows each client `limit` events per window of `window` seconds, in one process's memory."""

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic, max_clients: int = 50_000
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_clients = max_clients
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()  # the local server runs sync work on a thread pool

    def wait(self, key: str) -> int:
        """Count one event of client `key`: 0 when it is within the allowance, else the whole seconds until the
        client's window ends (at least 1), and the event is not counted."""
        now = self._clock()
        with self._lock:
            if key not in self._windows and len(self._windows) >= self.max_clients:
                self._sweep(now)
                if len(self._windows) >= self.max_clients:
                    key = SHARED
            started, used = self._windows.get(key, (now, 0))
            if now - started >= self.window:
                started, used = now, 0
            if used >= self.limit:
                return max(1, math.ceil(started + self.window - now))
            self._windows[key] = (started, used + 1)
            return 0

    def _sweep(self, now: float) -> None:
        for key in [key for key, (started, _) in self._windows.items() if now - started >= self.window]:
            del self._windows[key]

    def __len__(self) -> int:
        return len(self._windows)
