"""Progress counters in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb.table`).

A mark is one transaction: a guard put that needs a new key (`LEARNER#<id>` / `TALLY[@<round>]#<flag>[#<course>]`)
and an `ADD` of one on the counter, so the step counts once however many requests race: a second mark fails the
guard's condition and the whole transaction, counter included, is cancelled. `mark_many` packs up to 100 items a
transaction: a guard per mark and one `ADD` per counter item of the sum for it, since a transaction may not touch
an item twice; if a guard was there already, that transaction's marks go again one at a time.

Counters of a top-level unit (a province) share the partition `TALLY#<top code>`, sorted by
`<unit path>#<cohort>#<course>#<deadline>#<day>#<shard>`: a counter is spread over `SHARDS` items by learner, and
`counts` sums them again. Any subtree's counters are one paginated `begins_with` query. An item holds every step of
its counter and shard as an attribute each (`issued`, `passed`, ...) rather than an item per step: a report reads
40% as many items (97,000 rather than 250,000 for 500,000 learners, before sharding, which adds at most eight items a
counter where a room's learners marked the same day). An item per day rather than per month keeps each item under
1 KB, so a mark writes one unit, not five; a report
is read far less often than marks are written. The whole country is a query per province: the partitions holding
counters are listed under `TALLY`, written once per province by each process before its first mark there, so
listing them never scans the table.

Tried again after a lost answer, a mark still counts once: its transaction keeps one `ClientRequestToken` (see
`functions.stores.dynamodb.retry`), and its guard refuses it after that. A mark that fails past the retries is parked
as an item `PARKED#<shard>` / `<learner id>#<guard sort key>` holding it as JSON, in a partition of its own (a
throttled counter's partition does not stop it), until `functions.reports.tally.reconcile` counts and deletes it; one
whose step is taken back meanwhile is kept, marked `dropped`, and never counted.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from functions import categories
from functions.reports.grouping import Grouped, Grouping, group
from functions.reports.tally import FLAGS, SPLIT, Count, Mark, check, split_column
from functions.stores.dynamodb.parking import Parking
from functions.stores.dynamodb.retry import Backoff
from functions.stores.dynamodb.shards import guard_sk, shard
from functions.stores.dynamodb.table import DynamoDBTable

REGISTRY = "TALLY"
MAX_ITEMS = 100
"""Items DynamoDB takes in one transaction."""


def _top(unit_path: str) -> str:
    return unit_path.split("/", 1)[0]


_SHARES = [(flag, code, split_column(flag, code)) for flag in SPLIT for code in categories.CATEGORIES]


def _columns(mark: Mark) -> tuple[str, ...]:
    """The attributes a mark adds one to: its step, and its category's share of it when the step is split (the
    category is an attribute of the counter item, not part of its key: `functions.reports.tally`)."""
    if mark.flag in SPLIT and mark.category in categories.CATEGORIES:
        return mark.flag, split_column(mark.flag, mark.category)
    return (mark.flag,)


def _counter_key(mark: Mark) -> dict:
    return counter_key(mark.unit_path, mark.cohort, mark.course_id, mark.deadline, mark.day, shard(mark.learner_id))


def _counter_sk(mark: Mark) -> str:
    return _counter_key(mark)["sk"]["S"]


def counter_key(
    unit_path: str,
    cohort: str | None,
    course_id: str | None,
    deadline: date | None,
    day: date,
    part: int | None = None,
) -> dict:
    """The counter item's key; `part` a shard (`#<k>` at the end), None for an item written in bulk. Only the cohort
    may hold `#` (course ids, paths and dates cannot), so the key is unique; the parts are also stored as attributes,
    and read from there."""
    sk = f"{unit_path}#{cohort or ''}#{course_id or ''}#{deadline.isoformat() if deadline else ''}#{day.isoformat()}"
    if part is not None:
        sk += f"#{part}"
    return {"pk": {"S": f"{REGISTRY}#{_top(unit_path)}"}, "sk": {"S": sk}}


def _parts(unit_code: str, cohort: str | None, course_id: str | None, deadline: date | None, day: date) -> dict:
    """The counter's coordinates as attributes; an empty one is left out."""
    parts = {
        "unit_code": unit_code,
        "cohort": cohort,
        "course_id": course_id,
        "deadline": deadline.isoformat() if deadline else None,
        "day": day.isoformat(),
    }
    return {name: {"S": value} for name, value in parts.items() if value}


def counter_item(unit_path: str, count: Count) -> dict:
    """The whole counter item holding `count` alone: for loading counters in bulk (migrations, benchmarks)."""
    return {
        **counter_key(unit_path, count.cohort, count.course_id, count.deadline, count.day),
        **_parts(count.unit_code, count.cohort, count.course_id, count.deadline, count.day),
        count.flag: {"N": str(count.n)},
    }


