"""A report for a training round (`functions.rounds`), with the previous round's figures beside each unit's.

A round's report counts the steps reached within the round's first and last day (accounts issued, activated, ...,
passed, certified, each on the day it was reached), stands at the round's last day (or today, while it runs), and
judges each unit against its staff in post of the round's year. A learner trained last year and imported again this
year is issued again this year, so both rounds count them. The previous round is last year's (defined, or the
calendar year when the province set none), built from the same counters: the stores are read once, and the
counters summed for both rounds in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from functions import collector, targets
from functions.accounts.account import Unit
from functions.accounts.store import AccountStore
from functions.reports.grouping import group
from functions.reports.report import Read, Report, Row, build_grouped
from functions.reports.spreadsheet import Beside
from functions.reports.stored import month_of, read_subtree
from functions.reports.sums import Span
from functions.reports.tally import Count, TallyStore
from functions.rounds import Round, Rounds, by_code, previous

BEFORE_HEADERS = ("Tài khoản được cấp – đợt {code}", "Đạt – đợt {code}", "Hoàn thành trên biên chế – đợt {code} (%)")
"""The previous round's three columns in a report file, after the round's own."""
TEXT = "Đợt đào tạo: {name} ({first} – {last}); so sánh với đợt trước: {pname} ({pfirst} – {plast})"


@dataclass(frozen=True)
class Before:
    """A unit's subtree in the previous round: accounts issued, passes, and completion against that year's staff."""

    issued: int
    passed: int
    completion: float | None
    """Passes ÷ (headcount × courses) of the previous round's year, in percent; None without its headcount."""


@dataclass(frozen=True)
class RoundReport:
    """A round's report, the round before it, and each unit's figures in that round (by unit code)."""

    report: Report
    round: Round
    previous_round: Round
    before: dict[str, Before]


def province_rounds(accounts: AccountStore, root: Unit) -> Rounds:
    """The rounds a unit's report follows: its province's (none for the country, whose rounds are calendar years)."""
    top = root.path.split("/", 1)[0]
    return accounts.rounds(top) if top else Rounds()


@collector.holding
def of_round(
    accounts: AccountStore,
    tally: TallyStore,
    root: Unit,
    code: str,
    *,
    today: date,
    course_id: str | None = None,
    cohort: str | None = None,
    month: str | None = None,
    category: str | None = None,
    remote_target: int = targets.REMOTE,
    other_target: int = targets.OTHER,
    required: frozenset[str] | None = None,
) -> RoundReport:
    """The report of a stored unit's subtree for the round `code` of its province, with the previous round's (a
    `month`, `NNNN-TT`, narrows the round's report as it does any report; the previous round is taken whole)."""
    kept = province_rounds(accounts, root)
    this = by_code(kept, code)
    units, read = read_subtree(accounts, tally, root)
    # The collector is held over the read and the roll-ups: the counts are freed on return, before it runs again.
    return with_previous_read(
        units,
        read,
        root=root.code,
        this=this,
        last=previous(kept, this),
        today=today,
        course_id=course_id,
        cohort=cohort,
        month=month_of(month),
        category=category,
        remote_target=remote_target,
        other_target=other_target,
        required=required,
    )


def with_previous(
    units: list[Unit],
    counts: list[Count],
    shares: list[Count],
    *,
    root: str,
    this: Round,
    last: Round,
    today: date,
    course_id: str | None = None,
    cohort: str | None = None,
    month: tuple[int, int] | None = None,
    category: str | None = None,
    remote_target: int = targets.REMOTE,
    other_target: int = targets.OTHER,
    required: frozenset[str] | None = None,
) -> RoundReport:
    """Round `this`'s report of `root`'s subtree (narrowed to `month`) and round `last`'s, taken whole, from the same
    counters in one pass (`report.build_spans`)."""
    return with_previous_read(
        units,
        lambda groupings: [group(counts, shares, grouping) for grouping in groupings],
        root=root,
        this=this,
        last=last,
        today=today,
        course_id=course_id,
        cohort=cohort,
        month=month,
        category=category,
        remote_target=remote_target,
        other_target=other_target,
        required=required,
    )


def with_previous_read(
    units: list[Unit],
    read: Read,
    *,
    root: str,
    this: Round,
    last: Round,
    today: date,
    course_id: str | None,
    cohort: str | None,
    month: tuple[int, int] | None,
    category: str | None,
    remote_target: int,
    other_target: int,
    required: frozenset[str] | None,
) -> RoundReport:
    """`with_previous` from one `read` of the counters summed by the reports' groupings (`report.build_grouped`)."""
    spans = [Span((this.first, this.last), month, this.year), Span((last.first, last.last), None, last.year)]
    found, earlier = build_grouped(
        units,
        read,
        spans,
        root=root,
        today=today,
        course_id=course_id,
        cohort=cohort,
        category=category,
        remote_target=remote_target,
        other_target=other_target,
        required=required,
    )
    return RoundReport(found, this, last, before_of(earlier))


def before_of(earlier: Report) -> dict[str, Before]:
    """Each unit's figures in the previous round's report, by unit code."""
    return {
        row.unit.code: Before(row.total.issued, row.total.passed, row.staffing.completion if row.staffing else None)
        for row in earlier.rows
    }


def beside(found: RoundReport) -> Beside:
    """The previous round's accounts issued, passes and completion as the report file's last three columns, and the
    round and its previous in the title block."""
    last = found.previous_round

    def cells(row: Row) -> list:
        before = found.before.get(row.unit.code)
        if before is None:
            return [None, None, None]
        return [before.issued, before.passed, None if before.completion is None else round(before.completion, 1)]

    return Beside(
        headers=[header.format(code=last.code) for header in BEFORE_HEADERS],
        cells=cells,
        lines=[TEXT.format(**_dated(found.round), **_dated(last, "p"))],
    )


def _dated(period: Round, prefix: str = "") -> dict[str, str]:
    return {
        f"{prefix}name": period.name,
        f"{prefix}first": f"{period.first:%d/%m/%Y}",
        f"{prefix}last": f"{period.last:%d/%m/%Y}",
    }
