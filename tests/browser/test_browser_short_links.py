"""A poster's QR code on a phone, through the server `make run` starts: the short link answers the lesson itself (no
redirect), which counts the scan once per tab with the poster's place, and the address the learner sees (and shares)
keeps the short link without the place."""

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


def test_a_scan_is_the_lesson_itself_and_counts_once_a_tab_with_its_place_then_the_address_is_clean(page, server):
    place = f"kiem-thu-{uuid.uuid4().hex[:8]}"
    hops = []
    page.on("response", lambda response: hops.append((response.status, response.url.split("/", 3)[-1])))
    page.goto(f"{server}q/cds-01/?tu={place}")
    assert page.url == f"{server}q/cds-01/"  # the place wiped, the short link kept
    assert hops[0] == (200, f"q/cds-01/?tu={place}")  # one answer: the page, no redirect
    assert heading(page) == "Chuyển đổi số là gì?"
    assert settled(server, place, [("cds-01", 1)]) == [("cds-01", 1)]
    page.reload()  # a reload (cheap phones reload tabs often) counts no second scan
    page.goto(f"{server}q/cds-01/?tu={place}")  # nor the same poster scanned again in this tab
    lesson = page.locator("a.md-nav__link--active").first.evaluate("a => a.href")
    assert lesson == f"{server}khoa-hoc/tong-quan-chuyen-doi-so/chuyen-doi-so-la-gi/"
    page.goto(lesson)  # the lesson at its own address: an open, no scan
    assert settled(server, place, [("cds-01", 2)], seconds=3) == [("cds-01", 1)]
    other = page.context.new_page()  # another tab: another scan
    other.goto(f"{server}q/cds-01/?tu={place}")
    assert settled(server, place, [("cds-01", 2)]) == [("cds-01", 2)]


def test_a_link_shared_while_short_links_were_redirects_counts_its_scan_once(page, server):
    place = f"kiem-thu-{uuid.uuid4().hex[:8]}"
    lesson = "khoa-hoc/tong-quan-chuyen-doi-so/chuyen-doi-so-la-gi/"
    page.goto(f"{server}{lesson}?qr=cds-01&tu={place}#muc")
    assert page.url == f"{server}{lesson}#muc"
    assert settled(server, place, [("cds-01", 1)]) == [("cds-01", 1)]
    page.reload()
    assert settled(server, place, [("cds-01", 2)], seconds=3) == [("cds-01", 1)]


def test_a_mark_for_another_id_counts_no_scan_and_is_wiped(page, server):
    place = f"kiem-thu-{uuid.uuid4().hex[:8]}"
    lesson = f"{server}khoa-hoc/tong-quan-chuyen-doi-so/chuyen-doi-so-la-gi/"
    page.goto(f"{lesson}?qr=hd-mat-khau&tu={place}#muc")
    assert page.url == f"{lesson}#muc"
    assert settled(server, place, [("hd-mat-khau", 1)], seconds=3) == []
