import random
from collections import Counter

from functions.grading import draw, grade
from tests.support.banks import make_bank


def test_draw_takes_the_configured_number_of_distinct_questions():
    shown = draw(make_bank(draw=6), random.Random(1))
    assert len(shown) == 6
    assert len({question.id for question in shown}) == 6


def test_draw_spreads_questions_over_every_lesson():
    for seed in range(20):
        shown = draw(make_bank(lessons=3, per_lesson=4, draw=6), random.Random(seed))
        assert Counter(question.id.split("-")[0] for question in shown) == {"l1": 2, "l2": 2, "l3": 2}


def test_draw_shuffles_choices_and_moves_the_key_with_them():
    bank = make_bank()
    seen_positions = set()
    for seed in range(20):
        for question in draw(bank, random.Random(seed)):
            original = bank.by_id[question.id]
            assert question.choices == [original.choices[index] for index in question.order]
            assert [question.choices[index] for index in question.key] == [original.choices[1]]
            seen_positions.add(question.key[0])
    assert seen_positions == {0, 1, 2, 3}


def test_draw_never_takes_more_than_the_bank_holds():
    assert len(draw(make_bank(lessons=1, per_lesson=2, draw=5), random.Random(0))) == 2


def test_grade_counts_exact_matches_and_applies_the_pass_mark():
    shown = draw(make_bank(draw=4), random.Random(3))
    answers = {question.id: list(question.key) for question in shown[:3]}
    answers[shown[3].id] = [(shown[3].key[0] + 1) % 4]
    result = grade(shown, answers, pass_percent=75)
    assert (result.correct, result.total, result.percent, result.passed) == (3, 4, 75.0, True)
    assert result.right == {q.id: q is not shown[3] for q in shown}
    assert grade(shown, answers, pass_percent=80).passed is False


def test_grade_treats_unanswered_questions_as_wrong():
    shown = draw(make_bank(draw=4), random.Random(3))
    result = grade(shown, {}, pass_percent=50)
    assert (result.correct, result.percent, result.passed) == (0, 0.0, False)


def test_a_practice_draw_takes_only_practice_questions():
    bank = make_bank(practice_per_lesson=2, practice_draw=4)
    for seed in range(20):
        shown = draw(bank, random.Random(seed), practice=True)
        assert len(shown) == 4 and all(question.id.startswith("p") for question in shown)
    assert draw(make_bank(), random.Random(0), practice=True) == []
