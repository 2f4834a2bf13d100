"""What the submit and save routes need, read by the route itself: who is calling, the attempt, the stores, the time.

A submission is the hot path of a test wave, and FastAPI's dependency injection costs per request whatever each node
does: every node's cache key is recomputed, its parameters matched against the path, query, headers and cookies, its
coroutine awaited. The route once took ten nodes, then three; it now takes none. It reads its path parameter and
its body with `functions.api.payload` (faults shaped as FastAPI's, in FastAPI's order), its caller with
`identity`'s `request_token`, `current` and `request_learner` (the same checks as `Who`: the bearer token, its
account's version, else the guest's header), and the stores and the clock through `functions.api.deps.provided`
(overrides honoured, as FastAPI honours them). The account's token version is read with the attempt's sheet, in one
read (`functions.stores.joint`: one SQLite statement, one DynamoDB call), and checked before anything else is decided.
What FastAPI no longer sees of the route is documented by its route class (the body) and in `openapi_extra`
(`documented`), so the API reference is unchanged. The save of answers, twenty a learner's test, reads the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from pydantic import TypeAdapter
from starlette.requests import Request

from functions.accounts import tokens
from functions.api import payload
from functions.api.deps.accounts import get_accounts
from functions.api.deps.attempts import get_store
from functions.api.deps.core import get_clock
from functions.api.deps.provided import provided
from functions.api.deps.questions import get_question_sums
from functions.api.deps.tally import get_tally
from functions.api.identity import current, documented_caller, request_learner, request_token
from functions.api.quiz.params import AttemptId
from functions.api.quiz.schemas import Submission
from functions.attempts import Sheet, Store
from functions.questions.sums import QuestionSumsStore
from functions.reports.tally import TallyStore
from functions.stores.joint import sheet_and_version

ATTEMPT_ID: TypeAdapter[str] = TypeAdapter(AttemptId)


class Answering(NamedTuple):
    """Answers sent to an attempt: its id, the answers, the caller (learner id, and the account's claims or None for a
    guest), the attempt store, the time, and the attempt as grading reads it (None: no such attempt)."""

    attempt_id: str
    submission: Submission
    learner_id: str
    account: tokens.Claims | None
    store: Store
    now: datetime
    sheet: Sheet | None


async def answering(request: Request) -> Answering:
    """The request's attempt id, answers, caller, attempt store, time and sheet: what a save of answers needs. Faults
    come in FastAPI's order: a body that is not JSON (400), then the caller (401), then the path and the body together
    (422)."""
    body = await payload.body(request, Submission)
    claims = await request_token(request)
    attempt_id = payload.path(request, "attempt_id", ATTEMPT_ID)
    store: Store = await provided(request, get_store)
    sheet: Sheet | None = None
    if claims is not None:
        accounts = await provided(request, get_accounts)
        if attempt_id.found is None:  # refused below (422), once the caller is known
            version = accounts.token_version(claims.learner_id)
        else:
            sheet, version = sheet_and_version(store, accounts, attempt_id.found, claims.learner_id)
        current(claims, version)
    learner_id = request_learner(request, claims)
    payload.check(attempt_id, body)
    if claims is None:  # a guest's: read once the path is known good, as nothing was read with a version
        sheet = store.sheet(attempt_id.value)
    return Answering(
        attempt_id.value, body.value, learner_id, claims, store, (await provided(request, get_clock))(), sheet
    )


async def submitting(request: Request) -> tuple[Answering, TallyStore, QuestionSumsStore]:
    """`answering`, and the stores a submission counts in: the reports' tally and the questions' sums."""
    answers = await answering(request)
    return answers, await provided(request, get_tally), await provided(request, get_question_sums)


def documented() -> dict[str, Any]:
    """The submit and save routes' `openapi_extra`: their path parameter and caller, as FastAPI documents a route that
    takes them (their body is the route class's, `payload.SelfReading.reading`)."""
    path, caller = payload.documented_path("attempt_id", ATTEMPT_ID), documented_caller()
    return {**caller, "parameters": path["parameters"] + caller["parameters"]}
