"""Finding the certificate a call names: how a course and a certificate number are written in a path, the record
behind a number, and who may see it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

from functions.accounts.tokens import Claims
from functions.certificates.numbers import normalise
from functions.certificates.record import CertificateStore, IssuedCertificate
from functions.errors import ApiError

COURSE_ID = r"^[a-z0-9][a-z0-9-]{0,62}$"
"""A course's id as content declares it (a folder's slug); anything else names no course."""
CourseId = Annotated[str, Path(min_length=1, max_length=63, pattern=COURSE_ID)]
CourseQuery = Annotated[str | None, Query(min_length=1, max_length=63, pattern=COURSE_ID, description="Mã khóa học.")]
Number = Annotated[
    str,
    Path(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9 *~$=._-]+$",
        description="Số giấy chứng nhận, ví dụ HS-7K4M-Q9PX-R.",
    ),
]
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "Giấy chứng nhận (PDF)."}
}


def found(store: CertificateStore, number: str) -> IssuedCertificate:
    canonical = normalise(number)
    record = store.certificate(canonical) if canonical else None
    if record is None:
        raise ApiError("certificate_not_found")
    return record


def may_see(claims: Claims, record: IssuedCertificate) -> None:
    """Its owner, and administrators whose subtree holds the owner's unit; 404 for anyone else, not 403, so a
    number cannot be probed for whose it is."""
    if claims.learner_id == record.learner_id:
        return
    if claims.role == "admin" and record.unit_path.startswith(claims.unit_path):
        return
    raise ApiError("certificate_not_found")
