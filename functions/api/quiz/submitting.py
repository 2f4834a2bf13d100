"""What the submit route needs, gathered by one dependency: who is calling, the stores it writes and the time.

A submission is the hot path of a test wave. FastAPI solves each node of a route's dependency tree again per request,
and the route took ten (the caller's token, secret, clock and accounts; the attempts, counters and question sums);
it now takes three: this one, which reads the stores and the clock itself (`functions.api.deps.provided`, overrides
honoured), the caller's claims (`identity.account_claims`, every check kept) and the bearer token under them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, NamedTuple

from fastapi import Depends, Request

from functions.accounts import tokens
from functions.api.deps.attempts import get_store
from functions.api.deps.core import get_clock
from functions.api.deps.provided import provided
from functions.api.deps.questions import get_question_sums
from functions.api.deps.tally import get_tally
from functions.api.identity import GuestHeader, MaybeAccount, learner_id_of
from functions.attempts import Store
from functions.questions.sums import QuestionSumsStore
from functions.reports.tally import TallyStore


class Submitting(NamedTuple):
    """A submission's caller (learner id, and the account's claims or None for a guest), stores and time."""

    learner_id: str
    account: tokens.Claims | None
    store: Store
    tally: TallyStore
    sums: QuestionSumsStore
    now: datetime


async def submitting(request: Request, claims: MaybeAccount, x_hocso_learner: GuestHeader = None) -> Submitting:
    """The caller as `functions.api.identity.caller` gives it, and what the submission writes to."""
    return Submitting(
        learner_id_of(claims, x_hocso_learner),
        claims,
        await provided(request, get_store),
        await provided(request, get_tally),
        await provided(request, get_question_sums),
        (await provided(request, get_clock))(),
    )


Submit = Annotated[Submitting, Depends(submitting)]
