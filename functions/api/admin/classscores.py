"""Classroom training, the paper route to completion: a class that needs the course's test is completed by a learner
who attended every day and passed that test online or the same test on paper. A trainer or an administrator of the
class's subtree types in each learner's paper score (correct answers out of the course's questions), possibly offline
on a phone and synced later: checked whole before any is kept, a score recorded again replaces the one kept (named in
the audit entry), the same score sent again changes nothing. The learners who have now completed the class are counted
in the reports (`classroom` in the counters, once per learner, course and round)."""

from __future__ import annotations

from fastapi import APIRouter

from functions import classes as rules
from functions.api import http
from functions.api.admin.classes import ONE, ClassId, in_scope, view_of
from functions.api.admin.classschemas import ScoresAnswer, ScoresRequest
from functions.api.admin.subtree import audited
from functions.api.deps.accounts import Accounts
from functions.api.deps.attempts import Store
from functions.api.deps.audit import Audit
from functions.api.deps.classes import Classes
from functions.api.deps.core import Banks, Clock
from functions.api.deps.tally import Tally
from functions.api.identity import Admin
from functions.errors import ApiError
from functions.reports.tally import count_or_park

router = APIRouter()


@router.post(
    "/admin/classes/{class_id}/scores",
    responses=http.responses(
        *ONE, "class_no_test", "course_not_found", "paper_score_out_of_range", "paper_score_not_registered", body=True
    ),
)
async def score(
    class_id: ClassId,
    body: ScoresRequest,
    admin: Admin,
    accounts: Accounts,
    classes: Classes,
    attempts: Store,
    banks: Banks,
    tally: Tally,
    audit: Audit,
    clock: Clock,
) -> ScoresAnswer:
    """Record paper test scores (correct answers out of the course's questions), checked whole before any is kept;
    a learner's score recorded again replaces the one kept (named in the audit entry), the same score changes
    nothing. The learners who have now completed the class are counted in the reports (once each)."""
    training = in_scope(classes, admin, class_id)
    bank = banks.get(training.course_id) if training.needs_test else None
    if training.needs_test and bank is None:
        raise ApiError("course_not_found")
    questions = bank.rules.questions if bank else 0
    wanted = rules.check_scores(training, questions, [(mark.learner_id, mark.correct) for mark in body.scores])
    before = classes.scores(class_id)
    changed = {learner: kept for learner, kept in wanted.items() if before.get(learner) != kept}
    if changed:
        classes.record_scores(class_id, changed)
    view, done = view_of(accounts, classes, attempts, banks, training)
    usernames = {person.learner_id: person.username for person in view.registered}
    replaced = [  # by username, as the administrator knows them, with the score before and after
        f"{usernames.get(who, who)} {before[who][0]}/{before[who][1]} → {kept[0]}/{kept[1]}"
        for who, kept in changed.items()
        if who in before
    ]
    if done:
        count_or_park(tally, rules.completion_marks(training, done))
    audited(
        audit,
        clock,
        admin,
        "class.score",
        class_id,
        title=training.title,
        count=len(changed) - len(replaced),
        replaced=", ".join(replaced) or None,
    )
    return ScoresAnswer(
        recorded=len(changed) - len(replaced), replaced=len(replaced), already=len(wanted) - len(changed), view=view
    )
