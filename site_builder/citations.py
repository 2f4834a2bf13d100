"""Citations of legal texts in the content, checked against the register (`site_builder.laws`) on a given day.

A citation is a document number written in the text (`13/2023/NĐ-CP`) or a short name the register lists
("Luật An ninh mạng 2018"). Every citation must be in the register. A lesson, a guide or an explanation may speak of
a text that has lost effect only as history: the same paragraph says "hết hiệu lực" or "được thay thế", else a
warning; of a text not yet in force only with "có hiệu lực từ" in the paragraph, else a warning. A question's stem
and right choices must rest on texts in force on the day: an error otherwise (a wrong choice may name an old text,
as the misconception it is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from site_builder import buildcache, laws, yamlsource
from site_builder.buildcache import Memo
from site_builder.problems import Problem, problem
from site_builder.structure import LETTERS, Catalog, Document

HISTORY = re.compile(r"hết hiệu lực|được thay thế", re.IGNORECASE)
"""What a paragraph says to present a text that has lost effect as history."""
UPCOMING = re.compile(r"(?<!hết )hiệu lực từ", re.IGNORECASE)
"""What a paragraph says to present a text not yet in force ("có hiệu lực từ 1/7/2026")."""
_HEADING = re.compile(r"^#{1,6}\s")
COURSE_FIELDS = ("title", "summary", "audience")
"""The fields of `course.yml` a learner reads."""


@dataclass(frozen=True)
class Citation:
    """A citation as written (`text`, at `start` in the searched text) and the registered text it names, if any."""

    text: str
    start: int
    law: laws.Law | None


class Finder:
    """Finds citations with one register: document numbers, and its short names in any case and line wrapping."""

    def __init__(self, register: laws.Register) -> None:
        self.register = register
        names = sorted(register.aliases, key=len, reverse=True)  # the longest name first: "Nghị định 13/2023"
        parts = [r"\s+".join(map(re.escape, name.split())) for name in names]
        self.names = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE) if parts else None

    def find(self, text: str) -> list[Citation]:
        """Every citation in `text`, in order; a short name inside a written number counts once."""
        text = laws.canonical(text)
        found = [(m.start(), m.end(), m.group()) for m in laws.NUMBER.finditer(text)]
        taken = [(start, end) for start, end, _ in found]
        if self.names:
            for match in self.names.finditer(text):
                if not any(match.start() < end and start < match.end() for start, end in taken):
                    found.append((match.start(), match.end(), match.group()))
        return [Citation(written, start, self.register.find(written)) for start, _, written in sorted(found)]


def paragraphs(body: str, first_line: int) -> list[tuple[str, int]]:
    """The blocks of a Markdown body (separated by blank lines) with the line each starts on; a heading belongs to
    the block under it, so "## Luật An ninh mạng 2018" is read with the paragraph that explains it."""
    lines = body.splitlines()
    spans: list[list[int]] = []  # [first, last] index of each block's lines
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if spans and spans[-1][1] == index - 1 and not _HEADING.match(line):
            spans[-1][1] = index
        else:
            spans.append([index, index])
    merged: list[list[int]] = []
    for span in spans:
        if merged and merged[-1][0] == merged[-1][1] and _HEADING.match(lines[merged[-1][0]]):
            merged[-1][1] = span[1]  # a lone heading takes the block under it, blank lines kept for the count
        else:
            merged.append(span)
    return [("\n".join(lines[first : last + 1]), first_line + first) for first, last in merged]


class Checker:
    """The citation problems of the content on `day`."""

    def __init__(self, register: laws.Register, day: date) -> None:
        self.finder = Finder(register)
        self.day = day

    def _line(self, text: str, citation: Citation, line: int) -> int:
        return line + laws.canonical(text)[: citation.start].count("\n")

    def prose(self, path: Path, text: str, line: int, field: str = "") -> list[Problem]:
        """Problems of a paragraph a learner reads: unknown citations (errors), texts out of force unmarked
        (warnings)."""
        found: list[Problem] = []
        for citation in self.finder.find(text):
            at = self._line(text, citation, line)
            law = citation.law
            if law is None:
                found.append(problem(path, at, field, "law_unknown", detail=citation.text))
            elif law.ended_on(self.day) and not HISTORY.search(text):
                found.append(self._dated(path, at, field, "law_not_in_force", citation))
            elif self.day < law.source.in_force and not UPCOMING.search(text):
                found.append(self._dated(path, at, field, "law_not_yet_in_force", citation))
        return found

    def key(self, path: Path, text: str, line: int, field: str) -> list[Problem]:
        """Problems of a question's stem or right choice: every cited text must be in force on the day."""
        found: list[Problem] = []
        for citation in self.finder.find(text):
            law = citation.law
            if law is None:
                found.append(problem(path, line, field, "law_unknown", detail=citation.text))
            elif not law.in_force_on(self.day):
                found.append(self._dated(path, line, field, "question_law_not_in_force", citation))
        return found

    def unknown(self, path: Path, text: str, line: int, field: str) -> list[Problem]:
        """Problems of a wrong choice: only citations missing from the register."""
        return [
            problem(path, line, field, "law_unknown", detail=citation.text)
            for citation in self.finder.find(text)
            if citation.law is None
        ]

    def _dated(self, path: Path, line: int, field: str, code: str, citation: Citation) -> Problem:
        law = citation.law
        assert law is not None
        return problem(
            path, line, field, code, detail=citation.text, other=law.status(self.day), day=f"{self.day:%d/%m/%Y}"
        )

    def document(self, document: Document, text: str | None = None) -> list[Problem]:
        """Problems of a lesson's or guide's front matter (title, summary, objectives) and body, at the line of each
        citation; `text`: the file's, when already read."""
        parts = yamlsource.split_front_matter(document.path.read_text(encoding="utf-8") if text is None else text)
        if parts is None:
            return []
        front, body, first = parts
        found = self.fields(document.path, yamlsource.parse(front, offset=1), ("title", "summary", "objectives"))
        return found + [
            item for text, line in paragraphs(body, first) for item in self.prose(document.path, text, line)
        ]

    def fields(self, path: Path, located: yamlsource.Located, names: tuple[str, ...]) -> list[Problem]:
        """Problems of the text fields `names` of a YAML mapping (a list field: each of its items)."""
        found: list[Problem] = []
        data = located.data if isinstance(located.data, dict) else {}
        for name in names:
            value = data.get(name)
            items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for index, item in items:
                where = (name,) if index is None else (name, index)
                if isinstance(item, str):
                    found += self.prose(path, item, located.line_of(where), ".".join(map(str, where)))
        return found

    def bank(self, path: Path, located: yamlsource.Located | None = None) -> list[Problem]:
        """Problems of a question file (`located`: as the catalogue read it), at the line of the stem, choice or
        explanation that cites."""
        located = located or yamlsource.parse(path.read_text(encoding="utf-8"))
        found: list[Problem] = []
        for index, question in enumerate((located.data or {}).get("questions") or []):
            where = ("questions", index)
            answer = question.get("answer")
            right = {LETTERS.index(letter) for letter in ([answer] if isinstance(answer, str) else answer or [])}
            text = str(question.get("text", ""))
            found += self.key(path, text, located.line_of(where + ("text",)), f"questions.{index}.text")
            for number, choice in enumerate(question.get("choices") or []):
                line = located.line_of(where + ("choices", number))
                name = f"questions.{index}.choices.{number}"
                check = self.key if number in right else self.unknown
                found += check(path, str(choice), line, name)
            explanation = str(question.get("explanation", ""))
            line = located.line_of(where + ("explanation",))
            found += self.prose(path, explanation, line, f"questions.{index}.explanation")
        return found


