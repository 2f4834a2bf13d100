"""A subtree's progress counters summed in SQL to a report's grain (`TallyStore.grouped` on SQLite).

The groups come from the spans (`functions.stores.sqlite.spans`): a national report reads their 10,000 rows rather
than 96,000 counters, and sums again from `tally` only the spans a cut falls inside (a month's report: most of them).
The days of the series are summed from `tally`, whose rows each hold one day: a few hundred rows come back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from functions import categories
from functions.reports.grouping import Grouped, Grouping
from functions.reports.tally import SPLIT, Count, split_column
from functions.stores.sqlite.spans import COLUMNS

Read = Callable[[str, tuple], list[tuple]]
"""A statement run under the store's lock (`SQLiteFile._read`)."""

SHARES = [(flag, code, split_column(flag, code)) for flag in SPLIT for code in categories.CATEGORIES]
"""Each category's share column: codes are lower-case letters (`functions.categories`), so safe to name in SQL."""


def summed(read: Read, unit_path: str, grouping: Grouping) -> Grouped:
    """One grouping of the counters under `unit_path`, summed in SQL: its groups, their shares and its days."""
    where, params = _where(unit_path, grouping)
    # A day's bucket: the last cut on or before it ('' before the first), compared as ISO text.
    inner = [day.isoformat() for day in reversed(grouping.cuts[:-1])]
    cut = [value for day in inner for value in (day, day)]
    last = [grouping.cuts[-1].isoformat()] if grouping.cuts else []
    # A span (`functions.stores.sqlite.spans`) is whole when every day it holds falls in one bucket before the last
    # cut: its sums are its group's. A span with a cut inside is summed again from its days in `tally`.
    whole = " AND ".join(["last_day < ?"] * len(last) + ["NOT (first_day < ? AND last_day >= ?)"] * len(inner)) or "1"
    live = " AND first_day < ?" if last else ""  # spans all from the last cut on are no report's
    sums = ", ".join(COLUMNS)
    rows = read(
        f"SELECT unit_code, unit_path, NULLIF(course_id, ''), {_bucket('first_day', inner)}, deadline, {whole}, {sums} "
        f"FROM tally_span WHERE {where}{live}",
        (*cut, *last, *cut, *params, *last),
    )
    dates: dict[str, date] = {"": date.min}  # a bucket's first day, '' before the first cut
    deadlines: dict[str, date | None] = {"": None}
    counts: list[Count] = []
    shares: list[Count] = []
    present: set[tuple[str, str]] = set()
    parted = _take(rows, (dates, deadlines), counts, shares, present)
    if parted:
        # The spans' days in `tally`, found by the key they share (a range of its primary key each).
        held = ", ".join(f"SUM(t.{column})" for column in COLUMNS)
        rows = read(
            f"SELECT t.unit_code, t.unit_path, NULLIF(t.course_id, ''), {_bucket('t.day', inner)} AS bucket, "
            f"t.deadline, 1, {held} "
            "FROM tally_span AS s CROSS JOIN tally AS t ON t.unit_path = s.unit_path AND t.cohort = s.cohort "
            f"AND t.course_id = s.course_id AND t.deadline = s.deadline WHERE {_where(unit_path, grouping, 's.')[0]}"
            f"{live} AND NOT ({whole}) AND t.day < ? GROUP BY t.unit_path, t.cohort, t.course_id, t.deadline, bucket",
            (*cut, *params, *last, *last, *cut, *last),
        )
        _take(rows, (dates, deadlines), counts, shares, present)
    return Grouped(
        counts,
        shares,
        _days(read, unit_path, where + (" AND day < ?" if last else ""), [*params, *last], grouping, present, dates),
    )


def _bucket(column: str, inner: list[str]) -> str:
    """The bucket of a day `column` as ISO text, given the cuts before the last, latest first (two parameters each)."""
    return "CASE " + f"WHEN {column} >= ? THEN ? " * len(inner) + "ELSE '' END" if inner else "''"


