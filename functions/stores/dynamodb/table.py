"""The AWS store: one DynamoDB table through boto3, every check-then-write a conditional write or a transaction.

Key design (single table, on-demand; `TABLE` below is the one definition the tests and the infra template use):

    pk                        sk                what
    ATTEMPT#<attempt id>      A                 the attempt: `body` (JSON start record, written once),
                                                `saved`/`saved_at` (answers so far), then `outcome` (JSON answers
                                                and grade) and `submitted_at` once graded
    LC#<learner>#<course>     #LEDGER           `started` (attempts begun), `ids` (their ids, in order),
                                                `open` (the attempt in progress, absent when none)
    LC#<learner>#<course>     LESSON#<id>       a lesson the learner has done, `done_at`
    GUESTS#<client hash>      <window start>    `n`: guest attempts the client started in that window (rate limit),
                                                `applied`: their update tokens (`RetryingClient.update_once`)
    UNITS                     UNIT#<code>       a unit, `body`; all in one partition, so one query lists them in code
                                                order (a few thousand items, a few pages)
    ROUNDS#<top unit code>    R                 a province's training rounds (`functions.rounds`): `body` (JSON list),
                                                `version` (the condition of the next change)
    ACCOUNT#<learner id>      A                 an account: `body` (JSON details), the sign-in state as attributes
                                                of its own (`password_hash`, `activation_hash`, `activated_at`,
                                                `failures`, `locked_until`, `token_version`), `awaiting_slip` while
                                                its code is on no kept slip, gsi1 keys
    USERNAME#<username>       A                 guard: `learner_id` of the account with this username
    IDENTITY#<unit code>      <identity>        guard: `learner_id` of the unit's person with this identity (a
                                                merged unit's stay: `functions.accounts.merges` puts the moved
                                                account's in its new unit, and the functions never delete)
    STRIKE#<kind>#<subject>#<window>
                              S                 a sign-in failure counter (`functions.accounts.throttle`):
                                                `failures`, `last_at` (epoch seconds), `expires` (the table's TTL),
                                                `applied0`..`applied2`: tokens of the last minutes' strikes
    CERT#<number>             C                 a certificate: `body` (JSON record as issued), `revoked` (JSON, the
                                                first revocation), gsi1 keys
    LEARNER#<learner id>      CERT#<course id>[#<round>]
                                                guard: `number` of the learner's one certificate for the course and
                                                round (no round: issued before rounds, or of none); the partition
                                                lists a learner's certificates in course and round order
    STATUS#NEXT               C                 `value`: the last revocation-list place given to a certificate
    STATUS#<list>             L                 `bits`: the revoked places of one status list (a number set)
    LEARNER#<learner id>      TALLY[@<round>]#<step>[#<course id>]
                                                guard: the learner's step (`issued`, `passed`, ...) is counted in
                                                the round of their account (no round: issued before rounds)
    TALLY#<top unit code>     <unit path>#<cohort>#<course id>#<deadline>#<day>
                                                a counter: learners of the unit who reached each step that day, an
                                                attribute per step, with `unit_code`, `cohort`, `course_id`,
                                                `deadline`, `day`; a subtree is one `begins_with` query
    TALLY                     <top unit code>   a province that has counters (a national report queries each)
    PARKED#<shard>            <learner id>#TALLY[@<round>]#<step>[#<course id>]
                                                a mark that failed past the retries, `mark` (JSON), until it is
                                                reconciled (`functions.reports.tally.reconcile`)
    FOCAL#<focal id>          F                 a focal official's list (`functions.accounts.focal`): `learner_ids`
                                                (JSON), `unit_path`, `version` (the condition of the next change),
                                                gsi1 keys
    LEARNER#<learner id>      FOCAL             mark: `focal_id` of the focal official who follows the learner,
                                                emptied (not deleted) once they no longer do
    CLASS#<class id>          C                 a classroom training class (`functions.classes`): `body` (JSON, its
                                                learners included), `version` (the condition of the next
                                                registration), gsi1 keys
    CLASS#<class id>          DAY#<day>#<learner id>
                                                an attendance mark: the learner was present that day (nothing else)
    CLASS#<class id>          SCORE#<learner id>
                                                a paper test score: `correct` out of `total` questions (put again
                                                to replace it)
    REACH#<YYYY-MM>           <day>#<id>#<kind>#<place>
                                                a reach counter `n`: opens or scans of a short id on a day in
                                                Vietnam (place empty unless a scan names one); a partition a month
                                                (see `functions.stores.dynamodb.reach`)
    REACH#<YYYY-MM>           <day>#<id>#places a string set `places`: the places the id was scanned at that day,
                                                at most `functions.reach.PLACES_PER_DAY` (a conditional ADD)
    QSTATS#<top unit code>    <course id>#<unit path>#<YYYY-MM>
                                                a unit's question sums for a course and month (Vietnam): five
                                                numbers per question drawn, `<sum>|<question id>` (`n`, `right`,
                                                `rest`, `rest2`, `right_rest`), with `unit_path`, `unit_code`,
                                                `course_id`, `month`; added to by one `ADD` a submission
                                                (`functions.stores.dynamodb.questions`)
    QSTATS#<top unit code>    ONCE#<attempt id>[#<part>]
                                                guard: logged sums of that attempt were replayed (`add_once`)
    AUDIT#<top unit code>     <UTC time>#<rnd>  an audit entry: `body` (JSON), `path` (the administrator's unit path);
                                                the partition lists a province's entries in time order
    AUDIT                     AUDIT#<top unit code>
                                                a province that has audit entries (a national trail queries each)

    index gsi1 (projection ALL)
    gsi1pk                            gsi1sk
    ACCOUNTS#<top unit code>#<shard>  <unit path>#<username>      shard: of the learner id (`index_shard`)
    CERTS#<top unit code>#<shard>     <unit path>#<number>        shard: of the certificate number
    FOCALS#<top unit code>#<shard>    <unit path>#<focal id>      shard: of the focal official's id
    CLASSES#<top unit code>#<shard>   <unit path>#<class id>      shard: of the class id

Guests' practice attempts, their ledgers and the GUESTS counters carry `expires` (epoch seconds), the table's
time-to-live attribute (`TIME_TO_LIVE`, the template's TimeToLiveSpecification): DynamoDB deletes them by itself,
usually within days of expiry, and the logic treats an expired attempt as gone before then.

Starting an attempt is one transaction: the ledger update (condition: fewer than the allowed attempts and none open)
with the attempt's put (condition: new id). Finishing is one transaction too: the attempt's update (condition: not yet
submitted) with the ledger's `open` removed, so one grade wins however many submissions race.

Counting a step is one transaction too: the LEARNER/TALLY guard's put (condition: new key) with an `ADD` on the
counter, so a step counts once however many marks race (see `functions.stores.dynamodb.tally`).

Uniqueness is guard items: a new account is put with its USERNAME and IDENTITY guards, a certificate with its
LEARNER/CERT guard, in one transaction whose every put requires a new key.

A unit's subtree is a path prefix, and DynamoDB matches a prefix only within one partition: gsi1 keeps each item kind
of a top-level unit (a province) in a few partitions (`INDEX_SHARDS`), each sorted by unit path, so
`begins_with(gsi1sk, path)` reads any subtree in one paginated query a shard (all at once), merged back into
unit-path order. A partition per unit would need a query per unit of the subtree, thousands for a province. A
province is about 36,000 accounts (about 40 pages of 1 MB). One index partition takes about 1,000 writes a second,
and an import writes its accounts at up to 1,000 a second, all under one province: spread by a hash of the learner id
(the certificate number for certificates), an import's index writes go an eighth to each shard. An item keeps its
shard: a re-import writes the same key again, a sign-in leaves the keys alone. Items written before the shards carry
the unsharded key (`ACCOUNTS#<top unit code>`); every subtree read asks that key too (`index_partitions`), so they
are found without a migration (and so are those a function of the previous release writes while a deploy rolls out);
a re-import moves an account to its shard. Index reads are eventually consistent: a new account or certificate
appears in lists within about a second; lookups by key are consistent.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from functions.stores.dynamodb.retry import Backoff, RetryingClient, Unprocessed, client_config

GSI1 = "gsi1"
TABLE: dict[str, Any] = {
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "AttributeDefinitions": [
        {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gsi1pk", "gsi1sk")
    ],
    "GlobalSecondaryIndexes": [
        {
            "IndexName": GSI1,
            "KeySchema": [
                {"AttributeName": "gsi1pk", "KeyType": "HASH"},
                {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
    ],
    "BillingMode": "PAY_PER_REQUEST",
}
TIME_TO_LIVE = {"AttributeName": "expires", "Enabled": True}
INDEX_SHARDS = 8
"""The gsi1 partitions each item kind of a province is spread over: an import's up to 1,000 index writes a second
come to about 125 a shard, an eighth of one partition's limit (docs/scale.md 7.2); a subtree read is one query a
shard (and one of the unsharded key), about 4 RRU more than one query for a small unit."""


def expiry(moment: datetime) -> dict:
    """A moment as the table's time-to-live attribute holds it: whole epoch seconds."""
    return {"N": str(int(moment.timestamp()))}


