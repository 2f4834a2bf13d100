"""A stored unit's report: its subtree read from the accounts and tally stores (with the units merged into it from
outside), then built by `functions.reports.report`; the month as the API and the jobs receive it (`NNNN-TT`)."""

from __future__ import annotations

from datetime import date

from functions import collector, targets
from functions.accounts.account import Unit
from functions.accounts.store import AccountStore
from functions.reports import lineage
from functions.reports.grouping import Grouped, Grouping
from functions.reports.report import Read, Report, build_grouped
from functions.reports.sums import Span
from functions.reports.tally import TallyStore


def read_subtree(accounts: AccountStore, tally: TallyStore, root: Unit) -> tuple[list[Unit], Read]:
    """A stored unit's subtree as a report reads it: its units, and the read of its counters summed by a report's
    groupings (`TallyStore.grouped`), its own and those of the units merged into it from outside it (their counters
    are the subtree's from the merge on, and their sub-units', merged too, under their path)."""
    every = accounts.units()
    merged = lineage.predecessors(every, root.path)
    units = [unit for unit in every if unit.path.startswith(root.path)]
    for unit in merged:
        units += [other for other in every if other.path.startswith(unit.path)]
    paths = [root.path, *(unit.path for unit in merged)]

    def read(groupings: list[Grouping]) -> list[Grouped]:
        found = [tally.grouped(path, groupings) for path in paths]
        # Groups of different paths are of different units, or days to add: the pass adds them all.
        return [
            Grouped(*([count for part in parts for count in part] for parts in zip(*each, strict=True)))
            for each in zip(*found, strict=True)
        ]

    return units, read


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
    units, read = read_subtree(accounts, tally, root)
    return build_grouped(
        units,
        read,
        [Span(None, month_of(month), None)],
        root=root.code,
        today=today,
        course_id=course_id,
        cohort=cohort,
        category=category,
        remote_target=remote_target,
        other_target=other_target,
        required=required,
    )[0]
