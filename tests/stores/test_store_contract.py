"""The store contract, run against every implementation: SQLite (embedded) and DynamoDB (over HTTP to moto's server)."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from functions.attempts import Attempt, AttemptLimitReached, AttemptOpen, Sheet
from functions.grading import draw, grade
from functions.stores.sqlite.attempts import SQLiteStore
from tests.support.banks import make_bank
from tests.support.servers import run_together

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LEARNER = "learner-aaaaaaaaaaaa"


def new_attempt(attempt_id: str, learner: str = LEARNER, course: str = "mini") -> Attempt:
    bank = make_bank()
    return Attempt(
        id=attempt_id,
        learner_id=learner,
        course_id=course,
        bank_version=bank.version,
        pass_percent=50,
        started_at=NOW,
        deadline=NOW + timedelta(minutes=30),
        questions=draw(bank, random.Random(attempt_id)),
    )


def finished(attempt: Attempt, correct: bool, at: datetime = NOW) -> Attempt:
    answers = {q.id: (q.key if correct else [(q.key[0] + 1) % 4]) for q in attempt.questions}
    return attempt.model_copy(
        update={"submitted_at": at, "answers": answers, "grade": grade(attempt.questions, answers, 50)}
    )


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


def graded_sheet(sheet: Sheet, correct: bool, at: datetime = NOW) -> Sheet:
    marking = sheet.marking()
    answers = {q: (key if correct else [(key[0] + 1) % 4]) for q, key in zip(marking.ids, marking.keys, strict=True)}
    return sheet.model_copy(update={"submitted_at": at, "answers": answers, "grade": marking.grade(answers, 50)})


def forget_sheet(store, attempt_id: str) -> None:
    """Leave the attempt as SQLite kept it before sheets: its start record only (DynamoDB keeps no sheet: it draws
    every one from the record)."""
    if isinstance(store, SQLiteStore):
        with store._lock:
            store._db.execute("UPDATE attempt_starts SET sheet = NULL WHERE id = ?", (attempt_id,))


def test_a_sheet_reads_what_grading_needs_of_the_attempt_at_every_stage(any_store):
    attempt = new_attempt("a1").model_copy(update={"review": "answers"})
    any_store.start(attempt, max_attempts=3)
    sheet = any_store.sheet("a1")
    assert sheet == attempt.sheet() and "text" not in sheet.model_dump_json()
    assert sheet.marking().ids == [q.id for q in attempt.questions]
    assert sheet.marking().explanations == [q.explanation for q in attempt.questions]
    question = attempt.questions[0].id
    any_store.save("a1", {question: [2]}, NOW + timedelta(minutes=1))
    assert any_store.sheet("a1") == any_store.get("a1").sheet() and any_store.sheet("a1").saved == {question: [2]}
    done = any_store.finish(graded_sheet(any_store.sheet("a1"), correct=True))
    assert isinstance(done, Sheet) and done.grade.passed and done.saved == {}
    assert any_store.sheet("a1") == done == any_store.get("a1").sheet()
    assert any_store.get("a1").grade == finished(attempt, correct=True).grade
    assert any_store.sheet("missing") is None


def test_a_sheet_finished_after_its_attempt_gets_the_first_result(any_store):
    attempt = new_attempt("a1")
    any_store.start(attempt, max_attempts=3)
    first = any_store.finish(finished(attempt, correct=True))
    late = any_store.finish(graded_sheet(attempt.sheet(), correct=False, at=NOW + timedelta(minutes=5)))
    assert isinstance(late, Sheet) and late == first.sheet() == any_store.sheet("a1")


def test_an_attempt_started_before_sheets_reads_as_a_sheet_from_its_start_record(any_store):
    attempt = new_attempt("a1")
    any_store.start(attempt, max_attempts=3)
    question = attempt.questions[0].id
    any_store.save("a1", {question: [1]}, NOW + timedelta(minutes=1))
    forget_sheet(any_store, "a1")
    assert any_store.sheet("a1") == any_store.get("a1").sheet() and any_store.sheet("a1").saved == {question: [1]}
    done = any_store.finish(graded_sheet(any_store.sheet("a1"), correct=True))
    assert any_store.get("a1").grade == done.grade and done.grade.passed


def test_concurrent_starts_open_exactly_one_attempt(any_store):
    outcomes = run_together(8, lambda n: any_store.start(new_attempt(f"c{n}"), max_attempts=3))
    assert sum(outcome is None for outcome in outcomes) == 1
    assert all(isinstance(outcome, AttemptOpen) for outcome in outcomes if outcome is not None)
    assert len(any_store.attempts(LEARNER, "mini")) == 1


def test_concurrent_finishes_store_one_grade(any_store):
    attempt = new_attempt("a1")
    any_store.start(attempt, max_attempts=3)
    results = run_together(
        6, lambda n: any_store.finish(finished(attempt, correct=n % 2 == 0, at=NOW + timedelta(seconds=n)))
    )
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


def guest_attempt(attempt_id: str, expires_at: datetime, learner: str = "guest-aaaaaaaaaaaaaaaa") -> Attempt:
    return new_attempt(attempt_id, learner=learner).model_copy(
        update={"practice": True, "expires_at": expires_at, "review": "answers"}
    )


def test_guest_starts_are_counted_per_client_and_window_up_to_the_limit(any_store):
    window, later = NOW, NOW + timedelta(hours=1)
    expires = NOW + timedelta(days=2)
    assert [any_store.count_start("client-a", window, 3, expires) for _ in range(4)] == [True, True, True, False]
    assert any_store.count_start("client-b", window, 3, expires) is True
    assert any_store.count_start("client-a", later, 3, expires) is True


def test_concurrent_guest_starts_never_exceed_the_limit(any_store):
    outcomes = run_together(12, lambda n: any_store.count_start("client-a", NOW, 5, NOW + timedelta(days=2)))
    assert outcomes.count(True) == 5 and outcomes.count(False) == 7


def test_a_practice_attempt_keeps_its_expiry_and_is_forgotten_after_it(any_store):
    """SQLite deletes it on `purge`; DynamoDB stores the table's time-to-live attribute, and deletes it by itself."""
    expires = NOW + timedelta(days=1)
    attempt = guest_attempt("g1", expires)
    any_store.start(attempt, max_attempts=3)
    any_store.start(new_attempt("kept"), max_attempts=3)
    assert any_store.get("g1") == attempt and any_store.get("g1").expired(expires)
    any_store.count_start("client-a", NOW, 3, expires)
    assert any_store.purge(expires - timedelta(seconds=1)) == 0
    assert any_store.get("g1") is not None
    gone = any_store.purge(expires)
    if type(any_store).__name__ == "DynamoDBStore":
        from functions.stores.dynamodb.table import TIME_TO_LIVE

        client, table = any_store._client, any_store._table
        described = client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
        assert (
            (described["AttributeName"], described["TimeToLiveStatus"])
            == ("expires", "ENABLED")
            == (TIME_TO_LIVE["AttributeName"], "ENABLED")
        )
        items = [
            any_store._get({"pk": {"S": "ATTEMPT#g1"}, "sk": {"S": "A"}}),
            any_store._get({"pk": {"S": "LC#guest-aaaaaaaaaaaaaaaa#mini"}, "sk": {"S": "#LEDGER"}}),
        ]
        assert [item["expires"] for item in items] == [{"N": str(int(expires.timestamp()))}] * 2
        counter = client.query(
            TableName=table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": "GUESTS#client-a"}},
        )
        assert "expires" in counter["Items"][0]
        assert "expires" not in any_store._get({"pk": {"S": "ATTEMPT#kept"}, "sk": {"S": "A"}})
    else:
        assert gone == 1 and any_store.get("g1") is None
        assert any_store.count_start("client-a", NOW, 1, expires + timedelta(days=1)) is True  # its count went too
    assert any_store.get("kept") is not None
