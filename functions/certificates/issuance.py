"""Who may have a certificate, and issuing it exactly once: the rule, the record kept, and the store it lives in."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel

from functions import VIETNAM
from functions.attempts import Attempt
from functions.bank import Bank
from functions.certificates.numbers import new_number
from functions.certificates.signing import Certificate, SigningKey


class IssuedCertificate(BaseModel):
    """A certificate as kept: the signed statement, its signature, whose it is and whether it still stands."""

    certificate: Certificate
    signature: str
    learner_id: str
    unit_code: str
    unit_path: str
    issued_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    revoked_by: str | None = None

    @property
    def number(self) -> str:
        return self.certificate.number

    @property
    def course_id(self) -> str:
        return self.certificate.course_id


class NumberTaken(Exception):
    """The drawn number belongs to another certificate; draw again."""


class CertificateStore(Protocol):
    def issue(self, record: IssuedCertificate) -> tuple[IssuedCertificate, bool]:
        """Keep a new certificate, or return the learner's existing one for the course with False: one per learner
        and course however many requests race. Raises NumberTaken when the number is another certificate's."""

    def certificate(self, number: str) -> IssuedCertificate | None: ...

    def of_learner(self, learner_id: str) -> list[IssuedCertificate]:
        """A learner's certificates, one per course."""

    def under(self, unit_path: str, course_id: str | None = None) -> list[IssuedCertificate]:
        """Certificates of a unit's subtree, optionally for one course, by number."""

    def revoke(self, number: str, reason: str, by: str, at: datetime) -> IssuedCertificate | None:
        """Mark a certificate revoked (the first revocation stands), with its bit in the status list in the same
        write; None when there is no such number."""

    def next_status_index(self) -> int:
        """A place in the revocation lists no other certificate was given (0, 1, 2, ...; some may go unused)."""

    def revoked_in(self, list_id: int) -> set[int]:
        """The bits set in one status list: the places of its revoked certificates."""

    def close(self) -> None: ...


def passing_attempt(bank: Bank, attempts: list[Attempt], lessons_done: set[str]) -> Attempt | None:
    """The attempt that earns the certificate: the best passing one, once the course's other requirements are met."""
    if bank.rules.require_lessons and not set(bank.lessons) <= lessons_done:
        return None
    passed = [(a, a.grade) for a in attempts if a.submitted and a.grade is not None and a.grade.passed]
    if not passed:
        return None
    return max(passed, key=lambda graded: graded[1].percent)[0]


def draft(
    *,
    key: SigningKey,
    issuer: str,
    learner_id: str,
    learner_name: str,
    unit_code: str,
    unit_name: str,
    unit_path: str,
    bank: Bank,
    attempt: Attempt,
    now: datetime,
    rng: random.Random,
    site_url: str | None = None,
    status_index: int | None = None,
) -> IssuedCertificate:
    """A signed certificate for a passing attempt, with a fresh number; the store decides whether it is kept.
    `site_url` and `status_index` (its place in the revocation list) are signed with it."""
    if attempt.grade is None:
        raise ValueError(f"attempt {attempt.id} is not graded")
    certificate = Certificate(
        number=new_number(rng),
        issuer=issuer,
        learner_name=learner_name,
        unit_name=unit_name,
        course_id=bank.course_id,
        course_title=bank.title,
        issued_on=now.astimezone(VIETNAM).date(),
        score_percent=attempt.grade.percent,
        key_id=key.key_id,
        site_url=site_url,
        status_index=status_index,
    )
    return IssuedCertificate(
        certificate=certificate,
        signature=key.sign(certificate),
        learner_id=learner_id,
        unit_code=unit_code,
        unit_path=unit_path,
        issued_at=now,
    )


def claim(
    store: CertificateStore, learner_id: str, course_id: str, make: Callable[[int], IssuedCertificate]
) -> tuple[IssuedCertificate, bool]:
    """The learner's certificate for a course: the one issued before (False), or a new one made by `make` from a
    fresh place in the revocation list (True). The existing one is looked up first, so a repeated claim takes no
    place; two claims racing may leave one place unused, which costs a bit."""
    held = next((record for record in store.of_learner(learner_id) if record.course_id == course_id), None)
    if held is not None:
        return held, False
    index = store.next_status_index()
    return issue_once(store, lambda: make(index))


def issue_once(
    store: CertificateStore, make: Callable[[], IssuedCertificate], tries: int = 5
) -> tuple[IssuedCertificate, bool]:
    """Issue through the store, drawing a new number on the rare collision (1 in 10^12 per pair of certificates)."""
    for _ in range(tries):
        try:
            return store.issue(make())
        except NumberTaken:
            continue
    raise RuntimeError("could not draw a free certificate number")
