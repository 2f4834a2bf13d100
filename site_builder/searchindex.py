"""A small search index for Vietnamese: text folded (no diacritics, đ→d) so "chuyen doi so" finds "chuyển đổi số".

Built from each page's rendered HTML; written once per build; fetched by the browser only when search is opened.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass

_TAGS = re.compile(r"<(script|style|svg)\b.*?</\1>|<[^>]+>", re.S | re.I)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase, without diacritics, with đ→d: the form both the index and the query are compared in."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACE.sub(" ", bare.lower()).strip()


def plain(markup: str) -> str:
    """The visible text of an HTML fragment."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", markup))).strip()


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    summary: str
    text: str


def entry(url: str, title: str, summary: str, markup: str) -> Entry:
    """One page's entry: its title and summary as written, its whole text folded."""
    return Entry(url=url, title=title, summary=summary, text=fold(f"{title} {summary} {plain(markup)}"))


def document(entries: list[Entry]) -> str:
    """The index as compact JSON: `u` url, `t` title, `d` summary, `x` folded text."""
    rows = [{"u": e.url, "t": e.title, "d": e.summary, "x": e.text} for e in sorted(entries, key=lambda e: e.url)]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
