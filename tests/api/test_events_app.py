"""The events function over HTTP (in process, a real SQLite store): anonymous opens and scans counted, beacons'
text/plain bodies read, bad or oversized events refused in the error shape, the summary per place and day, no cookie."""

import importlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from functions import VIETNAM
from functions.api.deps.core import get_clock
from functions.api.events.app import create_app, get_limiter, get_published, get_reach
from functions.api.events.limiter import MinuteLimiter
from functions.reach import PLACES_PER_DAY
from functions.settings import get_settings
from functions.stores.sqlite.reach import SQLiteReach
from tests.support.apps import app_client, returning
from tests.support.clock import Clock

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)  # 23:30 in Vietnam: still the 23rd
LATER = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 00:30 on the 24th in Vietnam
BEACON = {"Content-Type": "text/plain;charset=UTF-8"}  # what navigator.sendBeacon sends with a string
PUBLISHED = frozenset({"cds", "cds-01", "hd-zalo", "mini-1"})


@pytest.fixture
def client(tmp_path):
    store = SQLiteReach(tmp_path / "hocso.sqlite3")
    clock = Clock(NOW)
    overrides = {get_reach: store, get_published: PUBLISHED, get_limiter: MinuteLimiter(10_000), get_clock: clock}
    with app_client(create_app(), overrides, clock=clock) as client:
        yield client
    store.close()


def summary(client, first: str = "2026-11-23", last: str = "2026-11-24") -> dict:
    response = client.get("/events/summary", params={"from": first, "to": last})
    assert response.status_code == 200
    return response.json()


def test_opens_and_scans_are_counted_per_id_place_and_vietnam_day(client):
    assert client.post("/events", json={"id": "cds-01", "kind": "open"}).status_code == 204
    client.post("/events", json={"id": "cds-01", "kind": "scan", "place": "xa-muong-xen"})
    client.post("/events", json={"id": "cds-01", "kind": "scan", "place": None})
    client.clock.now = LATER
    client.post("/events", json={"id": "cds-01", "kind": "scan", "place": "xa-muong-xen"})
    client.post("/events", json={"id": "hd-zalo", "kind": "open"})
    assert summary(client) == {
        "from_day": "2026-11-23",
        "to_day": "2026-11-24",
        "opens": 2,
        "scans": 3,
        "days": [{"day": "2026-11-23", "opens": 1, "scans": 2}, {"day": "2026-11-24", "opens": 1, "scans": 1}],
        "id_count": 2,
        "next": None,
        "ids": [
            {
                "id": "cds-01",
                "opens": 1,
                "scans": 3,
                "places": [{"place": None, "scans": 1}, {"place": "xa-muong-xen", "scans": 2}],
                "other_places": 0,
                "days": [{"day": "2026-11-23", "opens": 1, "scans": 2}, {"day": "2026-11-24", "opens": 0, "scans": 1}],
            },
            {
                "id": "hd-zalo",
                "opens": 1,
                "scans": 0,
                "places": [],
                "other_places": 0,
                "days": [{"day": "2026-11-24", "opens": 1, "scans": 0}],
            },
        ],
    }
    assert summary(client, "2026-11-24", "2026-11-24")["opens"] == 1


def test_a_beacon_sent_as_text_plain_is_counted(client):
    response = client.post("/events", content='{"id":"mini-1","kind":"scan","place":"cho-vinh"}', headers=BEACON)
    assert (response.status_code, response.content) == (204, b"")
    assert summary(client)["ids"][0]["places"] == [{"place": "cho-vinh", "scans": 1}]


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"id": "cds-01", "kind": "like"}, "body"),
        ({"id": "cds 01", "kind": "open"}, "body.open.id"),
        ({"id": "cds-01", "kind": "scan", "place": "Xã Mường Xén"}, "body.scan.place"),
        ({"id": "cds-01", "kind": "open", "place": "cho-vinh"}, "body.open.place"),
        ({"id": "cds-01", "kind": "open", "learner": "u.a"}, "body.open.learner"),
    ],
)
def test_a_bad_event_is_refused_in_the_error_shape_and_not_counted(client, event, field):
    response = client.post("/events", json=event)
    assert response.status_code == 422
    body = response.json()
    assert (body["error"]["code"], body["error"]["message"]) == ("invalid_request", "Dữ liệu gửi lên không hợp lệ.")
    assert field in [detail["field"] for detail in body["error"]["details"]]
    assert summary(client)["ids"] == []


