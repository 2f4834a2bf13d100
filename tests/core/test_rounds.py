"""Training rounds: a year's first and last day, no two overlapping, the calendar year when none is set."""

from datetime import date

import pytest
from pydantic import ValidationError

from functions import rounds
from functions.rounds import Round, Rounds

R2025 = Round(code="2025", name="Đợt 2025", first=date(2025, 2, 1), last=date(2025, 11, 30))
R2026 = Round(code="2026", name="Đợt 2026", first=date(2026, 1, 10), last=date(2026, 12, 20))


def test_a_round_holds_its_first_and_last_day_and_its_year_is_its_code():
    assert R2026.holds(date(2026, 1, 10)) and R2026.holds(date(2026, 12, 20))
    assert not R2026.holds(date(2026, 1, 9)) and not R2026.holds(date(2026, 12, 21))
    assert R2026.year == 2026


@pytest.mark.parametrize("code", ["26", "năm 2026", "2026a", "3026", ""])
def test_a_code_that_is_not_a_year_is_refused(code):
    with pytest.raises(ValidationError):
        Round(code=code, name="Đợt", first=date(2026, 1, 1), last=date(2026, 2, 1))


def test_a_last_day_before_the_first_is_refused_in_vietnamese():
    with pytest.raises(ValidationError, match="Ngày kết thúc đợt 01/01/2026 trước ngày bắt đầu 02/01/2026"):
        Round(code="2026", name="Đợt", first=date(2026, 1, 2), last=date(2026, 1, 1))


def test_an_overlapping_round_is_named_with_the_one_it_overlaps():
    kept = rounds.with_round(Rounds(), R2025)
    late = R2026.model_copy(update={"first": date(2025, 11, 30)})
    code, values = rounds.problem(kept, late)
    assert code == "round_overlap"
    assert rounds.message(code, **values) == (
        "Đợt 2026 (30/11/2025 – 20/12/2026) trùng thời gian với đợt 2025 (01/02/2025 – 30/11/2025)"
    )
    assert rounds.problem(kept, R2026) is None
    # Changing a round's own dates is no overlap with itself.
    assert rounds.problem(kept, R2025.model_copy(update={"last": date(2025, 12, 31)})) is None


def test_rounds_are_kept_in_order_of_their_first_day_one_version_on_a_change():
    kept = rounds.with_round(rounds.with_round(Rounds(), R2026), R2025)
    assert [r.code for r in kept.rounds] == ["2025", "2026"] and kept.version == 2
    renamed = rounds.with_round(kept, R2025.model_copy(update={"name": "Năm 2025"}))
    assert [r.name for r in renamed.rounds] == ["Năm 2025", "Đợt 2026"] and renamed.version == 3


def test_a_day_in_no_round_is_in_its_calendar_years_implied_round():
    kept = rounds.with_round(Rounds(), R2026)
    assert rounds.current(kept, date(2026, 6, 1)) == R2026
    assert rounds.current(kept, date(2026, 12, 25)) == R2026  # its year's round, though outside its dates
    assert rounds.current(kept, date(2027, 1, 2)) == rounds.implied(2027)
    assert rounds.current(Rounds(), date(2024, 3, 3)) == Round(
        code="2024", name="Năm 2024", first=date(2024, 1, 1), last=date(2024, 12, 31)
    )


def test_the_previous_round_is_last_years_defined_or_implied():
    kept = rounds.with_round(rounds.with_round(Rounds(), R2025), R2026)
    assert rounds.previous(kept, R2026) == R2025
    assert rounds.previous(kept, R2025) == rounds.implied(2024)
    assert rounds.by_code(kept, "2027") == rounds.implied(2027)