def _take(
    rows: list[tuple],
    parsed: tuple[dict, dict],
    counts: list[Count],
    shares: list[Count],
    present: set[tuple[str, str]],
) -> bool:
    """Groups' sums as counts and shares, each group's unit code and path into `present`; whether any row was of a
    span not whole, left for `tally` to sum. A group at 0 is left out: counters are never below 0, so a group sums to
    0 only when each of its counts is 0, which `counts` leaves out."""
    parted, (dates, deadlines) = False, parsed
    append, add, made = counts.append, present.add, tuple.__new__  # `made`: as in `_read_counts`
    # Spelled out rather than a loop over FLAGS, as `_read_counts` is: a third of the time for 10,000 groups. The
    # unpacking fails loudly if FLAGS ever changes.
    for (
        unit_code,
        unit_path,
        course_id,
        at,
        deadline,
        whole,
        issued,
        activated,
        started,
        lessons,
        passed,
        certified,
        classroom,
        *parts,
    ) in rows:
        add((unit_code, unit_path))
        if not whole:
            parted = True
            continue
        day = dates.get(at)
        if day is None:
            day = dates[at] = date.fromisoformat(at)
        by = deadlines.get(deadline, date.max)  # date.max: not parsed yet ('' is None)
        if by is date.max:
            by = deadlines[deadline] = date.fromisoformat(deadline)
        if issued:
            append(made(Count, (unit_code, None, course_id, "issued", day, by, issued, None)))
        if activated:
            append(made(Count, (unit_code, None, course_id, "activated", day, by, activated, None)))
        if started:
            append(made(Count, (unit_code, None, course_id, "started", day, by, started, None)))
        if lessons:
            append(made(Count, (unit_code, None, course_id, "lessons_done", day, by, lessons, None)))
        if passed:
            append(made(Count, (unit_code, None, course_id, "passed", day, by, passed, None)))
        if certified:
            append(made(Count, (unit_code, None, course_id, "certified", day, by, certified, None)))
        if classroom:
            append(made(Count, (unit_code, None, course_id, "classroom", day, by, classroom, None)))
        if issued or passed:  # a share moves with its step's total (SPLIT): none without one
            for (flag, code, _), n in zip(SHARES, parts, strict=True):
                if n:
                    shares.append(made(Count, (unit_code, None, course_id, flag, day, by, n, code)))
    return parted


def _days(
    read: Read,
    unit_path: str,
    where: str,
    params: list,
    grouping: Grouping,
    present: set[tuple[str, str]],
    dates: dict,
) -> list[Count]:
    """Accounts issued and passes per day (and category, when asked) of the grouping's units."""
    columns = [column for _, _, column in SHARES] if grouping.days_split else []
    units = grouping.units
    absent = {(code, path) for code, path in present if code not in units} if units is not None else set()

    def summed(table: str, where: str, params: list) -> list[tuple]:
        return read(
            f"SELECT day, {', '.join(f'SUM({column})' for column in (*SPLIT, *columns))} FROM {table} "
            f"WHERE {where} AND ({' OR '.join(f'{flag} != 0' for flag in SPLIT)}) GROUP BY day",
            tuple(params),
        )

    if unit_path.count("/") > 1:
        if absent:
            # The units with counters here that are not asked for, as one JSON parameter (there may be more than
            # the parameters a statement takes).
            where += " AND unit_code NOT IN (SELECT value FROM json_each(?))"
            params = [*params, json.dumps(sorted({code for code, _ in absent}))]
        rows = summed("tally", where, params)
    else:
        # The country or a province: its days summed per province (`spans.DAY_TABLE`), a few thousand rows rather
        # than a sort of the counters' tens of thousands; less the days of the units with counters here that are not
        # asked for (usually none), read from `tally` by their paths, a range of its primary key each.
        rows = summed("tally_day", where, params)
        if absent:
            paths = json.dumps(sorted({path for _, path in absent}))
            less = summed("tally", where + " AND unit_path IN (SELECT value FROM json_each(?))", [*params, paths])
            held = {at: list(numbers) for at, *numbers in rows}
            for at, *numbers in less:
                into = held.setdefault(at, [0] * len(numbers))
                for k, n in enumerate(numbers):
                    into[k] -= n
            rows = [(at, *numbers) for at, numbers in held.items()]
    days: list[Count] = []
    for at, *numbers in rows:
        day = dates.get(at)
        if day is None:
            day = dates[at] = date.fromisoformat(at)
        for k, n in enumerate(numbers[: len(SPLIT)]):
            if n:
                days.append(Count("", None, None, SPLIT[k], day, None, n, None))
        for (flag, code, _), n in zip(SHARES, numbers[len(SPLIT) :], strict=False):  # none unless asked
            if n:
                days.append(Count("", None, None, flag, day, None, n, code))
    return days


def _where(unit_path: str, grouping: Grouping, table: str = "") -> tuple[str, list]:
    """The rows of a subtree a grouping sums: its cohort's, and its course's course steps (every account step); the
    columns of `table` ("s." for an alias)."""
    where, params = f"{table}unit_path >= ? AND {table}unit_path < ?", [unit_path, unit_path + "\uffff"]
    if grouping.cohort is not None:
        # '' is stored for no cohort, which a cohort filter never matches (`grouping.group`).
        where += f" AND {table}cohort = ? AND {table}cohort != ''"
        params.append(grouping.cohort)
    if grouping.course_id is not None:
        where += f" AND ({table}course_id = '' OR {table}course_id = ?)"
        params.append(grouping.course_id)
    return where, params
