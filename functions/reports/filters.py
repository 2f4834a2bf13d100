"""What the reports and the learner list of a subtree can be filtered by: the cohorts its learners were issued in.

Read from the report counters (`functions.reports.tally`), not the accounts: every account issued is counted once,
under its unit and cohort, so the cohorts of a subtree's counters are exactly its learners' cohorts, and the reports
filter on that same field. The counters are far fewer than the accounts (a counter per unit, cohort, course, deadline
and day), so on DynamoDB the list is one paginated query of the subtree's counter items, the query a report makes
but sending only the account counters' cohorts, never a read of every account. Yearly rounds will join the cohorts
here when they exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from functions.accounts.issuing import ascii_fold
from functions.reports.tally import TallyStore

_NUMBER = re.compile(r"(\d+)")


def _natural(cohort: str) -> list[tuple[int, int | str]]:
    """Sort key putting "Đợt 2" before "Đợt 10" and "Đợt" beside "Dot": digits compare as numbers, letters without
    accents or case."""
    return [(0, int(part)) if part.isdigit() else (1, ascii_fold(part)) for part in _NUMBER.split(cohort) if part]


def ordered(cohorts: Iterable[str | None]) -> list[str]:
    """The distinct cohorts in natural order; learners with no cohort are not a cohort and are left out."""
    return sorted({cohort for cohort in cohorts if cohort}, key=lambda cohort: (_natural(cohort), cohort))


def cohorts(tally: TallyStore, unit_path: str) -> list[str]:
    """The cohorts of a subtree's learners (path prefix; "" for the whole country), in natural order."""
    return ordered(tally.cohorts(unit_path))
