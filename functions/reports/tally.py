"""Counting progress as it happens, so a report over half a million learners adds up counters instead of people.

Each learner reaches each step (`FLAGS`) at most once per course and training round (`Mark.round`): the store
remembers who was counted, and a counter for (unit, cohort, course, deadline, day) goes up by one the first time
only, in the same write. Accounts issued and passes (`SPLIT`) are also counted per learner category in the same
counter, beside the total: a category in the counter's key would split every counter into one per category, and a
national report, which reads every counter, would read two and a half times as many. Reports then sum counters
over a subtree; a count never needs a scan of accounts, attempts or certificates.

A count the store still cannot write after its retries is parked, not lost: kept in the store (`TallyStore.park`)
or, when even that fails, written to the log as a record (`UNPARKED`); `reconcile` counts parked and logged marks
later (`hocso reconcile-counts`), each once, since a step counts once however often it is marked.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from functions.reports.grouping import Grouped, Grouping

FLAGS = ("issued", "activated", "started", "lessons_done", "passed", "certified", "classroom")
"""The steps the programme reports: accounts issued and activated (per account), then per course: started (a lesson
done or a test begun), every lesson done, test passed, certificate issued, and a class of the course completed in
person (`functions.classes`: every day attended, the test passed when the class asks for it), the programme's
"trực tiếp" beside the online passes."""
SPLIT = ("issued", "passed")
"""The steps also counted per learner category (`functions.categories`, known ones): all that coverage, completion
and the category columns of a report need. The learners of no category are the total less the categories'."""
ACCOUNT_FLAGS = ("issued", "activated")
"""The steps of the account itself: counted once per learner, with no course."""
log = logging.getLogger("hocso.reports")
UNPARKED = "hocso-unparked"
"""Begins the log record of a mark that could be neither counted nor parked; its JSON follows in base64url."""


