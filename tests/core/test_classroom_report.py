"""Classroom completions in the progress report: their own figure beside the online passes, rolled up the tree and
counted in the month they were reached, leaving the completion rate and the target to the passes alone."""

from functions.reports.report import build
from tests.support.reports import COUNTS, PROVINCE, REMOTE, TEAM, TODAY, UNITS, counts, d


def test_classroom_completions_roll_up_beside_passes_and_leave_the_rate_alone():
    plain = build(UNITS, COUNTS, root=PROVINCE.code, today=TODAY, course_id="cds")
    classes = counts(REMOTE.code, d(10, 10), classroom=3) + counts(TEAM.code, d(20), classroom=2)
    report = build(UNITS, COUNTS + classes, root=PROVINCE.code, today=TODAY, course_id="cds", month=(2026, 11))
    province, _, remote, team = report.rows
    assert (team.own.classroom, remote.own.classroom, remote.total.classroom, province.total.classroom) == (2, 3, 5, 5)
    assert (province.in_month.classroom, remote.in_month.classroom) == (2, 2)  # October's class is before the month
    assert (province.total.passed, province.rate, province.on_track) == (
        plain.summary.total.passed,
        plain.summary.rate,
        plain.summary.on_track,
    )
    later = build(UNITS, COUNTS + classes, root=PROVINCE.code, today=d(19), course_id="cds")
    assert later.summary.total.classroom == 3  # the team's class ends on the 20th: not counted before that day
