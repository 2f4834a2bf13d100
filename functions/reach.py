"""Reach: how often each lesson, guide and course page was opened and its QR code scanned, per day and poster place.

An anonymous counter, by design: an event is a short id, a kind ("open" or "scan"), for a scan the place code a poster
printed in its QR link (`/q/<id>/?tu=<place>`), and the day in Vietnam. No cookie, no user agent, no learner id is read;
the sender's address is read only to bound what one client adds in a minute, held in memory for that minute and never
written (`functions.api.events.limiter`). The stores keep counts per (day, id, kind, place), not events, so there is
nothing in them that could tell two visitors apart. Opens include the page views a scan leads to: a scan is counted
twice, as a scan and as an open of the page it opens. The short link `/q/<id>/` serves a copy of its page
(`site_builder.shortpages`), whose reach script sends the scan once per tab, and only from a browser that runs the page:
a chat app fetching the link for its preview counts nothing.

Anyone can post an event, so the counts can be inflated on purpose: read them as an upper bound. What a flood can
cost is bounded: only published ids are counted (`functions.published`), a place is a short code of a fixed pattern
and one id takes at most `PLACES_PER_DAY` places a day, so the stored counters are at most
published ids x (1 open + 1 unplaced scan + `PLACES_PER_DAY`) a day; one client adds at most a minute's allowance
(`functions.api.events.limiter`), and the edge (the API stage's rate, a WAF rate rule when attached) bounds the rest.
A summary answers a page of ids, the most reached first, so its size is bounded whatever is stored.

Plain Python: no web framework and no AWS client here; the stores live in `functions.stores.*_reach`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal, NamedTuple, Protocol

from pydantic import BaseModel, Field

SHORT_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
"""Any short id the content may publish (the same rule as `site_builder.structure`); none contains `#`."""
PLACE = r"^[a-z0-9-]{1,32}$"
"""A poster's place code, as printed in `?tu=`: short, lowercase letters, digits and dashes."""
MAX_BODY = 1024
"""The largest event body accepted, in bytes; a real one is under 100."""
MAX_DAYS = 366
"""The most days a summary covers, so one request cannot make the store read years of counters."""
PLACES_PER_DAY = 200
"""The most places one id is scanned at in a day: a province's communes each with a poster or two. A scan at one
more place is refused (`TooManyPlaces`), so made-up places cannot grow the store without end."""
PLACES_SHOWN = 20
"""The most places a summary lists for one id, the most scanned first; the scans at the others are summed."""
PAGE_SIZE = 10
"""Ids a summary page holds unless asked for another number."""
MAX_PAGE = 50
"""The most ids a summary page holds: with their days (at most 366) and places (20), under a megabyte."""
CURSOR = r"^[0-9]{1,15}\.[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
"""A summary's `next`: the reach (opens + scans) and the id of the last id on the page, `<reach>.<id>`."""

Kind = Literal["open", "scan"]


class TooManyPlaces(Exception):
    """A scan at a new place of an id that already has `PLACES_PER_DAY` places that day: not counted."""


class Count(NamedTuple):
    """One stored counter: how many events of `kind` for `id` (and `place`, for scans) on `day`."""

    day: date
    id: str
    kind: Kind
    place: str | None
    n: int


class DayCount(BaseModel):
    day: date
    opens: int
    scans: int


class PlaceScans(BaseModel):
    place: str | None = Field(description="The poster's place code (`?tu=`); null for a QR link without one.")
    scans: int


class IdReach(BaseModel):
    """One short id's counts over the range."""

    id: str
    opens: int
    scans: int
    places: list[PlaceScans] = Field(
        description="Scans per place: the unplaced (null) first, then the most scanned (then by code); "
        f"at most {PLACES_SHOWN}."
    )
    other_places: int = Field(0, description="Scans at the places not listed in `places`.")
    days: list[DayCount] = Field(description="Days with any count, in order.")


