"""A question as read from a file in another format, before it is checked against the course, and the text
clean-up every reader shares (Unicode NFC, HTML to plain text)."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from site_builder.problems import Problem


@dataclass
class Draft:
    """One question read from a source file; `line` is its row (Excel) or line (text formats), 1-based."""

    line: int
    text: str
    choices: list[str]
    answers: list[str]  # letters, A for the first choice
    id: str = ""
    lesson: str = ""
    explanation: str = ""
    title: str = ""  # a Moodle name or GIFT title that is not usable as an id, kept as a comment
    lines: dict[str, int] = field(default_factory=dict)  # a finer location per field, where the format has one

    def line_of(self, name: str) -> int:
        """The line (row) of `name` (a field such as "answer"), else of the question."""
        return self.lines.get(name, self.line)


@dataclass
class Read:
    """What a reader found in one file: the questions and the problems, each with its file and line (row)."""

    path: Path
    format: str
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def clean(text: str) -> str:
    """Text as the bank keeps it: NFC (Vietnamese typed on Windows often arrives decomposed), ends stripped."""
    return unicodedata.normalize("NFC", text).strip()


class _Plain(HTMLParser):
    """Collects the text of an HTML fragment; block ends become line breaks. Runs no script, fetches nothing."""

    _BREAKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\u00a0]+")


def plain(fragment: str) -> str:
    """Plain text of an HTML fragment (Moodle's question text): tags dropped, entities decoded, spaces tidied."""
    if "<" not in fragment and "&" not in fragment:
        return clean(fragment)
    parser = _Plain()
    parser.feed(fragment)
    parser.close()
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n")]
    return clean("\n".join(line for line in lines if line))


def as_html(text: str) -> str:
    """A plain text as the HTML fragment Moodle stores: escaped, one paragraph per line."""
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in text.split("\n"))


_ANSWER_SEPARATORS = re.compile(r"[\s,;/+&]+|\bvà\b", re.IGNORECASE)


def letters(raw: str) -> list[str] | None:
    """The answer letters written in a cell or after ANSWER: ("B", "a, c", "A;C", "AC"); None if anything else is
    there (a number, a word)."""
    compact = _ANSWER_SEPARATORS.sub("", clean(raw)).upper()
    if not compact or not compact.isascii() or not compact.isalpha():
        return None
    return list(compact)
