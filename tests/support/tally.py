"""Progress marks as the tally tests make them, and a fresh tally store of either backend."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from functions.reports.tally import Mark

DAY = date(2026, 11, 23)
DEADLINE = date(2026, 12, 4)
COMMUNE = "40/16813/"
TALLY_BEFORE_CATEGORIES = (
    "CREATE TABLE tally (unit_path TEXT NOT NULL, cohort TEXT NOT NULL, course_id TEXT NOT NULL, "
    "deadline TEXT NOT NULL, day TEXT NOT NULL, unit_code TEXT NOT NULL, "
    "issued INTEGER NOT NULL DEFAULT 0, activated INTEGER NOT NULL DEFAULT 0, "
    "started INTEGER NOT NULL DEFAULT 0, lessons_done INTEGER NOT NULL DEFAULT 0, "
    "passed INTEGER NOT NULL DEFAULT 0, certified INTEGER NOT NULL DEFAULT 0, "
    "PRIMARY KEY (unit_path, cohort, course_id, deadline, day)) WITHOUT ROWID;"
)
"""The SQLite counters table as a file made before categories (and spans) holds it, for the tests of opening one."""


def open_test_tally(kind: str, tmp_path: Path, request):
    """A fresh, empty tally store of `kind`."""
    if kind == "sqlite":
        from functions.stores.sqlite.tally import SQLiteTally

        return SQLiteTally(tmp_path / "hocso.sqlite3")
    import uuid

    from functions.stores.dynamodb.tally import DynamoDBTally

    request.getfixturevalue("aws_env")
    store = DynamoDBTally(f"hocso-{uuid.uuid4().hex[:12]}", endpoint_url=request.getfixturevalue("dynamodb_endpoint"))
    store.create_table()
    return store


def mark(
    learner: str,
    flag: str = "passed",
    path: str = COMMUNE,
    course: str | None = "cds",
    day: date = DAY,
    cohort: str | None = "Đợt 1",
    deadline: date | None = DEADLINE,
    category: str | None = None,
    round: str | None = None,
) -> Mark:
    return Mark(
        learner_id=learner,
        unit_code=path.split("/")[-2],
        unit_path=path,
        cohort=cohort,
        course_id=course,
        flag=flag,
        day=day,
        deadline=deadline,
        category=category,
        round=round,
    )
