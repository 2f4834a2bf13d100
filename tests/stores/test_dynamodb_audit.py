"""The audit trail read by key (DynamoDB): a province's trail, a unit's below it and the whole country's are queries on
audit partitions, newest first a page at a time, never a scan of the table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from functions.audit import AuditEntry
from functions.stores.dynamodb.audit import DynamoDBAudit

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
PROVINCE, XEN, VINH, OTHER_PROVINCE = "40/", "40/16813/", "40/16684/", "42/"


def viewed(minutes: int, unit_path: str) -> AuditEntry:
    return AuditEntry(
        at=NOW + timedelta(minutes=minutes),
        admin_id=f"u.admin-{unit_path}",
        admin_unit_path=unit_path,
        action="learner.view",
        target="u.learner1",
    )


@pytest.fixture
def trail(aws_env, dynamodb_endpoint):
    """An audit store on a new table, and the requests (operation, parameters) its client sends."""
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    store = DynamoDBAudit(f"hocso-{uuid.uuid4().hex[:12]}", client=client)
    store.create_table()
    sent: list[tuple[str, dict]] = []
    client.meta.events.register(
        "provide-client-params.dynamodb.*", lambda params, model, **kwargs: sent.append((model.name, dict(params)))
    )
    return store, sent


def test_every_trail_read_is_a_query_on_an_audit_partition_never_a_scan(trail):
    store, sent = trail
    for minutes, path in enumerate((PROVINCE, XEN, VINH, OTHER_PROVINCE, XEN)):
        store.record(viewed(minutes, path))
    sent.clear()
    assert [e.admin_unit_path for e in store.entries(PROVINCE)] == [XEN, VINH, XEN, PROVINCE]
    assert [e.admin_unit_path for e in store.entries(XEN)] == [XEN, XEN]
    assert [e.admin_unit_path for e in store.entries("")] == [XEN, OTHER_PROVINCE, VINH, XEN, PROVINCE]
    assert {operation for operation, _ in sent} == {"Query"}
    assert all(params["KeyConditionExpression"] == "pk = :pk" and "IndexName" not in params for _, params in sent)
    partitions = [params["ExpressionAttributeValues"][":pk"]["S"] for _, params in sent]
    assert partitions == ["AUDIT#40", "AUDIT#40", "AUDIT", "AUDIT#40", "AUDIT#42"]
    # Newest first from the sort key; only a unit below the province needs its path filtered.
    assert all(
        params["ScanIndexForward"] is False
        for _, params in sent
        if params["ExpressionAttributeValues"][":pk"]["S"] != "AUDIT"
    )
    assert ["FilterExpression" in params for _, params in sent] == [False, True, False, False, False]


def test_a_province_reads_only_the_page_it_shows(trail):
    store, sent = trail
    for minutes in range(30):
        store.record(viewed(minutes, XEN if minutes % 2 else VINH))
    sent.clear()
    assert [e.at for e in store.entries(PROVINCE, limit=5)] == [NOW + timedelta(minutes=m) for m in range(29, 24, -1)]
    assert [(operation, params["Limit"]) for operation, params in sent] == [("Query", 5)]


def test_a_unit_below_the_province_reads_on_past_pages_of_others_entries(trail):
    store, sent = trail
    store.record(viewed(0, XEN))
    store.record(viewed(1, XEN))
    for minutes in range(2, 40):
        store.record(viewed(minutes, VINH))
    sent.clear()
    assert [e.at for e in store.entries(XEN, limit=2)] == [NOW + timedelta(minutes=m) for m in (1, 0)]
    # Pages of ten times the limit: 20 of Vinh's, then 18 more and Xén's two; none further.
    assert [(params["Limit"], "ExclusiveStartKey" in params) for _, params in sent] == [(20, False), (20, True)]
