"""Sign-in strike counters in the DynamoDB table (`STRIKE#<key>` items, keys in `functions.stores.dynamodb.table`):
one conditional `ADD` per failed try, applied once, whose condition looks the wait up from the stored count."""

from __future__ import annotations

from datetime import UTC, datetime

from functions.stores.dynamodb.retry import ONCE
from functions.stores.dynamodb.table import DynamoDBTable, expiry

STRIKE_TOKENS = "applied"
"""The sets (`applied0`..`applied2`) of a strike counter holding the tokens of its recent strikes and pardons."""


def _strike_key(key: str) -> dict:
    return {"pk": {"S": f"STRIKE#{key}"}, "sk": {"S": "S"}}


def _number(value: float) -> dict:
    return {"N": repr(value)}


def _ready(waits: list[int], now: datetime) -> tuple[str, dict]:
    """A condition true when a counter's wait has passed: for each run of counts sharing one wait, `failures` in the
    run and `last_at` at least that long ago. DynamoDB cannot look the wait up from the count, so every run is
    spelled out (a handful: the waits repeat their last value)."""
    runs: list[tuple[int, int | None, int]] = []
    for n, wait in enumerate(waits):
        if runs and runs[-1][2] == wait:
            runs[-1] = (runs[-1][0], n, wait)
        else:
            runs.append((n, n, wait))
    runs[-1] = (runs[-1][0], None, runs[-1][2])  # the last wait holds for every count beyond
    clauses: list[str] = ["attribute_not_exists(failures)"]  # a new counter, or one forgiven
    values: dict[str, dict] = {}
    for index, (low, high, wait) in enumerate(runs):
        values[f":low{index}"] = {"N": str(low)}
        count = f"failures >= :low{index}"
        if high is not None:
            values[f":high{index}"] = {"N": str(high)}
            count = f"failures BETWEEN :low{index} AND :high{index}"
        if wait:
            values[f":at{index}"] = _number(now.timestamp() - wait)
            count = f"({count} AND last_at <= :at{index})"
        # No wait, no time compared: a parallel try whose clock read a moment earlier still passes.
        clauses.append(count)
    return " OR ".join(clauses), values


class Strikes(DynamoDBTable):
    """The strike counters of the accounts store: part of `DynamoDBAccounts`."""

    def strike(self, key: str, now: datetime, waits: list[int], expires_at: datetime) -> int | None:
        """One conditional ADD: the condition checks the wait for the stored count, so parallel tries each add one and
        none passes on a count another has already raised. `expires` is the table's TTL attribute.

        Applied once (`update_once`, tokens rotated: an address's counter may take a strike and a pardon for each of
        an office's sign-ins): a strike counted twice is a wait the owner did not earn, sooner, and a counter shared
        by a commune office's address pauses everyone behind it. The tokens cost 16 bytes for each strike and pardon
        of the last one to two minutes."""
        condition, values = _ready(waits, now)
        try:
            reply = self._client.update_once(
                {
                    "TableName": self._table,
                    "Key": _strike_key(key),
                    "UpdateExpression": f"ADD failures :one, {ONCE} SET last_at = :now, expires = :expires",
                    "ConditionExpression": condition,
                    "ExpressionAttributeValues": {
                        **values,
                        ":one": {"N": "1"},
                        ":now": _number(now.timestamp()),
                        ":expires": expiry(expires_at),
                    },
                    "ReturnValues": "UPDATED_NEW",
                },
                STRIKE_TOKENS,
                rotate=True,
            )
        except self._errors.ConditionalCheckFailedException:
            return None
        return int(reply["Attributes"]["failures"]["N"])

    def strikes(self, key: str) -> tuple[int, datetime] | None:
        item = self._get(_strike_key(key))
        if item is None or "failures" not in item:
            return None
        return int(item["failures"]["N"]), datetime.fromtimestamp(float(item["last_at"]["N"]), UTC)

    def pardon(self, key: str) -> None:
        """Take back one strike, applied once as a strike is: a pardon applied twice would forget another try's
        failure."""
        try:
            self._client.update_once(
                {
                    "TableName": self._table,
                    "Key": _strike_key(key),
                    "UpdateExpression": f"ADD failures :minus, {ONCE}",
                    "ConditionExpression": "failures > :zero",
                    "ExpressionAttributeValues": {":minus": {"N": "-1"}, ":zero": {"N": "0"}},
                },
                STRIKE_TOKENS,
                rotate=True,
            )
        except self._errors.ConditionalCheckFailedException:
            pass  # nothing to take back

    def forgive(self, key: str) -> None:
        """Remove the counter's failures rather than the item: no function's role may delete (infra/template.yaml).
        The item (its tokens, its `expires`) stays until its window ends."""
        try:
            self._client.update_item(
                TableName=self._table,
                Key=_strike_key(key),
                UpdateExpression="REMOVE failures, last_at",
                ConditionExpression="attribute_exists(pk)",
            )
        except self._errors.ConditionalCheckFailedException:
            pass  # no counter to forget