def index_shard(owner: str) -> int:
    """The gsi1 shard of an item, fixed by what identifies it (a learner id, a certificate number)."""
    return int.from_bytes(hashlib.blake2b(owner.encode(), digest_size=2).digest(), "big") % INDEX_SHARDS


def subtree_keys(kind: str, unit_path: str, tail: str, owner: str) -> dict:
    """The gsi1 keys that list an item of `kind` under its top-level unit, in unit-path order, on the shard of
    `owner` (what identifies the item, so that it keeps its shard whenever it is written again)."""
    top = unit_path.split("/", 1)[0]
    return {"gsi1pk": {"S": f"{kind}#{top}#{index_shard(owner)}"}, "gsi1sk": {"S": f"{unit_path}#{tail}"}}


def index_partitions(kind: str, top: str) -> list[str]:
    """Every gsi1 partition key that lists items of `kind` under the top-level unit `top`: each shard's, then the
    unsharded key of items written before the shards."""
    return [f"{kind}#{top}#{shard}" for shard in range(INDEX_SHARDS)] + [f"{kind}#{top}"]


class DynamoDBTable:
    """The table and a client for it: what the attempt, account and certificate stores share. Every call goes
    through `backoff` (see `functions.stores.dynamodb.retry`): a throttle or conflict is tried again, so what
    reaches an adapter is an answer, a failed condition, or a failure that outlasted the budget."""

    def __init__(
        self, table: str, client: Any = None, endpoint_url: str | None = None, backoff: Backoff | None = None
    ) -> None:
        if client is None:
            import boto3

            client = boto3.client("dynamodb", endpoint_url=endpoint_url, config=client_config(endpoint_url))
        self._client = RetryingClient(client, backoff or Backoff())
        self._table = table
        self._errors = client.exceptions

    def shares_table(self, other: object) -> bool:
        """Whether `other` is a store of the same table, whose items this store's client can read too."""
        if not isinstance(other, DynamoDBTable) or other._table != self._table:
            return False
        mine, theirs = self._client.meta, other._client.meta
        return (mine.endpoint_url, mine.region_name) == (theirs.endpoint_url, theirs.region_name)

    def create_table(self) -> None:
        """Create the table (tests and local runs; on AWS the infra template creates it)."""
        self._client.create_table(TableName=self._table, **TABLE)
        self._client.get_waiter("table_exists").wait(TableName=self._table)
        self._client.update_time_to_live(TableName=self._table, TimeToLiveSpecification=TIME_TO_LIVE)

    def _get(self, key: dict, *names: str) -> dict | None:
        """The item, read strongly consistent; only its attributes `names` when some are given (name its key too
        where an item holding none of the others must still be told from no item)."""
        if not names:
            return self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True).get("Item")
        reply = self._client.get_item(
            TableName=self._table,
            Key=key,
            ConsistentRead=True,
            ProjectionExpression=", ".join(f"#n{index}" for index in range(len(names))),
            ExpressionAttributeNames={f"#n{index}": name for index, name in enumerate(names)},
        )
        return reply.get("Item")

    def _items(self, operation: str = "query", **request: Any) -> Iterator[dict]:
        """Every item a query (or scan) matches, page after page."""
        request["TableName"] = self._table
        while True:
            reply = getattr(self._client, operation)(**request)
            yield from reply["Items"]
            if "LastEvaluatedKey" not in reply:
                return
            request["ExclusiveStartKey"] = reply["LastEvaluatedKey"]

    def _batch_get(self, keys: list[dict]) -> list[dict]:
        """The items at `keys` that exist, in no particular order."""
        found: list[dict] = []
        for start in range(0, len(keys), 100):
            request: dict[str, Any] | None = {self._table: {"Keys": keys[start : start + 100], "ConsistentRead": True}}
            waits = self._client.backoff.waits()
            while request:
                reply = self._client.batch_get_item(RequestItems=request)
                found += reply["Responses"].get(self._table, [])
                request = reply.get("UnprocessedKeys") or None
                # Unprocessed keys mean the partition is busy: wait as for a throttle rather than ask again at once.
                if request and not next(waits, 0):
                    raise Unprocessed(f"{len(request[self._table]['Keys'])} keys unread")
        return found

    def _batch_put(self, items: list[dict]) -> None:
        """Put `items` (new or overwriting) 25 a call, DynamoDB's most, backing off while some stay unprocessed."""
        for start in range(0, len(items), 25):
            puts = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            pending: dict[str, Any] | None = {self._table: puts}
            waits = self._client.backoff.waits()
            while pending:
                pending = self._client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None
                if pending and not next(waits, 0):
                    raise Unprocessed(f"{len(pending[self._table])} items unwritten")

    def _under(self, kind: str, unit_path: str) -> Iterator[dict]:
        """Items of `kind` in a unit's subtree (see `subtree_keys`); the empty path is every top-level unit's."""
        top = unit_path.split("/", 1)[0]
        if not top:
            # Only a national report asks for the whole tree; scanning the index reads just the listed kinds.
            return self._items(
                "scan",
                IndexName=GSI1,
                FilterExpression="begins_with(gsi1pk, :kind)",
                ExpressionAttributeValues={":kind": {"S": f"{kind}#"}},
            )

        def shard(partition: str) -> list[dict]:
            values = {":pk": {"S": partition}, ":path": {"S": unit_path}}
            condition = "gsi1pk = :pk AND begins_with(gsi1sk, :path)"
            return list(self._items(IndexName=GSI1, KeyConditionExpression=condition, ExpressionAttributeValues=values))

        # The shards are read at once (a boto3 client may be shared by threads, and pools 10 connections): a small
        # unit's nine queries take about one query's time, a province's 40 pages go eight at a time. Each answers in
        # gsi1sk order; merged, the subtree reads in unit-path order.
        partitions = index_partitions(kind, top)
        with ThreadPoolExecutor(max_workers=len(partitions)) as pool:
            shards = list(pool.map(shard, partitions))
        return heapq.merge(*shards, key=lambda item: item["gsi1sk"]["S"])

    def _put_new(self, item: dict) -> dict:
        """A transaction's put of an item whose key must not exist yet."""
        return {"Put": {"TableName": self._table, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}

    def _transact(self, items: list[dict]) -> None:
        """Write `items` as one transaction (one idempotency token, conflicts and throttles tried again: see
        `functions.stores.dynamodb.retry`)."""
        self._client.transact_write_items(TransactItems=items)

    def close(self) -> None:
        """Nothing to release: boto3 clients pool their own connections."""
