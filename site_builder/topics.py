"""The programme's topics (chuyên đề, `content/topics.yml`) and the courses' claims to cover them.

The file is optional, so a content tree without topics still builds; a course naming a topic then names an unknown
one.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from site_builder import yamlsource
from site_builder.problems import Problem, field_problems, problem
from site_builder.structure import Course, Topic, TopicFile

FILE = "topics.yml"


def load(content_dir: Path, problems: list[Problem]) -> list[Topic] | None:
    """The topics of `content_dir/topics.yml` (none when the file is absent), each code once; None when the file is
    unreadable, its problems reported (the courses' codes are then not judged against it)."""
    path = content_dir / FILE
    if not path.is_file():
        return []
    try:
        located = yamlsource.parse(path.read_text(encoding="utf-8"))
    except yamlsource.SourceError as exc:
        problems.append(problem(path, exc.line, "", "yaml_invalid", detail=exc))
        return None
    try:
        listed = TopicFile.model_validate(located.data if located.data is not None else {}).topics
    except ValidationError as exc:
        problems.extend(field_problems(exc.errors(), path, located.line_of))
        return None
    seen: dict[str, int] = {}
    for index, topic in enumerate(listed):
        line = located.line_of(("topics", index, "code"))
        if topic.code in seen:
            other = f"{FILE}:{seen[topic.code]}"
            problems.append(problem(path, line, f"topics.{index}.code", "id_duplicate", detail=topic.code, other=other))
        seen.setdefault(topic.code, line)
    return listed


def check(course: Course, located: yamlsource.Located, topics: list[Topic] | None) -> list[Problem]:
    """Every code a course's `topics` lists is a topic of the file (not judged when the file is unreadable)."""
    if topics is None:
        return []
    known = {topic.code for topic in topics}
    path = course.path / "course.yml"
    return [
        problem(
            path,
            located.line_of(("topics", index)),
            f"topics.{index}",
            "topic_unknown",
            detail=code,
            other=", ".join(sorted(known)) or "(chưa có tệp content/topics.yml)",
        )
        for index, code in enumerate(course.meta.topics)
        if code not in known
    ]
