"""Staff in post: read from a unit list's `Biên chế <category>` columns, merged into what a unit keeps, and never
below the accounts already issued."""

from datetime import date

import pytest

from functions.enrolment.imports import UnitRow, parse_units, read_table
from functions.headcounts import Headcount, below_issued, merged, staff_number
from functions.reports.staffing import issued
from functions.reports.tally import Count
from tests.core.test_imports import codes, csv_bytes

HEADER = "Mã đơn vị;Tên đơn vị;Mã đơn vị cha;Biên chế CB, CC, VC;Biên chế Tổ CNSCĐ"


def parsed(*lines: str, header: str = HEADER, year: int | None = 2026):
    return parse_units(read_table(csv_bytes(header, *lines), "don-vi.csv"), {"NA"}, year)


@pytest.mark.parametrize(("typed", "staff"), [("36", 36), ("1.200", 1200), ("1,200", 1200), ("12.0", 12), ("0", 0)])
def test_a_headcount_cell_is_a_whole_number_as_spreadsheets_write_it(typed, staff):
    assert staff_number(typed) == staff


@pytest.mark.parametrize("typed", ["-3", "ba mươi", "12.5", "1e3"])
def test_anything_else_is_no_headcount(typed):
    assert staff_number(typed) is None


def test_a_unit_list_gives_headcounts_per_category_of_the_imports_year_or_the_rows():
    result = parsed("XA-1;Xã Một;NA;40;12", "XA-2;Xã Hai;NA;25;")
    assert result.problems == []
    assert result.good == [
        UnitRow(
            2,
            "XA-1",
            "Xã Một",
            "NA",
            "",
            False,
            (Headcount(year=2026, category="cbccvc", staff=40), Headcount(year=2026, category="cnscd", staff=12)),
        ),
        UnitRow(3, "XA-2", "Xã Hai", "NA", "", False, (Headcount(year=2026, category="cbccvc", staff=25),)),
    ]
    dated = parsed("XA-1;Xã Một;NA;40;2025", header="Mã đơn vị;Tên đơn vị;Mã đơn vị cha;Biên chế cbccvc;Năm")
    assert dated.good[0].headcounts == (Headcount(year=2025, category="cbccvc", staff=40),)


def test_bad_headcounts_are_row_problems_with_their_codes():
    result = parsed("XA-1;Xã Một;NA;-4;", "XA-2;Xã Hai;NA;bốn mươi;", "XA-3;Xã Ba;NA;5000000;")
    assert result.good == []
    assert codes(result) == [
        (2, "Biên chế CB, CC, VC", "headcount_not_number"),
        (3, "Biên chế CB, CC, VC", "headcount_not_number"),
        (4, "Biên chế CB, CC, VC", "headcount_too_large"),
    ]
    assert result.problems[0].message == "Số biên chế phải là số nguyên không âm (0, 1, 2, ...)"
    unknown = parsed("XA-1;Xã Một;NA;4", header="Mã đơn vị;Tên đơn vị;Mã đơn vị cha;Biên chế học sinh")
    assert codes(unknown) == [(1, "Biên chế học sinh", "unknown_headcount_column")]
    undated = parsed("XA-1;Xã Một;NA;4;", year=None)
    assert codes(undated) == [(2, "Năm biên chế", "bad_year")]


def test_new_headcounts_replace_those_of_their_year_and_category_only():
    kept = (Headcount(year=2025, category="cbccvc", staff=30), Headcount(year=2026, category="cbccvc", staff=31))
    new = [Headcount(year=2026, category="cnscd", staff=9), Headcount(year=2026, category="cbccvc", staff=33)]
    assert merged(kept, new) == (
        Headcount(year=2025, category="cbccvc", staff=30),
        Headcount(year=2026, category="cbccvc", staff=33),
        Headcount(year=2026, category="cnscd", staff=9),
    )


def test_a_headcount_below_the_accounts_issued_that_year_in_that_category_is_found():
    day = date(2026, 11, 2)
    counts = [
        Count("XA-1", None, None, "issued", day, None, 20, "cbccvc"),
        Count("XA-1", None, None, "issued", date(2025, 11, 2), None, 50, "cbccvc"),  # last year's: not counted
        Count("XA-1", None, "cds", "passed", day, None, 20, "cbccvc"),
        Count("XA-1-T", None, None, "issued", day, None, 90, "cbccvc"),  # a unit below: its own headcount
    ]
    wanted = [Headcount(year=2026, category="cbccvc", staff=19), Headcount(year=2026, category="cnscd", staff=0)]
    assert issued(counts, "XA-1") == {(2026, "cbccvc"): 20, (2025, "cbccvc"): 50}
    assert below_issued(wanted, issued(counts, "XA-1")) == [(wanted[0], 20)]
