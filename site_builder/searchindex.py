"""A small search index for Vietnamese: text folded (no diacritics, đ→d) so "chuyen doi so" finds "chuyển đổi số".

Built from each page's rendered HTML; written once per build; fetched by the browser only when search is opened.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from site_builder import buildcache
from site_builder.buildcache import Memo

_TAGS = re.compile(r"<(script|style|svg)\b.*?</\1>|<[^>]+>", re.S | re.I)
_SPACE = re.compile(r"\s+")
# search.js folds the query with the same two classes: the combining diacritics block (every Vietnamese mark is in
# it), and Python's and JavaScript's whitespace together (\ufeff is only JavaScript's): the two agree on both.
_MARKS = re.compile("[\u0300-\u036f]")
_FOLD_SPACE = re.compile(r"[\s\ufeff]+")


def fold(text: str) -> str:
    """Lowercase, without diacritics, with đ→d: the form both the index and the query are compared in.

    tests/vectors/search_fold.json holds this and search.js's fold to the same answers."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return _FOLD_SPACE.sub(" ", _MARKS.sub("", decomposed).lower()).strip()


def plain(markup: str) -> str:
    """The visible text of an HTML fragment."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", markup))).strip()


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    summary: str
    text: str


def entry(url: str, title: str, summary: str, markup: str, memo: Memo | None = None) -> Entry:
    """One page's entry: its title and summary as written, its whole text folded; the folded text kept in `memo`
    between builds, by what it is made of."""

    def folded() -> str:
        return fold(f"{title} {summary} {plain(markup)}")

    text = memo.get(folded, "search", buildcache.code(Path(__file__)), title, summary, markup) if memo else folded()
    return Entry(url=url, title=title, summary=summary, text=text)


def document(entries: list[Entry]) -> str:
    """The index as compact JSON: `u` url, `t` title, `d` summary, `x` folded text."""
    rows = [{"u": e.url, "t": e.title, "d": e.summary, "x": e.text} for e in sorted(entries, key=lambda e: e.url)]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
