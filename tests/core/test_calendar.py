"""Working days and learners' deadlines: weekends, Vietnamese holidays, the government's swaps, and the overrides
file."""

from datetime import date, timedelta

import pytest

from functions.accounts.calendar import CalendarError, WorkingCalendar, configured, load, parse
from functions.settings import get_settings
from tests.support.paths import CONTENT

CALENDAR = CONTENT / "calendar.yml"


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar()


def _off_days(calendar: WorkingCalendar, first: date, last: date) -> list[date]:
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    return [day for day in days if not calendar.is_working_day(day)]


def test_weekends_are_off_and_weekdays_are_worked(calendar):
    assert calendar.is_working_day(date(2026, 10, 9))  # Friday
    assert not calendar.is_working_day(date(2026, 10, 10))  # Saturday
    assert not calendar.is_working_day(date(2026, 10, 11))  # Sunday
    assert calendar.is_working_day(date(2026, 10, 12))  # Monday


def test_tet_2026_is_off_from_saturday_14_to_sunday_22_february(calendar):
    # 17/2/2026 is mùng 1 Tết Bính Ngọ; the package gives the eve (16/2) to mùng 4 (20/2), weekends close the gap.
    assert _off_days(calendar, date(2026, 2, 13), date(2026, 2, 23)) == [date(2026, 2, day) for day in range(14, 23)]


def test_30_april_and_1_may_2026_are_off(calendar):
    off = _off_days(calendar, date(2026, 4, 29), date(2026, 5, 4))
    assert off == [date(2026, 4, 30), date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 3)]


def test_hung_kings_day_on_a_sunday_gives_the_monday_off(calendar):
    # 10/3 âm lịch is Sunday 26/4/2026; the Labour Code moves the day off to the next working day.
    assert not calendar.is_working_day(date(2026, 4, 27))


def test_national_day_2026_is_off_with_its_extra_day(calendar):
    assert not calendar.is_working_day(date(2026, 9, 1))
    assert not calendar.is_working_day(date(2026, 9, 2))
    assert calendar.is_working_day(date(2026, 9, 3))


def test_a_swap_the_package_already_knows_makes_the_saturday_a_working_day(calendar):
    # 2025: Friday 2/5 off, worked on Saturday 26/4 instead (asked first, before any other 2025 date).
    assert WorkingCalendar().is_working_day(date(2025, 4, 26))
    assert not calendar.is_working_day(date(2025, 5, 2))


def test_overrides_add_a_day_off_and_a_working_saturday():
    calendar = WorkingCalendar(days_off=[date(2026, 10, 14)], working_days=[date(2026, 10, 10)])
    assert not calendar.is_working_day(date(2026, 10, 14))
    assert calendar.is_working_day(date(2026, 10, 10))


def test_an_override_can_cancel_a_holiday_the_package_has():
    assert WorkingCalendar(working_days=[date(2026, 9, 1)]).is_working_day(date(2026, 9, 1))


def test_a_day_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError, match="days both off and worked"):
        WorkingCalendar(days_off=[date(2026, 10, 10)], working_days=[date(2026, 10, 10)])


def test_the_issue_day_counts_as_day_one_when_it_is_a_working_day(calendar):
    assert calendar.deadline(date(2026, 10, 5), 10) == date(2026, 10, 16)  # Monday to the Friday of the next week
    assert calendar.deadline(date(2026, 10, 5), 1) == date(2026, 10, 5)


def test_an_account_issued_on_a_weekend_starts_counting_on_monday(calendar):
    assert calendar.deadline(date(2026, 10, 3), 10) == date(2026, 10, 16)
    assert calendar.deadline(date(2026, 10, 3), 1) == date(2026, 10, 5)


def test_a_deadline_spanning_tet_skips_the_nine_days_off(calendar):
    # Thu 12/2 and Fri 13/2 are days 1-2; 14-22/2 off; 23-27/2 are days 3-7; 2, 3, 4/3 are days 8-10.
    assert calendar.deadline(date(2026, 2, 12), 10) == date(2026, 3, 4)
    # Issued on the first day of the break: counting starts on Monday 23/2.
    assert calendar.deadline(date(2026, 2, 14), 10) == date(2026, 3, 6)


def test_overrides_move_the_deadline():
    start = date(2026, 10, 5)
    assert WorkingCalendar(days_off=[date(2026, 10, 14)]).deadline(start, 10) == date(2026, 10, 19)
    assert WorkingCalendar(working_days=[date(2026, 10, 10)]).deadline(start, 10) == date(2026, 10, 15)


