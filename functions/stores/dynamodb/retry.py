"""Trying DynamoDB calls again when they failed for want of capacity or by meeting another transaction, never when
a condition failed (that is the store's answer to give).

DynamoDB refuses a call it cannot serve now with `ProvisionedThroughputExceededException`, `ThrottlingException` or
`RequestLimitExceeded`, and a write that meets a transaction in flight on its item with
`TransactionConflictException`. A transaction is refused as a whole with `TransactionCanceledException`, whose
`CancellationReasons` say why item by item: `ThrottlingError`, `ProvisionedThroughputExceeded` and
`TransactionConflict` pass with time; `ConditionalCheckFailed` does not. botocore's own retries (standard mode,
`CONFIG`) try a throttled call twice more but never a cancelled transaction; `RetryingClient` adds the rest.

Waits are capped exponential backoff with full jitter (a uniform draw up to `base · 2^n`, at most `cap`), so racing
writers spread out instead of colliding again, and stop when the next wait would pass `budget` seconds since the
first try: a Lambda function has 29 s, and one logical write may take at most a few of them. A transaction carries a
`ClientRequestToken` made once per logical write, the same on every try: when a try succeeded but its answer was lost,
DynamoDB answers the next one with success (within 10 minutes) rather than applying it twice.

A single-item update has no such token, and a counter's `ADD` tried again after a lost answer (the store's retry of a
throttle, or botocore's own of a read timeout) would count twice. `RetryingClient.update_once` gives the update a
token of its own: the update adds it to a string set on the item under the condition that the set lacks it, so every
try but the first that landed fails that condition, and the item it returns (`ALL_OLD`) holding the token says the
update was applied. Which counters pay for that, and why, each one's docstring says (docs/scale.md, 7.3).
"""

from __future__ import annotations

import random
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

THROTTLED = frozenset({"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"})
"""Error codes of a call DynamoDB had no capacity for: nothing was written."""
PASSING = frozenset(
    {
        "TransactionConflictException",  # a single-item write met a transaction in flight
        "TransactionInProgressException",  # a try of the same ClientRequestToken is still running
    }
)
PASSING_REASONS = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded", "TransactionConflict"})
"""Cancellation reasons that pass with time; a transaction cancelled only for these is tried again."""
CALLS = frozenset(
    {
        "get_item",
        "put_item",
        "update_item",
        "delete_item",
        "query",
        "scan",
        "batch_get_item",
        "batch_write_item",
        "transact_write_items",
        "transact_get_items",
    }
)
"""The client's operations that go through the retries; others (table creation, waiters) pass straight through."""
ONCE = "#once :once"
"""What an update given to `RetryingClient.update_once` puts in its `ADD` clause: its token into the item's set."""
TURN = 60.0
"""Seconds a generation of rotated tokens lasts: a token is kept one to two turns, far past the last try of its update
(5 s of backoff, botocore's three tries of at most 7 s each), and a set holds only the last two turns' updates."""


LOCAL_READ_TIMEOUT = 60
"""Seconds a read may take from a DynamoDB-API server of our own (`HOCSO_DYNAMODB_ENDPOINT`: moto's or DynamoDB Local):
one process answering one request at a time, which pages a unit of 4,500 accounts in seconds on a busy machine."""


def client_config(endpoint_url: str | None = None) -> Any:
    """botocore's settings for the DynamoDB client: timeouts far below a function's 29 s (a DynamoDB call takes
    milliseconds; botocore's default is 60 s a read), and standard retries of throttles, twice at most. Against a
    local server (`endpoint_url`), a read may take `LOCAL_READ_TIMEOUT`: it is slow, not lost."""
    from botocore.config import Config  # here, not at import: handlers that never touch DynamoDB skip botocore

    read_timeout = LOCAL_READ_TIMEOUT if endpoint_url else 5
    return Config(connect_timeout=2, read_timeout=read_timeout, retries={"mode": "standard", "max_attempts": 3})


