"""How the DynamoDB tally spreads a counter and names a learner's step: the shard of a learner (a counter is spread
over `SHARDS` items by learner) and the sort key of the guard that says a step was counted."""

from __future__ import annotations

import hashlib

from functions.reports.tally import Mark

SHARDS = 8
"""Items a counter is spread over, by learner: a room of learners passing in the same second adds to eight items, not
one, and two transactions conflict only when they meet on an item (docs/scale.md, 7.2). A report reads up to eight
items where it read one; they are few (a unit's counters of a day), and it sums them as it sums days."""


def shard(learner_id: str) -> int:
    """The shard of a learner's marks: fixed per learner, so a mark and its undoing meet on one item."""
    return int.from_bytes(hashlib.blake2b(learner_id.encode(), digest_size=2).digest(), "big") % SHARDS


def guard_sk(mark: Mark) -> str:
    """The sort key, under `LEARNER#<id>`, of the guard that says the learner's step was counted: in its round as
    `TALLY@<round>#...`, or with no round (an account issued before rounds) as guards were written before them."""
    step = f"{mark.flag}" + (f"#{mark.course_id}" if mark.course_id else "")
    return f"TALLY@{mark.round}#{step}" if mark.round else f"TALLY#{step}"
