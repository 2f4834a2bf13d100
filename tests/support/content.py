"""Content trees written on the fly as editors write them, and the real `mkdocs build` that reads them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path


def lesson_text(lesson_id: str, title: str, extra: str = "") -> str:
    """A lesson's Markdown with its front matter; `extra` adds front-matter lines (any number, each ending in a new
    line). No `duration:`: the lesson's is computed from its text."""
    template = textwrap.dedent(
        """\
        ---
        id: {lesson_id}
        title: {title}
        summary: Tóm tắt của {title}.
        {extra}---

        ## Nội dung

        Nội dung bài {title}.
        """
    )
    return template.format(lesson_id=lesson_id, title=title, extra=extra)


def question_yaml(qid: str, lesson: str, answer: str = "B", choices: int = 4, text: str | None = None) -> str:
    """One question of a `questions.yml`, as an editor writes it."""
    options = "\n".join(f'      - "Lựa chọn {n} của {qid}"' for n in range(1, choices + 1))
    return (
        f"  - id: {qid}\n"
        f"    lesson: {lesson}\n"
        f'    text: "{text or "Câu hỏi " + qid + "?"}"\n'
        f"    choices:\n{options}\n"
        f"    answer: {answer}\n"
        f'    explanation: "Giải thích riêng của {qid}."\n'
    )


def write_course(
    root: Path, course_id: str = "mini", lessons: int = 2, questions_per_lesson: int = 3, draw: int = 4
) -> Path:
    """A valid course: `lessons` lessons, a bank of `questions_per_lesson` each, a test drawing `draw`."""
    folder = root / "courses" / course_id
    folder.mkdir(parents=True)
    names = [f"{n:02d}-bai-{n}.md" for n in range(1, lessons + 1)]
    listed = "\n".join(f"  - {name}" for name in names)
    (folder / "course.yml").write_text(
        f"title: Khóa {course_id}\ngroup: chuyen-doi-so\nsummary: Khóa học thử.\nlessons:\n{listed}\n"
        f"quiz:\n  questions: {draw}\n  pass_percent: 50\n  time_limit_minutes: 10\n  max_attempts: 2\n"
        f"id: {course_id}\n",
        encoding="utf-8",
    )
    bank = ["questions:\n"]
    for n, name in enumerate(names, start=1):
        (folder / name).write_text(lesson_text(f"{course_id}-{n}", f"Bài {n}"), encoding="utf-8")
        bank += [question_yaml(f"{course_id}-{n}-q{k}", f"{course_id}-{n}") for k in range(1, questions_per_lesson + 1)]
    (folder / "questions.yml").write_text("".join(bank), encoding="utf-8")
    return folder


def register_ids(root: Path) -> None:
    """Record every short id of a content folder in its ids.yml, as `hocso ids` does."""
    from site_builder import shortlinks
    from site_builder.catalog import load_catalog

    shortlinks.register_new(load_catalog(root))


def mkdocs_build(config: Path, site: Path, bank: Path, strict: bool = True, **env: str) -> subprocess.CompletedProcess:
    """A real `mkdocs build` of `config` into `site`, its banks into `bank`; `env` adds environment variables."""
    environ = {**os.environ, "HOCSO_BANK_DIR": str(bank), "NO_MKDOCS_2_WARNING": "1", **env}
    argv = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    argv += ["--strict"] if strict else []
    return subprocess.run(argv, capture_output=True, text=True, env=environ, timeout=300)
