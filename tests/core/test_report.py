"""The progress report: counters rolled up a small tree (province → 2 communes → a team) against the targets."""

import unicodedata

import pytest

from functions.reports.report import Day, Figures, build
from functions.reports.shares import Share
from functions.reports.tally import Count
from tests.support.reports import (
    COUNTS,
    DUE,
    ISSUED_ON,
    LATER_DUE,
    PROVINCE,
    REMOTE,
    TODAY,
    UNITS,
    counts,
    d,
    split_up,
)


def test_each_unit_has_its_own_figures_and_its_subtree_rolled_up():
    report = build(UNITS, COUNTS, root="40", today=TODAY, course_id="cds")
    assert [(row.unit.code, row.level) for row in report.rows] == [
        ("40", 0),
        ("16684", 1),
        ("16813", 1),
        ("16813-T1", 2),
    ]
    province, town, remote, team = report.rows
    assert (
        team.own
        == team.total
        == Figures(issued=5, activated=5, started=5, lessons_done=4, passed=4, certified=4, overdue=1)
    )
    assert remote.own == Figures(issued=5, activated=4, started=4, lessons_done=3, passed=2, certified=2, overdue=3)
    assert remote.total == Figures(issued=10, activated=9, started=9, lessons_done=7, passed=6, certified=6, overdue=4)
    assert town.total == Figures(issued=14, activated=13, started=11, lessons_done=8, passed=7, certified=6, overdue=5)
    assert province.own == Figures(issued=1, activated=1, overdue=1)
    assert (
        province.total
        == report.summary.total
        == Figures(issued=25, activated=23, started=20, lessons_done=15, passed=13, certified=12, overdue=10)
    )


def test_overdue_counts_only_deadlines_already_passed():
    town = build(UNITS, COUNTS, root="16684", today=TODAY, course_id="cds").summary
    assert town.total.overdue == 5  # 10 due on 13/11, 5 passed; the 4 due on 27/11 are not late yet
    later = build(UNITS, COUNTS, root="16684", today=d(28), course_id="cds").summary
    assert later.total.overdue == 5 + 2
    on_the_day = build(UNITS, COUNTS, root="16684", today=DUE, course_id="cds").summary
    assert on_the_day.total.overdue == 0  # the deadline day itself is still in time


def test_targets_are_80_in_remote_areas_100_elsewhere_and_learner_weighted_above():
    province, town, remote, team = build(UNITS, COUNTS, root="40", today=TODAY, course_id="cds").rows
    assert (team.rate, team.target, team.on_track) == (80.0, 80.0, True)  # exactly the target is on track
    assert (remote.rate, remote.target, remote.on_track) == (60.0, 80.0, False)
    assert (town.rate, town.target, town.on_track) == (50.0, 100.0, False)
    # 15 accounts expected at 100% (province and town) and 10 at 80%: (1500 + 800) / 25
    assert (province.rate, province.target, province.on_track) == (52.0, 92.0, False)


def test_the_roots_own_accounts_have_a_row_beside_its_sub_units():
    report = build(UNITS, COUNTS, root="40", today=TODAY, course_id="cds")
    direct = report.direct
    assert (direct.unit, direct.level, direct.own, direct.total) == (
        PROVINCE,
        1,
        Figures(issued=1, activated=1, overdue=1),
        Figures(issued=1, activated=1, overdue=1),
    )
    assert (direct.rate, direct.target, direct.on_track) == (0.0, 100.0, False)
    level_one = [row.total for row in report.rows if row.level == 1] + [direct.total]
    assert sum(figures.issued for figures in level_one) == report.summary.total.issued
    assert build(UNITS, COUNTS, root="16684", today=TODAY, course_id="cds").direct is None  # no sub-units
    assert build(UNITS, COUNTS, root="16813", today=TODAY, course_id="cds").direct.own.issued == 5


def test_targets_can_be_set_by_the_caller():
    team = build(UNITS, COUNTS, root="16813-T1", today=TODAY, course_id="cds", remote_target=90).summary
    assert (team.target, team.on_track) == (90.0, False)


def test_a_unit_with_no_accounts_has_no_rate():
    empty = build(UNITS, [], root="40", today=TODAY, course_id="cds")
    assert [(row.rate, row.target, row.on_track) for row in empty.rows] == [
        (None, 100.0, None),
        (None, 100.0, None),
        (None, 80.0, None),
        (None, 80.0, None),
    ]
    assert empty.series == []


def test_a_month_report_is_cumulative_to_the_month_end_with_the_month_apart():
    october = [
        *counts("16684", d(20, 10), d(31, 10), issued=6),
        *counts("16684", d(30, 10), d(31, 10), passed=2),
        *counts("16684", d(3), d(31, 10), passed=1),
    ]
    december = counts("16684", d(2, 12), LATER_DUE, passed=1)
    report = build(UNITS, COUNTS + october + december, root="16684", today=d(10, 12), course_id="cds", month=(2026, 11))
    town = report.summary
    assert report.as_of == d(30)
    assert town.total == Figures(
        issued=20, activated=13, started=11, lessons_done=8, passed=10, certified=6, overdue=3 + 5 + 2
    )  # October's 6 less 3 passed, 13/11's 5 and 27/11's 2
    assert town.in_month == Figures(
        issued=14, activated=13, started=11, lessons_done=8, passed=8, certified=6, overdue=5 + 2
    )  # those whose deadline fell in November
    assert report.series[-1] == Day(d(30), issued=20, passed=10)


