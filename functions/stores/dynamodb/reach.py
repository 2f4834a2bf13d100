"""Reach counters in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb.table`).

One item per (day, id, kind, place), bumped with `ADD n :one`: no read and no condition, so every concurrent event
counts. A month's counters share a partition, sorted by day, so a summary is one query per month of the range (13 at
most) rather than one per day (366). Writes at any moment all go to today's items, whatever the partition: DynamoDB
splits a hot partition by sort key, and one counter item takes about 1,000 writes a second; a campaign that needs
more would shard the busiest ids by a suffix. Summaries read eventually consistent: a count shows within a second.

The bump is a plain `ADD`, not applied once (`RetryingClient.update_once`): when its answer is lost and it is tried
again (the store's retry of a throttle, botocore's of a read timeout), an open counts twice. Reach counts are
anonymous statistics of tens of millions of opens, and a lost answer is rare; a token set on an item that may take
hundreds of writes a second would grow every write of it, so the rare double count is the accepted cost
(docs/scale.md, 7.3). A place claimed twice is claimed once: a string set holds a place once.

The places an id was scanned at on a day are a string set in one more item of the month's partition,
`<day>#<id>#places`: a scan at a place first adds its place there under the condition that the set has it already or
holds fewer than `PLACES_PER_DAY`, an atomic check, so concurrent new places never take more than the last slot.
The counter is bumped after; should that fail, the place keeps a slot and counts nothing, which the bound allows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from functions.reach import PAGE_SIZE, PLACES_PER_DAY, Count, Kind, ReachSummary, TooManyPlaces, summarise
from functions.stores.dynamodb.table import DynamoDBTable


def _month(day: date) -> str:
    return f"REACH#{day.isoformat()[:7]}"


def _months(from_day: date, to_day: date) -> Iterator[str]:
    """The partition key of every month from `from_day`'s to `to_day`'s (counted as integers: no date past 9999)."""
    for index in range(from_day.year * 12 + from_day.month - 1, to_day.year * 12 + to_day.month):
        yield f"REACH#{index // 12:04d}-{index % 12 + 1:02d}"


def _counter(item: dict) -> bool:
    return item["sk"]["S"].count("#") == 3  # not a day's places (`<day>#<id>#places`)


def _count(item: dict) -> Count:
    day, short_id, kind, place = item["sk"]["S"].split("#")  # neither ids nor place codes contain '#'
    return Count(date.fromisoformat(day), short_id, kind, place or None, int(item["n"]["N"]))


class DynamoDBReach(DynamoDBTable):
    """Reach counters in the shared DynamoDB table."""

    def add(self, id: str, kind: Kind, place: str | None, day: date) -> None:
        if place:
            self._claim(id, place, day)
        self._client.update_item(
            TableName=self._table,
            Key={"pk": {"S": _month(day)}, "sk": {"S": f"{day.isoformat()}#{id}#{kind}#{place or ''}"}},
            UpdateExpression="ADD n :one",
            ExpressionAttributeValues={":one": {"N": "1"}},
        )

    def _claim(self, id: str, place: str, day: date) -> None:
        """Take a slot for `place` among the id's places of the day, or raise `TooManyPlaces` when none is left."""
        try:
            self._client.update_item(
                TableName=self._table,
                Key={"pk": {"S": _month(day)}, "sk": {"S": f"{day.isoformat()}#{id}#places"}},
                UpdateExpression="ADD places :place",
                ConditionExpression="attribute_not_exists(places) OR contains(places, :name) OR size(places) < :most",
                ExpressionAttributeValues={
                    ":place": {"SS": [place]},
                    ":name": {"S": place},
                    ":most": {"N": str(PLACES_PER_DAY)},
                },
            )
        except self._errors.ConditionalCheckFailedException:
            raise TooManyPlaces(id) from None

    def summary(self, from_day: date, to_day: date, limit: int = PAGE_SIZE, cursor: str | None = None) -> ReachSummary:
        if to_day < from_day:
            return summarise(
                from_day, to_day, [], limit, cursor
            )  # DynamoDB refuses a BETWEEN whose bounds are the wrong way round
        # A day's sort keys are "<day>#…": "#" sorts just before "$", so "<to_day>$" is past the last day's counters
        # and before the next day's.
        bounds = {":first": {"S": from_day.isoformat()}, ":last": {"S": to_day.isoformat() + "$"}}
        counts: list[Count] = []
        for month in _months(from_day, to_day):
            counts += map(
                _count,
                filter(
                    _counter,
                    self._items(
                        KeyConditionExpression="pk = :pk AND sk BETWEEN :first AND :last",
                        ExpressionAttributeValues={":pk": {"S": month}, **bounds},
                    ),
                ),
            )
        return summarise(from_day, to_day, counts, limit, cursor)
