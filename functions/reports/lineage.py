"""The unit tree as a report standing on a day sees it, after units were merged (`functions.accounts.merges`).

A merged unit is never rewritten out of history: it stays in the store with its counters (keyed by its own path and
day), its headcounts and its certificates, marked `merged_into` with the day (`merged_on`). A report standing before
that day sees the tree as it was, so every figure of those months is the one printed then. A report standing on or
after it counts the merged unit as its successor: its counters add to the successor's row, its headcounts of the
years up to the merge add to the successor's (later years were moved onto the successor by the merge itself), and
it has no row of its own. Nothing is moved between counters, so the province's total is the same sum either way.

Counters a learner's old token still writes under the merged unit after the merge (a token lives minutes) land on
the merged unit's path and are counted as the successor's by the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from functions.accounts.account import Unit
from functions.headcounts import Headcount, summed

NATION = Unit(code="", name="Toàn quốc", path="")
"""The root of a national report (`root=""`): every top-level unit is its child."""


def _folded(unit: Unit, as_of: date) -> bool:
    """Whether a report standing at `as_of` counts `unit` as its successor."""
    return unit.merged_into is not None and unit.merged_on is not None and unit.merged_on <= as_of


def successor(units: dict[str, Unit], code: str, as_of: date = date.max, keep: str = "") -> str:
    """The code a unit's figures count under at `as_of`: its own, or the last unit of its chain of merges by then
    (or `keep`, when the chain passes it)."""
    seen = set()
    while (
        code != keep
        and (unit := units.get(code)) is not None
        and unit.merged_into
        and _folded(unit, as_of)
        and code not in seen
    ):
        seen.add(code)
        code = unit.merged_into
    return code


def fold(units: Iterable[Unit], as_of: date, keep: str = "") -> tuple[list[Unit], dict[str, str]]:
    """The units a report standing at `as_of` shows, and each merged unit's code → the code it counts under.

    Left out: units merged by then (but `keep`, the report's own root, which is shown as itself) and units a merge
    made after then. A successor carries its merged units' headcounts of the years up to their merge."""
    by_code = {unit.code: unit for unit in units}
    merged = sorted(
        (unit for unit in by_code.values() if _folded(unit, as_of) and unit.code != keep),
        key=lambda unit: unit.merged_on or date.min,
    )
    aliases = {unit.code: successor(by_code, unit.code, as_of, keep) for unit in merged}
    # Earliest merge first: in a chain A → B → C, B has A's headcounts before B's go to C.
    heads: dict[str, list[Headcount]] = {}
    for unit in merged:
        into, year = unit.merged_into or "", (unit.merged_on or date.max).year
        moved = [count for count in heads.get(unit.code, unit.headcounts) if count.year <= year]
        if into in by_code:
            heads[into] = [*heads.get(into, by_code[into].headcounts), *moved]
    shown = []
    for unit in by_code.values():
        if unit.code in aliases or (unit.opened_on is not None and unit.opened_on > as_of and unit.code != keep):
            continue
        if unit.code in heads:
            unit = unit.model_copy(update={"headcounts": summed(heads[unit.code])})
        shown.append(unit)
    return shown, aliases


def predecessors(units: Iterable[Unit], path: str) -> list[Unit]:
    """Units outside the subtree at `path` merged, at any date, into a unit inside it: their counters and
    certificates are the subtree's from the merge on. Those under another of them are left out (its path holds
    theirs)."""
    units = list(units)
    by_code = {unit.code: unit for unit in units}
    found = []
    for unit in units:
        if unit.merged_into is None or unit.path.startswith(path):
            continue
        last = by_code.get(successor(by_code, unit.code))
        if last is not None and last.path.startswith(path):
            found.append(unit)
    found.sort(key=lambda unit: unit.path)
    outer: list[Unit] = []
    for unit in found:
        if not outer or not unit.path.startswith(outer[-1].path):
            outer.append(unit)
    return outer


def paths(units: Iterable[Unit], path: str) -> list[str]:
    """The unit paths whose items (counters, certificates, focal lists) are a subtree's: its own, then those of the
    units merged into it from outside it (`predecessors`)."""
    return [path, *(unit.path for unit in predecessors(units, path))]


def view(units: list[Unit], as_of: date) -> tuple[str, ...]:
    """What decides the tree a report standing at `as_of` sees: the units merged by then, and those made after."""
    return tuple(
        sorted(
            unit.code
            for unit in units
            if (unit.merged_into is not None and unit.merged_on is not None and unit.merged_on <= as_of)
            or (unit.opened_on is not None and unit.opened_on > as_of)
        )
    )


def parent_path(path: str) -> str:
    """The path of the unit above: `40/16813/` → `40/`, `40/` → `` (the nation)."""
    return path[: path.rstrip("/").rfind("/") + 1]


def depth_first(units: Iterable[Unit], root: str) -> list[Unit]:
    """The root and its subtree, depth first, children in code order."""
    if root:
        top = next((unit for unit in units if unit.code == root), None)
        if top is None:
            raise LookupError(root)
    else:
        top = NATION
    children: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.path.startswith(top.path) and unit.path != top.path:
            children.setdefault(parent_path(unit.path), []).append(unit)
    ordered, pending = [], [top]
    while pending:
        unit = pending.pop()
        ordered.append(unit)
        pending += sorted(children.get(unit.path, ()), key=lambda u: u.code, reverse=True)
    return ordered