def test_a_deadline_needs_at_least_one_working_day(calendar):
    with pytest.raises(ValueError, match="at least 1"):
        calendar.deadline(date(2026, 10, 5), 0)


def test_working_days_left_counts_today_and_the_deadline(calendar):
    start = date(2026, 2, 12)
    end = calendar.deadline(start, 10)
    assert calendar.working_days_left(start, end) == 10
    assert calendar.working_days_left(date(2026, 2, 16), end) == 8  # during Tết nothing is used up
    assert calendar.working_days_left(end, end) == 1
    assert calendar.working_days_left(end + timedelta(days=1), end) == 0


def test_the_shipped_calendar_file_loads():
    calendar = load(CALENDAR)
    assert isinstance(calendar, WorkingCalendar)
    assert not calendar.days_off & calendar.working_days


def test_the_file_format_reads_both_sections():
    text = "# Ví dụ\ndays_off:\n  2026-10-14: \"Nghỉ thêm\"\nworking_days:\n  '2026-10-10': Làm bù\n"
    calendar = parse(text)
    assert calendar.days_off == frozenset({date(2026, 10, 14)})
    assert calendar.working_days == frozenset({date(2026, 10, 10)})


def test_an_empty_file_or_empty_sections_change_nothing():
    assert parse("").days_off == frozenset()
    assert parse("days_off:\nworking_days: {}\n").working_days == frozenset()


def test_a_bad_date_names_the_file_line_and_code():
    text = '# Lịch\ndays_off:\n  2026-10-14: "Nghỉ thêm"\n  2026-02-30: "Không có ngày này"\n'
    with pytest.raises(CalendarError) as caught:
        parse(text, "content/calendar.yml")
    error = caught.value
    assert (error.code, error.path, error.line, error.field) == (
        "calendar_bad_date",
        "content/calendar.yml",
        4,
        "days_off",
    )
    assert str(error) == (
        "content/calendar.yml:4: days_off: '2026-02-30' không phải là ngày hợp lệ; "
        "viết theo dạng NNNN-TT-NN, ví dụ 2026-08-22. [calendar_bad_date]"
    )
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("written", ["2026-8-22", "22/08/2026", "20260822", "ngày mai"])
def test_dates_not_written_as_yyyy_mm_dd_are_refused(written):
    with pytest.raises(CalendarError) as caught:
        parse(f'working_days:\n  {written}: "Làm bù"\n')
    assert (caught.value.code, caught.value.line) == ("calendar_bad_date", 2)


def test_a_day_written_twice_points_at_the_first_line():
    with pytest.raises(CalendarError) as caught:
        parse('days_off:\n  2026-10-14: "Nghỉ"\nworking_days:\n  2026-10-14: "Làm bù"\n')
    assert (caught.value.code, caught.value.line) == ("calendar_duplicate_date", 4)
    assert caught.value.message == "Ngày 2026-10-14 đã được ghi ở dòng 2."


def test_every_entry_needs_a_reason():
    with pytest.raises(CalendarError) as caught:
        parse("days_off:\n  2026-10-14:\n")
    assert (caught.value.code, caught.value.line) == ("calendar_missing_reason", 2)


def test_an_unknown_section_is_refused():
    with pytest.raises(CalendarError) as caught:
        parse('days_off: {}\nngay_nghi:\n  2026-10-14: "Nghỉ"\n')
    assert (caught.value.code, caught.value.line) == ("calendar_unknown_section", 2)


def test_a_list_instead_of_date_reason_lines_is_refused():
    with pytest.raises(CalendarError) as caught:
        parse("days_off:\n  - 2026-10-14\n")
    assert (caught.value.code, caught.value.line) == ("calendar_bad_section", 2)


def test_broken_yaml_names_its_line():
    with pytest.raises(CalendarError) as caught:
        parse('days_off:\n  2026-10-14: "Nghỉ\n')
    assert caught.value.code == "calendar_bad_yaml"
    assert caught.value.line == 3


def test_the_functions_calendar_is_the_file_the_settings_name(tmp_path, monkeypatch):
    overrides = tmp_path / "lich.yml"
    overrides.write_text('days_off:\n  2026-10-14: "Nghỉ"\nworking_days:\n  2026-10-10: "Làm bù"\n', encoding="utf-8")
    monkeypatch.setenv("HOCSO_CALENDAR", str(overrides))
    get_settings.cache_clear()
    configured.cache_clear()
    try:
        calendar = configured()
        assert get_settings().calendar == overrides
        assert not calendar.is_working_day(date(2026, 10, 14)) and calendar.is_working_day(date(2026, 10, 10))
    finally:
        get_settings.cache_clear()
        configured.cache_clear()
