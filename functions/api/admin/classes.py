"""Classroom training: an administrator of a unit (or above) creates a class of the unit, registers learners of its
subtree (a list of usernames or a CSV), records attendance synced from a phone, reads the class, and prints its paper
attendance sheet (paper test scores: `functions.api.admin.classscores`). A class outside the caller's subtree reads as
not found, so ids cannot be probed. Reading a class or its sheet is audited before it answers, a change once it is
kept; each attendance sync counts the learners who have now completed the class (`classroom` in the counters: marking
one twice counts it once)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from functions import classes as rules
from functions.api import http
from functions.api.admin.classschemas import (
    AttendanceAnswer,
    AttendanceRequest,
    ClassLearner,
    ClassList,
    ClassSummary,
    ClassView,
    PaperResult,
    RegisterRequest,
)
from functions.api.admin.subtree import SCOPED, UnitCode, audited, scope_of, unit_names
from functions.api.deps.accounts import Accounts
from functions.api.deps.attempts import Store
from functions.api.deps.audit import Audit
from functions.api.deps.classes import Classes
from functions.api.deps.core import Banks, Clock
from functions.api.deps.tally import Tally
from functions.api.identity import Admin, require_scope
from functions.bank import QuizRules
from functions.classes import ClassDraft, ClassFull, TrainingClass
from functions.downloads import attachment
from functions.errors import ApiError
from functions.reports.tally import count_or_park

router = APIRouter()
ClassId = Annotated[str, Path(pattern=r"^[a-z0-9]{12}$", description="Mã lớp tập huấn.")]
ONE = ("account_required", "admin_required", "class_not_found")
"""What a route about one class can refuse with."""
REGISTER = ("class_learner_unknown", "learner_outside_unit", "class_too_many")
MOST_CSV = 64 * 1024
"""A CSV of usernames: 120 names fit in a few KB; more is not a class list."""


def in_scope(classes: Classes, admin: Admin, class_id: str) -> TrainingClass:
    """The class if it is in the administrator's subtree; otherwise, as when there is none, `class_not_found`."""
    found = classes.get(class_id)
    if found is None or not found.unit_path.startswith(admin.unit_path):
        raise ApiError("class_not_found")
    return found


def _passed(attempts: Store, training: TrainingClass, paper: dict[str, PaperResult]) -> set[str]:
    """The learners of the class who passed its course's test on paper or online (read only when the class asks for
    it and the paper does not already say so)."""
    if not training.needs_test:
        return set()
    return {
        learner
        for learner in training.learner_ids
        if (learner in paper and paper[learner].passed)
        or any(a.grade is not None and a.grade.passed for a in attempts.attempts(learner, training.course_id))
    }


def _paper(classes: Classes, banks: Banks, training: TrainingClass) -> tuple[dict[str, PaperResult], QuizRules | None]:
    """The class's paper test results, each judged at its course's pass mark, and the course's rules (None when the
    class does not ask for the test, or its course has no published test any more: no paper result passes then)."""
    if not training.needs_test:
        return {}, None
    bank = banks.get(training.course_id)
    kept = classes.scores(training.class_id)
    mark = bank.rules.pass_percent if bank else None
    return {
        learner: PaperResult(
            correct=correct, total=total, passed=mark is not None and rules.passed_on_paper((correct, total), mark)
        )
        for learner, (correct, total) in kept.items()
    }, bank.rules if bank else None


def _summary(training: TrainingClass, names: dict[str, str]) -> ClassSummary:
    fields = training.model_dump(exclude={"class_id", "unit_path", "learner_ids"})
    return ClassSummary(
        class_id=training.class_id, unit_name=names[training.unit_code], learners=len(training.learner_ids), **fields
    )


