"""DynamoDB's answers under load, injected into a real client talking to the DynamoDB-API server: moto never
throttles, conflicts or leaves a batch unprocessed, so these botocore event hooks make chosen calls do so.

`Faults(client).inject("TransactWriteItems", "throttled", None, ...)` answers the next calls of that operation in
turn (None: the server answers); `cycle(...)` repeats the pattern for ever. A fault answers as DynamoDB would after
botocore's own retries gave up, before the request reaches the server, except:
- "lost": the server applies the call, then the caller gets a throttling error (an answer lost on the way back);
- "unprocessed": a batch call sends the server only its first half and answers the rest unprocessed.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

THROTTLED = {"Error": {"Code": "ThrottlingException", "Message": "Throughput exceeds the current capacity."}}
PROVISIONED = {
    "Error": {
        "Code": "ProvisionedThroughputExceededException",
        "Message": "The level of configured provisioned throughput for the table was exceeded.",
    }
}
CONFLICT = {
    "Error": {"Code": "TransactionConflictException", "Message": "Transaction is ongoing for the item"},
}


def cancelled(reason: str, items: int) -> dict:
    """A TransactionCanceledException with `reason` on the first item and None on the others, as DynamoDB words it."""
    reasons = [{"Code": reason, "Message": "cancelled"}] + [{"Code": "None"}] * (items - 1)
    return {
        "Error": {"Code": "TransactionCanceledException", "Message": f"Transaction cancelled [{reason}]"},
        "CancellationReasons": reasons,
    }


class Faults:
    """Fault injection on one botocore DynamoDB client; `calls` records (operation, fault, token) of every call."""

    def __init__(self, client) -> None:
        self._plans: dict[str, Iterator[str | None]] = {}
        self._held: dict[int, dict] = {}
        self.calls: list[tuple[str, str | None, str | None]] = []
        events = client.meta.events
        events.register("before-parameter-build.dynamodb", self._params)
        events.register("before-call.dynamodb", self._before)
        events.register("after-call.dynamodb", self._after)

    def inject(self, operation: str, *faults: str | None) -> None:
        """Answer the next calls of `operation` with `faults` in turn, then normally."""
        self._plans[operation] = iter(faults)

    def cycle(self, operation: str, *faults: str | None) -> None:
        """Answer the calls of `operation` with `faults` in turn, over and over."""
        self._plans[operation] = itertools.cycle(faults)

    def count(self, operation: str, fault: str | None) -> int:
        """How many calls of `operation` were answered with `fault`."""
        return sum(1 for name, seen, _ in self.calls if name == operation and seen == fault)

    def _params(self, params, model, context, **_) -> None:
        fault = next(self._plans.get(model.name, iter(())), None)
        context["fault"] = fault
        self.calls.append((model.name, fault, params.get("ClientRequestToken")))
        if fault == "unprocessed":
            # The server gets the first half of each table's requests; the rest come back as unprocessed.
            key = "Keys" if model.name == "BatchGetItem" else None
            params["RequestItems"] = copy.deepcopy(params["RequestItems"])  # the caller's own dict stays whole
            held = {}
            for table, requests in params["RequestItems"].items():
                listed = requests[key] if key else requests
                half = (len(listed) + 1) // 2
                if listed[half:]:
                    held[table] = {**requests, key: listed[half:]} if key else listed[half:]
                if key:
                    requests[key] = listed[:half]
                else:
                    params["RequestItems"][table] = listed[:half]
            context["held"] = held

    def _before(self, model, context, **_):
        fault = context.get("fault")
        if fault in (None, "lost", "unprocessed"):
            return None
        answer = {
            "throttled": THROTTLED,
            "provisioned": PROVISIONED,
            "conflict": CONFLICT,
            "cancelled-throttled": cancelled("ThrottlingError", 2),
            "cancelled-conflict": cancelled("TransactionConflict", 2),
            "cancelled-provisioned": cancelled("ProvisionedThroughputExceeded", 2),
        }[fault]
        return AWSResponse("http://faults", 400, {}, None), json.loads(json.dumps(answer))

    def _after(self, parsed, model, context, **_) -> None:
        fault = context.get("fault")
        if fault == "lost":
            raise ClientError(json.loads(json.dumps(THROTTLED)), model.name)
        if fault == "unprocessed":
            field = "UnprocessedKeys" if model.name == "BatchGetItem" else "UnprocessedItems"
            parsed[field] = context["held"]
