"""The test's rules as plain functions over a bank, a store and a clock: start, save, submit, settle, score."""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from functions import VIETNAM, practice, rounds
from functions.attempts import Attempt, AttemptLimitReached, AttemptOpen, BaseAttempt, Read, Sheet, Store
from functions.bank import Bank
from functions.errors import ApiError
from functions.grading import cleaned, draw

# A submission that left the browser just before the deadline still counts.
GRACE = timedelta(seconds=60)


def expired(attempt: BaseAttempt, now: datetime) -> bool:
    return now > attempt.deadline + GRACE


def _graded(attempt: Read, answers: dict[str, list[int]], at: datetime, late: bool = False) -> Read:
    clean = cleaned(answers)
    return attempt.model_copy(
        update={
            "submitted_at": at,
            "answers": clean,
            "grade": attempt.marking().grade(clean, attempt.pass_percent),
            "late": late,
        }
    )


def settle(store: Store, attempt: Read, now: datetime) -> Read:
    """An attempt whose time ran out is graded on the answers it had saved, as of its deadline."""
    if attempt.submitted or not expired(attempt, now):
        return attempt
    return store.finish(_graded(attempt, attempt.saved, attempt.deadline, late=True))


def history(store: Store, learner_id: str, course_id: str, now: datetime, guest: bool = False) -> list[Attempt]:
    """A learner's attempts at a course, oldest first, with any that ran out of time settled: a guest's unexpired
    practice attempts, or an account's certified ones."""
    attempts = store.attempts(learner_id, course_id)
    if not guest:
        return [settle(store, attempt, now) for attempt in attempts if not attempt.practice]
    # A certified attempt a guest id opened before practice sets existed is closed unseen, so it never blocks practice.
    closed = [
        store.finish(_graded(attempt, attempt.saved, min(now, attempt.deadline), late=True))
        if not attempt.practice and not attempt.submitted
        else attempt
        for attempt in attempts
    ]
    return [settle(store, attempt, now) for attempt in practice.current(closed, now)]


def this_round(attempts: list[Attempt], kept: rounds.Rounds, now: datetime) -> list[Attempt]:
    """The attempts of the training round `now` falls in (`rounds.current`, by the province's `kept` rounds; calendar
    years when none are set): those started in it, and one still open. Every round trains the same people again, so
    the attempt limit and the test page count these only; earlier rounds' attempts stay kept."""
    code = rounds.current(kept, now.astimezone(VIETNAM).date()).code
    return [
        attempt
        for attempt in attempts
        if not attempt.submitted or rounds.current(kept, attempt.started_at.astimezone(VIETNAM).date()).code == code
    ]


def counting(bank: Bank, attempts: list[Attempt]) -> Attempt | None:
    """The submitted attempt whose score counts: the best (earliest among equals) or the last, as the course says."""
    done = [(attempt, attempt.grade) for attempt in attempts if attempt.submitted and attempt.grade is not None]
    if not done:
        return None
    if bank.rules.score == "last":
        return done[-1][0]
    return max(done, key=lambda graded: graded[1].percent)[0]  # max keeps the first of equals


def next_start(bank: Bank, attempts: list[Attempt]) -> datetime | None:
    """When the wait after the latest submitted attempt ends, if the course asks for a wait."""
    submitted = [attempt.submitted_at for attempt in attempts if attempt.submitted_at is not None]
    if not bank.rules.wait_minutes or not submitted:
        return None
    return max(submitted) + timedelta(minutes=bank.rules.wait_minutes)


def missing_lessons(bank: Bank, store: Store, learner_id: str) -> list[str]:
    """Lessons still to do before the test opens; none when the course does not ask for them."""
    if not bank.rules.require_lessons:
        return []
    done = store.lessons_done(learner_id, bank.course_id)
    return [lesson for lesson in bank.lessons if lesson not in done]


def start_practice(
    bank: Bank, guest_id: str, address: str, limit: int, store: Store, now: datetime, rng: random.Random
) -> tuple[Attempt, bool]:
    """A guest's practice attempt in progress, else a new one drawn from the practice set, counted against the
    client's rate limit; 409 when the course offers guests no practice. True when it is new."""
    if not bank.offers_practice:
        raise ApiError("practice_unavailable")
    in_progress = [
        attempt for attempt in history(store, guest_id, bank.course_id, now, guest=True) if not attempt.submitted
    ]
    if in_progress:
        return in_progress[0], False
    practice.admit(store, address, now, limit)
    attempt = _new(bank, guest_id, now, rng, guest=True)
    try:
        return _store_new(store, attempt, practice.CAP)
    except ApiError as refused:
        if refused.code != "attempt_limit_reached":
            raise
        raise ApiError("practice_rate_limited") from None


