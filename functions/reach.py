"""Reach: how often each lesson, guide and course page was opened and its QR code scanned, per day and poster place.

An anonymous counter, by design: an event is a short id, a kind ("open" or "scan"), for a scan the place code a
poster printed in its QR link (`/q/<id>/?tu=<place>`), and the day in Vietnam. No cookie, no IP address, no user
agent, no learner id is read or kept; the stores keep counts per (day, id, kind, place), not events, so there is
nothing in them that could tell two visitors apart. Opens include the page views a scan leads to: a scan is counted
twice, once as a scan on the redirect page and once as an open of the page it lands on.

Anyone can post an event, so the counts can be inflated on purpose: read them as an upper bound. The function caps a
body at `MAX_BODY` bytes; throttling belongs to API Gateway (a stage or route limit) on AWS. Ids are not checked
against the catalogue (the functions only see the courses' banks, not guides): any id a page could carry is counted,
and a report joins the counts with the register of published ids (`content/ids.yml`), dropping what names nothing.

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

Kind = Literal["open", "scan"]


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
    places: list[PlaceScans] = Field(description="Scans per place, the unplaced (null) first, then by place code.")
    days: list[DayCount] = Field(description="Days with any count, in order.")


class ReachSummary(BaseModel):
    """Opens and scans from `from_day` to `to_day` (both included, days in Vietnam): totals, per day, per id.
    A `to_day` before `from_day` is an empty range."""

    from_day: date
    to_day: date
    opens: int
    scans: int
    days: list[DayCount] = Field(description="Days with any count, in order.")
    ids: list[IdReach] = Field(description="Every id with a count, by id.")


class ReachStore(Protocol):
    """Where the counters live: SQLite locally, DynamoDB on AWS; one contract test runs against both."""

    def add(self, id: str, kind: Kind, place: str | None, day: date) -> None:
        """Count one event; concurrent adds all count."""

    def summary(self, from_day: date, to_day: date) -> ReachSummary:
        """The counts of the days from `from_day` to `to_day`, both included (none when `to_day` is earlier)."""

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
    ordered = sorted(places.items(), key=lambda item: (item[0] is not None, item[0] or ""))
    return IdReach(
        id=short_id,
        opens=sum(count.n for count in counts if count.kind == "open"),
        scans=sum(places.values()),
        places=[PlaceScans(place=place, scans=scans) for place, scans in ordered],
        days=_days(counts),
    )


def summarise(from_day: date, to_day: date, counts: Iterable[Count]) -> ReachSummary:
    """The summary of the counters a store read for the range; every store answers through this one function."""
    within = [count for count in counts if from_day <= count.day <= to_day]
    by_id: dict[str, list[Count]] = {}
    for count in within:
        by_id.setdefault(count.id, []).append(count)
    return ReachSummary(
        from_day=from_day,
        to_day=to_day,
        opens=sum(count.n for count in within if count.kind == "open"),
        scans=sum(count.n for count in within if count.kind == "scan"),
        days=_days(within),
        ids=[_id_reach(short_id, by_id[short_id]) for short_id in sorted(by_id)],
    )
