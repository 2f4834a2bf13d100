"""`hocso serve` answers a poster's short link with a real HTTP redirect to the id's page, marked as a scan, over a
real socket; a short link it does not know is the static site's (a retired id's page, else 404)."""

from __future__ import annotations

import json
import os
import sqlite3
import sys

import httpx2 as httpx
import pytest

from functions.api.shortlinks import location
from tests.support.servers import free_port, running


@pytest.fixture(scope="module")
def served(built_site, tmp_path_factory):
    data = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {**os.environ, "HOCSO_DATA_DIR": str(data), "HOCSO_BANK_DIR": str(built_site.bank)}
    hocso = "import sys; from hocso.cli import main; sys.exit(main(sys.argv[1:]))"
    argv = [sys.executable, "-c", hocso, "serve", "--site", str(built_site.site), "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running(argv, env, f"{url}/api/health"):
        yield url, data


def lesson_of(built_site, short_id: str) -> str:
    return json.loads((built_site.site / "q" / "links.json").read_text(encoding="utf-8"))[short_id]


def scans(data) -> list[tuple]:
    """The scan counters the server stored, if its reach table exists yet."""
    path = data / "hocso.sqlite3"
    if not path.is_file():
        return []
    with sqlite3.connect(path) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'reach'").fetchone():
            return []
        return db.execute("SELECT id, place, n FROM reach WHERE kind = 'scan'").fetchall()


def test_a_scanned_short_link_is_a_302_to_its_page_with_the_scan_mark_and_the_posters_place(served, built_site):
    url, data = served
    page = lesson_of(built_site, "cds-01")
    assert page.startswith("khoa-hoc/tong-quan-chuyen-doi-so/")
    for asked in ("/q/cds-01/?tu=xa-nghia-dan", "/q/cds-01?tu=xa-nghia-dan", "/q/cds-01/?x=1&tu=xa-nghia-dan"):
        answer = httpx.get(url + asked)
        assert (answer.status_code, answer.headers["location"]) == (302, f"/{page}?qr=cds-01&tu=xa-nghia-dan")
    head = httpx.head(url + "/q/cds-01/")
    assert (head.status_code, head.headers["location"]) == (302, f"/{page}?qr=cds-01")
    landed = httpx.get(url + "/q/cds-01/?tu=xa-nghia-dan", follow_redirects=True)
    assert landed.status_code == 200 and str(landed.url) == f"{url}/{page}?qr=cds-01&tu=xa-nghia-dan"
    assert 'href="http' in landed.text and "/q/cds-01/" in landed.text  # the lesson, with its own QR box
    # The redirect counts nothing itself: a chat app fetching the link for its preview is no scan. The page the
    # browser lands on counts it once (tests/browser/test_browser_site.py).
    assert scans(data) == []


@pytest.mark.parametrize("place", ["Xa_Nghia_Dan", "a" * 33, "//evil.example", "xa%0d%0aSet-Cookie:x=1"])
def test_a_malformed_place_is_left_out_and_never_reaches_the_location(served, built_site, place):
    url, _ = served
    answer = httpx.get(f"{url}/q/hd-mat-khau/?tu={place}")
    assert answer.headers["location"] == f"/{lesson_of(built_site, 'hd-mat-khau')}?qr=hd-mat-khau"


def test_an_unknown_short_link_is_not_found_and_other_methods_are_the_static_sites(served):
    url, _ = served
    assert httpx.get(url + "/q/khong-co-ma/").status_code == 404
    assert httpx.get(url + "/q/khong-co-ma/?tu=xa-nghia-dan").status_code == 404
    assert httpx.post(url + "/q/cds-01/").status_code == 405


def test_the_location_is_a_path_on_the_site_whatever_the_query():
    assert location("khoa-hoc/a/b/", "cds-01", "tu=xa-a&tu=xa-b") == "/khoa-hoc/a/b/?qr=cds-01&tu=xa-a"
    assert location("khoa-hoc/a/b/", "cds-01", "tu=") == "/khoa-hoc/a/b/?qr=cds-01"
    assert location("huong-dan/c/", "hd-c", "") == "/huong-dan/c/?qr=hd-c"