def start(
    bank: Bank,
    learner_id: str,
    store: Store,
    now: datetime,
    rng: random.Random,
    kept: rounds.Rounds | None = None,
) -> tuple[Attempt, bool]:
    """The account's certified attempt in progress if there is one, else a new one; True when it is new. The attempt
    limit counts the attempts of the current round (`this_round`, by the province's `kept` rounds)."""
    attempts = history(store, learner_id, bank.course_id, now)
    in_progress = [attempt for attempt in attempts if not attempt.submitted]
    if in_progress:
        return in_progress[0], False
    missing = missing_lessons(bank, store, learner_id)
    if missing:
        raise ApiError(
            "lessons_incomplete", [{"field": f"lessons.{lesson}", "problem": "not_done"} for lesson in missing]
        )
    counted = this_round(attempts, kept or rounds.Rounds(), now)
    if len(counted) >= bank.rules.max_attempts:
        raise ApiError("attempt_limit_reached")
    opens_at = next_start(bank, attempts)
    if opens_at and now < opens_at:
        raise ApiError("attempt_wait", [{"field": "next_attempt_at", "problem": opens_at.isoformat()}])
    # The store holds the limit against racing starts but counts every attempt ever begun: earlier rounds' attempts,
    # which can no longer grow, are added to the limit it is given, so the round's own still cannot pass it.
    earlier = len(attempts) - len(counted)
    return _store_new(store, _new(bank, learner_id, now, rng), bank.rules.max_attempts + earlier)


def _new(bank: Bank, learner_id: str, now: datetime, rng: random.Random, guest: bool = False) -> Attempt:
    """A new attempt, not stored yet: certified (the course's review rule), or a guest's practice, whose keys are no
    secret (review `answers`) and which expires."""
    deadline = now + timedelta(minutes=bank.rules.time_limit_minutes)
    return Attempt(
        id=secrets.token_urlsafe(18),
        learner_id=learner_id,
        course_id=bank.course_id,
        bank_version=bank.version,
        pass_percent=bank.rules.pass_percent,
        review="answers" if guest else bank.rules.review,
        practice=guest,
        expires_at=practice.expiry(deadline) if guest else None,
        started_at=now,
        deadline=deadline,
        questions=draw(bank, rng, practice=guest),
    )


def _store_new(store: Store, attempt: Attempt, max_attempts: int) -> tuple[Attempt, bool]:
    try:
        store.start(attempt, max_attempts=max_attempts)
    except AttemptLimitReached:
        raise ApiError("attempt_limit_reached") from None
    except AttemptOpen as race:
        raced = store.get(race.attempt_id)
        if raced is None or raced.practice != attempt.practice:  # never hand a guest a certified attempt
            raise ApiError("attempt_not_found") from None
        return raced, False
    return attempt, True


def owned(store: Store, attempt_id: str, learner_id: str, now: datetime, guest: bool = False) -> Attempt:
    """The learner's own attempt, settled if its time ran out; another learner's is as unknown as a made-up id, and
    so is, to a guest, an expired practice attempt or a certified one."""
    return _owned(store, store.get(attempt_id), learner_id, now, guest)


def owned_sheet(store: Store, sheet: Sheet | None, learner_id: str, now: datetime, guest: bool = False) -> Sheet:
    """`owned`, of the attempt read as grading needs it (`Store.sheet`, None when there is none): the submit and save
    routes', whose checks read no text and which read it beside the caller's token version."""
    return _owned(store, sheet, learner_id, now, guest)


def _owned(store: Store, attempt: Read | None, learner_id: str, now: datetime, guest: bool) -> Read:
    if attempt is None or attempt.learner_id != learner_id or attempt.expired(now) or (guest and not attempt.practice):
        raise ApiError("attempt_not_found")
    return settle(store, attempt, now)


def check_answers(attempt: BaseAttempt, answers: dict[str, list[int]]) -> None:
    """Refuse answers to questions the attempt did not show, or to choices it did not offer."""
    marking = attempt.marking()
    shown = dict(zip(marking.ids, zip(marking.offered, marking.keys, strict=True), strict=True))
    unknown = [question_id for question_id in answers if question_id not in shown]
    if unknown:
        raise ApiError(
            "unknown_question", [{"field": f"answers.{question_id}", "problem": "unknown"} for question_id in unknown]
        )
    for question_id, chosen in answers.items():
        offered, key = shown[question_id]
        for index in chosen:
            if not 0 <= index < offered:
                raise ApiError("choice_out_of_range", [{"field": f"answers.{question_id}", "problem": "out_of_range"}])
        if len(chosen) > 1 and len(set(chosen)) > 1 and len(key) < 2:
            raise ApiError("too_many_choices", [{"field": f"answers.{question_id}", "problem": "single_choice"}])


def save(store: Store, attempt: Read, answers: dict[str, list[int]], now: datetime) -> Read:
    """Keep the answers given so far, while the attempt is open and in time."""
    if attempt.submitted:
        raise ApiError("attempt_expired" if attempt.late else "attempt_submitted")
    check_answers(attempt, answers)
    clean = cleaned(answers)
    if not store.save(attempt.id, clean, now):
        raise ApiError("attempt_submitted")
    return attempt.model_copy(update={"saved": clean, "saved_at": now})


def submit(store: Store, attempt: Read, answers: dict[str, list[int]], now: datetime) -> Read:
    """Grade and store the answers once; a repeated or late submission gets the stored result back."""
    if attempt.submitted:
        return attempt
    check_answers(attempt, answers)
    return store.finish(_graded(attempt, answers, now))
