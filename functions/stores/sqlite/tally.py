"""Progress counters in the embedded SQLite file: who was counted, and how many per unit, cohort, course and day.

A mark is one transaction: the learner's step goes into `marked`, whose primary key lets it in once, and only when
it went in does the counter go up. `BEGIN IMMEDIATE` holds the file's write lock from the first statement, so racing
marks of the same step (threads or processes) count it once. `mark_many` does the same for a whole list in one
transaction, each counter going up once by its sum.

A counter row holds every step of its (unit, cohort, course, deadline, day) in a column each, as the DynamoDB item
does: a national report reads 100,000 rows rather than 250,000, which is most of its time. The categories' shares of
accounts issued and passes are columns of the same row (`issued_cbccvc`, ...), added to a file made before them, as
is the column of classroom completions (`classroom`). Triggers keep each counter's days summed in one row beside
(`functions.stores.sqlite.spans`), which is what a report reads.

A step is the learner's in a round (`Mark.round`): a file made before rounds has its `marked` and `parked` rows
moved to the key with the round on opening, as of no round.

A mark that could not be counted waits in `parked`, keyed by its step as `marked` is, until it is reconciled. SQLite
is not throttled; a busy or full file is what would park a mark here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from functions import categories, collector
from functions.reports.grouping import Grouped, Grouping
from functions.reports.tally import FLAGS, SPLIT, Count, Mark, check, split_column
from functions.stores.sqlite import spans
from functions.stores.sqlite.file import SQLiteFile
from functions.stores.sqlite.grouping import SHARES, summed

# None is stored as '' in key columns: SQLite lets NULLs repeat in a primary key, so a NULL would defeat it.
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS marked (
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    flag TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0,
    round TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (learner_id, round, course_id, flag)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tally (
    unit_path TEXT NOT NULL,
    cohort TEXT NOT NULL,
    course_id TEXT NOT NULL,
    deadline TEXT NOT NULL,
    day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    {", ".join(f"{flag} INTEGER NOT NULL DEFAULT 0" for flag in FLAGS)},
    PRIMARY KEY (unit_path, cohort, course_id, deadline, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parked (
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    flag TEXT NOT NULL,
    mark TEXT NOT NULL,
    round TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (learner_id, round, course_id, flag)
) WITHOUT ROWID;
"""
_STEP = "learner_id = ? AND round = ? AND course_id = ? AND flag = ?"
"""A learner's step in a round, as `marked` and `parked` are keyed (`_step`)."""
_NOTE = "INSERT INTO marked (learner_id, round, course_id, flag) VALUES (?, ?, ?, ?)"
_PIECE = 200
"""Steps looked up in one statement: 800 parameters, under the 999 of SQLite builds before 3.32."""
_KEYED = ("marked", "parked")
"""The tables keyed by a learner's step, whose key gained the round: a file made before is moved over on opening."""
_COLUMNS = "unit_code, NULLIF(cohort, ''), NULLIF(course_id, ''), day, deadline, " + ", ".join(FLAGS)
_HELD = " || ".join(
    f"CASE WHEN {flag} THEN "
    + " || ".join(
        f"CASE WHEN {column} THEN '{n} ' || {column} || ' ' ELSE '' END"
        for n, (its_flag, _, column) in enumerate(SHARES)
        if its_flag == flag
    )
    + " ELSE '' END"
    for flag in SPLIT
)
"""The shares of a row as one text column ("n count " for each share column n with any), empty for most rows (those
with neither accounts issued nor passes): SQLite builds it, so Python reads one value a row rather than fourteen. A
share moves with its step's total (`_columns`), so a step at 0 has none and its columns are not looked at: a sixth
of a national read."""


def _counter(mark: Mark) -> tuple[str, ...]:
    """The `tally` row a mark counts in: its key columns, then the unit code."""
    return (
        mark.unit_path,
        mark.cohort or "",
        mark.course_id or "",
        mark.deadline.isoformat() if mark.deadline else "",
        mark.day.isoformat(),
        mark.unit_code,
    )


def _step(mark: Mark) -> tuple[str, str, str, str]:
    """The learner's step in its round, in the order of `_STEP`: no round and no course are ''."""
    return mark.learner_id, mark.round or "", mark.course_id or "", mark.flag


def _first(db, mark: Mark) -> bool:
    """Note the learner's step; False when it was noted before (counted, or counted and taken back)."""
    return bool(
        db.execute(
            "INSERT INTO marked (learner_id, round, course_id, flag) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            _step(mark),
        ).rowcount
    )


def _noted(db, steps: list[tuple[str, str, str, str]]) -> set[tuple[str, str, str, str]]:
    """Which of the steps `marked` holds (counted, or counted and taken back), looked up by its key."""
    noted: set[tuple[str, str, str, str]] = set()
    for start in range(0, len(steps), _PIECE):
        piece = steps[start : start + _PIECE]
        rows = db.execute(
            f"WITH wanted (learner_id, round, course_id, flag) AS (VALUES {', '.join(['(?, ?, ?, ?)'] * len(piece))}) "
            "SELECT m.learner_id, m.round, m.course_id, m.flag FROM wanted JOIN marked m ON m.learner_id = "
            "wanted.learner_id AND m.round = wanted.round AND m.course_id = wanted.course_id AND m.flag = wanted.flag",
            [value for step in piece for value in step],
        )
        noted.update(rows)
    return noted


