"""A stored unit's report: its subtree read from the accounts and tally stores (with the units merged into it from
outside), then built by `functions.reports.report`; the month as the API and the jobs receive it (`NNNN-TT`)."""

from __future__ import annotations

from datetime import date

from functions import targets
from functions.accounts.account import Unit
from functions.accounts.store import AccountStore
from functions.reports import collector, lineage
from functions.reports.report import Report, build
from functions.reports.tally import Count, TallyStore


def read_subtree(accounts: AccountStore, tally: TallyStore, root: Unit) -> tuple[list[Unit], list[Count], list[Count]]:
    """A stored unit's subtree as a report reads it: its units, and its counters' totals and category shares."""
    every = accounts.units()
    merged = lineage.predecessors(every, root.path)
    units = [unit for unit in every if unit.path.startswith(root.path)]
    counts, shares = tally.split(root.path)
    # Units merged into the subtree from outside it: their counters are the subtree's from the merge on (and their
    # sub-units', merged too, under their path).
    for unit in merged:
        more, more_shares = tally.split(unit.path)
        counts, shares = counts + more, shares + more_shares
        units += [other for other in every if other.path.startswith(unit.path)]
    return units, counts, shares


def month_of(text: str | None) -> tuple[int, int] | None:
    """A report's month from its `NNNN-TT` text."""
    return (int(text[:4]), int(text[5:])) if text else None


@collector.holding
def of_subtree(
    accounts: AccountStore,
    tally: TallyStore,
    root: Unit,
    *,
    today: date,
    course_id: str | None = None,
    cohort: str | None = None,
    month: str | None = None,
    category: str | None = None,
    remote_target: int = targets.REMOTE,
    other_target: int = targets.OTHER,
    required: frozenset[str] | None = None,
) -> Report:
    """The report of a stored unit's subtree, read from the stores; `month` as `NNNN-TT`. The collector is held over
    the read and the roll-up: the counts are freed on return, before it runs again."""
    units, counts, shares = read_subtree(accounts, tally, root)
    return build(
        units,
        counts,
        shares=shares,
        root=root.code,
        today=today,
        course_id=course_id,
        cohort=cohort,
        month=month_of(month),
        category=category,
        remote_target=remote_target,
        other_target=other_target,
        required=required,
    )
