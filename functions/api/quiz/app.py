"""The quiz function's FastAPI app: routes translate HTTP to `functions.exam` and back."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

from functions import VIETNAM, exam, rounds
from functions.accounts import tokens
from functions.accounts.store import AccountStore
from functions.api import http, payload
from functions.api.deps.accounts import Accounts
from functions.api.deps.attempts import Store
from functions.api.deps.core import Banks, Clock, Rng, SettingsDep
from functions.api.deps.tally import Tally
from functions.api.identity import ClientAddress, Who
from functions.api.quiz import submitting
from functions.api.quiz.params import AttemptId, CourseId
from functions.api.quiz.schemas import CourseQuiz, Graded, PublicAttempt, Saved, Submission, course_quiz, practice_quiz
from functions.bank import Bank
from functions.errors import ApiError
from functions.questions.sums import observe
from functions.reports.tally import reached


def _bank(banks: Banks, course_id: str) -> Bank:
    bank = banks.get(course_id)
    if bank is None:
        raise ApiError("course_not_found")
    return bank


def _rounds(accounts: AccountStore, account: tokens.Claims) -> rounds.Rounds:
    """The training rounds of the learner's province (its top unit), whose current one the attempt limit counts in."""
    return accounts.rounds(account.unit_path.split("/", 1)[0])


def create_app() -> FastAPI:
    """A new quiz app; its store and banks open on first request, from the settings."""
    app = http.new_app("quiz", "Bài kiểm tra cuối khóa: bắt đầu lượt làm bài, lưu câu trả lời, nộp bài, xem kết quả.")

    @app.get("/quiz/courses/{course_id}", responses=http.responses("account_required", "course_not_found"))
    async def read_course_quiz(
        course_id: CourseId,
        who: Who,
        banks: Banks,
        store: Store,
        accounts: Accounts,
        clock: Clock,
    ) -> CourseQuiz:
        """The course's test rules, the learner's attempts left, the score that counts and what stands in the way, in
        the current training round (earlier rounds' attempts are kept but not counted); for a guest, the practice on
        offer (`practice_questions`, none when the course has no practice set)."""
        learner, account = who
        bank = _bank(banks, course_id)
        now = clock()
        if account is None:
            return practice_quiz(bank, exam.history(store, learner, course_id, now, guest=True))
        attempts = exam.this_round(exam.history(store, learner, course_id, now), _rounds(accounts, account), now)
        missing = exam.missing_lessons(bank, store, learner)
        return course_quiz(bank, attempts, exam.counting(bank, attempts), exam.next_start(bank, attempts), missing)

    @app.post(
        "/quiz/courses/{course_id}/attempts",
        status_code=201,
        responses={
            200: {"model": PublicAttempt, "description": "The attempt already in progress, resumed."},
            **http.responses(
                "account_required",
                "course_not_found",
                "attempt_limit_reached",
                "attempt_wait",
                "lessons_incomplete",
                "practice_unavailable",
                "practice_rate_limited",
            ),
        },
    )
    async def start_attempt(
        course_id: CourseId,
        who: Who,
        banks: Banks,
        store: Store,
        accounts: Accounts,
        tally: Tally,
        clock: Clock,
        rng: Rng,
        response: Response,
        address: ClientAddress,
        settings: SettingsDep,
    ) -> PublicAttempt:
        """Start an attempt (questions drawn at random, without answers), or resume the one in progress (200). An
        account sits the certified test; a guest practises on the course's practice set, never on a certified question
        (409 when the course has none; 429 beyond the guests' starts allowed per client and hour)."""
        learner, account = who
        now = clock()
        bank = _bank(banks, course_id)
        if account is None:
            attempt, created = exam.start_practice(
                bank, learner, address, settings.guest_starts_per_hour, store, now, rng
            )
        else:
            attempt, created = exam.start(bank, learner, store, now, rng, _rounds(accounts, account))
        if created:
            reached(tally, account, "started", course_id, now.astimezone(VIETNAM).date())
        else:
            response.status_code = 200
        return PublicAttempt.of(attempt, now)

    @app.get("/quiz/attempts/{attempt_id}", responses=http.responses("account_required", "attempt_not_found"))
    async def read_attempt(attempt_id: AttemptId, who: Who, store: Store, clock: Clock) -> PublicAttempt:
        """One of the learner's attempts with its saved answers, and its result once submitted."""
        learner, account = who
        now = clock()
        return PublicAttempt.of(exam.owned(store, attempt_id, learner, now, guest=account is None), now)

    async def save_answers(request: Request) -> Response:
        """Keep the answers given so far, so a reload or a dropped connection loses nothing."""
        attempt_id, submission, learner, account, store, now, sheet = await submitting.answering(request)
        saved = exam.save(
            store, exam.owned_sheet(store, sheet, learner, now, guest=account is None), submission.answers, now
        )
        answer = Saved(attempt_id=saved.id, saved_at=now, answered=len(saved.saved))
        return Response(answer.model_dump_json(), media_type="application/json")

    # Twenty a learner's test, its page's most frequent call: it reads its own input, as the submit route does.
    app.router.add_api_route(
        "/quiz/attempts/{attempt_id}/answers",
        save_answers,
        methods=["PUT"],
        response_model=Saved,
        responses=http.responses(
            "account_required",
            "attempt_not_found",
            "attempt_expired",
            "attempt_submitted",
            "unknown_question",
            "choice_out_of_range",
            "too_many_choices",
            body=True,
        ),
        openapi_extra=submitting.documented(),
        route_class_override=payload.SelfReading.reading(Submission),
    )

    async def submit_attempt(request: Request) -> Response:
        """Grade the answers and store the result. Submitting again returns the first result; after the deadline,
        the answers saved in time are graded instead (`result.late`)."""
        (_, submission, learner, account, store, now, sheet), tally, sums = await submitting.submitting(request)
        attempt = exam.owned_sheet(store, sheet, learner, now, guest=account is None)
        finished = exam.submit(store, attempt, submission.answers, now)
        graded = Graded.of(finished)
        # Counted once, by the call that graded it: not a repeated submission, nor one settled late on its deadline.
        if not attempt.submitted and finished.submitted_at == now and finished.grade is not None:
            observe(sums, account, finished.course_id, finished.grade, now, finished.id)
        if graded.result.passed:
            reached(tally, account, "passed", finished.course_id, graded.result.submitted_at.astimezone(VIETNAM).date())
        # The hot path of a wave: serialised once, by the route itself (`payload.SelfReading`).
        return Response(graded.model_dump_json(), media_type="application/json")

    app.router.add_api_route(
        "/quiz/attempts/{attempt_id}/submit",
        submit_attempt,
        methods=["POST"],
        response_model=Graded,
        responses=http.responses(
            "account_required",
            "attempt_not_found",
            "unknown_question",
            "choice_out_of_range",
            "too_many_choices",
            body=True,
        ),
        openapi_extra=submitting.documented(),
        route_class_override=payload.SelfReading.reading(Submission),
    )
    # A wave's hot path, the route just added, is tried first: Starlette matches a request against each route in
    # turn (8 µs for the six before it). No other route's path can match a submission's, so nothing else changes.
    app.router.routes.insert(0, app.router.routes.pop())

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
