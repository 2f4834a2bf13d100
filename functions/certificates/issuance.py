"""Who may have a certificate, and issuing it exactly once per training round: the rule, the record kept, and the
store it lives in.

The programme trains every official every year, so a learner holds one certificate per course and round
(`functions.rounds`): passing again in next year's round earns next year's certificate, and last year's stays valid
and listed. Only a pass of the round itself earns its certificate: a 2025 pass never makes a 2026 one."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime

from functions import VIETNAM, rounds
from functions.attempts import Attempt
from functions.bank import Bank
from functions.certificates.numbers import new_number
from functions.certificates.record import Certificate, CertificateStore, IssuedCertificate, NumberTaken
from functions.certificates.signing import SigningKey


def in_round(attempts: list[Attempt], kept: rounds.Rounds, round: str) -> list[Attempt]:
    """The attempts submitted within a round: on a day whose round (`rounds.current`, by the province's `kept`
    rounds) is `round`. Attempts not submitted are of no round."""
    return [
        a
        for a in attempts
        if a.submitted_at is not None and rounds.current(kept, a.submitted_at.astimezone(VIETNAM).date()).code == round
    ]


def round_of(record: IssuedCertificate, kept: rounds.Rounds) -> str:
    """The round a certificate belongs to: the one it signed, or, for one issued before certificates recorded their
    round, the round its day of issue falls in."""
    return record.certificate.round or rounds.current(kept, record.certificate.issued_on).code


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
    round: str | None = None,
) -> IssuedCertificate:
    """A signed certificate for a passing attempt, with a fresh number; the store decides whether it is kept.
    `site_url`, `status_index` (its place in the revocation list) and `round` (the training round it is issued in)
    are signed with it."""
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
        round=round,
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
    store: CertificateStore,
    learner_id: str,
    course_id: str,
    make: Callable[[int], IssuedCertificate],
    round: str | None = None,
    kept: rounds.Rounds | None = None,
) -> tuple[IssuedCertificate, bool]:
    """The learner's certificate for a course in a round: the one issued before (False), or a new one made by `make`
    from a fresh place in the revocation list (True). The existing one is looked up first, so a repeated claim takes
    no place; two claims racing may leave one place unused, which costs a bit. A certificate issued before rounds were
    signed counts as of the round of its day (by the province's `kept` rounds), so it is not issued again there."""
    held = next(
        (
            record
            for record in store.of_learner(learner_id)
            if record.course_id == course_id
            and (record.certificate.round == round or (round and round_of(record, kept or rounds.Rounds()) == round))
        ),
        None,
    )
    if held is not None:
        return held, False
    index = store.next_status_index()
    return issue_once(store, lambda: make(index))


def certify(
    store: CertificateStore,
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
    site_url: str,
    round: str | None = None,
    kept: rounds.Rounds | None = None,
) -> tuple[IssuedCertificate, bool]:
    """The learner's certificate for the bank's course in the training `round`: the one issued before in that round
    (False), or a new one for the passing `attempt` (one of the round's own, `in_round`), signed now with its place
    in the revocation list and the round (True). `kept` is the province's rounds, to place a certificate issued before
    rounds were signed. What the certificates function, the demo and the tests all do when a learner has passed."""
    return claim(
        store,
        learner_id,
        bank.course_id,
        lambda index: draft(
            key=key,
            issuer=issuer,
            learner_id=learner_id,
            learner_name=learner_name,
            unit_code=unit_code,
            unit_name=unit_name,
            unit_path=unit_path,
            bank=bank,
            attempt=attempt,
            now=now,
            rng=rng,
            site_url=site_url,
            status_index=index,
            round=round,
        ),
        round,
        kept,
    )


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
