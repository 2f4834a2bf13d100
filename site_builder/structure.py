"""The content model: courses, lessons and questions as editors write them, validated into typed objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from functions import categories
from functions.bank import PracticeRules, QuizRules
from site_builder import durations, transcripts
from site_builder.problems import Problem

GROUPS: dict[str, str] = {
    "chuyen-doi-so": "Kiến thức, kỹ năng chuyển đổi số",
    "an-toan-thong-tin": "An toàn thông tin mạng",
}
LETTERS = "ABCDEFGH"

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Line = Annotated[str, Field(min_length=1, max_length=300)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Attachment(Strict):
    """A file offered for download with a lesson (PDF, PowerPoint…), relative to the course folder."""

    file: Line
    title: Line


class LessonMeta(Strict):
    """A lesson's front matter."""

    id: Slug
    title: Line
    summary: Line
    duration: int | None = Field(
        None, ge=1, le=600, description="Minutes of study, video included; computed from the text and video if absent."
    )
    video: Line | None = None
    video_minutes: int | None = Field(None, ge=1, le=600, description="The video's length, rounded up to a minute.")
    objectives: list[Line] = []
    files: list[Attachment] = []


class CourseMeta(Strict):
    """A course's `course.yml`."""

    id: Slug = Field(description="Permanent short id: the course's QR code and short link /q/<id>/.")
    title: Line
    group: Literal["chuyen-doi-so", "an-toan-thong-tin"]
    topics: list[Slug] = Field([], description="Codes of the programme's topics (`content/topics.yml`) it covers.")
    summary: Text
    audience: Line | None = None
    required_for: list[Annotated[str, Field(min_length=1, max_length=40)]] | None = Field(
        None,
        description="Learner category codes (`functions.categories`) the course is required for; `[]` for none. "
        "Absent: not declared, and a report of the course judges every category, as before courses declared it.",
    )
    lessons: list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*\.md$")]] = Field(min_length=1)
    quiz: QuizRules = QuizRules()
    practice: PracticeRules | None = Field(
        None, description="Guests' practice, drawn from `practice.yml` (disjoint from `questions.yml`); none if absent."
    )


class Topic(Strict):
    """One of the programme's topics (chuyên đề) in `content/topics.yml`."""

    code: Slug
    group: Literal["chuyen-doi-so", "an-toan-thong-tin"]
    title: Line
    description: Line


class TopicFile(Strict):
    topics: list[Topic] = Field(min_length=1)


class GuideMeta(Strict):
    """A citizens' guide's front matter."""

    id: Slug
    title: Line
    summary: Line
    duration: int = Field(5, ge=1, le=120, description="Minutes to read and do.")


class QuestionSource(Strict):
    """A question of `questions.yml`: `answer` is a letter (A, B, …) or a list of letters."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    lesson: Slug
    text: Text
    choices: list[Text] = Field(min_length=2, max_length=len(LETTERS))
    answer: Annotated[str, Field(pattern=r"^[A-H]$")] | list[Annotated[str, Field(pattern=r"^[A-H]$")]]
    explanation: Text

    @property
    def answer_letters(self) -> list[str]:
        return [self.answer] if isinstance(self.answer, str) else list(self.answer)

    @property
    def answer_indexes(self) -> list[int]:
        return sorted({LETTERS.index(letter) for letter in self.answer_letters})


class QuestionFile(Strict):
    questions: list[QuestionSource] = Field(min_length=1)


@dataclass
class Document:
    """A Markdown file with front matter: the validated front matter, the body, and where it lives."""

    meta: LessonMeta | GuideMeta
    slug: str
    body: str
    path: Path
    id_line: int = 1
    body_line: int = 1
    """The line of the file the body starts at, to locate a problem found in the body."""

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass
class Lesson(Document):
    """A lesson of a course."""

    meta: LessonMeta

    @cached_property
    def text(self) -> str:
        """The body without its video transcript: what the lesson page shows as the lesson."""
        return transcripts.split(self.body)[0]

    @cached_property
    def transcript(self) -> str | None:
        """The Markdown of the `## Lời thoại video` section, if the lesson has one."""
        return transcripts.split(self.body)[1]

    @cached_property
    def computed_duration(self) -> int:
        """Minutes to read the text (`durations.WORDS_PER_MINUTE`) plus the video's minutes."""
        return durations.computed(self.text, self.meta.video_minutes)

    @property
    def duration(self) -> int:
        """The declared duration if any, else the computed one."""
        return self.meta.duration or self.computed_duration


@dataclass
class Guide(Document):
    """A public guide for citizens (Phổ cập kỹ năng số)."""

    meta: GuideMeta


@dataclass
class Course:
    """A course folder: `course.yml`, its lessons in order, its question bank and its practice set."""

    id: str
    meta: CourseMeta
    path: Path
    lessons: list[Lesson] = field(default_factory=list)
    questions: list[QuestionSource] = field(default_factory=list)
    question_lines: list[int] = field(default_factory=list)
    practice: list[QuestionSource] = field(default_factory=list)
    practice_lines: list[int] = field(default_factory=list)
    id_line: int = 1
    sources: dict[str, Any] = field(default_factory=dict)
    """Each YAML file of the folder as read (`yamlsource.Located`, by file name), for checks that locate fields."""

    @property
    def duration(self) -> int:
        return sum(lesson.duration for lesson in self.lessons)

    @property
    def group_title(self) -> str:
        return GROUPS[self.meta.group]

    @property
    def required_labels(self) -> list[str]:
        """The printed names of the learner categories the course is required for, in the list's order."""
        return [label for code, label in categories.CATEGORIES.items() if code in (self.meta.required_for or ())]


@dataclass
class Catalog:
    """Everything under `content/`, valid."""

    root: Path
    courses: list[Course]
    guides: list[Guide] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """Problems that refuse nothing (`site_builder.problems.WARNINGS`), found by `catalog.load_checked`."""
    topics: list[Topic] = field(default_factory=list)

    def by_group(self) -> list[tuple[str, str, list[Course]]]:
        """(group id, group title, courses) in the programme's order, empty groups left out."""
        return [
            (group, title, [course for course in self.courses if course.meta.group == group])
            for group, title in GROUPS.items()
            if any(course.meta.group == group for course in self.courses)
        ]

    def by_topic(self) -> list[tuple[str, str, list[tuple[Topic, list[Course]]]]]:
        """(group id, group title, [(topic, the courses covering it)]) in the programme's and the file's order."""
        return [
            (
                group,
                title,
                [
                    (topic, [course for course in self.courses if topic.code in course.meta.topics])
                    for topic in self.topics
                    if topic.group == group
                ],
            )
            for group, title in GROUPS.items()
            if any(topic.group == group for topic in self.topics)
        ]
