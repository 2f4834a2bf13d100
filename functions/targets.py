"""The programme's completion targets: 80% of learners in ethnic-minority, mountain and island units, 100% elsewhere.

A unit is held to its own percent of its learners; a subtree to the passes its units owe, summed, over its learners:
its units' percents weighted by their learners, so a province of mostly remote communes is judged near 80%, not at
the plain mean of its communes' percents. Deployments may set other percents (`HOCSO_TARGET_REMOTE`,
`HOCSO_TARGET_OTHER`); these are the programme's.
"""

from __future__ import annotations

REMOTE = 80
"""Percent of learners to finish in an ethnic-minority, mountain or island unit."""

OTHER = 100
"""Percent of learners to finish in every other unit."""


def percent(remote: bool, remote_target: int = REMOTE, other_target: int = OTHER) -> int:
    """The percent of its learners a unit must see finish: `remote_target` in a remote unit, else `other_target`."""
    return remote_target if remote else other_target


def owed(learners: int, percent: int) -> int:
    """The passes `learners` owe at `percent`, times 100: kept whole, so sums over a subtree are exact."""
    return learners * percent


def weighted(owed: int, learners: int) -> float:
    """The percent a subtree is held to: the passes its units owe (times 100) over all its learners."""
    return owed / learners


def met(passed: int, owed: int) -> bool:
    """Whether `passed` passes reach what is owed (times 100)."""
    return passed * 100 >= owed
