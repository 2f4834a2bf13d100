"""Units that merge or are renamed: the 2025 reform merged the communes (10,035 → 3,321), and later ones may again.

The model, decided so that nothing signed or reported is ever rewritten:
- A merge takes several units into one, new (made by the merge, `opened_on` its day) or existing, from a day (`on`,
  not after today). The merged units stay in the tree, marked `merged_into` and `merged_on`; a report standing on
  or after that day counts them as their successor, one standing before it shows them as they were
  (`functions.reports.lineage`). Counters are never moved, so a province's total is the same sum either way.
- Their accounts (learners and administrators) move to the successor: its code and path, found in its subtree.
  An administrator moved has their token version moved on, so no token keeps the old unit as its scope.
- Headcounts of the years after the merge's year move onto the successor (summed); those of the merge's year and
  before stay on the merged unit, and the report adds them to the successor's from the merge day on.
- Certificates keep the unit they were signed with; a subtree's list includes the certificates of units merged into
  it (`functions.reports.lineage.predecessors`).
- A unit with sub-units not merged by that day cannot be merged: merge (or leave out) its sub-units first. Moving a
  live subtree elsewhere is not a merge and is not done here.

A merge is written in two steps, each safe to run again: the units at once (every merged unit and the successor in
one transaction), then the accounts, unit by unit, each moved only while still in its old unit. A merge cut off half
way (a request that timed out) is finished by sending it again: its units are found already merged into the same
unit on the same day, and only the accounts still in them move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from functions import scope
from functions.accounts.account import Unit, unit_path
from functions.accounts.store import AccountStore
from functions.errors import ApiError
from functions.headcounts import summed

MAX_SOURCES = 50
"""Units one merge takes: the units are written in one transaction (DynamoDB takes 100 items)."""


@dataclass(frozen=True)
class Merge:
    """A merge checked against the tree: the units as they will be stored, and whether they are already."""

    sources: tuple[Unit, ...]
    """The merged units as stored after the merge."""
    into: Unit
    """The successor as stored after the merge."""
    on: date
    created: bool
    """The successor is made by this merge."""
    written: bool
    """An earlier run stored the units already (this one finishes moving the accounts)."""


def _problem(code: str, field: str, problem: str) -> ApiError:
    return ApiError(code, [{"field": field, "problem": problem}])


def _authority(admin_scope: str, unit: Unit, field: str) -> None:
    refusal = scope.refusal(admin_scope, "unit", unit.path)
    if refusal is not None:
        raise _problem(refusal, field, f"{unit.code} ({unit.name})")


def plan(
    units: list[Unit], admin_scope: str, sources: list[str], into: str, on: date, today: date, new: Unit | None = None
) -> Merge:
    """Check a merge of `sources` into the unit `into` (made by the merge when `new` is given: its name, kind,
    parent and area) from the day `on`, asked by an administrator of the unit path `admin_scope`. Refused with a
    code, before anything is written: unknown units, units not strictly below the administrator's, a unit merged into
    itself or into its own sub-unit (a cycle), units already merged elsewhere, sub-units left behind, a future day."""
    by_code = {unit.code: unit for unit in units}
    unknown = [code for code in [*sources, into] if code not in by_code and not (new and code == into)]
    if new is not None and new.parent_code not in by_code:
        unknown.append(new.parent_code or "")
    if unknown:
        raise _problem("unit_not_found", "sources", ", ".join(dict.fromkeys(unknown)))
    merged = [by_code[code] for code in dict.fromkeys(sources)]
    for unit in merged:
        _authority(admin_scope, unit, "sources")
    if into in sources:
        raise _problem("merge_into_itself", "into", into)
    target = by_code.get(into)
    created = new is not None
    if new is not None:
        parent = by_code[new.parent_code or ""]
        made = new.model_copy(update={"code": into, "path": unit_path(into, parent.path), "opened_on": on})
        if target is not None and (target.opened_on != on or target.path != made.path):
            raise _problem("unit_code_taken", "into", f"{target.code} ({target.name})")
        target = target or made
    assert target is not None  # known, or made above
    _authority(admin_scope, target, "into")
    for unit in merged:
        if target.path.startswith(unit.path):
            raise _problem("merge_cycle", "into", f"{target.code} thuộc {unit.code} ({unit.name})")
    if on > today:
        raise _problem("merge_date", "on", on.isoformat())
    if target.merged_into is not None or (target.opened_on is not None and target.opened_on > on):
        raise _problem("unit_merged", "into", f"{target.code} ({target.name})")
    done = [unit.merged_into == into and unit.merged_on == on for unit in merged]
    for unit, already in zip(merged, done, strict=True):
        if unit.merged_into is not None and not already:
            raise _problem("unit_merged", "sources", f"{unit.code} → {unit.merged_into}")
    left = [
        unit.code
        for unit in units
        if any(unit.parent_code == source.code for source in merged) and (unit.merged_on is None or unit.merged_on > on)
    ]
    if left:
        raise _problem("merge_has_children", "sources", ", ".join(sorted(left)))
    if all(done):
        return Merge(tuple(merged), target, on, created, True)
    later = [count for unit in merged for count in unit.headcounts if count.year > on.year]
    successor = target.model_copy(update={"headcounts": summed([*target.headcounts, *later])})
    closed = tuple(
        unit.model_copy(
            update={
                "merged_into": into,
                "merged_on": on,
                "headcounts": tuple(count for count in unit.headcounts if count.year <= on.year),
            }
        )
        for unit in merged
    )
    return Merge(closed, successor, on, created, False)


def merge(accounts: AccountStore, checked: Merge, limit: int | None = None) -> tuple[int, bool]:
    """Write a checked merge (`plan`): the units at once, unless an earlier run did, then the accounts still in a
    merged unit moved to the successor, at most `limit` of them. How many this call moved, and whether it moved every
    one it found (else the same merge, sent again, moves those left: past the limit, or changed while it ran)."""
    if not checked.written:
        accounts.replace_units([*checked.sources, checked.into])
    moved = 0
    for unit in checked.sources:
        staying = [account for account in accounts.accounts_under(unit.path) if account.unit_code == unit.code]
        taken = staying if limit is None else staying[: max(0, limit - moved)]
        done = accounts.move_accounts(taken, checked.into)
        moved += done
        if done < len(staying):
            return moved, False
    return moved, True


def rename(units: list[Unit], admin_scope: str, code: str, name: str) -> Unit:
    """A unit with its new name, checked: known, strictly below the administrator's unit, not merged away."""
    unit = next((unit for unit in units if unit.code == code), None)
    if unit is None:
        raise _problem("unit_not_found", "code", code)
    _authority(admin_scope, unit, "code")
    if unit.merged_into is not None:
        raise _problem("unit_merged", "code", f"{unit.code} → {unit.merged_into}")
    return unit.model_copy(update={"name": name})