def test_a_body_that_is_not_json_is_malformed_even_as_text_plain(client):
    response = client.post("/events", content="id=cds-01&kind=open", headers=BEACON)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "malformed_json")


def test_a_body_over_one_kilobyte_is_refused_whether_its_length_is_declared_or_not(client):
    padded = json.dumps({"id": "cds-01", "kind": "open", "pad": "x" * 1024})
    declared = client.post("/events", content=padded, headers=BEACON)
    streamed = client.post("/events", content=(part.encode() for part in (padded[:600], padded[600:])), headers=BEACON)
    for response in (declared, streamed):
        assert response.status_code == 422
        assert response.json()["error"] == {
            "code": "invalid_request",
            "message": "Dữ liệu gửi lên không hợp lệ.",
            "details": [{"field": "body", "problem": "too_large"}],
        }
    assert summary(client)["opens"] == 0


def test_a_summary_covers_at_most_366_days_and_says_which(client):
    client.post("/events", json={"id": "cds-01", "kind": "open"})
    asked_too_much = summary(client, "2026-01-01", "2099-12-31")
    assert (asked_too_much["to_day"], asked_too_much["opens"]) == ("2027-01-01", 1)
    assert summary(client, "2026-11-24", "2026-11-23")["opens"] == 0  # ends before it starts: nothing in it


@pytest.mark.parametrize(
    ("params", "field", "problem"),
    [
        ({"from": "2026-11-23"}, "query.to", "missing"),
        ({"from": "23/11/2026", "to": "2026-11-24"}, "query.from", "date_from_datetime_parsing"),
    ],
)
def test_a_summary_needs_both_days_as_dates(client, params, field, problem):
    response = client.get("/events/summary", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [{"field": field, "problem": problem}]


def test_no_answer_ever_sets_a_cookie(client):
    answers = [
        client.post("/events", json={"id": "cds-01", "kind": "open"}),
        client.post("/events", content='{"id":"cds-01","kind":"scan"}', headers=BEACON),
        client.post("/events", json={"id": "cds-01", "kind": "like"}),
        client.post("/events", content="x" * 2000),
        client.get("/events/summary", params={"from": "2026-11-23", "to": "2026-11-23"}),
        client.get("/events/unknown"),
    ]
    assert [response.status_code for response in answers] == [204, 204, 422, 422, 200, 404]
    assert all("set-cookie" not in response.headers for response in answers)
    assert not client.cookies


def test_a_beacon_through_the_lambda_handler_is_counted(tmp_path, monkeypatch):
    """API Gateway (HTTP API, payload 2.0) hands the beacon's text/plain body to Mangum in one piece."""
    monkeypatch.setenv("HOCSO_DATA_DIR", str(tmp_path))
    (tmp_path / "ids.txt").write_text("hd-vneid\n")
    monkeypatch.setenv("HOCSO_IDS", str(tmp_path / "ids.txt"))
    get_settings.cache_clear()
    try:
        handler = importlib.reload(importlib.import_module("functions.api.events.handler")).handler
        body = '{"id":"hd-vneid","kind":"scan","place":"ubnd-xa"}'
        event = {
            "version": "2.0",
            "routeKey": "POST /api/events",
            "rawPath": "/api/events",
            "rawQueryString": "",
            "headers": {
                "content-type": "text/plain;charset=UTF-8",
                "content-length": str(len(body)),
                "host": "abcdef1234.execute-api.ap-southeast-1.amazonaws.com",
            },
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "abcdef1234",
                "domainName": "abcdef1234.execute-api.ap-southeast-1.amazonaws.com",
                "http": {
                    "method": "POST",
                    "path": "/api/events",
                    "protocol": "HTTP/1.1",
                    "sourceIp": "113.160.0.10",
                    "userAgent": "Mozilla/5.0",
                },
                "requestId": "C3xB7hT9SQ0EJuQ=",
                "routeKey": "POST /api/events",
                "stage": "$default",
                "time": "23/Nov/2026:08:00:00 +0000",
                "timeEpoch": 1795507200000,
            },
            "body": body,
            "isBase64Encoded": False,
        }

        class Context:
            function_name = "hocso-events"
            aws_request_id = "2f7c8f2e-0000-4000-8000-000000000001"

        response = handler(event, Context())
        assert response["statusCode"] == 204
        assert "set-cookie" not in {name.lower() for name in response["headers"]}
        store = SQLiteReach(tmp_path / "hocso.sqlite3")  # the file the handler's settings point at
        today = datetime.now(VIETNAM).date()
        counted = store.summary(today - timedelta(days=1), today + timedelta(days=1))  # whichever side of midnight
        assert [(i.id, i.scans, i.places[0].place) for i in counted.ids] == [("hd-vneid", 1, "ubnd-xa")]
        store.close()
    finally:
        get_settings.cache_clear()


