"""The people of a subtree as an administrator looks them up: search, one line each, and one learner in full.

Courses are the banks published on the shelf. A learner is overdue once their deadline has passed without a valid
certificate for every course; certificates are read per learner shown, never for a whole province.
"""

from __future__ import annotations

from datetime import date, datetime

from functions import categories
from functions.accounts.account import Account
from functions.accounts.issuing import ascii_fold
from functions.api.admin.schemas import CertificateHeld, CourseStanding, LearnerDetail, LearnerSummary
from functions.attempts import Store
from functions.bank import Bank, BankShelf
from functions.certificates.record import IssuedCertificate
from functions.enrolment.imports import clean
from functions.exam import history


def courses(shelf: BankShelf) -> list[Bank]:
    """Every course with a published bank, in course-id order."""
    found = (shelf.get(path.stem) for path in sorted(shelf.bank_dir.glob("*.json")))
    return [bank for bank in found if bank is not None]


def search(accounts: list[Account], query: str | None) -> list[Account]:
    """The learners among `accounts` whose name or username holds `query`, accents and case ignored."""
    wanted = ascii_fold(clean(query or ""))
    learners = [account for account in accounts if account.role == "learner"]
    if not wanted:
        return learners
    return [account for account in learners if wanted in ascii_fold(account.full_name) or wanted in account.username]


def _valid(certificates: list[IssuedCertificate], course_ids: set[str]) -> int:
    # Courses with a valid certificate: a learner certified in two rounds holds two of one course.
    return len(
        {record.course_id for record in certificates if record.revoked_at is None and record.course_id in course_ids}
    )


def summary(
    account: Account, unit_name: str, certificates: list[IssuedCertificate], course_ids: set[str], today: date
) -> LearnerSummary:
    """One line of a list: the account's state, its valid certificates and whether it is overdue."""
    held = _valid(certificates, course_ids)
    overdue = account.deadline is not None and today > account.deadline and held < len(course_ids)
    return LearnerSummary(
        learner_id=account.learner_id,
        username=account.username,
        full_name=account.full_name,
        unit_code=account.unit_code,
        unit_name=unit_name,
        position=account.position,
        cohort=account.cohort,
        category=account.category,
        category_label=categories.label(account.category),
        activated=account.activated,
        activated_at=account.activated_at,
        deadline=account.deadline,
        certificates=held,
        overdue=overdue,
    )


def standing(
    bank: Bank, store: Store, learner_id: str, certificate: IssuedCertificate | None, now: datetime
) -> CourseStanding:
    """Lessons done, attempts and the best score, and the certificate of one course."""
    attempts = history(store, learner_id, bank.course_id, now)  # an attempt whose time ran out is graded first
    graded = [attempt.grade for attempt in attempts if attempt.submitted and attempt.grade is not None]
    held = None
    if certificate is not None:
        held = CertificateHeld(number=certificate.number, status="revoked" if certificate.revoked_at else "valid")
    return CourseStanding(
        course_id=bank.course_id,
        title=bank.title,
        lessons_done=len(set(bank.lessons) & store.lessons_done(learner_id, bank.course_id)),
        lessons_total=len(bank.lessons),
        attempts=len(attempts),
        best_percent=max((grade.percent for grade in graded), default=None),
        passed=any(grade.passed for grade in graded),
        certificate=held,
    )


def detail(
    account: Account,
    unit_name: str,
    banks: list[Bank],
    store: Store,
    certificates: list[IssuedCertificate],
    today: date,
    now: datetime,
    paused_until: datetime | None = None,
) -> LearnerDetail:
    """One learner in full: contact details, sign-in state (`paused_until`: strangers' tries on the username wait
    until then) and where they stand in every course."""
    line = summary(account, unit_name, certificates, {bank.course_id for bank in banks}, today)
    by_course = {record.course_id: record for record in certificates}
    return LearnerDetail(
        **line.model_dump(),
        phone=account.phone,
        email=account.email,
        external_id=account.external_id,
        issued_on=account.issued_on,
        locked_until=paused_until,
        courses=[standing(bank, store, account.learner_id, by_course.get(bank.course_id), now) for bank in banks],
    )
