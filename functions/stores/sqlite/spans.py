"""Counters summed ahead for reports, kept up by triggers on `tally` in the same transaction: each counter's days
in one row (`tally_span`), and each province's accounts issued and passes per day (`tally_day`).

A report sums counters per unit, cohort, course and deadline over the days of a bucket (`functions.reports.grouping`);
most reports (today's, a round's) put every day a counter holds into one bucket. `tally_span` holds that sum for each
(unit, cohort, course, deadline), with the first and last day it has counts of: a national report reads its 10,000 rows
rather than the 96,000 rows of `tally`, and only the spans a cut falls inside are summed again from `tally`
(`functions.stores.sqlite.grouping`).

Triggers keep it, not the writers: every write to `tally` (a mark, a list of marks, an unmark, a bulk load) adds its
change to the span in the same statement, so the two tables cannot drift apart. A counter's key never changes (a
trigger refuses it). A deleted counter leaves its span's days as they were: wider than the counts, which only makes a
report sum that span from `tally` more often, never wrongly.

A report's series (the days' accounts issued and passes, `Grouped.days`) reads `tally_day`: for the country, 8,600
rows (province, cohort, course, day) rather than a sort of the 67,000 counters with either.

Both cost a mark a second and third upsert (the third only for accounts issued and passes): measured on the bench's
marks, about 15 µs of CPU a mark on top of 35-50 µs.

A file made before them (or before a counter column they sum) gets them on opening, summed from `tally`.
"""

from __future__ import annotations

from functions import categories
from functions.reports.tally import FLAGS, SPLIT, split_column

COLUMNS = (*FLAGS, *(split_column(flag, code) for flag in SPLIT for code in categories.CATEGORIES))
"""The counter columns of `tally`, summed alike in `tally_span`: the steps, then the categories' shares."""
KEY = ("unit_path", "cohort", "course_id", "deadline")
"""A span's key: a counter's without its day."""

TABLE = (
    "CREATE TABLE tally_span (unit_path TEXT NOT NULL, cohort TEXT NOT NULL, course_id TEXT NOT NULL, "
    "deadline TEXT NOT NULL, unit_code TEXT NOT NULL, first_day TEXT NOT NULL, last_day TEXT NOT NULL, "
    + ", ".join(f"{column} INTEGER NOT NULL DEFAULT 0" for column in COLUMNS)
    + ", PRIMARY KEY (unit_path, cohort, course_id, deadline)) WITHOUT ROWID"
)
_AT = " AND ".join(f"{{row}}.{column} = tally_span.{column}" for column in KEY)
TRIGGERS = {
    # An upsert that finds its row runs the UPDATE trigger instead (SQLite fires the triggers of what it did).
    "tally_span_insert": (
        "CREATE TRIGGER tally_span_insert AFTER INSERT ON tally BEGIN "
        f"INSERT INTO tally_span ({', '.join(KEY)}, unit_code, first_day, last_day, {', '.join(COLUMNS)}) "
        f"VALUES ({', '.join(f'NEW.{column}' for column in KEY)}, NEW.unit_code, NEW.day, NEW.day, "
        f"{', '.join(f'NEW.{column}' for column in COLUMNS)}) ON CONFLICT DO UPDATE SET "
        "first_day = min(first_day, excluded.first_day), last_day = max(last_day, excluded.last_day), "
        + ", ".join(f"{column} = {column} + excluded.{column}" for column in COLUMNS)
        + "; END"
    ),
    "tally_span_update": (
        f"CREATE TRIGGER tally_span_update AFTER UPDATE OF {', '.join(COLUMNS)} ON tally BEGIN "
        "UPDATE tally_span SET "
        + ", ".join(f"{column} = {column} + NEW.{column} - OLD.{column}" for column in COLUMNS)
        + f" WHERE {_AT.format(row='NEW')}; END"
    ),
    "tally_span_delete": (
        "CREATE TRIGGER tally_span_delete AFTER DELETE ON tally BEGIN "
        f"UPDATE tally_span SET {', '.join(f'{column} = {column} - OLD.{column}' for column in COLUMNS)} "
        f"WHERE {_AT.format(row='OLD')}; END"
    ),
    "tally_span_rekey": (
        f"CREATE TRIGGER tally_span_rekey BEFORE UPDATE OF {', '.join(KEY)}, day ON tally BEGIN "
        "SELECT RAISE(ABORT, 'a counter keeps its key'); END"
    ),
}
_FILL = (
    f"INSERT INTO tally_span ({', '.join(KEY)}, unit_code, first_day, last_day, {', '.join(COLUMNS)}) "
    f"SELECT {', '.join(KEY)}, min(unit_code), min(day), max(day), {', '.join(f'SUM({column})' for column in COLUMNS)} "
    f"FROM tally GROUP BY {', '.join(KEY)}"
)