class ReachSummary(BaseModel):
    """Opens and scans from `from_day` to `to_day` (both included, days in Vietnam): totals, per day, per id.
    A `to_day` before `from_day` is an empty range."""

    from_day: date
    to_day: date
    opens: int
    scans: int
    days: list[DayCount] = Field(description="Days with any count, in order.")
    id_count: int = Field(description="Ids with a count in the range, on every page.")
    ids: list[IdReach] = Field(
        description="A page of the ids with a count: the most reached (opens + scans) first, then by id."
    )
    next: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class ReachStore(Protocol):
    """Where the counters live: SQLite locally, DynamoDB on AWS; one contract test runs against both."""

    def add(self, id: str, kind: Kind, place: str | None, day: date) -> None:
        """Count one event; concurrent adds all count. A scan at a new place beyond `PLACES_PER_DAY` for the id and
        day raises `TooManyPlaces` and counts nothing."""

    def summary(self, from_day: date, to_day: date, limit: int = PAGE_SIZE, cursor: str | None = None) -> ReachSummary:
        """The counts of the days from `from_day` to `to_day`, both included (none when `to_day` is earlier): the
        page of ids after `cursor`, at most `limit`."""

    def close(self) -> None: ...


def last_day(from_day: date, to_day: date) -> date:
    """The last day a summary from `from_day` covers when asked to reach `to_day`: at most `MAX_DAYS` days in all.

    A longer range is shortened rather than refused, and the summary's `to_day` says where it stopped: a rule tying
    two query parameters together cannot be written in the published API schema, and every pair of dates it allows
    must be answered.
    """
    if to_day - from_day >= timedelta(days=MAX_DAYS):
        return from_day + timedelta(days=MAX_DAYS - 1)  # less than `to_day`, so never past the calendar's end
    return to_day


def _days(counts: list[Count]) -> list[DayCount]:
    totals: dict[date, dict[str, int]] = {}
    for count in counts:
        totals.setdefault(count.day, {"open": 0, "scan": 0})[count.kind] += count.n
    return [DayCount(day=day, opens=kinds["open"], scans=kinds["scan"]) for day, kinds in sorted(totals.items())]


def _id_reach(short_id: str, counts: list[Count]) -> IdReach:
    places: dict[str | None, int] = {}
    for count in counts:
        if count.kind == "scan":
            places[count.place] = places.get(count.place, 0) + count.n
    ordered = sorted(places.items(), key=lambda item: (item[0] is not None, -item[1], item[0] or ""))
    shown = ordered[:PLACES_SHOWN]
    return IdReach(
        id=short_id,
        opens=sum(count.n for count in counts if count.kind == "open"),
        scans=sum(places.values()),
        places=[PlaceScans(place=place, scans=scans) for place, scans in shown],
        other_places=sum(scans for _, scans in ordered[PLACES_SHOWN:]),
        days=_days(counts),
    )


def _after(cursor: str | None) -> tuple[int, str] | None:
    """The sort key a page starts after; the cursor's form is checked where it is read (`CURSOR`)."""
    if cursor is None:
        return None
    reach, short_id = cursor.split(".", 1)
    return -int(reach), short_id


def summarise(
    from_day: date, to_day: date, counts: Iterable[Count], limit: int = PAGE_SIZE, cursor: str | None = None
) -> ReachSummary:
    """The summary of the counters a store read for the range; every store answers through this one function.

    Ids are ordered by reach (opens + scans) then id, and a page starts after its cursor's (reach, id): each id
    appears on exactly one page while the counts stand still. Read while events arrive, an id whose reach grows past
    the cursor can move onto a page already read, or be seen twice: a page is a snapshot.
    """
    within = [count for count in counts if from_day <= count.day <= to_day]
    by_id: dict[str, list[Count]] = {}
    for count in within:
        by_id.setdefault(count.id, []).append(count)
    reach = {short_id: sum(count.n for count in found) for short_id, found in by_id.items()}
    order = sorted(by_id, key=lambda short_id: (-reach[short_id], short_id))
    after = _after(cursor)
    if after is not None:
        order = [short_id for short_id in order if (-reach[short_id], short_id) > after]
    page = order[: max(1, min(limit, MAX_PAGE))]
    more = len(order) > len(page)
    return ReachSummary(
        from_day=from_day,
        to_day=to_day,
        opens=sum(count.n for count in within if count.kind == "open"),
        scans=sum(count.n for count in within if count.kind == "scan"),
        days=_days(within),
        id_count=len(by_id),
        ids=[_id_reach(short_id, by_id[short_id]) for short_id in page],
        next=f"{reach[page[-1]]}.{page[-1]}" if more else None,
    )
