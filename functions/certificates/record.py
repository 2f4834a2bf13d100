"""A certificate as stated, signed and kept, and the store contract: plain data, no signing library, so that what
only lists or keeps certificates (the administrators' function, the store adapters) never loads one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

SIZE = 131_072  # the spec's minimum (16 KiB): a list does not tell how many certificates exist


class Certificate(BaseModel):
    """What a certificate states; `key_id` names the key that signs it.

    `site_url` (the issuing site, where its keys, verification page and status list live) and `status_index` (its bit
    in the published revocation list) are signed too, so a verifier learns where to ask about revocation from the
    signed data itself. `round` is the training round (its year's code, `functions.rounds`) the certificate was
    issued in, signed too. Certificates issued before these existed leave them out of the signed form (RFC 8785 as
    signed here drops null fields), so they still verify.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str
    issuer: str
    learner_name: str
    unit_name: str
    course_id: str
    course_title: str
    issued_on: date
    score_percent: float
    key_id: str
    site_url: str | None = None
    status_index: int | None = Field(default=None, ge=0)
    round: str | None = Field(default=None, pattern=r"^(19|20)\d\d$")


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
        """Keep a new certificate, or return the learner's existing one for the course and round (`round` of the
        certificate, None counting as a round of its own) with False: one per learner, course and round however many
        requests race. Raises NumberTaken when the number is another certificate's."""

    def certificate(self, number: str) -> IssuedCertificate | None: ...

    def of_learner(self, learner_id: str) -> list[IssuedCertificate]:
        """A learner's certificates, one per course and round, in order of course, then round."""

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


def position(index: int) -> tuple[int, int]:
    """The list a certificate's index falls in, and its bit there."""
    return divmod(index, SIZE)
