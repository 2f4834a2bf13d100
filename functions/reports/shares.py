"""A report's figures split by learner category (`functions.categories`): accounts issued and passed per category,
for each unit's subtree, so a report can show the categories as columns beside the totals.

Only the two figures a rate needs are split: a national report has thousands of units, and each figure split adds a
counter per unit and category to roll up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from functions import categories
from functions.accounts.account import Unit
from functions.reports import lineage


@dataclass(frozen=True)
class Share:
    """A category's accounts issued and passes (learner-courses without a course) in a unit's subtree."""

    issued: int = 0
    passed: int = 0


def roll_up(tree: list[Unit], own: list[dict[str, list[int]]]) -> list[dict[str, Share]]:
    """Each unit's subtree split: `own[n]` maps a category to [issued, passed] of unit n alone; `tree` is depth
    first, so a unit comes after its parent and children are added to it before it is added to its own parent."""
    at = {unit.path: n for n, unit in enumerate(tree)}
    total = [{code: list(pair) for code, pair in split.items()} for split in own]
    for n in range(len(tree) - 1, 0, -1):
        path = tree[n].path
        parent = total[at[lineage.parent_path(path)]]
        for code, (issued, passed) in total[n].items():
            pair = parent.setdefault(code, [0, 0])
            pair[0] += issued
            pair[1] += passed
    order = {code: n for n, code in enumerate(categories.columns())}
    # Most units hold the same few categories: each set of them is put in order once, not once a unit.
    ordered: dict[tuple[str, ...], list[str]] = {}
    out = []
    for split in total:
        held = tuple(split)
        codes = ordered.get(held)
        if codes is None:
            codes = ordered[held] = sorted(held, key=lambda code: order.get(code, len(order)))
        out.append({code: Share(*split[code]) for code in codes})
    return out


def present(splits: list[dict[str, Share]], staffed: Iterable[str] = ()) -> list[str]:
    """The categories with any account in the report or a headcount (`staffed`), in the list's order: the columns
    to show."""
    order = {code: n for n, code in enumerate(categories.columns())}
    return sorted({*(splits[0] if splits else ()), *staffed}, key=lambda code: order.get(code, len(order)))
