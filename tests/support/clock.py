"""A clock the tests move by hand, injected wherever the code asks for the time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
"""Monday 23 November 2026, 08:00 UTC: the instant most tests start at."""


class Clock:
    """Called, answers `now`; a test moves it with `clock.now += timedelta(...)` (or seconds, for a float clock)."""

    def __init__(self, now: Any = NOW) -> None:
        self.now = now

    def __call__(self) -> Any:
        return self.now


class SleepingClock(Clock):
    """A monotonic clock in seconds whose `sleep` moves it, so a backoff spends its budget without waiting; the waits
    asked for are kept in `slept`."""

    def __init__(self) -> None:
        super().__init__(0.0)
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
