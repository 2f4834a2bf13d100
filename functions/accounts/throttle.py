"""How fast a client may guess: counters of failures per username, per address and per device, each with its waits.

OWASP's scheme against both guessing and lockout. A browser that has signed in to an account before carries a signed
device cookie for it (`functions.accounts.devices`); its tries count against that device alone, so nobody else's
failures ever stop it. Every other try counts against the client's address and the username tried (known or not:
an unknown name is throttled exactly like a real one, so the answers tell nothing). No counter locks: after its free
failures each further try must wait a little longer since the last one, up to a cap.

A try is counted *before* the password is checked (a "strike"), atomically and only when the counter's wait has
passed; a refused try is not counted. So parallel guesses cannot all slip past one read of the counter, and a
stranger hammering a paused counter does not stretch the pause. A try that turns out right takes its strike back.

A counter lives for a window (its key names the window), so old mistakes are forgotten without a write; the stores
delete windows that have ended.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from functions.errors import ApiError

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Rule:
    """A kind of counter: failures allowed at once, the waits (seconds) after each further one, and how long a
    count lasts."""

    kind: str
    free: int
    waits: tuple[int, ...]
    window: timedelta

    def schedule(self) -> list[int]:
        """Seconds to wait since the last failure, indexed by the failures so far; the last value repeats."""
        return [0] * self.free + list(self.waits)

    def key(self, subject: str, now: datetime) -> tuple[str, datetime]:
        """The counter's key for `subject` in the window holding `now`, and when that window ends."""
        seconds = int(self.window.total_seconds())
        index = int((now - _EPOCH).total_seconds()) // seconds
        return f"{self.kind}#{subject}#{index}", _EPOCH + timedelta(seconds=(index + 1) * seconds)


USERNAME = Rule("user", free=5, waits=(30, 60, 120, 300, 600, 900), window=timedelta(days=1))
"""A username tried from anywhere without its device cookie: five failures at once, then waits of 30 s, 1, 2, 5 and
10 minutes, then 15 minutes each: at most about 105 guesses a day per account, whoever guesses."""
ADDRESS = Rule("address", free=30, waits=(1, 2, 4, 8, 15, 30, 60), window=timedelta(hours=1))
"""One client address (an IPv6 /64), whatever username it tries: a commune office sharing one address has 30
failures an hour before any wait; then waits double from 1 s to a minute each: at most about 95 an hour."""
DEVICE = Rule("device", free=10, waits=(30, 60, 120, 300, 600, 900), window=timedelta(days=1))
"""A device cookie's own allowance for its account: ten failures at once, then the username's waits."""
CHANGE = Rule("change", free=5, waits=(30, 60, 120, 300, 600, 900), window=timedelta(days=1))
"""Wrong current passwords in a password change, per account (a borrowed, signed-in phone)."""


class Strikes(Protocol):
    """What the throttle needs from a store: atomic counters by key (see `AccountStore`)."""

    def strike(self, key: str, now: datetime, waits: list[int], expires_at: datetime) -> int | None: ...

    def strikes(self, key: str) -> tuple[int, datetime] | None: ...

    def pardon(self, key: str) -> None: ...

    def forgive(self, key: str) -> None: ...


@dataclass(frozen=True)
class Counter:
    """One counter a try goes on: its rule, its key in the current window, and when that window ends."""

    rule: Rule
    key: str
    expires_at: datetime


def counters(now: datetime, *pairs: tuple[Rule, str]) -> list[Counter]:
    """The counters a try is struck on, in order: each (rule, subject) pair in the window of `now`."""
    return [Counter(rule, *rule.key(subject, now)) for rule, subject in pairs]


def admit(store: Strikes, tried: list[Counter], now: datetime) -> None:
    """Strike every counter of a try, or refuse it with `signin_paused` and the seconds to wait (Retry-After).

    Counters are struck in order; when a later one refuses, the earlier strikes stay: a client whose address is
    paused never reaches the username's counter, and one that is refused on a username still spent its own
    address's allowance."""
    for counter in tried:
        if store.strike(counter.key, now, counter.rule.schedule(), counter.expires_at) is None:
            raise paused(store, counter, now)


def ready_at(store: Strikes, counter: Counter) -> datetime | None:
    """When the counter takes its next try: None when it holds no failures, else its last failure plus its wait."""
    seen = store.strikes(counter.key)
    if seen is None:
        return None
    count, last = seen
    schedule = counter.rule.schedule()
    return last + timedelta(seconds=schedule[min(count, len(schedule) - 1)])


def paused_until(store: Strikes, rule: Rule, subject: str, now: datetime) -> datetime | None:
    """Until when tries on `subject` from strangers must wait now (what an administrator is shown); None if they need
    not."""
    ready = ready_at(store, counters(now, (rule, subject))[0])
    return ready if ready is not None and ready > now else None


def paused(store: Strikes, counter: Counter, now: datetime) -> ApiError:
    """The refusal of a try on a counter that is waiting, with how long is left."""
    ready = ready_at(store, counter)
    left = 1 if ready is None else max(1, math.ceil((ready - now).total_seconds()))
    details = [{"field": "retry_after", "problem": str(left)}]
    return ApiError("signin_paused", details, headers={"Retry-After": str(left)})
