"""The store contract, run against every implementation: SQLite (embedded) and DynamoDB (over HTTP to moto's server)."""

import random
from datetime import datetime, timedelta, timezone

import pytest

from functions.attempts import Attempt, AttemptLimitReached, AttemptOpen
from functions.grading import draw, grade
from tests.conftest import make_bank, run_together

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
LEARNER = "learner-aaaaaaaaaaaa"


def new_attempt(attempt_id: str, learner: str = LEARNER, course: str = "mini") -> Attempt:
    bank = make_bank()
    return Attempt(
        id=attempt_id, learner_id=learner, course_id=course, bank_version=bank.version, pass_percent=50,
        started_at=NOW, deadline=NOW + timedelta(minutes=30), questions=draw(bank, random.Random(attempt_id)),
    )


def finished(attempt: Attempt, correct: bool, at: datetime = NOW) -> Attempt:
    answers = {q.id: (q.key if correct else [(q.key[0] + 1) % 4]) for q in attempt.questions}
    return attempt.model_copy(update={"submitted_at": at, "answers": answers, "grade": grade(attempt.questions, answers, 50)})


def test_a_started_attempt_reads_back_equal(any_store):
    attempt = new_attempt("a1")
    any_store.start(attempt, max_attempts=3)
    assert any_store.get("a1") == attempt
    assert any_store.get("missing") is None
    assert any_store.attempts(LEARNER, "mini") == [attempt]


def test_only_one_attempt_may_be_open_per_learner_and_course(any_store):
    any_store.start(new_attempt("a1"), max_attempts=3)
    with pytest.raises(AttemptOpen) as caught:
        any_store.start(new_attempt("a2"), max_attempts=3)
    assert caught.value.attempt_id == "a1"
    any_store.start(new_attempt("b1", course="khac"), max_attempts=3)
    any_store.finish(finished(any_store.get("a1"), correct=True))
    any_store.start(new_attempt("a2"), max_attempts=3)
    assert [a.id for a in any_store.attempts(LEARNER, "mini")] == ["a1", "a2"]


def test_start_refuses_beyond_the_attempt_limit(any_store):
    for n in range(2):
        any_store.start(new_attempt(f"a{n}"), max_attempts=2)
        any_store.finish(finished(any_store.get(f"a{n}"), correct=False))
    with pytest.raises(AttemptLimitReached):
        any_store.start(new_attempt("a9"), max_attempts=2)
    any_store.start(new_attempt("b1", learner="learner-bbbbbbbbbbbb"), max_attempts=2)
    assert any_store.get("a9") is None


def test_saved_answers_read_back_and_stop_at_submission(any_store):
    attempt = new_attempt("a1")
    any_store.start(attempt, max_attempts=3)
    question = attempt.questions[0].id
    assert any_store.save("a1", {question: [2]}, NOW + timedelta(minutes=1)) is True
    stored = any_store.get("a1")
    assert (stored.saved, stored.saved_at) == ({question: [2]}, NOW + timedelta(minutes=1))
    assert any_store.attempts(LEARNER, "mini")[0].saved == {question: [2]}
    any_store.finish(finished(stored, correct=True))
    assert any_store.save("a1", {question: [1]}, NOW + timedelta(minutes=2)) is False
    assert any_store.get("a1").saved == {}
    assert any_store.save("nothing", {}, NOW) is False


def test_finish_happens_once_and_later_calls_get_the_first_result(any_store):
    attempt = new_attempt("a1")
    any_store.start(attempt, max_attempts=3)
    first = any_store.finish(finished(attempt, correct=True))
    second = any_store.finish(finished(attempt, correct=False, at=NOW + timedelta(minutes=5)))
    assert first.grade.passed and second == first == any_store.get("a1")


def test_concurrent_starts_open_exactly_one_attempt(any_store):
    outcomes = run_together(8, lambda n: any_store.start(new_attempt(f"c{n}"), max_attempts=3))
    assert sum(outcome is None for outcome in outcomes) == 1
    assert all(isinstance(outcome, AttemptOpen) for outcome in outcomes if outcome is not None)
    assert len(any_store.attempts(LEARNER, "mini")) == 1


def test_concurrent_finishes_store_one_grade(any_store):
    attempt = new_attempt("a1")
    any_store.start(attempt, max_attempts=3)
    results = run_together(6, lambda n: any_store.finish(finished(attempt, correct=n % 2 == 0, at=NOW + timedelta(seconds=n))))
    assert len({result.model_dump_json() for result in results}) == 1
    assert any_store.get("a1") == results[0]
    any_store.start(new_attempt("a2"), max_attempts=3)


def test_lessons_done_are_recorded_once_per_learner_and_course(any_store):
    any_store.mark_done(LEARNER, "mini", "l1", NOW)
    any_store.mark_done(LEARNER, "mini", "l1", NOW + timedelta(hours=1))
    any_store.mark_done(LEARNER, "mini", "l2", NOW)
    any_store.mark_done(LEARNER, "khac", "l9", NOW)
    assert any_store.lessons_done(LEARNER, "mini") == {"l1", "l2"}
    assert any_store.lessons_done("learner-bbbbbbbbbbbb", "mini") == set()
