"""The build-output contract: everything the hocso plugin must add to a built site, counted from the content.

The plugin makes most of the site: course, lesson, quiz and guide pages, a `/q/<id>/` copy of the page and a poster per
short id, the folded search index, the verification page and its keys, the service worker with its manifest and
offline page, the not-found page, and, outside the site, the question banks and the published ids the functions
read. A site engine that skips third-party plugins (Zensical does, silently) still builds a site, just without any
of these. `missing` names each one absent or incomplete, so a test (or a deploy step) fails loudly. Plain Python: it
reads files, imports no MkDocs, and derives every expected output from the content model, never from the plugin's
own lists of what it wrote.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from functions.published import FILE as PUBLISHED_FILE
from site_builder import places
from site_builder.searchindex import fold
from site_builder.shortlinks import load_register
from site_builder.structure import Catalog, Course

ASSETS = Path(__file__).parent / "assets"
Check = Callable[[bytes], str | None]
"""Given a file's bytes, why it falls short of the contract (None when it holds what it must)."""


@dataclass(frozen=True)
class Output:
    """One thing a build must produce: a file under the site (`site/...`) or the banks' folder (`bank/...`), what it
    is for, and what its content must hold."""

    path: str
    what: str
    check: Check | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


def _holding(*needles: str) -> Check:
    """A check that the file's text contains each of `needles`."""

    def check(data: bytes) -> str | None:
        text = data.decode("utf-8", errors="replace")
        absent = [needle for needle in needles if needle not in text]
        return f"lacks {', '.join(repr(needle) for needle in absent)}" if absent else None

    return check


def _starting(prefix: bytes) -> Check:
    return lambda data: None if data.startswith(prefix) else f"does not start with {prefix!r}"


@lru_cache(maxsize=8)
def _json(data: bytes) -> Any:
    # The search index is checked once per page it must list; parse it once.
    return json.loads(data)


def _searchable(url: str, title: str, summary: str) -> Check:
    """A check that the search index has the page at `url` with its title (numbered as in the navigation, for a
    lesson) and summary, and its text folded."""

    def check(data: bytes) -> str | None:
        rows = [row for row in _json(data) if isinstance(row, dict) and row.get("u") == url]
        if not rows:
            return f"no entry for {url}"
        row = rows[0]
        if not str(row.get("t", "")).endswith(title) or row.get("d") != summary:
            return f"entry for {url} has title {row.get('t')!r} and summary {row.get('d')!r}"
        if fold(title) not in str(row.get("x", "")):
            return f"entry for {url} has no folded text holding its title"
        return None

    return check


def _bank(course: Course) -> Check:
    """A check that a course's exported bank has its every question, practice question and lesson."""

    def check(data: bytes) -> str | None:
        bank = _json(data)
        counts = (len(bank.get("questions", [])), len(bank.get("practice", [])), bank.get("lessons"))
        wanted = (len(course.questions), len(course.practice), [lesson.id for lesson in course.lessons])
        return None if counts == wanted else f"holds {counts}, not {wanted} (questions, practice, lessons)"

    return check


def _lines(wanted: list[str]) -> Check:
    return lambda data: None if data.decode().split() == wanted else f"does not list exactly {len(wanted)} ids"


def _key_set(data: bytes) -> str | None:
    keys = _json(data)
    return None if isinstance(keys, dict) and isinstance(keys.get("keys"), list) else "is not a JSON Web Key set"


def short_ids(catalog: Catalog) -> dict[str, str]:
    """Every live short id of the content and the page it opens (a path under the site)."""
    found: dict[str, str] = {}
    for course in catalog.courses:
        found[course.meta.id] = f"khoa-hoc/{course.id}/"
        for lesson in course.lessons:
            found[lesson.id] = f"khoa-hoc/{course.id}/{lesson.slug}/"
    for guide in catalog.guides:
        found[guide.id] = f"huong-dan/{guide.slug}/"
    return found