def _coordinates(item: dict, days: dict[str, date]) -> tuple:
    """(unit code, cohort, course, day, deadline) of a counter item; `days` keeps each date parsed once."""

    def day(text: str) -> date:
        if text not in days:
            days[text] = date.fromisoformat(text)
        return days[text]

    # The unit and the day are always stored (see `_parts`); the other coordinates are left out when empty.
    value = {name: item[name]["S"] if name in item else None for name in ("cohort", "course_id", "deadline")}
    deadline = None if value["deadline"] is None else day(value["deadline"])
    return item["unit_code"]["S"], value["cohort"], value["course_id"], day(item["day"]["S"]), deadline


def _counts(item: dict, days: dict[str, date]) -> list[Count]:
    unit_code, cohort, course_id, day, deadline = _coordinates(item, days)
    return [
        Count(unit_code, cohort, course_id, flag, day, deadline, int(item[flag]["N"])) for flag in FLAGS if flag in item
    ]


def _shares(item: dict, days: dict[str, date]) -> list[Count]:
    """The categories' shares an item holds, as `Count`s with their category."""
    found = [(flag, code, int(item[column]["N"])) for flag, code, column in _SHARES if column in item]
    if not found:
        return []
    unit_code, cohort, course_id, day, deadline = _coordinates(item, days)
    return [Count(unit_code, cohort, course_id, flag, day, deadline, n, code) for flag, code, n in found if n]


