"""An account: a learner issued in bulk by a unit, or an administrator of a unit's subtree."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from functions import targets
from functions.headcounts import Headcount

Role = Literal["learner", "admin"]


class Unit(BaseModel):
    """A unit of the organisation tree: any depth, levels are data (province, commune, team, ...), never code."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    parent_code: str | None = None
    kind: str = ""
    remote: bool = False
    path: str
    """Ancestor codes from the root down to this unit, each followed by `/`: a subtree is a path prefix."""
    headcounts: tuple[Headcount, ...] = ()
    """Staff in post per training year and learner category (`functions.headcounts`), kept in the unit's body."""
    merged_into: str | None = None
    """The code of the unit this one was merged into (`functions.accounts.merges`): it stays in the tree, with its
    counters and certificates, and reports standing on or after `merged_on` count it as that unit."""
    merged_on: date | None = None
    """The day the merge took effect: reports standing before it show the unit as it was."""
    opened_on: date | None = None
    """The day a unit made by a merge began: reports standing before it leave it out."""

    def target_percent(self, remote_target: int = targets.REMOTE, other_target: int = targets.OTHER) -> int:
        """The share of learners the programme expects to finish: 80% in ethnic-minority, mountain and island areas."""
        return targets.percent(self.remote, remote_target, other_target)


def unit_path(code: str, parent_path: str | None) -> str:
    return f"{parent_path or ''}{code}/"


class Account(BaseModel):
    """What the programme needs to know of a person, and the state of their sign-in."""

    learner_id: str
    username: str
    full_name: str
    unit_code: str
    unit_path: str
    role: Role = "learner"
    cohort: str | None = None
    category: str | None = None
    """A code of `functions.categories`; None when the import named none (reports: "Không rõ")."""
    position: str = ""
    phone: str = ""
    email: str = ""
    external_id: str = ""
    identity: str
    """What makes a re-imported row the same person within the unit: external id, else phone, else email."""
    issued_on: date
    deadline: date | None = None
    round: str | None = None
    """The training round (`functions.rounds`, its year's code) the account was last issued for: set when an import
    issues it, and again when a later round's import finds the person again (`functions.enrolment.roster`), with
    `issued_on` and `deadline` then. None for an account issued before rounds were kept, whose round is that of its
    issue day until a later round's import renews it. The reports count each step once per learner and round."""
    activation_hash: str | None = None
    password_hash: str | None = None
    activated_at: datetime | None = None
    failures: int = 0
    locked_until: datetime | None = None
    token_version: int = 0
    awaiting_slip: bool = False
    """Its activation code is on no durable slip yet: set when an import creates it, cleared once the import's slips
    are kept. Such an account, never activated, may be given a new code by a re-import (a crash lost the first)."""

    @property
    def activated(self) -> bool:
        return self.password_hash is not None

    def covers(self, path: str) -> bool:
        """An administrator sees their own unit's subtree and nothing else."""
        return self.role == "admin" and path.startswith(self.unit_path)