def test_an_id_the_site_did_not_publish_is_refused_and_not_counted(client):
    response = client.post("/events", json={"id": "gia-00001", "kind": "scan", "place": "cho-vinh"})
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "event_id_unknown",
        "message": "Mã trang không có trong danh sách đã công bố nên lượt này không được đếm.",
        "details": [{"field": "body.id", "problem": "unknown"}],
    }
    assert summary(client)["id_count"] == 0


def test_a_sender_past_its_minutes_allowance_is_refused_until_the_window_ends(client):
    seconds = {"now": 0.0}
    client.app.dependency_overrides[get_limiter] = returning(MinuteLimiter(2, clock=lambda: seconds["now"]))
    answers = [client.post("/events", json={"id": "cds", "kind": "open"}).status_code for _ in range(3)]
    refused = client.post("/events", json={"id": "cds", "kind": "open"})
    assert (answers, refused.json()["error"]["code"]) == ([204, 204, 429], "events_too_many")
    seconds["now"] = 60.0
    assert client.post("/events", json={"id": "cds", "kind": "open"}).status_code == 204
    assert summary(client)["opens"] == 3


def test_a_scan_at_one_place_too_many_for_the_day_is_refused(client):
    store = client.app.dependency_overrides[get_reach]()
    for n in range(PLACES_PER_DAY - 1):
        store.add("cds", "scan", f"noi-{n}", NOW.astimezone(VIETNAM).date())
    answers = [
        client.post("/events", json={"id": "cds", "kind": "scan", "place": place}) for place in ("a", "b", "a", None)
    ]
    assert [(r.status_code, r.content and r.json()["error"]["code"]) for r in answers] == [
        (204, b""),
        (409, "event_place_limit"),
        (204, b""),
        (204, b""),
    ]


def test_the_sender_is_read_from_the_proxys_header_when_one_is_configured(client, monkeypatch):
    monkeypatch.setenv("HOCSO_CLIENT_HEADER", "CloudFront-Viewer-Address")
    get_settings.cache_clear()
    try:
        client.app.dependency_overrides[get_limiter] = returning(MinuteLimiter(1))
        one = {"CloudFront-Viewer-Address": "198.51.100.10:46532"}
        other = {"CloudFront-Viewer-Address": "2001:db8:aa:bb::7:443"}
        answers = [
            client.post("/events", json={"id": "cds", "kind": "open"}, headers=headers) for headers in (one, one, other)
        ]
        assert [response.status_code for response in answers] == [204, 429, 204]
        # Through CloudFront but without the viewer's address: every viewer would share the edge's one allowance.
        edge = {"X-Amz-Cf-Id": "Pm4Zp1UQBMT5lNf3zOHt0i5e6ELqzEFtmzx0ylR4DPf7mqNHbEjmzw=="}
        answers = [client.post("/events", json={"id": "cds", "kind": "open"}, headers=edge) for _ in range(3)]
        assert [response.status_code for response in answers] == [204, 204, 204]
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "51"}, "query.limit"),
        ({"limit": "0"}, "query.limit"),
        ({"cursor": "cds"}, "query.cursor"),
        ({"cursor": "3.cds#x"}, "query.cursor"),
    ],
)
def test_a_summary_page_is_at_most_fifty_ids_and_a_cursor_has_its_form(client, params, field):
    response = client.get("/events/summary", params={"from": "2026-11-23", "to": "2026-11-24", **params})
    assert response.status_code == 422
    assert [detail["field"] for detail in response.json()["error"]["details"]] == [field]