def _rekey(db, table: str) -> None:
    """Move a table keyed by a learner's step before rounds to the key with the round: its rows are of no round."""
    if "round" in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
        return
    columns = ", ".join(row[1] for row in db.execute(f"PRAGMA table_info({table})"))
    db.execute(f"ALTER TABLE {table} RENAME TO {table}_before_rounds")
    # The table made again with its new key (a statement at a time: a script would end the transaction).
    db.execute(next(statement for statement in SCHEMA.split(";") if f"EXISTS {table} (" in statement))
    db.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_before_rounds")
    db.execute(f"DROP TABLE {table}_before_rounds")


def _columns(mark: Mark) -> tuple[str, ...]:
    """The columns a mark adds one to: its step, and its category's share of it when the step is split."""
    if mark.flag in SPLIT and mark.category in categories.CATEGORIES:
        return mark.flag, split_column(mark.flag, mark.category)
    return (mark.flag,)


def _add(db, counter: tuple[str, ...], columns: tuple[str, ...], n: int) -> None:
    """Add `n` to a counter's columns, making the row on its first count; each is a step of FLAGS (checked) or a
    category's share of one (`_columns`)."""
    db.execute(
        f"INSERT INTO tally (unit_path, cohort, course_id, deadline, day, unit_code, {', '.join(columns)}) "
        f"VALUES (?, ?, ?, ?, ?, ?{', ?' * len(columns)}) ON CONFLICT DO UPDATE SET "
        + ", ".join(f"{column} = {column} + excluded.{column}" for column in columns),
        (*counter, *([n] * len(columns))),
    )


def _unpark(db, mark: Mark) -> None:
    db.execute(f"DELETE FROM parked WHERE {_STEP}", _step(mark))


