"""`hocso serve` answers a poster's short link with its page itself (the copy the build writes at `q/<id>/`), no
redirect, over a real socket; a short link it does not know is the static site's (a retired id's page, else 404)."""

from __future__ import annotations

import os
import sqlite3
import sys

import httpx2 as httpx
import pytest

from site_builder.catalog import load_catalog
from site_builder.shortlinks import targets
from tests.support.paths import ROOT
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


def scans(data) -> list[tuple]:
    """The scan counters the server stored, if its reach table exists yet."""
    path = data / "hocso.sqlite3"
    if not path.is_file():
        return []
    with sqlite3.connect(path) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'reach'").fetchone():
            return []
        return db.execute("SELECT id, place, n FROM reach WHERE kind = 'scan'").fetchall()


def test_a_scanned_short_link_is_answered_with_its_page_at_once(served, built_site):
    url, data = served
    page = targets(load_catalog(ROOT / "content"))["cds-01"].url
    assert page.startswith("khoa-hoc/tong-quan-chuyen-doi-so/")
    copy = (built_site.site / "q" / "cds-01" / "index.html").read_text(encoding="utf-8")
    for asked in ("/q/cds-01/?tu=xa-nghia-dan", "/q/cds-01/", "/q/cds-01/?x=1&tu=xa-nghia-dan"):
        answer = httpx.get(url + asked, headers={"Accept-Encoding": "gzip"})
        assert (answer.status_code, answer.headers["content-encoding"]) == (200, "gzip")
        assert "location" not in answer.headers and answer.text == copy
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/{page}">' in copy  # the lesson's own address
    assert httpx.head(url + "/q/cds-01/").status_code == 200
    # Serving the page counts nothing: a chat app fetching the link for its preview is no scan. The page counts it,
    # once, in the browser that opens it (tests/browser/test_browser_site.py).
    assert scans(data) == []


def test_a_short_link_without_its_slash_leads_to_it_keeping_the_place(served):
    url, _ = served
    answer = httpx.get(url + "/q/cds-01?tu=xa-nghia-dan")
    assert answer.is_redirect and answer.headers["location"] == f"{url}/q/cds-01/?tu=xa-nghia-dan"


def test_an_unknown_short_link_is_not_found_and_other_methods_are_the_static_sites(served):
    url, _ = served
    assert httpx.get(url + "/q/khong-co-ma/").status_code == 404
    assert httpx.get(url + "/q/khong-co-ma/?tu=xa-nghia-dan").status_code == 404
    assert httpx.post(url + "/q/cds-01/").status_code == 405
