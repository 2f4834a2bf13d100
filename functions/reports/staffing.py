"""A report's figures against the staff in post (`functions.headcounts`): what a province can sign.

The programme's targets are shares of the staff in post, so a unit is judged on completion against its headcount:
passes ÷ (headcount × courses). Coverage is the accounts issued ÷ headcount: how much of the staff was given an
account at all. The rules a reader of the figures should know:

- A unit's headcount is that of the report's training year (the year of the day it stands at) and, in a category
  report, of that category alone. A unit with none has no rates ("Chưa có số biên chế"), never a rate over accounts.
- A subtree adds up the units that have a headcount: their headcounts, accounts and passes. Units with accounts but
  no headcount are counted (`unstaffed`) and keep the subtree from "Đạt": a province cannot be on target while some
  of its communes have not said how many staff they have.
- The target is weighted by headcount, as it is by accounts in `functions.reports.report`: each unit owes its own
  percent (80% in ethnic-minority, mountain and island areas, else 100%) of its staff.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from functions import categories, targets
from functions.accounts.account import Unit
from functions.headcounts import of_year
from functions.reports import lineage, requirement
from functions.reports.tally import Count


@dataclass(frozen=True)
class Against:
    """Staff in post of one category (or all) in a subtree, and its accounts and passes in units with a headcount."""

    staff: int
    issued: int
    passed: int
    coverage: float | None
    """Accounts issued ÷ headcount, in percent; None without a headcount."""
    completion: float | None
    """Passes ÷ (headcount × courses), in percent; None without a headcount."""


@dataclass(frozen=True)
class Staffing:
    """A unit's subtree against its staff in post."""

    staff: int
    """Headcount of the subtree's units that have one (0: none has)."""
    issued: int
    passed: int
    coverage: float | None
    completion: float | None
    target: float
    """Target in percent: headcount-weighted over the subtree, or the unit's own without a headcount."""
    on_track: bool | None
    """Completion has reached the target and every unit with accounts has a headcount; None without a headcount."""
    unstaffed: int
    """Units of the subtree with accounts issued but no headcount of the year (and category)."""
    by_category: dict[str, Against] = field(default_factory=dict)
    """Per category with a headcount in the subtree."""


def _against(staff: int, issued: int, passed: int, per_account: int) -> Against:
    return Against(
        staff,
        issued,
        passed,
        100 * issued / staff if staff else None,
        100 * passed / (staff * per_account) if staff else None,
    )


def judge(
    tree: list[Unit],
    own: list[list[int]],
    split: list[dict[str, list[int]]],
    *,
    year: int,
    category: str | None,
    per_account: int,
    issued_at: int,
    passed_at: int,
    remote_target: int = targets.REMOTE,
    other_target: int = targets.OTHER,
    required: requirement.Required = None,
) -> list[Staffing]:
    """Each unit's subtree against its staff in post. `own[n]` are unit n's own figures (issued at `issued_at`,
    passed at `passed_at`), `split[n]` its own [issued, passed] per category; `tree` is depth first from the root.
    `required`: the categories a course report's course is required for, the only ones judged."""
    at = {unit.path: n for n, unit in enumerate(tree)}
    percents = [unit.target_percent(remote_target, other_target) for unit in tree]
    size = len(tree)
    staff, issued, passed, owed, unstaffed = [0] * size, [0] * size, [0] * size, [0] * size, [0] * size
    per_category: list[dict[str, list[int]]] = [{} for _ in tree]  # category → [staff, issued, passed]
    for n, unit in enumerate(tree):
        counts = of_year(unit.headcounts, year)
        if category is not None:
            counts = {code: staff for code, staff in counts.items() if code == category}
        for code, its_staff in counts.items():
            its_issued, its_passed = split[n].get(code, (0, 0))
            per_category[n][code] = [its_staff, its_issued, its_passed]
        # A course report judges the categories its course is required for alone (`functions.reports.requirement`).
        counts = requirement.counted(counts, required)
        mine = requirement.figures((own[n][issued_at], own[n][passed_at]), split[n], required)
        if not counts:
            unstaffed[n] = int(mine[0] > 0)
            continue
        staff[n], (issued[n], passed[n]) = sum(counts.values()), mine
        owed[n] = targets.owed(staff[n] * per_account, percents[n])
    for n in range(size - 1, 0, -1):  # depth first order: every unit comes after its parent
        path = tree[n].path
        parent = at[lineage.parent_path(path)]
        staff[parent] += staff[n]
        issued[parent] += issued[n]
        passed[parent] += passed[n]
        owed[parent] += owed[n]
        unstaffed[parent] += unstaffed[n]
        above = per_category[parent]
        for code, figures in per_category[n].items():
            into = above.get(code)
            if into is None:
                above[code] = list(figures)
                continue
            into[0] += figures[0]
            into[1] += figures[1]
            into[2] += figures[2]
    order = {code: k for k, code in enumerate(categories.columns())}
    # Most units hold the same few categories: each set of them is put in order once, not once a unit.
    ordered: dict[tuple[str, ...], list[str]] = {}
    out = []
    for n in range(size):
        held_by = per_category[n]
        held = tuple(held_by)
        codes = ordered.get(held)
        if codes is None:
            codes = ordered[held] = sorted(held, key=lambda code: order.get(code, len(order)))
        whole = _against(staff[n], issued[n], passed[n], per_account)
        needed = staff[n] * per_account
        out.append(
            Staffing(
                staff=staff[n],
                issued=issued[n],
                passed=passed[n],
                coverage=whole.coverage,
                completion=whole.completion,
                target=targets.weighted(owed[n], needed) if needed else float(percents[n]),
                on_track=(targets.met(passed[n], owed[n]) and not unstaffed[n]) if needed else None,
                unstaffed=unstaffed[n],
                by_category={
                    code: _against(held_by[code][0], held_by[code][1], held_by[code][2], per_account) for code in codes
                },
            )
        )
    return out


def issued(shares: Iterable[Count], unit_code: str) -> dict[tuple[int, str], int]:
    """The accounts issued to a unit itself (not its subtree) by (training year, category), from the categories'
    shares of its counters (`TallyStore.split`)."""
    out: dict[tuple[int, str], int] = {}
    for count in shares:
        if count.unit_code == unit_code and count.flag == "issued":
            key = (count.day.year, count.category or categories.UNKNOWN)
            out[key] = out.get(key, 0) + count.n
    return out
