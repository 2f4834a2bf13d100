"""A poster's QR code on a phone, through the server `make run` starts: the short link is one HTTP redirect, the
lesson counts the scan once with the poster's place, and the address the learner sees (and shares) is clean."""

from __future__ import annotations

import sqlite3
import time
import uuid

import pytest

from tests.support.browser import heading

pytestmark = pytest.mark.browser


def scans_at(server, place: str) -> list[tuple]:
    """(id, n) of the scan counters stored for `place`: each test's own place, so no other test's scans are read.
    None stored yet when the events function has not made its table (its first event is still on the way)."""
    with sqlite3.connect(server.data / "hocso.sqlite3") as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'reach'").fetchone():
            return []
        return db.execute("SELECT id, n FROM reach WHERE kind = 'scan' AND place = ?", (place,)).fetchall()


def settled(server, place: str, expected: list[tuple], seconds: float = 10) -> list[tuple]:
    """The scans at `place` once they equal `expected` (a beacon is sent after the page moves on), or as they stand
    after `seconds`, then a moment more, so that a second scan arriving late would be seen."""
    deadline = time.monotonic() + seconds
    while scans_at(server, place) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    return scans_at(server, place)


def test_a_scan_is_one_redirect_and_counts_once_with_its_place_then_the_address_is_clean(page, server):
    place = f"kiem-thu-{uuid.uuid4().hex[:8]}"
    hops = []
    page.on("response", lambda response: hops.append((response.status, response.url.split("/", 3)[-1])))
    page.goto(f"{server}q/cds-01/?tu={place}")
    lesson = page.url.split("/", 3)[-1]
    assert lesson.startswith("khoa-hoc/tong-quan-chuyen-doi-so/") and "?" not in lesson  # the mark wiped
    assert hops[:2] == [(302, f"q/cds-01/?tu={place}"), (200, f"{lesson}?qr=cds-01&tu={place}")]
    assert heading(page)
    assert settled(server, place, [("cds-01", 1)]) == [("cds-01", 1)]
    page.reload()  # a reload, or the address shared on Zalo, carries no mark: no second scan
    page.goto(f"{server}{lesson}")
    assert settled(server, place, [("cds-01", 2)], seconds=3) == [("cds-01", 1)]


def test_a_mark_for_another_id_counts_no_scan_and_is_wiped(page, server):
    place = f"kiem-thu-{uuid.uuid4().hex[:8]}"
    page.goto(f"{server}q/cds-01/")
    lesson = page.url
    page.goto(f"{lesson}?qr=hd-mat-khau&tu={place}#muc")
    assert page.url == f"{lesson}#muc"
    assert settled(server, place, [("hd-mat-khau", 1)], seconds=3) == []