def transient(error: BaseException) -> bool:
    """Whether a failed call may succeed if tried again: throttled or conflicting, and no condition failed."""
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return False
    code = response.get("Error", {}).get("Code")
    if code in THROTTLED or code in PASSING:
        return True
    if code != "TransactionCanceledException":
        return False
    reasons = {reason.get("Code") for reason in response.get("CancellationReasons", [])} - {"None", None}
    return bool(reasons) and reasons <= PASSING_REASONS


class Unprocessed(Exception):
    """DynamoDB still left part of a batch unprocessed when the retry budget ran out."""


@dataclass
class Backoff:
    """Capped exponential backoff with full jitter within a time budget; the clock, sleep and draw can be swapped
    (tests never sleep)."""

    base: float = 0.025
    cap: float = 1.0
    budget: float = 5.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    draw: Callable[[], float] = field(default=random.random, repr=False)
    epoch: Callable[[], float] = field(default=time.time, repr=False)
    """Wall-clock seconds, dating rotated tokens (`RetryingClient.update_once`)."""

    def delay(self, retry: int) -> float:
        """The wait before retry number `retry` (from 0): uniform in [0, min(cap, base · 2^retry))."""
        return self.draw() * min(self.cap, self.base * 2**retry)

    def waits(self) -> Iterator[int]:
        """Sleep before each retry and yield its number (from 1); stop when the next wait would end past the budget,
        counted from this call (made before the first try)."""
        return self._waits(self.clock())

    def _waits(self, start: float) -> Iterator[int]:
        retry = 0
        while True:
            wait = self.delay(retry)
            if self.clock() - start + wait > self.budget:
                return
            self.sleep(wait)
            retry += 1
            yield retry

    def call(self, operation: Callable[[], Any]) -> Any:
        """`operation()`, tried again after a transient failure (see `transient`) while the budget lasts."""
        waits = self.waits()
        while True:
            try:
                return operation()
            except Exception as error:
                if not transient(error) or not next(waits, 0):
                    raise


class RetryingClient:
    """A DynamoDB client whose calls are retried by `backoff`; anything else (exceptions, meta) is the client's own."""

    def __init__(self, client: Any, backoff: Backoff) -> None:
        self._client = client
        self.backoff = backoff

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if name not in CALLS:
            return method

        def call(**request: Any) -> Any:
            if name == "transact_write_items":
                # One token for every try of this write: a try that succeeded unseen is not applied again.
                request.setdefault("ClientRequestToken", uuid.uuid4().hex)
            return self.backoff.call(lambda: method(**request))

        return call

    def update_once(self, request: dict[str, Any], tokens: str, rotate: bool = False) -> dict[str, Any]:
        """`update_item(**request)`, applied at most once however many of its tries land; its expression's `ADD`
        clause names `ONCE`. The token goes into the string set `tokens` on the item; with `rotate`, into one of three
        sets by `TURN`, emptying the next one, so an item updated without end keeps only recent tokens (without it,
        the caller's condition must bound how often the item is updated). A failed condition raises
        `ConditionalCheckFailedException` as usual, unless the item shows that an earlier try was applied: then the
        reply holds the item as that try left it (and later updates since) under `Attributes`."""
        if ONCE not in request["UpdateExpression"]:
            raise ValueError(f"the update's ADD clause must name {ONCE!r}")
        token = secrets.token_hex(8)
        expression, names = request["UpdateExpression"], dict(request.get("ExpressionAttributeNames", {}))
        held = tokens
        if rotate:
            turn = int(self.backoff.epoch() // TURN)
            held, names["#stale"] = f"{tokens}{turn % 3}", f"{tokens}{(turn + 1) % 3}"
            expression += " REMOVE #stale"
        names["#once"] = held
        condition = "NOT contains(#once, :token)"
        if "ConditionExpression" in request:
            condition = f"({request['ConditionExpression']}) AND {condition}"
        tried = {
            **request,
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": {
                **request["ExpressionAttributeValues"],
                ":once": {"SS": [token]},
                ":token": {"S": token},
            },
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        try:
            return self.update_item(**tried)
        except self._client.exceptions.ConditionalCheckFailedException as error:
            found = error.response.get("Item", {})
            if token in found.get(held, {}).get("SS", []):
                return {"Attributes": found}  # an earlier try landed and its answer was lost
            raise