def _pages(catalog: Catalog) -> list[Output]:
    """The site's pages: home, each course with its lessons, their handouts, attachments and test, the topics,
    guides, the learners' and the administrators' pages, verification, search."""
    home = [f'href="khoa-hoc/{course.id}/"' for course in catalog.courses] + ["assets/hocso/hocso.js"]
    out = [Output("site/index.html", "home page listing every course", _holding(*home))]
    for course in catalog.courses:
        base = f"site/khoa-hoc/{course.id}"
        links = [f'href="{lesson.slug}/"' for lesson in course.lessons]
        out.append(
            Output(
                f"{base}/index.html",
                f"course page of {course.id} with its QR code and lessons",
                _holding('class="hocso-qr__code"', f"/q/{course.meta.id}/</a>", *links),
            )
        )
        for lesson in course.lessons:
            out.append(
                Output(
                    f"{base}/{lesson.slug}/index.html",
                    f"lesson page of {lesson.id} with its QR code and a link to its handout",
                    _holding('class="hocso-qr__code"', f"/q/{lesson.id}/</a>", f'href="../{lesson.slug}.pdf"'),
                )
            )
            out.append(Output(f"{base}/{lesson.slug}.pdf", f"PDF handout of {lesson.id}", _starting(b"%PDF")))
            out += [
                Output(f"{base}/{attachment.file}", f"attachment of {lesson.id}") for attachment in lesson.meta.files
            ]
        out.append(
            Output(
                f"{base}/kiem-tra/index.html",
                f"final test page of {course.id}",
                _holding('id="hocso-quiz"', f'data-course="{course.id}"'),
            )
        )
    if catalog.topics:
        codes = [f'id="{topic.code}"' for topic in catalog.topics]
        out.append(Output("site/chuyen-de/index.html", "topics page with every topic", _holding(*codes)))
    if catalog.guides:
        links = [f'href="{guide.slug}/"' for guide in catalog.guides]
        out.append(Output("site/huong-dan/index.html", "guides page listing every guide", _holding(*links)))
    for guide in catalog.guides:
        out.append(
            Output(
                f"site/huong-dan/{guide.slug}/index.html",
                f"guide page of {guide.id} with its QR code",
                _holding('class="hocso-qr__code"', f"/q/{guide.id}/</a>"),
            )
        )
    fixed = [
        (
            "tim-kiem",
            "search page reading the folded index",
            ('id="hocso-search"', 'data-index="../search/hocso.json"'),
        ),
        ("tai-khoan", "account page", ('id="hocso-account"',)),
        ("cua-toi", "learner's courses page", ('id="hocso-mine"',)),
        ("xac-minh", "certificate verification page", ('id="hocso-verify"', 'data-keys="keys.json"')),
        ("quan-tri", "administrators' dashboard", ('id="hocso-admin-dashboard"',)),
        ("quan-tri/nhap-du-lieu", "administrators' import page", ('id="hocso-admin-import"',)),
        ("quan-tri/hoc-vien", "administrators' learners page", ('id="hocso-admin-learners"',)),
        ("quan-tri/dau-moi", "administrators' focal officials page", ('id="hocso-admin-focal"',)),
        ("quan-tri/dot-dao-tao", "administrators' training rounds page", ('id="hocso-admin-rounds"',)),
        ("quan-tri/lop-tap-huan", "administrators' classroom training page", ('id="hocso-admin-classes"',)),
        ("quan-tri/cau-hoi", "administrators' question statistics page", ('id="hocso-admin-questions"',)),
        ("quan-tri/don-vi", "administrators' units page (merge, rename)", ('id="hocso-admin-units"',)),
        ("dau-moi", "focal official's page", ('id="hocso-focal"',)),
        ("quan-tri/nhat-ky", "administrators' audit page", ('id="hocso-admin-audit"',)),
    ]
    out += [Output(f"site/{folder}/index.html", what, _holding(*needles)) for folder, what, needles in fixed]
    return out


