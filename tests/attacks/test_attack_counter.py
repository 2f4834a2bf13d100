"""Flooding the anonymous counter, over HTTP against `make run`'s server (docs/security.md, section 9).

The attacks: thousands of made-up ids (each used to become a stored counter, and the public summary listed them all),
made-up poster places on a real id, and a flood of real ids from one address. Each is sent as fast as one client can
over keep-alive connections, from its own loopback address (127.0.0.x) so that the server's per-address allowance
of one attack does not spill into another's; what the server stored is read back from its SQLite file and through
the public summary.
"""

from __future__ import annotations

import http.client
import json
import sqlite3
import time
from datetime import datetime, timedelta
from urllib.parse import urlparse

from functions import VIETNAM
from functions.reach import MAX_PAGE, PLACES_PER_DAY
from functions.settings import Settings
from tests.support.paths import ROOT

PER_MINUTE = Settings.model_fields["events_per_minute"].default


class Client:
    """One keep-alive connection to the server from a loopback address of its own."""

    def __init__(self, server: str, source: str) -> None:
        address = urlparse(server)
        self.connection = http.client.HTTPConnection(
            address.hostname, address.port, timeout=10, source_address=(source, 0)
        )

    def post(self, event: dict) -> tuple[int, str | None]:
        self.connection.request("POST", "/api/events", body=json.dumps(event), headers={"Content-Type": "text/plain"})
        response = self.connection.getresponse()
        body = response.read()
        return response.status, json.loads(body)["error"]["code"] if body else None

    def get(self, path: str) -> bytes:
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        body = response.read()
        assert response.status == 200, body
        return body


def days() -> tuple[str, str]:
    today = datetime.now(VIETNAM).date()
    return (today - timedelta(days=1)).isoformat(), (today + timedelta(days=1)).isoformat()


def rows(server) -> list[tuple]:
    """Every counter the server has stored (none before the first event opens the table)."""
    db = sqlite3.connect(server.data / "hocso.sqlite3")
    try:
        return db.execute("SELECT day, id, kind, place, n FROM reach").fetchall()
    except sqlite3.OperationalError as error:
        assert "no such table" in str(error)
        return []
    finally:
        db.close()


def published() -> list[str]:
    return (ROOT / "build" / "bank" / "ids.txt").read_text().split()


def test_two_thousand_made_up_ids_are_refused_and_nothing_is_stored(server):
    client = Client(server, "127.0.0.21")
    before = rows(server)
    started = time.perf_counter()
    answers = [client.post({"id": f"gia-{n:05d}", "kind": "open"}) for n in range(2000)]
    answers += [client.post({"id": f"gia-{n:05d}", "kind": "scan", "place": f"noi-{n}"}) for n in range(500)]
    rate = len(answers) / (time.perf_counter() - started)
    assert set(answers) == {(404, "event_id_unknown")}
    assert rows(server) == before
    first, last = days()
    summary = json.loads(client.get(f"/api/events/summary?from={first}&to={last}&limit={MAX_PAGE}"))
    assert not [entry["id"] for entry in summary["ids"] if entry["id"].startswith("gia-")]
    print(f"{len(answers)} made-up events at {rate:.0f}/s: all refused, {len(rows(server)) - len(before)} rows added")


def test_made_up_places_on_a_real_id_stop_at_the_days_bound(server):
    short_id, today = "hd-thanh-toan-qr", datetime.now(VIETNAM).date().isoformat()

    def places() -> int:
        return len([row for row in rows(server) if row[:3] == (today, short_id, "scan") and row[3]])

    already = places()
    sent = PLACES_PER_DAY + 50 - already
    # Spread over three addresses, each within its minute's allowance: only the day's bound on places can stop it.
    clients = [Client(server, f"127.0.0.{n}") for n in (31, 32, 33)]
    answers = [clients[n % 3].post({"id": short_id, "kind": "scan", "place": f"bia-{n:04d}"}) for n in range(sent)]
    assert answers == [(204, None)] * (PLACES_PER_DAY - already) + [(409, "event_place_limit")] * 50
    assert places() == PLACES_PER_DAY
    assert clients[0].post({"id": short_id, "kind": "scan", "place": "bia-0000"}) == (204, None)  # a known place counts


def test_a_flood_of_real_ids_from_one_address_is_cut_at_the_minutes_allowance(server):
    client, ids = Client(server, "127.0.0.41"), published()
    first, last = days()
    opens = json.loads(client.get(f"/api/events/summary?from={first}&to={last}"))["opens"]
    answers = [client.post({"id": ids[n % len(ids)], "kind": "open"}) for n in range(PER_MINUTE + 200)]
    assert answers == [(204, None)] * PER_MINUTE + [(429, "events_too_many")] * 200
    assert json.loads(client.get(f"/api/events/summary?from={first}&to={last}"))["opens"] == opens + PER_MINUTE
    assert Client(server, "127.0.0.42").post({"id": ids[0], "kind": "open"}) == (204, None)  # others still count


def test_the_summary_is_a_bounded_page_and_its_pages_hold_every_id_once(server):
    client, ids = Client(server, "127.0.0.51"), published()
    for short_id in ids:
        assert client.post({"id": short_id, "kind": "open"}) == (204, None)
    first, last = days()
    whole = client.get(f"/api/events/summary?from={first}&to={last}&limit={MAX_PAGE}")
    assert len(whole) < 64_000  # one page at most: the flood above it was 4 MB
    seen, cursor = [], ""
    while True:
        page = json.loads(client.get(f"/api/events/summary?from={first}&to={last}&limit=7{cursor}"))
        assert len(page["ids"]) <= 7
        seen += [entry["id"] for entry in page["ids"]]
        if page["next"] is None:
            break
        cursor = f"&cursor={page['next']}"
    assert len(seen) == len(set(seen)) == page["id_count"]
    assert set(ids) <= set(seen) <= set(ids)
