"""A lesson's video transcript: the `## Lời thoại video` section of its Markdown, shown folded under the video.

A section of the lesson rather than a file beside it: one file per lesson stays the rule (a stray `.md` in a course
folder is a problem), and the transcript is edited with the lesson it belongs to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from site_builder.problems import Problem, problem

if TYPE_CHECKING:
    from site_builder.structure import Lesson

HEADING = "Lời thoại video"
_SECTION = re.compile(rf"^## +{HEADING}[ \t]*\n(.*?)(?=^## |\Z)", re.M | re.S)


def split(body: str) -> tuple[str, str | None]:
    """(the body without its transcript section, the transcript's Markdown or None when there is none)."""
    found = _SECTION.search(body)
    if not found:
        return body, None
    rest = body[: found.start()] + body[found.end() :]
    return rest, found.group(1).strip() or None


def missing(lessons: list[Lesson]) -> list[Problem]:
    """A warning for each lesson with a video and no transcript: deaf learners, and learners on a connection too slow
    for the video, read nothing of it (a warning: a province may publish the video before its transcript is typed)."""
    return [
        problem(lesson.path, lesson.id_line, "video", "transcript_missing", detail=HEADING)
        for lesson in lessons
        if lesson.meta.video and not _SECTION.search(lesson.body)
    ]


def check(lesson: Lesson) -> list[Problem]:
    """A transcript needs a video to transcribe."""
    found = _SECTION.search(lesson.body)
    if not found or lesson.meta.video:
        return []
    line = lesson.body_line + lesson.body[: found.start()].count("\n")
    return [problem(lesson.path, line, "", "transcript_without_video", detail=HEADING)]