@dataclass(frozen=True)
class Mark:
    """A learner reaching a step. `course_id` is None for the account's own steps (issued, activated)."""

    learner_id: str
    unit_code: str
    unit_path: str
    cohort: str | None
    course_id: str | None
    flag: str
    day: date
    deadline: date | None
    category: str | None = None
    """The learner's category (`functions.categories`); None counts as "Không rõ"."""
    round: str | None = None
    """The round the learner's account is issued for (`Account.round`): a step counts once per learner and round, so
    a learner trained again in a later round counts again there. None for an account issued before rounds were kept,
    whose steps count once until a later round renews it."""

    def to_json(self) -> str:
        """The mark as one line of JSON (parked marks, log records)."""
        return json.dumps(asdict(self), default=date.isoformat, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Mark:
        """The mark `to_json` wrote."""
        data = json.loads(text)
        day, deadline = data.pop("day"), data.pop("deadline")
        return cls(**data, day=date.fromisoformat(day), deadline=deadline and date.fromisoformat(deadline))


class Count(NamedTuple):
    """How many learners of a unit (its own, not its subtree), cohort and deadline reached a step on a day.

    A named tuple rather than a frozen dataclass: a national report reads a quarter of a million of these, and a
    tuple is made in half the time."""

    unit_code: str
    cohort: str | None
    course_id: str | None
    flag: str
    day: date
    deadline: date | None
    n: int
    category: str | None = None
    """None for a total over every category (`TallyStore.counts`); a category's code for its share of a total
    (`TallyStore.split`), which is counted in that total too."""


def split_column(flag: str, category: str) -> str:
    """The column (SQLite) or attribute (DynamoDB) counting a category's share of a step in `SPLIT`."""
    return f"{flag}_{category}"


def check(mark: Mark) -> None:
    """Refuse a mark no report could place: an unknown step, or a course given to an account step (or missing)."""
    if mark.flag not in FLAGS:
        raise ValueError(f"unknown step {mark.flag!r}; expected one of {FLAGS}")
    if (mark.course_id is None) != (mark.flag in ACCOUNT_FLAGS):
        raise ValueError(f"step {mark.flag!r} {'needs' if mark.course_id is None else 'takes no'} course")


class TallyStore(Protocol):
    """Counters of learners' steps; `functions.stores` has a SQLite and a DynamoDB adapter."""

    def mark(self, mark: Mark) -> bool:
        """Count the step once per learner (and course); True when this call counted it, False if already counted."""

    def mark_many(self, marks: list[Mark]) -> int:
        """`mark` for each, in few writes (an import's thousands of accounts issued); how many this call counted."""

    def unmark(self, mark: Mark) -> bool:
        """Take back a counted step (a revoked certificate): its counter (the one `mark` named, same day) goes down
        once, and the step is never counted again for that learner and course. False if it was not counted."""

    def counts(self, unit_path: str) -> list[Count]:
        """Every counter of the units in a subtree (path prefix; "" for the whole country), totals over categories."""

    def split(self, unit_path: str) -> tuple[list[Count], list[Count]]:
        """`counts` and, in the same read, each known category's share of the `SPLIT` steps (`Count.category` set):
        shares are parts of the totals, never to be added to them."""

    def grouped(self, unit_path: str, groupings: list[Grouping]) -> list[Grouped]:
        """The subtree's `split` summed by each of `groupings` (`functions.reports.grouping`), from one read: equal to
        `grouping.group` over `split`'s counts and shares, but for groups of counts that are all 0 (SQLite, which
        keeps no count at 0, leaves them out)."""

    def cohorts(self, unit_path: str) -> set[str]:
        """The cohorts the counters of a subtree carry (none for learners issued without one): the cohort list of
        `functions.reports.filters`, read without making a count of every counter."""

    def park(self, marks: list[Mark]) -> None:
        """Keep marks that could not be counted until `reconcile` counts them; a step parked again is kept once."""

    def parked(self) -> list[Mark]:
        """The marks parked and not yet reconciled."""

    def unpark(self, mark: Mark) -> None:
        """Forget a parked mark of the same learner, course and step (counted now, or taken back by `unmark`)."""

    def close(self) -> None: ...


def reached(store: TallyStore, claims, flag: str, course_id: str | None, day: date) -> None:
    """Count a signed-in learner's step (guests and administrators are not in the reports).

    Called after the step itself is stored, and never fails the request: a learner whose test is graded must see the
    grade even if the counter could not be written (a room of learners submitting in one second contends for one
    counter item). A count that fails is parked (`count_or_park`)."""
    if claims is None or claims.role != "learner":
        return
    mark = Mark(
        claims.learner_id,
        claims.unit_code,
        claims.unit_path,
        claims.cohort,
        course_id,
        flag,
        day,
        claims.deadline,
        claims.category,
        claims.round,
    )
    count_or_park(store, [mark])


def count_or_park(store: TallyStore, marks: list[Mark]) -> None:
    """Count `marks`; when the store fails (after its own retries), park them instead of failing the caller, whose
    step is already kept. A mark no report could place (`check`) is a mistake in the caller and raises."""
    for mark in marks:
        check(mark)
    try:
        if len(marks) == 1:
            store.mark(marks[0])
        else:
            store.mark_many(marks)
    except Exception:  # any store failure
        log.warning(
            "could not count %d marks (%s of %s, ...); parking them",
            len(marks),
            marks[0].flag,
            marks[0].learner_id,
            exc_info=True,
        )
        park(store, marks)


def park(store: TallyStore, marks: list[Mark]) -> None:
    """Park `marks` in the store; failing that, log each as an `UNPARKED` record, the last durable place there is."""
    try:
        store.park(marks)
    except Exception:
        log.exception("could not park %d marks either; logging them for `hocso reconcile-counts --log`", len(marks))
        for mark in marks:
            log.error("%s %s", UNPARKED, base64.urlsafe_b64encode(mark.to_json().encode()).decode())


_RECORD = re.compile(re.escape(UNPARKED) + r" ([A-Za-z0-9_-]+=*)")


def logged(text: str) -> list[Mark]:
    """The marks of the `UNPARKED` records in `text`: a function's log as exported, in any format, since a record
    is a word of base64url that neither plain text nor JSON log events escape."""
    return [Mark.from_json(base64.urlsafe_b64decode(found.group(1)).decode()) for found in _RECORD.finditer(text)]


@dataclass(frozen=True)
class Reconciled:
    """What `reconcile` did: marks counted now, and marks found counted already (by a try whose answer was lost, or
    by the learner's later step)."""

    counted: int
    already: int


def reconcile(store: TallyStore, also: Iterable[Mark] = ()) -> Reconciled:
    """Count every parked mark, and `also` (marks read back from the log), then forget the parked ones. Each step
    counts once however often it is marked, so reconciling twice, or a mark both parked and logged, changes nothing
    more; a store failure stops here and a later run takes up the rest."""
    counted = already = 0
    for mark, parked in [*((m, True) for m in store.parked()), *((m, False) for m in also)]:
        if store.mark(mark):
            counted += 1
        else:
            already += 1
        if parked:
            store.unpark(mark)
    return Reconciled(counted, already)
