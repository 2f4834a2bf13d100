"""How long a lesson takes: the words of its text read at a steady pace, plus its video's minutes.

An editor may still declare `duration:` (a lesson with exercises to do on a phone takes longer than its reading);
one far from the computed figure is reported, since it is usually a number copied from another lesson.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from site_builder.problems import Problem, problem

if TYPE_CHECKING:
    from site_builder.structure import Lesson
    from site_builder.yamlsource import Located

WORDS_PER_MINUTE = 200
RATIO = 2
"""A declared duration more than this many times the computed one, or less than its inverse, is implausible…"""
SLACK_MINUTES = 5
"""…unless the two differ by at most this many minutes (a short text read twice is not a mistake)."""
_MARKUP = re.compile(r"\]\([^)]*\)|<[^>]+>|\{[^}]*\}|^(?:!!!|\?\?\?)\+?\s+\w+", re.M)
_WORD = re.compile(r"(?<!\S)[^\s\w]*+\w")
"""The start of a whitespace-separated run holding a letter or digit (the regex's whitespace is `str.split`'s):
counted in one pass, not run by run."""


def words(markdown: str) -> int:
    """The words a reader reads: whitespace-separated runs holding a letter or digit, without link targets, HTML
    tags, attribute lists or admonition markers."""
    return len(_WORD.findall(_MARKUP.sub(" ", markdown)))


def computed(markdown: str, video_minutes: int | None) -> int:
    """ceil(words ÷ WORDS_PER_MINUTE), at least a minute, plus the video's minutes."""
    return max(1, math.ceil(words(markdown) / WORDS_PER_MINUTE)) + (video_minutes or 0)


def implausible(declared: int, computed: int) -> bool:
    """Whether a declared duration is far from the computed one (see RATIO and SLACK_MINUTES)."""
    far = declared > RATIO * computed or declared * RATIO < computed
    return far and abs(declared - computed) > SLACK_MINUTES


def check(lesson: Lesson, located: Located) -> list[Problem]:
    """The video's length goes with a video; a declared duration is close to what the text and video take."""
    meta, found = lesson.meta, []
    if meta.video and meta.video_minutes is None:
        found.append(problem(lesson.path, located.line_of(("video",)), "video", "video_minutes_missing"))
    if meta.video_minutes is not None and not meta.video:
        line = located.line_of(("video_minutes",))
        found.append(problem(lesson.path, line, "video_minutes", "video_minutes_without_video"))
    if meta.duration is not None and implausible(meta.duration, lesson.computed_duration):
        found.append(
            problem(
                lesson.path,
                located.line_of(("duration",)),
                "duration",
                "duration_implausible",
                detail=meta.duration,
                other=lesson.computed_duration,
                words=words(lesson.text),
                video=meta.video_minutes or 0,
            )
        )
    return found