def test_a_month_not_over_yet_stands_at_today():
    report = build(UNITS, COUNTS, root="40", today=TODAY, course_id="cds", month=(2026, 11))
    assert report.as_of == TODAY
    assert report.summary.total.passed == 13
    assert build(UNITS, COUNTS, root="40", today=TODAY, course_id="cds", month=(2026, 10)).summary.total == Figures()


def test_the_series_is_cumulative_by_day_for_the_root():
    series = build(UNITS, COUNTS, root="40", today=TODAY, course_id="cds").series
    assert len(series) == 22  # 2/11 to 23/11
    assert series[0] == Day(ISSUED_ON, issued=21, passed=0)
    assert {day.day.day: day.passed for day in series if day.day.day in (10, 11, 12, 17, 20, 23)} == {
        10: 1,
        11: 6,
        12: 10,
        17: 11,
        20: 13,
        23: 13,
    }
    assert series[-1] == Day(TODAY, issued=25, passed=13)


def test_without_a_course_steps_add_up_over_courses():
    second = [*counts("16813-T1", d(5), course="attt", started=5), *counts("16813-T1", d(14), course="attt", passed=2)]
    report = build(UNITS, COUNTS + second, root="16813-T1", today=TODAY)
    assert report.courses == 2
    assert (report.summary.total.started, report.summary.total.passed) == (10, 6)
    assert report.summary.rate == 60.0  # 6 passes of 5 accounts x 2 courses
    assert report.summary.total.overdue == 5 * 2 - 6
    assert build(UNITS, COUNTS + second, root="16813-T1", today=TODAY, course_id="attt").summary.rate == 40.0


def test_a_cohort_report_counts_only_that_cohort():
    second = counts("16684", d(16), cohort="Đợt 2", issued=3)
    assert build(UNITS, COUNTS + second, root="16684", today=TODAY, course_id="cds").summary.total.issued == 17
    assert (
        build(UNITS, COUNTS + second, root="16684", today=TODAY, course_id="cds", cohort="Đợt 2").summary.total.issued
        == 3
    )


def test_the_national_report_has_every_province():
    report = build(UNITS, COUNTS, root="", today=TODAY, course_id="cds")
    assert [(row.name, row.level) for row in report.rows][:3] == [
        ("Toàn quốc", 0),
        ("Thành phố Hà Nội", 1),
        ("Tỉnh Nghệ An", 1),
    ]
    assert report.summary.total.issued == 25  # 00004 is not a unit of the tree


def test_names_are_printed_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Xã Mường Xén")
    units = [PROVINCE, REMOTE.model_copy(update={"name": decomposed})]
    row = build(units, [], root="16813", today=TODAY).summary
    assert row.name == "Xã Mường Xén" and unicodedata.is_normalized("NFC", row.name)


def test_an_unknown_root_is_refused():
    with pytest.raises(LookupError):
        build(UNITS, COUNTS, root="99", today=TODAY)


def test_issued_and_passed_are_split_by_category_up_the_tree_with_unknown_last():
    tagged = [
        Count("16813-T1", "Đợt 1", None, "issued", d(3), DUE, 6, "cnscd"),
        Count("16813-T1", "Đợt 1", "cds", "passed", d(12), DUE, 2, "cnscd"),
        Count("16813", "Đợt 1", None, "issued", d(3), DUE, 3, "cbccvc"),
        Count("16813", "Đợt 1", "cds", "passed", d(12), DUE, 3, "cbccvc"),
    ]
    totals, shares = split_up(COUNTS + tagged)
    report = build(UNITS, totals, shares=shares, root="16813", today=TODAY, course_id="cds")
    assert report.categories == ["cbccvc", "cnscd", "khong-ro"]
    assert report.summary.by_category == {
        "cbccvc": Share(3, 3),
        "cnscd": Share(6, 2),
        "khong-ro": Share(10, 6),  # the counters written without a category
    }
    assert report.rows[1].by_category == {"cnscd": Share(6, 2), "khong-ro": Share(5, 4)}
    assert report.direct is not None and report.direct.by_category == {"cbccvc": Share(3, 3), "khong-ro": Share(5, 2)}


def test_a_category_report_counts_that_category_alone():
    tagged = [
        Count("16813-T1", "Đợt 1", None, "issued", d(3), DUE, 6, "cnscd"),
        Count("16813-T1", "Đợt 1", "cds", "passed", d(12), DUE, 3, "cnscd"),
    ]
    totals, shares = split_up(COUNTS + tagged)
    report = build(UNITS, totals, shares=shares, root="16813", today=TODAY, course_id="cds", category="cnscd")
    assert (report.category, report.summary.total.issued, report.summary.total.passed) == ("cnscd", 6, 3)
    assert report.summary.rate == 50.0
    unknown = build(UNITS, totals, shares=shares, root="16813", today=TODAY, course_id="cds", category="khong-ro")
    assert (unknown.summary.total.issued, unknown.summary.total.passed) == (10, 6)
