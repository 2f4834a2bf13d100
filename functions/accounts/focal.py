"""Focal officials (cán bộ nòng cốt, đầu mối): learners given a list of colleagues to guide, without administrator
rights.

The programme trains focal officials in class first, then each guides about 36 colleagues of their own agency or unit
through the online course (Kế hoạch 420/KH-UBND, Nghệ An 2023). Here a focal official stays a learner account (they
study too); an administrator of their subtree gives them a list of learners of their own unit (or a unit below it),
and a learner is followed by one focal official at a time, so that nobody is reminded twice and each count in the
report by focal official is a learner counted once. The list is replaced whole, in one write.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict

from functions.accounts.account import Account
from functions.errors import ApiError

MOST_FOLLOWED = 49
"""Learners one focal official may follow: the programme's 36 with room to spare. A DynamoDB transaction takes 100
items, and replacing one list of 49 by another of 49 writes the list and 98 learners' marks."""


class Assignment(BaseModel):
    """A focal official's list: their account id, their unit's path when assigned, the learners they follow."""

    model_config = ConfigDict(frozen=True)

    focal_id: str
    unit_path: str
    learner_ids: tuple[str, ...]


class FollowedElsewhere(Exception):
    """Some learners are already followed by another focal official; nothing was written."""

    def __init__(self, learner_ids: set[str]) -> None:
        super().__init__(sorted(learner_ids))
        self.learner_ids = learner_ids


class FocalStore(Protocol):
    def assign(self, focal_id: str, unit_path: str, learner_ids: list[str]) -> None:
        """Replace the focal official's list with `learner_ids` (an empty list ends the role), all or nothing:
        FollowedElsewhere, writing nothing, when another focal official follows any of them."""

    def followed(self, focal_id: str) -> list[str]:
        """The learner ids the focal official follows, sorted; empty when they are none's focal official."""

    def under(self, unit_path: str) -> list[Assignment]:
        """The focal officials with a non-empty list whose unit is in a subtree (path prefix), by focal id."""

    def close(self) -> None: ...


def check_focal(focal: Account | None, scope: str) -> Account:
    """The account an administrator of `scope` may make a focal official: a learner of their subtree. Anything else
    reads as not found (404), so an administrator cannot probe usernames outside their subtree."""
    if focal is None or focal.role != "learner" or not focal.unit_path.startswith(scope):
        raise ApiError("focal_not_found")
    return focal


def check_learners(focal: Account, scope: str, usernames: list[str], found: dict[str, Account | None]) -> list[str]:
    """The learner ids of `usernames` (each looked up in `found`), checked for the focal official `focal`; raises the
    first kind of problem, naming every username that has it (in the details), so one answer fixes the whole list:
    `focal_too_many`, `focal_learner_unknown` (no such learner in the administrator's subtree `scope`), `focal_self`,
    `focal_outside_unit` (a learner outside the focal official's unit and the units below it)."""
    wanted = list(dict.fromkeys(usernames))  # a name typed twice is one learner
    if len(wanted) > MOST_FOLLOWED:
        raise ApiError("focal_too_many", [{"field": "learners", "problem": str(len(wanted))}])
    problems: dict[str, list[str]] = {"focal_learner_unknown": [], "focal_self": [], "focal_outside_unit": []}
    for username in wanted:
        learner = found.get(username)
        if learner is None or learner.role != "learner" or not learner.unit_path.startswith(scope):
            problems["focal_learner_unknown"].append(username)
        elif learner.learner_id == focal.learner_id:
            problems["focal_self"].append(username)
        elif not learner.unit_path.startswith(focal.unit_path):
            problems["focal_outside_unit"].append(username)
    for code, names in problems.items():
        if names:
            raise ApiError(code, [{"field": "learners", "problem": name} for name in names])
    return [found[username].learner_id for username in wanted]  # type: ignore[union-attr]
