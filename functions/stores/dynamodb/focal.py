"""Focal officials in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb.table`).

A focal official's list is one item (`FOCAL#<focal id>`, a version and the learner ids as JSON, gsi1 keys under
their unit so a subtree's lists are one query a shard); each followed learner carries a mark (`LEARNER#<learner id>`
/ `FOCAL`, attribute `focal_id`) that says who follows them. Replacing a list is one transaction: the list's put
(condition: the version read, so two administrators editing one list cannot lose each other's change), a mark set
for each learner added (condition: no one else's) and a mark taken off each learner removed (condition: still this
focal official's). The role may not delete items, so a mark is emptied, not removed. `MOST_FOLLOWED` keeps the
transaction within DynamoDB's 100 items.
"""

from __future__ import annotations

import json

from functions.accounts.focal import Assignment, FollowedElsewhere
from functions.stores.dynamodb.table import DynamoDBTable, subtree_keys

TRIES = 3
"""Times a replacement is read and written again when another changed the same list meanwhile."""


def _list_key(focal_id: str) -> dict:
    return {"pk": {"S": f"FOCAL#{focal_id}"}, "sk": {"S": "F"}}


def _mark_key(learner_id: str) -> dict:
    return {"pk": {"S": f"LEARNER#{learner_id}"}, "sk": {"S": "FOCAL"}}


class DynamoDBFocal(DynamoDBTable):
    """Focal officials' lists and their learners' marks in the shared DynamoDB table."""

    def assign(self, focal_id: str, unit_path: str, learner_ids: list[str]) -> None:
        wanted = sorted(set(learner_ids))
        for _ in range(TRIES):
            stored = self._get(_list_key(focal_id))
            before = set(json.loads(stored["learner_ids"]["S"])) if stored else set()
            version = int(stored["version"]["N"]) if stored else 0
            try:
                self._transact(self._replacement(focal_id, unit_path, wanted, before, version))
                return
            except self._errors.TransactionCanceledException:
                taken = self._taken(focal_id, set(wanted) - before)
                if taken:
                    raise FollowedElsewhere(taken) from None
        raise RuntimeError(f"the list of {focal_id} kept changing under {TRIES} tries")

    def _replacement(self, focal_id: str, unit_path: str, wanted: list[str], before: set[str], version: int) -> list:
        me = {":me": {"S": focal_id}}
        put: dict = {
            "TableName": self._table,
            "Item": {
                **_list_key(focal_id),
                **subtree_keys("FOCALS", unit_path, focal_id, focal_id),
                "unit_path": {"S": unit_path},
                "learner_ids": {"S": json.dumps(wanted)},
                "version": {"N": str(version + 1)},
            },
        }
        if version:
            put |= {"ConditionExpression": "version = :v", "ExpressionAttributeValues": {":v": {"N": str(version)}}}
        else:
            put["ConditionExpression"] = "attribute_not_exists(pk)"
        items: list[dict] = [{"Put": put}]
        for learner in sorted(set(wanted) - before):
            update = {
                "TableName": self._table,
                "Key": _mark_key(learner),
                "UpdateExpression": "SET focal_id = :me",
                "ConditionExpression": "attribute_not_exists(focal_id) OR focal_id = :me",
                "ExpressionAttributeValues": me,
            }
            items.append({"Update": update})
        for learner in sorted(before - set(wanted)):
            update = {
                "TableName": self._table,
                "Key": _mark_key(learner),
                "UpdateExpression": "REMOVE focal_id",
                "ConditionExpression": "focal_id = :me",
                "ExpressionAttributeValues": me,
            }
            items.append({"Update": update})
        return items

    def _taken(self, focal_id: str, learner_ids: set[str]) -> set[str]:
        """Those of `learner_ids` another focal official follows."""
        marks = self._batch_get([_mark_key(learner) for learner in learner_ids])
        return {
            mark["pk"]["S"].removeprefix("LEARNER#")
            for mark in marks
            if "focal_id" in mark and mark["focal_id"]["S"] != focal_id
        }

    def followed(self, focal_id: str) -> list[str]:
        stored = self._get(_list_key(focal_id))
        return json.loads(stored["learner_ids"]["S"]) if stored else []

    def under(self, unit_path: str) -> list[Assignment]:
        found = [
            Assignment(
                focal_id=item["pk"]["S"].removeprefix("FOCAL#"),
                unit_path=item["unit_path"]["S"],
                learner_ids=tuple(json.loads(item["learner_ids"]["S"])),
            )
            for item in self._under("FOCALS", unit_path)
        ]
        return sorted((a for a in found if a.learner_ids), key=lambda assignment: assignment.focal_id)
