"""A course report judged on the categories its course is required for: the others' headcounts, accounts and passes
left out of "Đạt", learners of no category still counted, a report over all courses judged as before."""

from functions.headcounts import Headcount
from functions.reports import requirement, spreadsheet
from functions.reports.report import build
from functions.reports.tally import Count
from tests.support.reports import DUE, TODAY, d, split_up
from tests.support.world import PROVINCE, VINH, XEN

OFFICIALS = frozenset({"cbccvc"})


def staffed(unit, **staff: int):
    return unit.model_copy(
        update={"headcounts": tuple(Headcount(year=2026, category=code, staff=n) for code, n in staff.items())}
    )


def report_of(units, counts: list[Count], **asked):
    totals, shares = split_up(counts)
    return build(units, totals, shares=shares, today=TODAY, **asked)


def tagged(unit: str, category: str | None, issued: int, passed: int) -> list[Count]:
    return [
        Count(unit, None, None, "issued", d(3), DUE, issued, category),
        Count(unit, None, "cds", "passed", d(12), DUE, passed, category),
    ]


COUNTS = tagged("16813", "cbccvc", 20, 18) + tagged("16813", "cnscd", 10, 0)
XEN_STAFF = staffed(XEN, cbccvc=20, cnscd=10)  # remote: 80%


def test_an_officials_course_is_on_target_though_the_team_it_is_not_required_for_did_not_take_it():
    report = report_of([PROVINCE, XEN_STAFF], COUNTS, root="16813", course_id="cds", required=OFFICIALS)
    staffing = report.summary.staffing
    assert (staffing.staff, staffing.issued, staffing.passed, staffing.completion) == (20, 20, 18, 90.0)
    assert (staffing.target, staffing.on_track) == (80.0, True)
    assert staffing.by_category["cnscd"].staff == 10  # still shown, not judged
    assert report.required == OFFICIALS
    every = report_of([PROVINCE, XEN_STAFF], COUNTS, root="16813", course_id="cds").summary.staffing
    assert (every.staff, every.passed, every.completion, every.on_track) == (30, 18, 60.0, False)


def test_learners_of_no_category_stay_counted_as_before_courses_declared_anything():
    counts = COUNTS + tagged("16813", None, 2, 2)
    staffing = report_of(
        [PROVINCE, XEN_STAFF], counts, root="16813", course_id="cds", required=OFFICIALS
    ).summary.staffing
    assert (staffing.staff, staffing.issued, staffing.passed) == (20, 22, 20)


def test_a_unit_whose_required_categories_have_no_headcount_is_unstaffed_and_keeps_its_province_from_the_target():
    vinh = staffed(VINH, cnscd=5)  # accounts for officials, a headcount for the team only
    counts = COUNTS + tagged(VINH.code, "cbccvc", 4, 4)
    province = report_of([PROVINCE, XEN_STAFF, vinh], counts, root="40", course_id="cds", required=OFFICIALS)
    assert (province.summary.staffing.unstaffed, province.summary.staffing.on_track) == (1, False)


def test_the_required_categories_are_ignored_by_a_report_over_all_courses():
    report = report_of([PROVINCE, XEN_STAFF], COUNTS, root="16813", required=OFFICIALS)
    assert (report.required, report.summary.staffing.staff) == (None, 30)


def test_what_is_judged_and_how_the_columns_are_named():
    assert requirement.judged(None, None) and requirement.judged(OFFICIALS, None)
    assert not requirement.judged(frozenset(), None)
    assert not requirement.judged(OFFICIALS, "cnscd")
    assert requirement.judged(OFFICIALS, "khong-ro")  # nobody knows the course is not required for them
    assert [requirement.is_required(OFFICIALS, code) for code in ("cbccvc", "dan", "khong-ro")] == [True, False, None]
    assert requirement.header(OFFICIALS, "cnscd") == "Tổ CNSCĐ (không bắt buộc)"
    assert requirement.header(None, "cnscd") == "Tổ CNSCĐ"
    assert requirement.header(OFFICIALS, "khong-ro") == "Không rõ"
    assert requirement.title_line(frozenset({"cnscd", "cbccvc"})) == (
        "Bắt buộc đối với: Cán bộ, công chức, viên chức; Thành viên Tổ công nghệ số cộng đồng"
    )


def test_the_report_table_reads_not_required_where_nothing_is_judged():
    report = report_of([PROVINCE, XEN_STAFF], COUNTS, root="16813", course_id="cds", required=frozenset())
    *_, total = spreadsheet.table(report)
    cells = total[1]
    assert cells[len(spreadsheet.HEADERS) - 1] == "Không bắt buộc"
    assert cells[len(spreadsheet.HEADERS) :] == [20, 18, "Không bắt buộc", 10, 0, "Không bắt buộc"]
