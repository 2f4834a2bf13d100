"""A subtree's progress counters summed in SQL to a report's grain (`TallyStore.grouped` on SQLite).

The rows a national report reads fall from 96,000 counters to about 10,000 groups and a few hundred days.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from functions import categories
from functions.reports.grouping import Grouped, Grouping
from functions.reports.tally import FLAGS, SPLIT, Count, split_column

Read = Callable[[str, tuple], list[tuple]]
"""A statement run under the store's lock (`SQLiteFile._read`)."""

SHARES = [(flag, code, split_column(flag, code)) for flag in SPLIT for code in categories.CATEGORIES]
"""Each category's share column: codes are lower-case letters (`functions.categories`), so safe to name in SQL."""


def summed(read: Read, unit_path: str, grouping: Grouping) -> Grouped:
    """One grouping of the counters under `unit_path`, summed in SQL: its groups, their shares and its days."""
    where, params = _where(unit_path, grouping)
    # A day's bucket: the last cut on or before it ('' before the first), compared as ISO text. Without a cut
    # inside the days summed (a report with no round and no month), the groups follow the primary key's order,
    # and SQLite sums them as it reads, without sorting 96,000 rows first.
    inner = [day.isoformat() for day in reversed(grouping.cuts[:-1])]
    bucket = "CASE " + "WHEN day >= ? THEN ? " * len(inner) + "ELSE '' END" if inner else "''"
    sums = ", ".join(f"SUM({column})" for column in (*FLAGS, *(column for _, _, column in SHARES)))
    rows = read(
        f"SELECT unit_code, NULLIF(course_id, ''), {bucket} AS bucket, deadline, {sums} FROM tally WHERE {where} "
        f"GROUP BY unit_path, cohort, course_id, deadline{', bucket' if inner else ''}",
        (*(value for cut in inner for value in (cut, cut)), *params),
    )
    dates: dict[str, date | None] = {"": None}

    def on(text: str) -> date | None:
        if text not in dates:
            dates[text] = date.fromisoformat(text)
        return dates[text]

    counts: list[Count] = []
    shares: list[Count] = []
    made = tuple.__new__  # as in `_read_counts`
    # Counters are never below 0, so a group sums to 0 only when each of its counts is 0, which `counts` leaves out.
    split = [FLAGS.index(flag) for flag in SPLIT]
    for unit_code, course_id, at, deadline, *numbers in rows:
        day, by = on(at) or date.min, on(deadline)
        for k, n in enumerate(numbers[: len(FLAGS)]):
            if n:
                counts.append(made(Count, (unit_code, None, course_id, FLAGS[k], day, by, n, None)))
        if not any(numbers[k] for k in split):
            continue  # a share moves with its step's total: none here
        for (flag, code, _), n in zip(SHARES, numbers[len(FLAGS) :], strict=True):
            if n:
                shares.append(made(Count, (unit_code, None, course_id, flag, day, by, n, code)))
    if grouping.units is not None:
        # The units as one JSON parameter: a national report names 3,400, past the parameters a statement takes.
        where += " AND unit_code IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(grouping.units)))
    columns = [column for _, _, column in SHARES] if grouping.days_split else []
    rows = read(
        f"SELECT day, {', '.join(f'SUM({column})' for column in (*SPLIT, *columns))} FROM tally "
        f"WHERE {where} AND ({' OR '.join(f'{flag} != 0' for flag in SPLIT)}) GROUP BY day",
        tuple(params),
    )
    days: list[Count] = []
    for at, *numbers in rows:
        day = on(at) or date.min
        for k, n in enumerate(numbers[: len(SPLIT)]):
            if n:
                days.append(Count("", None, None, SPLIT[k], day, None, n, None))
        for (flag, code, _), n in zip(SHARES, numbers[len(SPLIT) :], strict=False):  # none unless asked
            if n:
                days.append(Count("", None, None, flag, day, None, n, code))
    return Grouped(counts, shares, days)


def _where(unit_path: str, grouping: Grouping) -> tuple[str, list]:
    """The rows of a subtree a grouping sums: its cohort's, and its course's course steps (every account step)."""
    where, params = "unit_path >= ? AND unit_path < ?", [unit_path, unit_path + "\uffff"]
    if grouping.cohort is not None:
        # '' is stored for no cohort, which a cohort filter never matches (`grouping.group`).
        where += " AND cohort = ? AND cohort != ''"
        params.append(grouping.cohort)
    if grouping.course_id is not None:
        where += " AND (course_id = '' OR course_id = ?)"
        params.append(grouping.course_id)
    if grouping.cuts:
        where += " AND day < ?"  # the days from the last cut on are no report's
        params.append(grouping.cuts[-1].isoformat())
    return where, params