class DynamoDBTally(Parking, DynamoDBTable):
    """Counters in the shared DynamoDB table."""

    def __init__(
        self, table: str, client: Any = None, endpoint_url: str | None = None, backoff: Backoff | None = None
    ) -> None:
        super().__init__(table, client, endpoint_url, backoff)
        self._listed: set[str] = set()  # provinces this process has put under REGISTRY

    def _list(self, top: str) -> None:
        # Before the first counter of a province, so a counter never exists unlisted; a put again is harmless.
        if top not in self._listed:
            self._client.put_item(TableName=self._table, Item={"pk": {"S": REGISTRY}, "sk": {"S": top}})
            self._listed.add(top)

    def mark(self, mark: Mark) -> bool:
        check(mark)
        self._list(_top(mark.unit_path))
        try:
            # Marks of different learners meet on a counter item, which cancels one of two overlapping transactions;
            # `_transact` tries those again, so a cancellation here is a failed condition or an exhausted budget.
            self._transact([self._guard(mark), self._count(mark, dict.fromkeys(_columns(mark), 1))])
        except self._errors.TransactionCanceledException as error:
            reasons = error.response.get("CancellationReasons", [])
            if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
                return False
            raise
        return True

    def mark_many(self, marks: list[Mark]) -> int:
        for mark in marks:
            check(mark)
        # A transaction may not name one item twice: a learner's step repeated in the list is counted once.
        steps: dict[tuple[str, str], Mark] = {}
        for mark in marks:
            steps.setdefault((mark.learner_id, guard_sk(mark)), mark)
        # In counter order, a transaction's marks mostly share one counter, so it holds nearly 100 guards.
        ordered = sorted(steps.values(), key=_counter_sk)
        counted = 0
        chunk: list[Mark] = []
        counters: set[str] = set()
        for mark in ordered:
            if len(chunk) + len(counters) + 1 + (_counter_sk(mark) not in counters) > MAX_ITEMS:
                counted += self._mark_chunk(chunk)
                chunk, counters = [], set()
            chunk.append(mark)
            counters.add(_counter_sk(mark))
        return counted + (self._mark_chunk(chunk) if chunk else 0)

    def _mark_chunk(self, marks: list[Mark]) -> int:
        """One transaction: a guard per mark and one `ADD` per counter item of the sums for it (DynamoDB refuses two
        operations on one item). When a guard was there already it is cancelled, and the marks go one at a time."""
        for top in {_top(mark.unit_path) for mark in marks}:
            self._list(top)
        sums: dict[str, tuple[Mark, Counter]] = {}
        for mark in marks:
            added = sums.setdefault(_counter_sk(mark), (mark, Counter()))[1]
            for column in _columns(mark):
                added[column] += 1
        try:
            self._transact(
                [self._guard(mark) for mark in marks] + [self._count(mark, flags) for mark, flags in sums.values()]
            )
        except self._errors.TransactionCanceledException:
            return sum(self.mark(mark) for mark in marks)
        return len(marks)

    def _guard(self, mark: Mark) -> dict:
        """The put that needs the learner's step not to have been counted yet."""
        return self._put_new({"pk": {"S": f"LEARNER#{mark.learner_id}"}, "sk": {"S": guard_sk(mark)}})

    def _count(self, mark: Mark, flags: dict[str, int]) -> dict:
        """The update adding `flags` (step: how many) to the counter item of `mark`, making it if need be."""
        parts = _parts(mark.unit_code, mark.cohort, mark.course_id, mark.deadline, mark.day)
        steps = list(flags.items())
        return {
            "Update": {
                "TableName": self._table,
                "Key": _counter_key(mark),
                "UpdateExpression": "SET "
                + ", ".join(f"#{name} = :{name}" for name in parts)
                + " ADD "
                + ", ".join(f"#step{n} :step{n}" for n in range(len(steps))),
                # Names stand in for every attribute: `day` is a reserved word.
                "ExpressionAttributeNames": {
                    **{f"#{name}": name for name in parts},
                    **{f"#step{n}": flag for n, (flag, _) in enumerate(steps)},
                },
                "ExpressionAttributeValues": {
                    **{f":{name}": value for name, value in parts.items()},
                    **{f":step{n}": {"N": str(k)} for n, (_, k) in enumerate(steps)},
                },
            }
        }

    def unmark(self, mark: Mark) -> bool:
        check(mark)
        self._drop(mark)  # taken back before it was counted: never to be counted now
        guard = guard_sk(mark)
        try:
            # The guard stays, marked undone, so a later `mark` of the same step still fails its condition.
            self._transact(
                [
                    {
                        "Update": {
                            "TableName": self._table,
                            "Key": {"pk": {"S": f"LEARNER#{mark.learner_id}"}, "sk": {"S": guard}},
                            "UpdateExpression": "SET undone = :yes",
                            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(undone)",
                            "ExpressionAttributeValues": {":yes": {"BOOL": True}},
                        }
                    },
                    {
                        "Update": {
                            "TableName": self._table,
                            "Key": _counter_key(mark),
                            "UpdateExpression": "ADD "
                            + ", ".join(f"#step{n} :minus" for n in range(len(_columns(mark)))),
                            "ConditionExpression": "attribute_exists(pk)",
                            "ExpressionAttributeNames": {f"#step{n}": c for n, c in enumerate(_columns(mark))},
                            "ExpressionAttributeValues": {":minus": {"N": "-1"}},
                        }
                    },
                ]
            )
        except self._errors.TransactionCanceledException as error:
            reasons = error.response.get("CancellationReasons", [])
            if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
                return False
            raise
        return True

    def counts(self, unit_path: str) -> list[Count]:
        return self._read(unit_path, shares=None)

    def _tops(self, unit_path: str) -> list[str]:
        """The top-level units whose partitions hold the subtree: its own, or every one listed (the whole country)."""
        top = _top(unit_path)
        if top:
            return [top]
        listed = self._items(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": REGISTRY}})
        return [item["sk"]["S"] for item in listed]

    def _subtree(self, top: str, unit_path: str) -> dict:
        """The key condition of a subtree's counters in its top-level unit's partition."""
        condition, values = "pk = :pk", {":pk": {"S": f"{REGISTRY}#{top}"}}
        if unit_path:
            condition, values[":path"] = condition + " AND begins_with(sk, :path)", {"S": unit_path}
        return {"KeyConditionExpression": condition, "ExpressionAttributeValues": values}

    def split(self, unit_path: str) -> tuple[list[Count], list[Count]]:
        shares: list[Count] = []
        return self._read(unit_path, shares), shares

    def grouped(self, unit_path: str, groupings: list[Grouping]) -> list[Grouped]:
        # The items are read once and summed in Python: parsing them is the read's cost, whatever the grouping.
        counts, shares = self.split(unit_path)
        return [group(counts, shares, grouping) for grouping in groupings]

    def _read(self, unit_path: str, shares: list[Count] | None) -> list[Count]:
        """The subtree's totals, each counter's shards summed; with `shares`, its categories' shares go there."""
        days: dict[str, date] = {}
        summed: dict[Count, int] = {}  # a counter's shards, one count: keyed by the count with n = 0
        parts: dict[Count, int] = {}
        for top in self._tops(unit_path):
            for item in self._items(**self._subtree(top, unit_path), ConsistentRead=True):
                for count in _counts(item, days):
                    key = count._replace(n=0)
                    summed[key] = summed.get(key, 0) + count.n
                if shares is not None and ("issued" in item or "passed" in item):
                    for count in _shares(item, days):
                        key = count._replace(n=0)
                        parts[key] = parts.get(key, 0) + count.n
        if shares is not None:
            shares += [count._replace(n=n) for count, n in parts.items()]
        return [count._replace(n=n) for count, n in summed.items()]

    def cohorts(self, unit_path: str) -> set[str]:
        # The partitions `counts` reads, each one paginated query. Only the account items (no course) are sent, each
        # as its cohort alone: they name every cohort, since a learner's course steps carry their account's cohort.
        # The filter and the projection cut what is sent and parsed, not the read units (those of `counts`).
        found: set[str] = set()
        for top in self._tops(unit_path):
            items = self._items(
                **self._subtree(top, unit_path),
                FilterExpression="attribute_not_exists(#course) AND attribute_exists(#cohort)",
                ProjectionExpression="#cohort",
                ExpressionAttributeNames={"#course": "course_id", "#cohort": "cohort"},
            )
            found.update(item["cohort"]["S"] for item in items)
        return found
