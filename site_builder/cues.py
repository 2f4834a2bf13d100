"""Cues that give a question's answer away without study, measured per question file (`questions.yml` and
`practice.yml` of each course), and near-duplicate stems across the whole catalogue.

The measures (thresholds in docs/editors.md, "Câu hỏi không đoán được đáp án"): the share of questions whose right
choice is strictly the longest; the share of right and of wrong choices carrying an absolute word ("chỉ", "luôn",
"tuyệt đối"…) and the gap between them; the questions where every wrong choice carries one and the right choice
does not, or the reverse; the share of each answer letter; stems whose normalised similarity reaches 0.85.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.problems import Problem, problem
from site_builder.structure import LETTERS, Catalog, QuestionSource

ABSOLUTE = (
    "không bao giờ",
    "tuyệt đối",
    "hoàn toàn",
    "tất cả",
    "bất kỳ",
    "bất kì",
    "bất cứ",
    "duy nhất",
    "chắc chắn",
    "toàn bộ",
    "luôn",
    "mọi",
    "chỉ",
)
"""Words that make a choice sweeping; test-wise readers learn that sweeping choices are usually wrong."""
NOT_ABSOLUTE = (
    "địa chỉ",
    "chỉ đạo",
    "chỉ số",
    "chỉ tiêu",
    "chỉ thị",
    "chỉ dẫn",
    "chỉ định",
    "chỉ ra",
    "chỉ rõ",
    "chỉ huy",
    "chỉ điểm",
    "chỉ mục",
    "luôn cả",
)
"""Words that contain an absolute word without its sense ("địa chỉ" is an address, "chỉ đạo" is to direct)."""
MAX_LONGEST = 0.35
MAX_ABSOLUTE_GAP = 10.0
"""Percentage points between the share of right and of wrong choices carrying an absolute word."""
MAX_ABSOLUTE_PATTERN = 2
LETTER_SHARE = (0.6, 1.4)
"""Each letter's share of questions, as a multiple of an even share: 15-35 % with four choices."""
MIN_JUDGED = 20
"""Shares are judged on files of at least this many one-answer questions: below, one question moves a share by
more than five points, and a small test file says nothing of a bank."""
NEAR_DUPLICATE = 0.85
_EPSILON = 1e-9
"""Shares are fractions of whole counts: a share exactly at a threshold must not fail by a rounding error."""


def _words(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).lower()
    return " " + " ".join(re.sub(r"[^\w\s]", " ", folded).split()) + " "


def absolute(text: str) -> bool:
    """Whether `text` carries an absolute word (outside the exclusions of `NOT_ABSOLUTE`)."""
    words = _words(text)
    for phrase in NOT_ABSOLUTE:
        words = words.replace(f" {phrase} ", " ")
    return any(f" {word} " in words for word in ABSOLUTE)


def normalised(stem: str) -> str:
    """A stem compared for near-duplicates: lower case, no punctuation, single spaces."""
    return _words(stem).strip()


