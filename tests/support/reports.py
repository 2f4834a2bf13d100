"""A small tree with counters (province → 2 communes → a team, and another province) that the report and spreadsheet
tests read: who was issued, activated, started, did the lessons, passed and was certified, on which days."""

from datetime import date

from functions.accounts.account import Unit
from functions.reports.tally import Count
from tests.support.world import PROVINCE, VINH, XEN

REMOTE, TOWN = XEN, VINH
TEAM = Unit(
    code="16813-T1",
    name="Tổ công nghệ số cộng đồng xã Mường Xén",
    parent_code="16813",
    kind="Tổ",
    remote=True,
    path="40/16813/16813-T1/",
)
OTHER_PROVINCE = Unit(code="01", name="Thành phố Hà Nội", kind="Thành phố", path="01/")
UNITS = [PROVINCE, REMOTE, TEAM, TOWN, OTHER_PROVINCE]

ISSUED_ON, DUE, LATER_DUE = date(2026, 11, 2), date(2026, 11, 13), date(2026, 11, 27)
TODAY = date(2026, 11, 23)


def counts(
    unit: str, day: date, deadline: date = DUE, course: str = "cds", cohort: str = "Đợt 1", **steps: int
) -> list[Count]:
    """Counters of one unit and day; account steps get no course."""
    return [
        Count(unit, cohort, None if flag in ("issued", "activated") else course, flag, day, deadline, n)
        for flag, n in steps.items()
    ]


def d(day: int, month: int = 11) -> date:
    return date(2026, month, day)


COUNTS = [
    *counts("40", ISSUED_ON, issued=1, activated=1),
    *counts("16813", ISSUED_ON, issued=5, activated=4, started=4),
    *counts("16813", d(9), lessons_done=3),
    *counts("16813", d(10), passed=1, certified=1),
    *counts("16813", d(17), passed=1, certified=1),  # the second late
    *counts("16813-T1", ISSUED_ON, issued=5, activated=5, started=5),
    *counts("16813-T1", d(12), lessons_done=4, passed=4, certified=4),
    *counts("16684", ISSUED_ON, issued=10, activated=9, started=8),
    *counts("16684", d(11), lessons_done=6, passed=5, certified=5),
    *counts("16684", d(16), LATER_DUE, issued=4, activated=4, started=3),
    *counts("16684", d(20), LATER_DUE, lessons_done=2, passed=2, certified=1),
    *counts("00004", ISSUED_ON, issued=7),  # another province: not in this report
]


def split_up(counts: list[Count]) -> tuple[list[Count], list[Count]]:
    """Counters of learners with categories as a store keeps them (`TallyStore.split`): every count in the totals,
    and those of a category also as its share of accounts issued or passes."""
    totals = [count._replace(category=None) for count in counts]
    shares = [count for count in counts if count.category and count.flag in ("issued", "passed")]
    return totals, shares
