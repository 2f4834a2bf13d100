"""The figures read from question sums: difficulty, the point-biserial discrimination (checked against the
correlation computed from the raw scores), the flags and the leak rule's thresholds."""

import math
import random
import statistics
from datetime import UTC, datetime

import pytest

from functions.grading import Grade
from functions.questions.figures import (
    ENOUGH,
    LEAK_CHANCE,
    LEAK_DRAWS,
    chance_at_least,
    discrimination,
    figures,
)
from functions.questions.sums import Cell, Sums, drawn, month_of

XEN, VINH = "40/16813/", "40/16684/"


def sums_of(pairs: list[tuple[int, int]]) -> Sums:
    """The sums of (x, s) pairs: x the question right, s the rest-score."""
    total = Sums()
    for x, s in pairs:
        total += Sums(1, x, s, s * s, x * s)
    return total


def test_discrimination_from_the_sums_is_the_correlation_of_the_raw_scores():
    rng = random.Random(7)
    pairs = []
    for _ in range(200):
        ability = rng.random()
        rest = sum(rng.random() < ability for _ in range(19))
        pairs.append((int(rng.random() < ability), rest))
    expected = statistics.correlation([float(x) for x, _ in pairs], [float(s) for _, s in pairs])
    assert discrimination(sums_of(pairs)) == pytest.approx(expected, abs=1e-9)
    assert expected > 0.3  # the abler answer it right more often


def test_discrimination_is_none_while_the_question_or_the_rest_never_varies():
    assert discrimination(sums_of([(1, 3), (1, 5)])) is None
    assert discrimination(sums_of([(0, 3), (1, 3)])) is None
    assert discrimination(Sums()) is None


def test_a_graded_attempt_adds_x_and_the_rest_score_of_each_question():
    grade = Grade(correct=2, total=3, percent=66.7, passed=False, right={"a": True, "b": False, "c": True})
    assert drawn(grade) == {"a": Sums(1, 1, 1, 1, 1), "b": Sums(1, 0, 2, 4, 0), "c": Sums(1, 1, 1, 1, 1)}


def test_a_submission_counts_in_its_month_in_vietnam():
    assert month_of(datetime(2026, 11, 30, 16, 59, tzinfo=UTC)) == "2026-11"
    assert month_of(datetime(2026, 11, 30, 17, 0, tzinfo=UTC)) == "2026-12"  # midnight on 1 December in Vietnam


def test_the_binomial_tail_is_exact():
    assert chance_at_least(3, 3, 0.5) == pytest.approx(0.125)
    assert chance_at_least(2, 3, 0.5) == pytest.approx(0.5)
    assert chance_at_least(0, 5, 0.3) == 1.0
    assert chance_at_least(10, 10, 0.4) == pytest.approx(0.4**10)


def test_flags_need_enough_draws_and_name_easy_hard_and_misleading_questions():
    easy = sums_of([(1, 10)] * (ENOUGH - 1) + [(0, 9)])  # 29 of 30 right: 0.967
    hard = sums_of([(0, 5)] * 25 + [(1, 5)] * 5)
    misleading = sums_of([(1, 2)] * 15 + [(0, 15)] * 15)  # the strong get it wrong
    too_few = sums_of([(1, 10)] * (ENOUGH - 1))
    cells = [Cell(XEN, "16813", "c", "2026-11", {"easy": easy, "hard": hard, "trap": misleading, "few": too_few})]
    found = figures(cells)
    assert found["easy"].flags == ["too_easy"]
    assert found["hard"].flags == ["too_hard"] and found["hard"].p == pytest.approx(5 / 30)
    assert found["trap"].flags == ["misleading"] and found["trap"].discrimination == pytest.approx(-1.0)
    assert found["few"].flags == []


def history(n: int, right: int) -> Sums:
    return sums_of([(1, 10)] * right + [(0, 8)] * (n - right))


def test_a_unit_whose_success_jumps_against_the_history_is_a_leak_and_only_in_its_month():
    cells = [
        Cell(VINH, "16684", "c", "2026-10", {"q": history(60, 24)}),  # 40% right over two months elsewhere
        Cell(VINH, "16684", "c", "2026-11", {"q": history(40, 16)}),
        Cell(XEN, "16813", "c", "2026-10", {"q": history(10, 4)}),  # Xén's own history: 40%
        Cell(XEN, "16813", "c", "2026-11", {"q": history(12, 12)}),  # then 12 of 12
    ]
    found = figures(cells)["q"]
    [leak] = found.leaks
    assert (leak.unit_code, leak.month, leak.draws, leak.right, leak.history_draws) == ("16813", "2026-11", 12, 12, 110)
    assert leak.history_p == pytest.approx(44 / 110) and leak.chance == pytest.approx(0.4**12)
    assert leak.chance < LEAK_CHANCE and "leak" in found.flags
    assert figures(cells, month="2026-10")["q"].leaks == []  # October's cells are read against everything else
    assert figures(cells, month="2026-11")["q"].leaks == [leak]


@pytest.mark.parametrize(
    ("draws", "right", "leaks"),
    [
        (LEAK_DRAWS - 1, LEAK_DRAWS - 1, False),  # every one right, but too few to tell
        (LEAK_DRAWS, LEAK_DRAWS, True),
        (20, 12, False),  # 60% against 40%: a jump, but chance enough (p ≈ 0.06)
        (40, 30, True),  # 75% against 40%
    ],
)
def test_the_leak_rule_asks_for_enough_draws_a_clear_jump_and_a_small_chance(draws, right, leaks):
    cells = [
        Cell(VINH, "16684", "c", "2026-11", {"q": history(100, 40)}),
        Cell(XEN, "16813", "c", "2026-11", {"q": history(draws, right)}),
    ]
    assert bool(figures(cells)["q"].leaks) is leaks
    base = 40 / 100
    assert (chance_at_least(right, draws, base) < LEAK_CHANCE and right / draws - base >= 0.2) is leaks or draws < 10
    assert math.isfinite(chance_at_least(right, draws, base))