@dataclass
class BankCues:
    """The cue figures of one question file."""

    path: Path
    questions: int
    judged: int
    """One-answer questions: the shares are counted on them."""
    longest: float = 0.0
    right_absolute: float = 0.0
    wrong_absolute: float = 0.0
    pattern: list[str] = field(default_factory=list)
    """Ids of questions whose wrong choices all carry an absolute word and the right one not, or the reverse."""
    letters: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Percentage points between right and wrong choices carrying an absolute word."""
        return abs(self.right_absolute - self.wrong_absolute) * 100

    def summary(self) -> str:
        """One line of figures, in Vietnamese, for `hocso validate`."""
        letters = ", ".join(f"{letter} {share:.0%}" for letter, share in self.letters.items())
        return (
            f"{self.path}: {self.questions} câu; đáp án đúng dài nhất {self.longest:.0%} (tối đa {MAX_LONGEST:.0%}); "
            f"từ tuyệt đối ở đáp án đúng {self.right_absolute:.0%}, ở lựa chọn sai {self.wrong_absolute:.0%}, chênh "
            f"{self.gap:.0f} điểm (tối đa {MAX_ABSOLUTE_GAP:.0f}); câu lộ đáp án qua từ tuyệt đối {len(self.pattern)} "
            f"(tối đa {MAX_ABSOLUTE_PATTERN}); chữ cái đáp án: {letters}"
        )


def measure(path: Path, questions: list[QuestionSource]) -> BankCues:
    """The cue figures of `questions`, read from `path`."""
    single = [q for q in questions if len(q.answer_indexes) == 1]
    cues = BankCues(path=path, questions=len(questions), judged=len(single))
    if not single:
        return cues
    right_abs = wrong_abs = wrong_total = longest = 0
    for question in single:
        [right] = question.answer_indexes
        lengths = [len(choice) for choice in question.choices]
        longest += all(lengths[right] > length for n, length in enumerate(lengths) if n != right)
        marks = [absolute(choice) for choice in question.choices]
        wrong = marks[:right] + marks[right + 1 :]
        right_abs += marks[right]
        wrong_abs += sum(wrong)
        wrong_total += len(wrong)
        if (all(wrong) and not marks[right]) or (marks[right] and not any(wrong)):
            cues.pattern.append(question.id)
    cues.longest = longest / len(single)
    cues.right_absolute = right_abs / len(single)
    cues.wrong_absolute = wrong_abs / wrong_total if wrong_total else 0.0
    offered = LETTERS[: max(len(q.choices) for q in single)]
    cues.letters = {letter: sum(q.answer == letter for q in single) / len(single) for letter in offered}
    return cues


def bank_problems(cues: BankCues, line: int) -> list[Problem]:
    """The thresholds `cues` goes beyond, each a problem of its file at `line`."""
    found: list[Problem] = []
    if len(cues.pattern) > MAX_ABSOLUTE_PATTERN:
        found.append(
            problem(
                cues.path, line, "", "cue_absolute_pattern", detail=len(cues.pattern), other=", ".join(cues.pattern)
            )
        )
    if cues.judged < MIN_JUDGED:
        return found
    if cues.longest > MAX_LONGEST + _EPSILON:
        found.append(problem(cues.path, line, "", "cue_longest", detail=f"{cues.longest:.0%}"))
    if cues.gap > MAX_ABSOLUTE_GAP + _EPSILON:
        found.append(
            problem(
                cues.path,
                line,
                "",
                "cue_absolute",
                detail=f"{cues.right_absolute:.0%}",
                other=f"{cues.wrong_absolute:.0%}",
            )
        )
    low, high = (bound / len(cues.letters) for bound in LETTER_SHARE)
    for letter, share in cues.letters.items():
        if not low - _EPSILON <= share <= high + _EPSILON:
            found.append(
                problem(
                    cues.path,
                    line,
                    "",
                    "cue_letters",
                    detail=letter,
                    other=f"{share:.0%}",
                    low=f"{low:.0%}",
                    high=f"{high:.0%}",
                )
            )
    return found


def _files(catalog: Catalog) -> list[tuple[Path, list[QuestionSource], list[int]]]:
    files = []
    for course in catalog.courses:
        files.append((course.path / "questions.yml", course.questions, course.question_lines))
        if course.practice:
            files.append((course.path / "practice.yml", course.practice, course.practice_lines))
    return files


def near_duplicates(catalog: Catalog) -> list[Problem]:
    """Pairs of stems anywhere in the catalogue whose normalised similarity reaches `NEAR_DUPLICATE`, reported at
    the later of the two with the other's file and line."""
    stems = [
        (path, line, question.id, normalised(question.text))
        for path, questions, lines in _files(catalog)
        for question, line in zip(questions, lines, strict=True)
    ]
    found: list[Problem] = []
    for index, (path, line, qid, stem) in enumerate(stems):
        matcher = difflib.SequenceMatcher(None, "", stem)  # the later stem is cached as `b`
        for other_path, other_line, other_id, other in stems[:index]:
            matcher.set_seq1(other)
            # the quick bounds first: most pairs are far apart and never need the full ratio
            if matcher.real_quick_ratio() < NEAR_DUPLICATE or matcher.quick_ratio() < NEAR_DUPLICATE:
                continue
            ratio = matcher.ratio()
            if ratio >= NEAR_DUPLICATE:
                where = f"{other_id} ({other_path}:{other_line})"
                found.append(
                    problem(
                        path,
                        line,
                        "text",
                        "question_near_duplicate",
                        detail=qid,
                        other=where,
                        ratio=f"{ratio:.2f}".replace(".", ","),
                    )
                )
    return found


def _list_line(path: Path) -> int:
    """The line of the file's `questions:` key, where a problem of the whole file is reported."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("questions:"):
            return number
    return 1


def check(catalog: Catalog) -> tuple[list[BankCues], list[Problem]]:
    """The figures of every question file of the catalogue, and every threshold gone beyond."""
    figures: list[BankCues] = []
    found: list[Problem] = []
    for path, questions, _ in _files(catalog):
        cues = measure(path, questions)
        figures.append(cues)
        found += bank_problems(cues, _list_line(path))
    return figures, found + near_duplicates(catalog)