_CODE = tuple(Path(__file__).parent / name for name in ("citations.py", "laws.py", "yamlsource.py", "problems.py"))
"""The code that finds citation problems: a change to it checks every file again (`check`'s memo)."""


def _cited_in(catalog: Catalog) -> list[tuple[Path, str, yamlsource.Located | Document | None]]:
    """Every file that may cite a text: (path, what it is, the source the catalogue read or the document)."""
    files: list[tuple[Path, str, yamlsource.Located | Document | None]] = []
    for course in catalog.courses:
        files.append((course.path / "course.yml", "course", course.sources.get("course.yml")))
        files += [(lesson.path, "document", lesson) for lesson in course.lessons]
        for name in ("questions.yml", "practice.yml"):
            if (course.path / name).is_file():
                files.append((course.path / name, "bank", course.sources.get(name)))
    return files + [(guide.path, "document", guide) for guide in catalog.guides]


def _file_problems(checker: Checker, path: Path, kind: str, source, text: str) -> list[Problem]:
    if kind == "document":
        return checker.document(source, text)
    located = source or yamlsource.parse(text)
    return checker.bank(path, located) if kind == "bank" else checker.fields(path, located, COURSE_FIELDS)


def check(catalog: Catalog, register: laws.Register, day: date, memo: Memo | None = None) -> list[Problem]:
    """Every citation problem of the catalogue's courses, lessons, guides, question banks and practice sets on `day`.
    `memo` keeps each file's problems between builds, under its text, the register, the day and this code: a rebuild
    checks again only the files that changed (checking them all is a quarter of a 16-course build's overhead)."""
    checker = Checker(register, day)
    held = repr((register.laws, register.aliases, day))
    found: list[Problem] = []
    for path, kind, source in _cited_in(catalog):
        text = path.read_text(encoding="utf-8")
        if memo is None:
            found += _file_problems(checker, path, kind, source, text)
            continue

        def rows(path: Path = path, kind: str = kind, source=source, text: str = text) -> list:
            problems = _file_problems(checker, path, kind, source, text)
            return [[str(item.path), item.line, item.field, item.code, item.message] for item in problems]

        kept = memo.get(rows, "citations", buildcache.code(*_CODE), held, path, text)
        found += [Problem(Path(where), line, field, code, message) for where, line, field, code, message in kept]
    return found


def check_content(catalog: Catalog, day: date | None = None, memo: Memo | None = None) -> list[Problem]:
    """The register's own problems, or, when it has none, the catalogue's citation problems on `day` (today); `memo`
    as `check`'s."""
    register, found = laws.load(catalog.root)
    return found or check(catalog, register, day or date.today(), memo)