def _short_links(catalog: Catalog) -> list[Output]:
    """A copy of its page (naming the page as canonical) and a poster per short id; a page per retired id; the
    posters' sets and a set per place of `places.yml`; the names of the ids and places for the dashboard."""
    out = []
    for short_id, url in sorted(short_ids(catalog).items()):
        out.append(
            Output(
                f"site/q/{short_id}/index.html",
                f"short link {short_id} serving a copy of {url}",
                _holding(f'/{url}"><meta name="robots" content="noindex">', f"/q/{short_id}/</a>"),
            )
        )
        out.append(Output(f"site/ap-phich/{short_id}.pdf", f"poster of {short_id}", _starting(b"%PDF")))
    entries, _, _ = load_register(catalog.root)
    live = short_ids(catalog)
    for short_id, entry in sorted(entries.items()):
        if entry.retired is not None and short_id not in live:
            out.append(Output(f"site/q/{short_id}/index.html", f"page of retired short id {short_id}"))
    out += [
        Output(f"site/ap-phich/{course.meta.id}-tat-ca.pdf", f"posters of all of {course.id}", _starting(b"%PDF"))
        for course in catalog.courses
    ]
    if catalog.guides:
        out.append(Output("site/ap-phich/huong-dan.pdf", "posters of all guides", _starting(b"%PDF")))
    placed, _ = places.load(catalog.root, set(live))
    out += [
        Output(f"site/ap-phich/noi-dat/{place.code}.pdf", f"posters put up at {place.code}", _starting(b"%PDF"))
        for place in placed
    ]
    named = [f'"{short_id}":' for short_id in sorted(live)] + [f'"{place.code}":' for place in placed]
    out.append(Output("site/ap-phich/danh-muc.json", "titles of the ids and names of the places", _holding(*named)))
    return out


def _search(catalog: Catalog) -> list[Output]:
    """An entry of the folded search index per course, lesson and guide."""
    index = "site/search/hocso.json"
    out = []
    for course in catalog.courses:
        summary = course.meta.summary.replace("\n", " ")
        out.append(
            Output(
                index,
                f"course {course.id} searchable",
                _searchable(f"khoa-hoc/{course.id}/", course.meta.title, summary),
            )
        )
        out += [
            Output(
                index,
                f"lesson {lesson.id} searchable",
                _searchable(f"khoa-hoc/{course.id}/{lesson.slug}/", lesson.meta.title, lesson.meta.summary),
            )
            for lesson in course.lessons
        ]
    out += [
        Output(
            index,
            f"guide {guide.id} searchable",
            _searchable(f"huong-dan/{guide.slug}/", guide.meta.title, guide.meta.summary),
        )
        for guide in catalog.guides
    ]
    return out


def expected(catalog: Catalog, public_keys: dict | None = None) -> list[Output]:
    """Every output a build of `catalog` must have; with `public_keys` (the key set the build was given), a file
    per key beside the published set."""
    out = _pages(catalog) + _short_links(catalog) + _search(catalog)
    out.append(Output("site/xac-minh/keys.json", "published certificate keys", _key_set))
    out += [
        Output(f"site/xac-minh/keys/{key['kid']}.json", f"certificate key {key['kid']}", _holding(key["x"]))
        for key in (public_keys or {}).get("keys", [])
    ]
    out.append(
        Output(
            "site/sw.js",
            "service worker keeping pages for offline reading",
            lambda data: "has no build version" if b"__BUILD__" in data else None,
        )
    )
    saved = _holding(*(f'"{course.id}":{{"pages":' for course in catalog.courses))
    out.append(Output("site/offline.json", "revisions the service worker keeps saved pages by", saved))
    out.append(Output("site/ngoai-tuyen/index.html", "offline page listing the saved pages", _holding("hocso-saved")))
    out.append(Output("site/404.html", "Vietnamese not-found page", _holding("Không tìm thấy trang này")))
    out += [
        Output(f"site/assets/hocso/{path.name}", "script or style of the site")
        for path in sorted(ASSETS.iterdir())
        if path.name != "sw.js"
    ]
    out += [
        Output(f"bank/{course.id}.json", f"question bank of {course.id}", _bank(course)) for course in catalog.courses
    ]
    out.append(
        Output(f"bank/{PUBLISHED_FILE}", "short ids the events function counts", _lines(sorted(short_ids(catalog))))
    )
    return out


def missing(catalog: Catalog, site: Path, bank_dir: Path, public_keys: dict | None = None) -> list[str]:
    """What a build left out: each expected output absent (`<path>: <what>`) or incomplete (`...: <why>`)."""
    roots = {"site": site, "bank": bank_dir}
    found: list[str] = []
    for output in expected(catalog, public_keys):
        where, _, path = output.path.partition("/")
        file = roots[where] / path
        if not file.is_file():
            found.append(str(output))
            continue
        try:
            why = output.check(file.read_bytes()) if output.check else None
        except (ValueError, AttributeError, TypeError) as exc:  # unreadable JSON is a shortfall, not a crash
            why = f"unreadable ({exc})"
        if why:
            found.append(f"{output}: {why}")
    return found
