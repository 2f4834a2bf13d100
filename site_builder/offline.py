"""What the service worker needs to know of a build (`offline.json`): each file's revision and size, the pages' titles,
each course's pages and their size, and the shell it keeps for the offline page. No MkDocs here: a built site folder
in, a document out."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from site_builder.buildcache import Memo

FILE = "offline.json"
OFFLINE_PAGE = "ngoai-tuyen/"
"""The page the worker shows when a page that was not saved cannot be fetched."""
NOT_FOUND = "404.html"
"""Kept with the shell: where the host answers a missing page with its own text (S3's XML behind CloudFront), the
worker answers the site's not-found page instead."""
SKIPPED = ("ap-phich/", "assets/javascripts/lunr/", "sitemap.xml", "sitemap.xml.gz", "sw.js", FILE)
"""Never kept for offline reading: posters (printed, not read on a phone), the theme's search language files (the
site has its own search), the worker and its manifest themselves. The short links' pages (`q/<id>/`, copies of their
ids' pages) are kept like any page opened, but not listed by title: the offline page lists the page itself."""
SHORT_LINKS = "q/"
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def revision(data: bytes) -> str:
    """A file's revision: the first 16 hex digits of its SHA-256 (the worker computes the same from what it fetched)."""
    return hashlib.sha256(data).hexdigest()[:16]


def address(relative: str) -> str:
    """The address a file is opened at, relative to the site: `a/index.html` is `a/`, `index.html` is ``."""
    if relative == "index.html":
        return ""
    return relative[: -len("index.html")] if relative.endswith("/index.html") else relative


def _source(name: str) -> str:
    """The file behind an address (the reverse of `address`)."""
    return name + "index.html" if name == "" or name.endswith("/") else name


class _Needs(HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.found.append(values["src"] or "")
        if tag == "link" and values.get("rel") == "stylesheet" and values.get("href"):
            self.found.append(values["href"] or "")


def needs(site: Path, page: str) -> list[str]:
    """The page at `page` (an address) and the site's own files it loads, as addresses."""
    parser = _Needs()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    base = "https://site/" + page
    out = [page]
    for link in parser.found:
        absolute = urljoin(base, link).split("?")[0].split("#")[0]
        if absolute.startswith("https://site/"):
            out.append(absolute[len("https://site/") :])
    return out


def document(
    site: Path,
    courses: dict[str, list[str]],
    site_name: str = "",
    unsaved: frozenset[str] = frozenset(),
    links: dict[str, str] | None = None,
    memo: Memo | None = None,
) -> dict:
    """The manifest of the built `site`: `files` (address → [revision, bytes]), `titles` of the HTML pages (without
    " - `site_name`"), `courses` (id → the pages a learner saves with it and the bytes they cost compressed, from
    `courses`: id → its pages' addresses, the course page first: its folder's other files go with it), and `shell`
    (the offline page and what it loads, and the not-found page, kept as soon as the worker is installed). Files of
    a course's folder named in `unsaved` (the lessons' PDF handouts: printed copies of pages it keeps anyway, ten
    times their size) are not saved with it. `links` (`q/<id>/` → the page it copies, from `links`: id → page) lets
    the worker open a saved page at a short link never opened before. `memo` keeps the compressed sizes between
    builds (compressing the pages again took 0.3 s of a 16-course build)."""
    files: dict[str, list] = {}
    titles: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative.startswith(SKIPPED):
            continue
        data = path.read_bytes()
        files[address(relative)] = [revision(data), len(data)]
        if relative.endswith(".html") and not relative.startswith(SHORT_LINKS):
            found = _TITLE.search(data.decode("utf-8", "replace"))
            if found:
                title = html.unescape(found.group(1).strip())
                titles[address(relative)] = title.removesuffix(f" - {site_name}") if site_name else title
    kept = {}
    for course, pages in courses.items():
        # a lesson's attachments sit in its course's folder; the pages are directories
        folder = pages[0] if pages else ""
        attached = [
            name
            for name in files
            if folder and name.startswith(folder) and not name.endswith(("/", ".html")) and name not in unsaved
        ]
        listed = [page for page in pages if page in files] + attached
        # what saving costs on the network: the pages travel compressed (the local server and CloudFront gzip them)
        sent = sum(_compressed(site / _source(name), files[name][0], files[name][1], memo) for name in listed)
        kept[course] = {"pages": listed, "bytes": sent}
    shell = [page for page in needs(site, OFFLINE_PAGE) if page in files] if (site / OFFLINE_PAGE).is_dir() else []
    shell += [NOT_FOUND] if NOT_FOUND in files else []
    short = {f"{SHORT_LINKS}{short_id}/": page for short_id, page in sorted((links or {}).items())}
    return {"files": files, "titles": titles, "courses": kept, "shell": shell, "links": short}


def _compressed(path: Path, revision: str, size: int, memo: Memo | None) -> int:
    """The size of the file at `path` gzipped as the servers send it; `revision` and `size` are its content's."""

    def compress() -> int:
        return len(gzip.compress(path.read_bytes(), 6, mtime=0))

    return memo.get(compress, "gzip-6", revision, size) if memo else compress()


def write(
    site: Path,
    courses: dict[str, list[str]],
    site_name: str = "",
    unsaved: frozenset[str] = frozenset(),
    links: dict[str, str] | None = None,
    memo: Memo | None = None,
) -> Path:
    """Writes the manifest of `site` into it; returns its path."""
    target = site / FILE
    found = document(site, courses, site_name, unsaved, links, memo)
    text = json.dumps(found, ensure_ascii=False, separators=(",", ":"))
    target.write_text(text, encoding="utf-8")
    return target
