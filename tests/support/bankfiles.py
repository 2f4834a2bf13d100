"""Question-bank files in other formats: the Vietnamese samples under tests/fixtures/banks, a copy of the real
courses to import into, and the `hocso` command run in the test's own process."""

from __future__ import annotations

import shutil
from pathlib import Path

from hocso.cli import main
from site_builder import yamlsource
from site_builder.structure import QuestionFile, QuestionSource
from tests.support.paths import CONTENT, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "banks"
ATTT = "an-toan-thong-tin-co-ban"
CDS = "tong-quan-chuyen-doi-so"


def copy_courses(root: Path) -> Path:
    """`root/content` holding a copy of every real course (lessons, banks, practice sets) and the registers they are
    read against (topics, legal texts); returns `root/content`."""
    content = root / "content"
    shutil.copytree(CONTENT / "courses", content / "courses")
    for register in ("topics.yml", "laws.yml"):
        shutil.copy(CONTENT / register, content / register)
    return content


def bank(path: Path) -> list[QuestionSource]:
    """The questions of a questions.yml as the build reads them."""
    return QuestionFile.model_validate(yamlsource.parse(path.read_text(encoding="utf-8")).data).questions


def hocso(capsys, *argv: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `hocso argv…`."""
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def located(stderr: str) -> list[tuple[str, str]]:
    """(file:line, code) of each problem printed, in order."""
    found = []
    for line in stderr.splitlines():
        if line.endswith("]") and "[" in line:
            where = line.split(": ", 1)[0] if ": " in line else line
            found.append((where.rsplit("/", 1)[-1], line.rsplit("[", 1)[1].rstrip("]")))
    return found


def untouched(folder: Path, before: dict[str, bytes]) -> bool:
    """Whether `folder` holds exactly the files it held, byte for byte (no temporary file left either)."""
    return {path.name: path.read_bytes() for path in folder.iterdir()} == before


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of `folder`, by name, for `untouched`."""
    return {path.name: path.read_bytes() for path in folder.iterdir()}
