"""Public models of the certificates function."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from functions.certificates.record import Certificate, IssuedCertificate


class Verification(BaseModel):
    """What anyone holding the number may learn: the signed statement, its signature, and whether it still stands."""

    status: Literal["valid", "revoked"]
    certificate: Certificate
    signature: str = Field(description="Chữ ký Ed25519 (base64url) trên dạng chuẩn của `certificate`.")
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    @classmethod
    def of(cls, record: IssuedCertificate) -> Verification:
        return cls(
            status="revoked" if record.revoked_at else "valid",
            certificate=record.certificate,
            signature=record.signature,
            revoked_at=record.revoked_at,
            revoked_reason=record.revoked_reason,
        )


class Revocation(BaseModel):
    reason: str = Field(min_length=3, max_length=500, description="Lý do thu hồi, hiển thị trên trang xác minh.")
