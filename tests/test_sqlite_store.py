"""The attempt store contract, on the embedded SQLite store (the DynamoDB store will join this suite)."""

import random
import threading
from datetime import datetime, timedelta, timezone

import pytest

from functions.attempts import Attempt, AttemptLimitReached
from functions.grading import draw, grade
from functions.stores.sqlite import SQLiteAttemptStore
from tests.conftest import make_bank

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    store = SQLiteAttemptStore(tmp_path / "db" / "hocso.sqlite3")
    yield store
    store.close()


def new_attempt(attempt_id: str, learner: str = "learner-aaaaaaaaaaaa") -> Attempt:
    bank = make_bank()
    return Attempt(
        id=attempt_id, learner_id=learner, course_id="mini", bank_version=bank.version, pass_percent=50,
        started_at=NOW, deadline=NOW + timedelta(minutes=30), questions=draw(bank, random.Random(attempt_id)),
    )


def finished(attempt: Attempt, correct: bool) -> Attempt:
    answers = {q.id: (q.key if correct else [(q.key[0] + 1) % 4]) for q in attempt.questions}
    return attempt.model_copy(
        update={"submitted_at": NOW, "answers": answers, "grade": grade(attempt.questions, answers, 50)}
    )


def test_an_added_attempt_reads_back_equal(store):
    attempt = new_attempt("a1")
    store.add(attempt, max_attempts=3)
    assert store.get("a1") == attempt
    assert store.get("missing") is None
    assert store.count("learner-aaaaaaaaaaaa", "mini") == 1


def test_add_refuses_beyond_the_attempt_limit(store):
    store.add(new_attempt("a1"), max_attempts=2)
    store.add(new_attempt("a2"), max_attempts=2)
    with pytest.raises(AttemptLimitReached):
        store.add(new_attempt("a3"), max_attempts=2)
    store.add(new_attempt("b1", learner="learner-bbbbbbbbbbbb"), max_attempts=2)
    assert store.get("a3") is None


def test_finish_happens_once_and_later_calls_get_the_first_result(store):
    attempt = new_attempt("a1")
    store.add(attempt, max_attempts=3)
    first = store.finish(finished(attempt, correct=True))
    second = store.finish(finished(attempt, correct=False))
    assert first.grade.passed and second == first == store.get("a1")


def test_concurrent_starts_never_exceed_the_limit(store):
    barrier = threading.Barrier(8)
    outcomes = []

    def start(n):
        barrier.wait()
        try:
            store.add(new_attempt(f"c{n}"), max_attempts=3)
            outcomes.append("ok")
        except AttemptLimitReached:
            outcomes.append("refused")

    threads = [threading.Thread(target=start, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * 5
    assert store.count("learner-aaaaaaaaaaaa", "mini") == 3


def test_concurrent_finishes_store_one_grade(store):
    attempt = new_attempt("a1")
    store.add(attempt, max_attempts=3)
    barrier = threading.Barrier(6)
    results = []

    def submit(n):
        barrier.wait()
        results.append(store.finish(finished(attempt, correct=n % 2 == 0)))

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({result.model_dump_json() for result in results}) == 1
    assert store.get("a1") == results[0]


def test_two_store_objects_on_one_file_see_each_other(tmp_path):
    path = tmp_path / "shared.sqlite3"
    first, second = SQLiteAttemptStore(path), SQLiteAttemptStore(path)
    first.add(new_attempt("a1"), max_attempts=1)
    with pytest.raises(AttemptLimitReached):
        second.add(new_attempt("a2"), max_attempts=1)
    assert second.get("a1") is not None