DAY_COLUMNS = (*SPLIT, *(split_column(flag, code) for flag in SPLIT for code in categories.CATEGORIES))
"""The columns the series sums (`tally_day`): accounts issued and passes, and their categories' shares."""
_TOP = "substr({row}.unit_path, 1, instr({row}.unit_path, '/'))"
"""A counter's province: the first part of its unit path (`38/` of `38/16813/`), under which `tally_day` sums it."""
DAY_TABLE = (
    "CREATE TABLE tally_day (unit_path TEXT NOT NULL, cohort TEXT NOT NULL, course_id TEXT NOT NULL, "
    "day TEXT NOT NULL, "
    + ", ".join(f"{column} INTEGER NOT NULL DEFAULT 0" for column in DAY_COLUMNS)
    + ", PRIMARY KEY (unit_path, cohort, course_id, day)) WITHOUT ROWID"
)


def _day_upsert(row: str, values: str) -> str:
    return (
        f"INSERT INTO tally_day (unit_path, cohort, course_id, day, {', '.join(DAY_COLUMNS)}) "
        f"VALUES ({_TOP.format(row=row)}, {row}.cohort, {row}.course_id, {row}.day, "
        + ", ".join(values.format(column=column) for column in DAY_COLUMNS)
        + ") ON CONFLICT DO UPDATE SET "
        + ", ".join(f"{column} = {column} + excluded.{column}" for column in DAY_COLUMNS)
        + "; END"
    )


# Only the writes to the series' columns reach it: a learner's started or finished lessons leave it alone.
TRIGGERS.update(
    {
        "tally_day_insert": "CREATE TRIGGER tally_day_insert AFTER INSERT ON tally "
        f"WHEN {' OR '.join(f'NEW.{column} != 0' for column in DAY_COLUMNS)} BEGIN "
        + _day_upsert("NEW", "NEW.{column}"),
        "tally_day_update": f"CREATE TRIGGER tally_day_update AFTER UPDATE OF {', '.join(DAY_COLUMNS)} ON tally BEGIN "
        + _day_upsert("NEW", "NEW.{column} - OLD.{column}"),
        "tally_day_delete": "CREATE TRIGGER tally_day_delete AFTER DELETE ON tally BEGIN "
        + _day_upsert("OLD", "-OLD.{column}"),
    }
)
_DAY_FILL = (
    f"INSERT INTO tally_day (unit_path, cohort, course_id, day, {', '.join(DAY_COLUMNS)}) "
    f"SELECT {_TOP.format(row='tally')}, cohort, course_id, day, {', '.join(f'SUM({c})' for c in DAY_COLUMNS)} "
    f"FROM tally WHERE {' OR '.join(f'{column} != 0' for column in DAY_COLUMNS)} GROUP BY 1, cohort, course_id, day"
)


def ensure(db) -> None:
    """Make `tally_span`, `tally_day` and their triggers when the file lacks them, or holds them for other columns (a
    file made before a counter column was added): summed anew from `tally`. Run inside the opening's write
    transaction, so two processes opening an old file make them once."""
    held = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tally'"))
    if all(held.get(name) == sql for name, sql in TRIGGERS.items()):
        return
    for name in held:
        if name in TRIGGERS:
            db.execute(f"DROP TRIGGER {name}")
    for table, made, filled in (("tally_span", TABLE, _FILL), ("tally_day", DAY_TABLE, _DAY_FILL)):
        db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute(made)
        db.execute(filled)
    for sql in TRIGGERS.values():
        db.execute(sql)
