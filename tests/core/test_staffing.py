"""The report against staff in post: coverage and completion over headcounts, "Đạt" only on completion against
headcount, and a unit with no headcount said plainly rather than given a rate."""

from functions.headcounts import Headcount
from functions.reports.report import build
from functions.reports.tally import Count
from tests.support.reports import DUE, TODAY, d, split_up
from tests.support.world import PROVINCE, VINH, XEN


def staffed(unit, **staff: int):
    return unit.model_copy(
        update={"headcounts": tuple(Headcount(year=2026, category=code, staff=n) for code, n in staff.items())}
    )


def report_of(units, counts: list[Count], **asked):
    """The report of counters written with their learners' categories, as the stores give them back."""
    totals, shares = split_up(counts)
    return build(units, totals, shares=shares, **asked)


def tagged(unit: str, category: str | None, issued: int, passed: int) -> list[Count]:
    return [
        Count(unit, None, None, "issued", d(3), DUE, issued, category),
        Count(unit, None, "cds", "passed", d(12), DUE, passed, category),
    ]


def test_a_commune_that_imports_half_its_staff_is_off_target_by_headcount_though_all_of_them_passed():
    xen = staffed(XEN, cbccvc=20, cnscd=10)  # remote: 80%
    report = report_of([PROVINCE, xen], tagged("16813", "cbccvc", 10, 10), root="16813", today=TODAY, course_id="cds")
    row = report.summary
    assert (row.rate, row.on_track) == (100.0, True)  # against accounts issued, as before
    staffing = row.staffing
    assert (staffing.staff, staffing.issued, staffing.passed) == (30, 10, 10)
    assert (round(staffing.coverage, 1), round(staffing.completion, 1)) == (33.3, 33.3)
    assert (staffing.target, staffing.on_track, staffing.unstaffed) == (80.0, False, 0)
    assert staffing.by_category["cbccvc"].completion == 50.0
    assert (staffing.by_category["cnscd"].staff, staffing.by_category["cnscd"].completion) == (10, 0.0)


def test_a_unit_with_every_headcount_trained_to_its_target_is_on_track():
    xen = staffed(XEN, cbccvc=10)
    report = report_of([PROVINCE, xen], tagged("16813", "cbccvc", 10, 8), root="16813", today=TODAY, course_id="cds")
    assert (report.summary.staffing.completion, report.summary.staffing.on_track) == (80.0, True)


def test_a_unit_without_a_headcount_has_no_rate_and_keeps_its_province_from_the_target():
    xen = staffed(XEN, cbccvc=10)  # Vinh (100% target) has accounts but no headcount
    counts = tagged("16813", "cbccvc", 10, 10) + tagged("16684", "cbccvc", 5, 5)
    report = report_of([PROVINCE, xen, VINH], counts, root="40", today=TODAY, course_id="cds")
    rows = {row.unit.code: row.staffing for row in report.rows}
    assert (rows["16684"].staff, rows["16684"].completion, rows["16684"].on_track) == (0, None, None)
    assert rows["16684"].unstaffed == 1
    province = rows["40"]
    assert (province.staff, province.passed, province.completion) == (10, 10, 100.0)  # Vinh's passes are not in it
    assert (province.unstaffed, province.on_track) == (1, False)


def test_the_headcount_is_of_the_reports_year_and_of_its_category_in_a_category_report():
    xen = XEN.model_copy(
        update={
            "headcounts": (
                Headcount(year=2025, category="cbccvc", staff=99),
                Headcount(year=2026, category="cbccvc", staff=10),
                Headcount(year=2026, category="cnscd", staff=4),
            )
        }
    )
    counts = tagged("16813", "cbccvc", 10, 5) + tagged("16813", "cnscd", 4, 4)
    whole = report_of([PROVINCE, xen], counts, root="16813", today=TODAY, course_id="cds").summary.staffing
    assert (whole.staff, whole.passed, whole.completion) == (14, 9, 9 / 14 * 100)
    team = report_of([PROVINCE, xen], counts, root="16813", today=TODAY, course_id="cds", category="cnscd")
    assert (team.summary.staffing.staff, team.summary.staffing.completion) == (4, 100.0)


def test_without_a_course_completion_counts_learner_courses_against_headcount_times_courses():
    xen = staffed(XEN, cbccvc=10)
    counts = tagged("16813", "cbccvc", 10, 10) + [Count("16813", None, "attt", "passed", d(12), DUE, 5, "cbccvc")]
    staffing = report_of([PROVINCE, xen], counts, root="16813", today=TODAY).summary.staffing
    assert (staffing.passed, staffing.completion) == (15, 75.0)  # 15 passes of 10 staff x 2 courses