def view_of(
    accounts: Accounts, classes: Classes, attempts: Store, banks: Banks, training: TrainingClass
) -> tuple[ClassView, list]:
    """The class as read now, and the accounts of the learners who completed it."""
    marks = classes.attendance(training.class_id)
    paper, quiz = _paper(classes, banks, training)
    done = set(rules.completed(training, marks, _passed(attempts, training, paper)))
    present = rules.present(marks)
    people = {learner: found for learner in training.learner_ids if (found := accounts.account(learner)) is not None}
    names = unit_names(accounts, {training.unit_code} | {person.unit_code for person in people.values()})
    registered = [
        ClassLearner(
            learner_id=learner,
            username=people[learner].username,
            full_name=people[learner].full_name,
            unit_name=names[people[learner].unit_code],
            days=sorted(present.get(learner, ())),
            paper=paper.get(learner),
            completed=learner in done,
        )
        for learner in training.learner_ids
        if learner in people
    ]
    summary = _summary(training, names)
    view = ClassView(
        **summary.model_dump(),
        days=training.days(),
        questions=quiz.questions if quiz else None,
        pass_percent=quiz.pass_percent if quiz else None,
        registered=registered,
        completed=len(done),
    )
    return view, [people[learner] for learner in training.learner_ids if learner in done and learner in people]


@router.post(
    "/admin/classes",
    responses=http.responses(
        *SCOPED, "course_not_found", "class_dates_reversed", "class_too_long", *REGISTER, body=True
    ),
)
async def create(
    body: ClassDraft, admin: Admin, accounts: Accounts, classes: Classes, banks: Banks, audit: Audit, clock: Clock
) -> ClassSummary:
    """Create a class of a unit of the subtree, for a course with a published test; at most three days."""
    unit = accounts.unit(body.unit_code)
    if unit is None:
        raise ApiError("unit_not_found")
    require_scope(admin, unit.path)
    if banks.get(body.course_id) is None:
        raise ApiError("course_not_found")
    rules.check_dates(body.first_day, body.last_day)
    training = TrainingClass(**body.model_dump(), class_id=secrets.token_hex(6), unit_path=unit.path)
    classes.add(training)
    audited(audit, clock, admin, "class.create", training.class_id, title=training.title, unit=unit.code)
    return _summary(training, {unit.code: unit.name})


@router.get("/admin/classes", responses=http.responses(*SCOPED))
async def listed(admin: Admin, accounts: Accounts, classes: Classes, unit: UnitCode = None) -> ClassList:
    """The classes of a unit's subtree (the administrator's own by default), by first day."""
    found = classes.under(scope_of(admin, accounts, unit))
    names = unit_names(accounts, {training.unit_code for training in found})
    return ClassList(classes=[_summary(training, names) for training in found])


@router.get("/admin/classes/{class_id}", responses=http.responses(*ONE))
async def one(
    class_id: ClassId,
    admin: Admin,
    accounts: Accounts,
    classes: Classes,
    attempts: Store,
    banks: Banks,
    audit: Audit,
    clock: Clock,
) -> ClassView:
    """A class, its learners, the days each was present, and who completed it."""
    training = in_scope(classes, admin, class_id)
    view, _ = view_of(accounts, classes, attempts, banks, training)
    audited(audit, clock, admin, "class.view", class_id, title=training.title, count=len(view.registered))
    return view


def _register(
    class_id: str,
    usernames: list[str],
    admin: Admin,
    accounts: Accounts,
    classes: Classes,
    attempts: Store,
    banks: Banks,
) -> tuple[TrainingClass, ClassView]:
    training = in_scope(classes, admin, class_id)
    found = {name: accounts.by_username(name) for name in dict.fromkeys(u.strip() for u in usernames)}
    learner_ids = rules.check_learners(training, admin.unit_path, usernames, found)
    try:
        training = classes.register(class_id, learner_ids)
    except ClassFull:  # another registration filled the class meanwhile
        raise ApiError("class_too_many", [{"field": "learners", "problem": str(len(learner_ids))}]) from None
    return training, view_of(accounts, classes, attempts, banks, training)[0]


