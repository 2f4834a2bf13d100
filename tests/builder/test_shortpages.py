"""A short link's page is a copy of its id's page whose every relative address leads to the same file."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from site_builder import shortpages
from site_builder.catalog import load_catalog
from site_builder.shortlinks import targets
from tests.support.paths import ROOT

ORIGIN = "https://site.example/"


class References(HTMLParser):
    """Every address a page holds in markup (as a browser would read it) and the theme's `__config` addresses; and
    the text of its article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []
        self.depth = 0
        self.config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "srcset":
                self.found += [item.split()[0] for item in value.split(",") if item.strip()]
            elif name in shortpages.ADDRESSES or value.startswith(("./", "../")):
                self.found.append(value)
        self.config = tag == "script" and ("id", "__config") in attrs
        if tag == "article":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.config:
            config = json.loads(data)
            self.found += [config["base"], config["search"]]
            self.config = False
        if self.depth:
            self.text.append(data)


def read(text: str) -> References:
    parser = References()
    parser.feed(text)
    return parser


def resolved(reference: str, at: str) -> str | None:
    """The site path `reference` leads to from the page at `at`; None for another site, an anchor or a scheme."""
    if reference.startswith("#") or urlsplit(reference).scheme or reference.startswith("//"):
        return None
    if reference.startswith("/"):
        return None
    return urlsplit(urljoin(ORIGIN + at, reference)).path


def existing(site: Path, path: str) -> bool:
    target = site / path.lstrip("/")
    return (target / "index.html").is_file() if path.endswith("/") or target.is_dir() else target.is_file()


def test_relative_addresses_lead_from_the_copy_to_the_files_the_page_uses():
    page, copy = "khoa-hoc/c/bai-1/", "q/c-01/"
    assert shortpages.relocated("../../..", page, copy) == "../../"
    assert shortpages.relocated("./", page, copy) == "../../khoa-hoc/c/bai-1/"
    assert shortpages.relocated("../bai-2/#muc-1", page, copy) == "../../khoa-hoc/c/bai-2/#muc-1"
    assert shortpages.relocated("../bai-1.pdf", page, copy) == "../../khoa-hoc/c/bai-1.pdf"
    assert shortpages.relocated("anh/a.png?v=2", page, copy) == "../../khoa-hoc/c/bai-1/anh/a.png?v=2"
    assert shortpages.relocated("../../../assets/x.js", page, copy) == "../../assets/x.js"
    assert shortpages.relocated("../../../tim-kiem/", "huong-dan/g/", copy) == "../../tim-kiem/"
    for kept in ("#muc-1", "https://vneid.gov.vn/", "/api", "mailto:a@b.vn", "data:image/png;base64,AA", ""):
        assert shortpages.relocated(kept, page, copy) == kept


def test_a_copy_rewrites_markup_srcset_the_themes_config_and_nothing_else():
    page = (
        '<html><head><link rel="canonical" href="https://s.vn/khoa-hoc/c/bai-1/">'
        '<link rel="stylesheet" href="../../../assets/a.css"></head><body>'
        '<a href="#muc">x</a> <img src="anh.png" srcset="anh.png 1x, ../anh@2x.png 2x" alt="a &amp; b">'
        '<div data-course="c" data-first="../bai-2/" data-api="/api"></div>'
        '<pre><code>&lt;a href="../x/"&gt;</code></pre>'
        '<script id="__config" type="application/json">{"base": "../../..", "search": "../../../w.js"}</script>'
        "<script>var a = \"<a href='../y/'>\";</script></body></html>"
    )
    copy = shortpages.copy_page(page, "khoa-hoc/c/bai-1/", "q/c-01/", "https://s.vn/khoa-hoc/c/bai-1/")
    assert copy == (
        '<html><head><link rel="canonical" href="https://s.vn/khoa-hoc/c/bai-1/"><meta name="robots" '
        'content="noindex"><link rel="stylesheet" href="../../assets/a.css"></head><body>'
        '<a href="#muc">x</a> <img src="../../khoa-hoc/c/bai-1/anh.png" '
        'srcset="../../khoa-hoc/c/bai-1/anh.png 1x, ../../khoa-hoc/c/anh@2x.png 2x" alt="a &amp; b">'
        '<div data-course="c" data-first="../../khoa-hoc/c/bai-2/" data-api="/api"></div>'
        '<pre><code>&lt;a href="../x/"&gt;</code></pre>'
        '<script id="__config" type="application/json">{"base": "../..", "search": "../../w.js"}</script>'
        "<script>var a = \"<a href='../y/'>\";</script></body></html>"
    )


def test_a_page_without_a_canonical_address_gets_one_in_its_head():
    copy = shortpages.copy_page("<html><head></head></html>", "huong-dan/g/", "q/g/", "https://s.vn/huong-dan/g/")
    assert copy == (
        '<html><head><link rel="canonical" href="https://s.vn/huong-dan/g/"><meta name="robots" content="noindex">'
        "</head></html>"
    )


@pytest.fixture(scope="module")
def live() -> dict[str, str]:
    return {short_id: target.url for short_id, target in targets(load_catalog(ROOT / "content")).items()}


def test_every_copy_of_the_built_site_leads_where_its_page_leads_and_reads_the_same(built_site, live):
    site = built_site.site
    assert live and {path.parent.name for path in site.glob("q/*/index.html")} == set(live)
    for short_id, page in sorted(live.items()):
        original = (site / page / "index.html").read_text(encoding="utf-8")
        text = (site / "q" / short_id / "index.html").read_text(encoding="utf-8")
        at, there = read(original), read(text)
        copied = [resolved(reference, f"q/{short_id}/") for reference in there.found]
        assert copied == [resolved(reference, page) for reference in at.found], short_id
        broken = [path for path in copied if path is not None and not existing(site, path)]
        assert broken == [], short_id
        assert len(copied) > 40 and "".join(there.text).strip() == "".join(at.text).strip() != ""
        head = f'<link rel="canonical" href="http://127.0.0.1:8000/{page}"><meta name="robots" content="noindex">'
        assert head in text and f"/q/{short_id}/</a>" in text  # its QR box, from which the page reads its id
        # What replaces the redirect page's 900-byte limit: the copy costs the phone what the page costs, give or
        # take the longer addresses (under 256 bytes compressed).
        sizes = [len(gzip.compress(html.encode("utf-8"), 6, mtime=0)) for html in (original, text)]
        assert sizes[1] - sizes[0] < 256, (short_id, sizes)


def test_copies_are_not_searchable_and_not_in_the_sitemap(built_site, live):
    index = json.loads((built_site.site / "search" / "hocso.json").read_text(encoding="utf-8"))
    assert not [row for row in index if row["u"].startswith("q/")]
    assert not re.search(r"/q/[^<]*</loc>", (built_site.site / "sitemap.xml").read_text(encoding="utf-8"))
