"""Aiken, the plainest multiple-choice format Moodle reads: a stem line, choices `A.` or `A)`, then `ANSWER: X`.

hocso reads two additions, documented in docs/editors.md: several letters after ANSWER (`ANSWER: A, C`) and a
`GIẢI THÍCH:` line after it, since the bank needs an explanation and Aiken has no place for one."""

from __future__ import annotations

import re
from pathlib import Path

from site_builder.banks.draft import Draft, Read, clean, letters
from site_builder.problems import problem
from site_builder.structure import LETTERS

_CHOICE = re.compile(r"^([A-Ha-h])\s*[.)]\s*(.*)$")
_ANSWER = re.compile(r"^(?:ANSWER|ĐÁP ÁN)\s*:\s*(.*)$", re.IGNORECASE)
_EXPLANATION = re.compile(r"^(?:GIẢI THÍCH|EXPLANATION)\s*:\s*(.*)$", re.IGNORECASE)


def read(path: Path, source: str) -> Read:
    """The questions of an Aiken file, each problem located by line."""
    found = Read(path=path, format="Aiken")
    current: Draft | None = None
    answered = False

    def syntax(number: int, detail: str) -> None:
        found.problems.append(problem(path, number, "", "bank_syntax", detail=detail, other="Aiken"))

    for number, raw in enumerate(source.splitlines(), start=1):
        line = clean(raw)
        if not line:
            continue
        choice = _CHOICE.match(line)
        answer = _ANSWER.match(line)
        explanation = _EXPLANATION.match(line)
        if answer:
            if current is None or answered:
                syntax(number, "dòng ANSWER: không đi sau một câu hỏi")
                continue
            current.lines["answer"] = number
            written = clean(answer.group(1))
            current.answers = letters(written) or ([written] if written else [])
            answered = True
        elif explanation:
            if current is None or not answered:
                syntax(number, "dòng GIẢI THÍCH: phải đứng sau dòng ANSWER: của câu hỏi")
                continue
            current.explanation = clean(explanation.group(1))
            current.lines["explanation"] = number
        elif choice and current is not None and not answered:
            expected = LETTERS[len(current.choices)] if len(current.choices) < len(LETTERS) else "?"
            if choice.group(1).upper() != expected:
                syntax(number, f"lựa chọn {choice.group(1).upper()} đứng ở chỗ của lựa chọn {expected}")
            current.lines[f"choices.{len(current.choices)}"] = number
            current.choices.append(clean(choice.group(2)))
        elif current is not None and not answered and not current.choices:
            current.text = f"{current.text} {line}"  # a stem wrapped over several lines
        else:  # a new question; one left without ANSWER: is reported by the checks as having no right answer
            current, answered = Draft(line=number, text=line, choices=[], answers=[]), False
            found.drafts.append(current)
    return found