@router.post("/admin/classes/{class_id}/learners", responses=http.responses(*ONE, *REGISTER, body=True))
async def register(
    class_id: ClassId,
    body: RegisterRequest,
    admin: Admin,
    accounts: Accounts,
    classes: Classes,
    attempts: Store,
    banks: Banks,
    audit: Audit,
    clock: Clock,
) -> ClassView:
    """Register learners of the class's unit (or a unit below it) by username, all or none."""
    training, view = _register(class_id, body.learners, admin, accounts, classes, attempts, banks)
    audited(audit, clock, admin, "class.register", class_id, title=training.title, count=len(view.registered))
    return view


@router.post(
    "/admin/classes/{class_id}/learners.csv",
    responses=http.responses(*ONE, *REGISTER, "import_unreadable", "import_too_large"),
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}},
)
async def register_csv(
    class_id: ClassId,
    request: Request,
    admin: Admin,
    accounts: Accounts,
    classes: Classes,
    attempts: Store,
    banks: Banks,
    audit: Audit,
    clock: Clock,
) -> ClassView:
    """Register the learners of a CSV (UTF-8): the column headed "Tên đăng nhập", or else the first column."""
    data = await request.body()
    if len(data) > MOST_CSV:
        raise ApiError("import_too_large")
    usernames = rules.usernames_of_csv(data)
    if not usernames:
        raise ApiError("import_unreadable")
    training, view = _register(class_id, usernames, admin, accounts, classes, attempts, banks)
    audited(audit, clock, admin, "class.register", class_id, title=training.title, count=len(view.registered))
    return view


@router.post(
    "/admin/classes/{class_id}/attendance",
    responses=http.responses(*ONE, "attendance_outside_dates", "attendance_not_registered", body=True),
)
async def attend(
    class_id: ClassId,
    body: AttendanceRequest,
    admin: Admin,
    accounts: Accounts,
    classes: Classes,
    attempts: Store,
    banks: Banks,
    tally: Tally,
    audit: Audit,
    clock: Clock,
) -> AttendanceAnswer:
    """Record attendance marks (learner, day), checked whole before any is kept; a mark synced again changes
    nothing. The learners who have now completed the class are counted in the reports (once each)."""
    training = in_scope(classes, admin, class_id)
    marks = rules.check_marks(training, [(mark.learner_id, mark.day) for mark in body.marks])
    recorded = classes.attend(class_id, marks)
    view, done = view_of(accounts, classes, attempts, banks, training)
    if done:
        count_or_park(tally, rules.completion_marks(training, done))
    audited(audit, clock, admin, "class.attend", class_id, title=training.title, count=recorded)
    return AttendanceAnswer(recorded=recorded, already=len(marks) - recorded, view=view)


@router.get(
    "/admin/classes/{class_id}/sheet.pdf",
    responses={**http.responses(*ONE), 200: {"content": {"application/pdf": {}}, "description": "Tệp PDF."}},
    response_class=Response,
)
async def sheet(
    class_id: ClassId,
    admin: Admin,
    accounts: Accounts,
    classes: Classes,
    attempts: Store,
    banks: Banks,
    audit: Audit,
    clock: Clock,
) -> Response:
    """The class's paper attendance sheet (A4, a row per learner, a box per day, a box for the paper test's score
    when the class needs the test, a column to sign)."""
    # The PDF library loads here, when a sheet is drawn, not with the administration function.
    from functions.sheets import attendance_sheet

    training = in_scope(classes, admin, class_id)
    view, _ = view_of(accounts, classes, attempts, banks, training)
    audited(audit, clock, admin, "class.sheet", class_id, title=training.title, count=len(view.registered))
    bank = banks.get(training.course_id)
    learners = [(person.full_name, person.username, person.unit_name) for person in view.registered]
    return Response(
        attendance_sheet(
            training, learners, view.unit_name, bank.title if bank else training.course_id, view.questions
        ),
        media_type="application/pdf",
        headers=attachment(f"diem-danh-{class_id}.pdf"),
    )
