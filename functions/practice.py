"""Guests' practice: drawn from a course's practice set only, rate-limited per client, forgotten after a day.

A guest id is free to invent, so nothing a guest does may touch the certified pool: a guest's attempt draws from the
practice set (which validation keeps disjoint from the pool), and its score and review speak only of practice
questions. What a client may start is counted per address (`count_start`), and every practice attempt expires, so
the storage a flood can cost is bounded by the rate limit times the expiry.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from functions.attempts import Attempt, Store
from functions.clients import address_key
from functions.errors import ApiError

WINDOW = timedelta(hours=1)
"""The rate limit counts guest attempts started per client in fixed windows of this length."""
KEEP = timedelta(days=1)
"""How long a practice attempt outlives its deadline: enough to read the result back, not enough to pile up."""
CAP = 100
"""Practice attempts one guest id may keep at a course until they expire: a learner practises a few times a day, and
every call reads a guest's attempts (on DynamoDB, one item each), so this bounds what one call can cost."""


def client_key(address: str) -> str:
    """What the stores keep of a client's address: a hash of its key (`functions.clients.address_key`), so the
    counters hold no addresses."""
    return hashlib.sha256(f"hocso-guest:{address_key(address)}".encode()).hexdigest()[:32]


def expiry(attempt_deadline: datetime) -> datetime:
    """When a practice attempt may be forgotten."""
    return attempt_deadline + KEEP


def window_of(now: datetime) -> datetime:
    """The start of the rate limit's window that `now` falls in."""
    seconds = int(WINDOW.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)


def admit(store: Store, address: str, now: datetime, limit: int) -> None:
    """Count a new guest attempt for the client at `address`; 429 `practice_rate_limited` beyond `limit` in the
    window, naming when the next window opens. Expired attempts and counts are purged on the way (SQLite)."""
    store.purge(now)
    window = window_of(now)
    if not store.count_start(client_key(address), window, limit, window + WINDOW + KEEP):
        raise ApiError("practice_rate_limited", [{"field": "retry_after", "problem": (window + WINDOW).isoformat()}])


def current(attempts: list[Attempt], now: datetime) -> list[Attempt]:
    """A guest's practice attempts that have not expired (certified attempts a guest id made before practice sets
    existed are left out: a guest never sees a certified question again)."""
    return [attempt for attempt in attempts if attempt.practice and not attempt.expired(now)]