class SQLiteTally(SQLiteFile):
    """Counters clustered by unit path (a `WITHOUT ROWID` table), so a subtree's counters are one range of pages."""

    SCHEMA = SCHEMA

    def __init__(self, path) -> None:
        super().__init__(path)
        with self._lock:
            # A round's report sorts its groups (`_grouped`): in memory, not in a temporary file, as its few
            # thousand groups fit.
            self._db.execute("PRAGMA temp_store = MEMORY")
            there = {row[1] for row in self._db.execute("PRAGMA table_info(tally)")}
            # A file counted before categories (its learners are of none), or before classroom training.
            for column in [column for _, _, column in SHARES] + list(FLAGS):
                if column not in there:
                    self._db.execute(f"ALTER TABLE tally ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
        with self._transaction() as db:
            for table in _KEYED:
                _rekey(db, table)
            spans.ensure(db)  # after the columns above, which its sums name

    def mark(self, mark: Mark) -> bool:
        check(mark)  # the flag is one of FLAGS, so naming its column in the SQL is safe
        with self._transaction() as db:
            if not _first(db, mark):
                return False
            _add(db, _counter(mark), _columns(mark), 1)
        return True

    def mark_many(self, marks: list[Mark]) -> int:
        for mark in marks:
            check(mark)
        added: Counter = Counter()
        steps: dict[tuple[str, str, str, str], Mark] = {}
        for mark in marks:
            steps.setdefault(_step(mark), mark)  # the same step twice in the list counts once, as `mark` twice would
        with self._transaction() as db:
            # The steps are noted in one `executemany`, rather than a statement a mark. Steps all new (an import's
            # accounts issued) go in at once; when some were noted before, they are undone and the steps noted are
            # read a few hundred at once. The transaction holds the write lock, so the read stays true.
            db.execute("SAVEPOINT mark_new")
            if db.executemany(_NOTE + " ON CONFLICT DO NOTHING", list(steps)).rowcount != len(steps):
                db.execute("ROLLBACK TO mark_new")
                seen = _noted(db, list(steps))
                steps = {step: mark for step, mark in steps.items() if step not in seen}
                db.executemany(_NOTE, list(steps))
            db.execute("RELEASE mark_new")
            for mark in steps.values():
                added[_counter(mark), _columns(mark)] += 1
            # A counter goes up once by its sum, rather than once per learner.
            for (counter, columns), n in added.items():
                _add(db, counter, columns, n)
        return sum(added.values())

    def unmark(self, mark: Mark) -> bool:
        check(mark)
        with self._transaction() as db:
            _unpark(db, mark)  # taken back before it was counted: never to be counted now
            # The row stays, marked undone, so a later `mark` of the same step is still refused.
            changed = db.execute(f"UPDATE marked SET undone = 1 WHERE {_STEP} AND undone = 0", _step(mark)).rowcount
            if not changed:
                return False
            db.execute(
                f"UPDATE tally SET {', '.join(f'{column} = {column} - 1' for column in _columns(mark))} "
                "WHERE unit_path = ? AND cohort = ? AND course_id = ? AND deadline = ? AND day = ?",
                (
                    mark.unit_path,
                    mark.cohort or "",
                    mark.course_id or "",
                    mark.deadline.isoformat() if mark.deadline else "",
                    mark.day.isoformat(),
                ),
            )
        return True

    def park(self, marks: list[Mark]) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO parked (learner_id, round, course_id, flag, mark) VALUES (?, ?, ?, ?, ?)",
                [(*_step(mark), mark.to_json()) for mark in marks],
            )

    def parked(self) -> list[Mark]:
        return [Mark.from_json(text) for (text,) in self._read("SELECT mark FROM parked")]

    def unpark(self, mark: Mark) -> None:
        with self._transaction() as db:
            _unpark(db, mark)

    def counts(self, unit_path: str) -> list[Count]:
        return self._counts(unit_path, None)

    def split(self, unit_path: str) -> tuple[list[Count], list[Count]]:
        shares: list[Count] = []
        return self._counts(unit_path, shares), shares

    def _counts(self, unit_path: str, shares: list[Count] | None) -> list[Count]:
        """The subtree's totals; with `shares`, the categories' shares go there, read in the same pass."""
        # A national read makes 360,000 tuples that hold no reference cycles (functions.collector).
        with collector.held():
            return self._read_counts(unit_path, shares)

    def _read_counts(self, unit_path: str, shares: list[Count] | None) -> list[Count]:
        held = _HELD if shares is not None else "''"
        # A range on the key's first column is a prefix match the primary key serves (LIKE would not: codes hold `_`).
        rows = self._read(
            f"SELECT {_COLUMNS}, {held} FROM tally WHERE unit_path >= ? AND unit_path < ?",
            (unit_path, unit_path + "\uffff"),
        )
        # A few hundred distinct dates among 100,000 rows, each parsed once; an empty deadline is none.
        days: dict[str, date] = {}
        deadlines: dict[str, date | None] = {"": None}
        out: list[Count] = []
        append = out.append
        # Counts made as tuples of Count's type, every field given (the category None for a total): a third of the
        # time Count(...) takes through its generated __new__, a fifth of the national read.
        made = tuple.__new__
        # Spelled out rather than a loop over FLAGS: a third faster for the 250,000 counters of a national report.
        # The unpacking fails loudly if FLAGS ever changes.
        for (
            unit_code,
            cohort,
            course_id,
            day,
            deadline,
            issued,
            activated,
            started,
            lessons,
            passed,
            certified,
            classroom,
            parts,
        ) in rows:
            if day not in days:
                days[day] = date.fromisoformat(day)
            if deadline not in deadlines:
                deadlines[deadline] = date.fromisoformat(deadline)
            on, by = days[day], deadlines[deadline]
            if parts and shares is not None:
                numbers = parts.split()
                for k in range(0, len(numbers), 2):
                    flag, code, _ = SHARES[int(numbers[k])]
                    shares.append(made(Count, (unit_code, cohort, course_id, flag, on, by, int(numbers[k + 1]), code)))
            if course_id is None:
                if issued:
                    append(made(Count, (unit_code, cohort, None, "issued", on, by, issued, None)))
                if activated:
                    append(made(Count, (unit_code, cohort, None, "activated", on, by, activated, None)))
                continue
            if started:
                append(made(Count, (unit_code, cohort, course_id, "started", on, by, started, None)))
            if lessons:
                append(made(Count, (unit_code, cohort, course_id, "lessons_done", on, by, lessons, None)))
            if passed:
                append(made(Count, (unit_code, cohort, course_id, "passed", on, by, passed, None)))
            if certified:
                append(made(Count, (unit_code, cohort, course_id, "certified", on, by, certified, None)))
            if classroom:
                append(made(Count, (unit_code, cohort, course_id, "classroom", on, by, classroom, None)))
        return out

    def grouped(self, unit_path: str, groupings: list[Grouping]) -> list[Grouped]:
        # One read transaction: the spans, the counters summed again and the days (several statements) see the file
        # as it stood at the first, so a mark landing between them is in all or in none.
        with collector.held(), self._lock:
            self._db.execute("BEGIN")
            try:
                read = lambda sql, parameters: self._db.execute(sql, parameters).fetchall()  # noqa: E731
                return [summed(read, unit_path, grouping) for grouping in groupings]
            finally:
                self._db.execute("COMMIT")

    def cohorts(self, unit_path: str) -> set[str]:
        # The account rows (no course) name every cohort: a learner's course steps carry the cohort their account has.
        rows = self._read(
            "SELECT DISTINCT cohort FROM tally"
            " WHERE unit_path >= ? AND unit_path < ? AND course_id = '' AND cohort != ''",
            (unit_path, unit_path + "\uffff"),
        )
        return {cohort for (cohort,) in rows}
