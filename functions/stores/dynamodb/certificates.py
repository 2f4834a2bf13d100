"""Issued certificates in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb.table`).

Issuing is one transaction of two puts that each need a new key: the certificate under its number, and the learner's
claim on the course, so one certificate per learner and course holds however many requests race, and a number is
never given twice. When it is cancelled, the claim tells "already has one" (returned) from "number taken" (draw
again). The record is written once; a revocation is its own attribute, set only when absent, so the first one stands.
It is written in one transaction with its bit in the status list's item (`STATUS#<list>`, a number set), so the
published list never misses a revocation the record shows; places in the lists come from an atomic counter.
"""

from __future__ import annotations

import json
from datetime import datetime

from functions.certificates.record import IssuedCertificate, NumberTaken, position
from functions.stores.dynamodb.table import DynamoDBTable, subtree_keys


def _certificate_key(number: str) -> dict:
    return {"pk": {"S": f"CERT#{number}"}, "sk": {"S": "C"}}


def _claim_key(learner_id: str, course_id: str, round: str | None) -> dict:
    sort = f"CERT#{course_id}#{round}" if round else f"CERT#{course_id}"
    return {"pk": {"S": f"LEARNER#{learner_id}"}, "sk": {"S": sort}}


COUNTER_KEY = {"pk": {"S": "STATUS#NEXT"}, "sk": {"S": "C"}}


def _list_key(list_id: int) -> dict:
    return {"pk": {"S": f"STATUS#{list_id}"}, "sk": {"S": "L"}}


def _record(item: dict) -> IssuedCertificate:
    data = json.loads(item["body"]["S"])
    if "revoked" in item:
        data.update(json.loads(item["revoked"]["S"]))
    return IssuedCertificate.model_validate(data)


class DynamoDBCertificates(DynamoDBTable):
    """Certificates in the shared DynamoDB table."""

    def issue(self, record: IssuedCertificate) -> tuple[IssuedCertificate, bool]:
        claim = _claim_key(record.learner_id, record.course_id, record.certificate.round)
        certificate = {
            **_certificate_key(record.number),
            **subtree_keys("CERTS", record.unit_path, record.number, record.number),
            "body": {"S": record.model_dump_json()},
        }
        try:
            self._transact([self._put_new(certificate), self._put_new({**claim, "number": {"S": record.number}})])
        except self._errors.TransactionCanceledException:
            held = self._get(claim)
            if held is not None:
                return self.certificate(held["number"]["S"]), False  # type: ignore[return-value]
            if self._get(_certificate_key(record.number)) is not None:
                raise NumberTaken(record.number) from None
            raise
        return record, True

    def certificate(self, number: str) -> IssuedCertificate | None:
        item = self._get(_certificate_key(number))
        return _record(item) if item else None

    def of_learner(self, learner_id: str) -> list[IssuedCertificate]:
        claims = self._items(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :cert)",
            ExpressionAttributeValues={":pk": {"S": f"LEARNER#{learner_id}"}, ":cert": {"S": "CERT#"}},
            ConsistentRead=True,
        )
        numbers = [claim["number"]["S"] for claim in claims]  # in course and round order, the claims' sort key
        items = self._batch_get([_certificate_key(number) for number in numbers])
        found = {record.number: record for record in map(_record, items)}
        return [found[number] for number in numbers if number in found]

    def under(self, unit_path: str, course_id: str | None = None) -> list[IssuedCertificate]:
        records = [_record(item) for item in self._under("CERTS", unit_path)]
        return sorted((r for r in records if course_id is None or r.course_id == course_id), key=lambda r: r.number)

    def next_status_index(self) -> int:
        """A plain `ADD`, not applied once: a try whose answer was lost and that goes again skips a place, an unused
        bit of a list; certificates still each get a place of their own."""
        reply = self._client.update_item(
            TableName=self._table,
            Key=COUNTER_KEY,
            UpdateExpression="ADD #value :one",
            ExpressionAttributeNames={"#value": "value"},
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="UPDATED_NEW",
        )
        return int(reply["Attributes"]["value"]["N"]) - 1  # places count from 0

    def revoked_in(self, list_id: int) -> set[int]:
        item = self._get(_list_key(list_id))
        return {int(bit) for bit in item["bits"]["NS"]} if item and "bits" in item else set()

    def _set_bit(self, index: int) -> dict:
        list_id, bit = position(index)
        return {
            "TableName": self._table,
            "Key": _list_key(list_id),
            "UpdateExpression": "ADD bits :bit",
            "ExpressionAttributeValues": {":bit": {"NS": [str(bit)]}},
        }

    def revoke(self, number: str, reason: str, by: str, at: datetime) -> IssuedCertificate | None:
        record = self.certificate(number)
        if record is None:
            return None
        index = record.certificate.status_index
        revocation = {"revoked_at": at.isoformat(), "revoked_reason": reason, "revoked_by": by}
        mark = {
            "TableName": self._table,
            "Key": _certificate_key(number),
            "UpdateExpression": "SET revoked = :revoked",
            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(revoked)",
            "ExpressionAttributeValues": {":revoked": {"S": json.dumps(revocation, ensure_ascii=False)}},
        }
        try:
            self._transact([{"Update": mark}] + ([{"Update": self._set_bit(index)}] if index is not None else []))
        except self._errors.TransactionCanceledException:
            if index is not None:  # revoked before: its bit went with it, and setting it again changes nothing
                self._client.update_item(**self._set_bit(index))
        return self.certificate(number)
