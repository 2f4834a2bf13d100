"""The answer-key model: what the site build exports to `build/bank/` and the quiz function grades against.

This is the runtime contract between the build and the functions. The build imports it; it imports nothing
from the build.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from functions import categories

# What a learner sees after a certified attempt (see docs/editors.md): the score only (default), the score and the
# lessons whose questions were missed, or every drawn question's key and explanation.
Review = Literal["score", "lessons", "answers"]


def review_value(value: object) -> object:
    """`review` as written before it had three values: `true` showed the answers, `false` the score only."""
    if isinstance(value, bool):
        return "answers" if value else "score"
    return value


class QuizRules(BaseModel):
    """How a course's final test is run; every field has the programme's usual default."""

    model_config = ConfigDict(extra="forbid")

    questions: int = Field(default=20, ge=1, le=200, description="Questions drawn for each attempt.")
    pass_percent: int = Field(default=80, ge=1, le=100, description="Lowest score, in percent, that passes.")
    time_limit_minutes: int = Field(default=30, ge=1, le=600, description="Minutes from start to the deadline.")
    max_attempts: int = Field(default=3, ge=1, le=100, description="Attempts a learner may start for the course.")
    wait_minutes: int = Field(
        default=0, ge=0, le=10080, description="Minutes a learner waits after an attempt before the next."
    )
    score: Literal["best", "last"] = Field(default="best", description="Which attempt's score counts for the course.")
    review: Review = Field(
        default="score",
        description="What a certified attempt shows after submitting: `score` (only the score), `lessons` (the score "
        "and the lessons to revisit) or `answers` (every drawn question's key and explanation).",
    )
    require_lessons: bool = Field(default=False, description="The test opens only once every lesson is marked done.")

    _review = field_validator("review", mode="before")(review_value)


class PracticeRules(BaseModel):
    """The guests' practice of a course: drawn from its practice set, never from the certified pool."""

    model_config = ConfigDict(extra="forbid")

    questions: int = Field(default=10, ge=1, le=200, description="Practice questions drawn for each guest attempt.")


class BankQuestion(BaseModel):
    """One question with its key: choices in the editor's order, `answer` as 0-based indexes into them."""

    model_config = ConfigDict(extra="forbid")

    id: str
    lesson: str
    text: str
    choices: list[str] = Field(min_length=2)
    answer: list[int] = Field(min_length=1)
    explanation: str = ""

    @model_validator(mode="after")
    def _answer_within_choices(self) -> BankQuestion:
        if any(not 0 <= index < len(self.choices) for index in self.answer):
            raise ValueError(f"answer of {self.id} points outside its choices")
        return self

    @property
    def multiple(self) -> bool:
        return len(self.answer) > 1


class Bank(BaseModel):
    """A course's whole question bank, versioned by a hash of everything grading depends on."""

    model_config = ConfigDict(extra="forbid")

    course_id: str
    title: str
    rules: QuizRules
    lessons: list[str] = Field(default_factory=list, description="Lesson ids in course order.")
    questions: list[BankQuestion]
    practice_rules: PracticeRules | None = Field(
        default=None, description="None: the course offers guests no practice."
    )
    practice: list[BankQuestion] = Field(
        default_factory=list, description="The practice set, disjoint from `questions`."
    )
    required_for: list[str] | None = Field(
        default=None,
        description="The learner categories (`functions.categories` codes) the course is required for; empty: "
        "optional for all; None: not declared (a report of the course judges every category, as before courses "
        "declared it). Left out of `version`: who must take a course does not change how it is graded.",
    )
    version: str = ""

    @field_validator("required_for")
    @classmethod
    def _known_categories(cls, codes: list[str] | None) -> list[str] | None:
        unknown = [code for code in codes or () if code not in categories.CATEGORIES]
        if unknown:
            raise ValueError(f"not learner categories: {unknown}")
        return codes

    def required(self, category: str | None) -> bool:
        """Whether the course is required for a learner of `category` (None: a learner of no category)."""
        return self.required_for is not None and category in self.required_for

    @model_validator(mode="after")
    def _fill_version(self) -> Bank:
        if not self.version:
            self.version = self.content_hash()
        # The build refuses an overlap already (content problem `practice_overlap`); a bank written by other means
        # must not put a certified question in front of guests either.
        shared = {question.id for question in self.questions} & {question.id for question in self.practice}
        if shared:
            raise ValueError(f"practice questions also in the certified pool: {sorted(shared)}")
        return self

    def content_hash(self) -> str:
        """A short hash of the rules and questions: any change to them gives a new version."""
        payload = self.model_dump(
            mode="json", include={"course_id", "rules", "lessons", "questions", "practice_rules", "practice"}
        )
        canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @cached_property
    def by_id(self) -> dict[str, BankQuestion]:
        return {question.id: question for question in self.questions}

    @property
    def offers_practice(self) -> bool:
        """True when guests may practise: the course declares a practice set and it has questions."""
        return self.practice_rules is not None and bool(self.practice)


def bank_path(bank_dir: Path, course_id: str) -> Path:
    """Where the bank of a course lives in a bank folder."""
    return bank_dir / f"{course_id}.json"


def write_bank(bank: Bank, bank_dir: Path) -> Path:
    """Write a bank atomically (write then rename), so a reader never sees half a file."""
    bank_dir.mkdir(parents=True, exist_ok=True)
    target = bank_path(bank_dir, bank.course_id)
    partial = target.with_suffix(".json.tmp")
    partial.write_text(bank.model_dump_json(indent=1), encoding="utf-8")
    partial.replace(target)
    return target


class BankShelf:
    """Reads banks from a folder on demand and keeps them until their file changes."""

    def __init__(self, bank_dir: Path) -> None:
        self.bank_dir = bank_dir
        self._cache: dict[str, tuple[float, Bank]] = {}

    def get(self, course_id: str) -> Bank | None:
        """The current bank of a course, or None when the course has no published bank."""
        if not course_id.replace("-", "").isalnum():
            return None
        path = bank_path(self.bank_dir, course_id)
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            return None
        cached = self._cache.get(course_id)
        if cached and cached[0] == mtime:
            return cached[1]
        bank = Bank.model_validate_json(path.read_bytes())
        self._cache[course_id] = (mtime, bank)
        return bank
