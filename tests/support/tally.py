"""Progress marks as the tally tests make them, and a fresh tally store of either backend."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from functions.reports.tally import Mark

DAY = date(2026, 11, 23)
DEADLINE = date(2026, 12, 4)
COMMUNE = "40/16813/"


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
