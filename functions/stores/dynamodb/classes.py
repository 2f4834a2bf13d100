"""Classroom training in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb.table`).

A class is one item (`CLASS#<class id>` / `C`): the whole class as JSON in `body` (its learners included, at most
`MOST_LEARNERS` ids, a few KB), a `version` that conditions the next registration (two administrators registering
at once cannot lose each other's learners), gsi1 keys under its unit so a subtree's classes are one query a shard.
Each attendance mark is an item of the class's partition (`CLASS#<class id>` / `DAY#<day>#<learner id>`) holding
nothing else: putting it again writes the same item, so a sync replayed changes nothing, and the class's marks are
one query of its partition. A paper test score is an item of the same partition (`CLASS#<class id>` /
`SCORE#<learner id>`, `correct` and `total`): recorded again it is put over the one before, so there is one per
learner and a replay writes the same item.
"""

from __future__ import annotations

from datetime import date

from functions.classes import MOST_LEARNERS, ClassFull, ClassNotFound, Mark, Score, TrainingClass
from functions.stores.dynamodb.table import DynamoDBTable, subtree_keys

TRIES = 3
"""Times a registration is read and written again when another changed the same class meanwhile."""


def _class_key(class_id: str) -> dict:
    return {"pk": {"S": f"CLASS#{class_id}"}, "sk": {"S": "C"}}


def _mark_key(class_id: str, learner_id: str, day: date) -> dict:
    return {"pk": {"S": f"CLASS#{class_id}"}, "sk": {"S": f"DAY#{day.isoformat()}#{learner_id}"}}


def _score_key(class_id: str, learner_id: str) -> dict:
    return {"pk": {"S": f"CLASS#{class_id}"}, "sk": {"S": f"SCORE#{learner_id}"}}


class DynamoDBClasses(DynamoDBTable):
    """Classes and their attendance marks in the shared DynamoDB table."""

    def _item(self, training: TrainingClass, version: int) -> dict:
        return {
            **_class_key(training.class_id),
            **subtree_keys("CLASSES", training.unit_path, training.class_id, training.class_id),
            "body": {"S": training.model_dump_json()},
            "version": {"N": str(version)},
        }

    def add(self, training: TrainingClass) -> None:
        self._client.put_item(
            TableName=self._table, Item=self._item(training, 1), ConditionExpression="attribute_not_exists(pk)"
        )

    def get(self, class_id: str) -> TrainingClass | None:
        stored = self._get(_class_key(class_id))
        return TrainingClass.model_validate_json(stored["body"]["S"]) if stored else None

    def register(self, class_id: str, learner_ids: list[str]) -> TrainingClass:
        for _ in range(TRIES):
            stored = self._get(_class_key(class_id))
            if stored is None:
                raise ClassNotFound(class_id)
            training = TrainingClass.model_validate_json(stored["body"]["S"])
            joined = tuple(dict.fromkeys([*training.learner_ids, *learner_ids]))
            if len(joined) > MOST_LEARNERS:
                raise ClassFull(class_id)
            training = training.model_copy(update={"learner_ids": joined})
            version = int(stored["version"]["N"])
            try:
                self._client.put_item(
                    TableName=self._table,
                    Item=self._item(training, version + 1),
                    ConditionExpression="version = :v",
                    ExpressionAttributeValues={":v": {"N": str(version)}},
                )
                return training
            except self._errors.ConditionalCheckFailedException:
                continue  # another registration came first: merge with it
        raise RuntimeError(f"the class {class_id} kept changing under {TRIES} tries")

    def attend(self, class_id: str, marks: list[Mark]) -> int:
        # Only the marks not kept yet are written, so the count is of new ones; a race between two syncs of the same
        # mark writes the same item twice, which is harmless (and counts it in both answers).
        kept = set(self.attendance(class_id))
        new = [mark for mark in dict.fromkeys(marks) if mark not in kept]
        self._batch_put([_mark_key(class_id, learner, day) for learner, day in new])
        return len(new)

    def attendance(self, class_id: str) -> list[Mark]:
        items = self._items(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :day)",
            ExpressionAttributeValues={":pk": {"S": f"CLASS#{class_id}"}, ":day": {"S": "DAY#"}},
            ConsistentRead=True,
        )
        marks = []
        for item in items:
            _, day, learner = item["sk"]["S"].split("#", 2)
            marks.append((learner, date.fromisoformat(day)))
        return sorted(marks)

    def record_scores(self, class_id: str, scores: dict[str, Score]) -> None:
        self._batch_put(
            [
                {**_score_key(class_id, learner), "correct": {"N": str(correct)}, "total": {"N": str(total)}}
                for learner, (correct, total) in scores.items()
            ]
        )

    def scores(self, class_id: str) -> dict[str, Score]:
        items = self._items(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :score)",
            ExpressionAttributeValues={":pk": {"S": f"CLASS#{class_id}"}, ":score": {"S": "SCORE#"}},
            ConsistentRead=True,
        )
        found = {
            item["sk"]["S"].removeprefix("SCORE#"): (int(item["correct"]["N"]), int(item["total"]["N"]))
            for item in items
        }
        return dict(sorted(found.items()))

    def under(self, unit_path: str) -> list[TrainingClass]:
        found = [TrainingClass.model_validate_json(item["body"]["S"]) for item in self._under("CLASSES", unit_path)]
        return sorted(found, key=lambda training: (training.first_day, training.class_id))
