"""Short-lived signed tokens (JWT, HS256): who is calling, their role and the subtree they administer.

A token's signature and expiry are checked here; its version against the account's on every request that carries it
(`functions.api.identity`): signing out, a password change or a reset raise the account's `token_version`, which ends
every older token at once, on every route.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import jwt

LIFETIME = timedelta(hours=2)
ISSUER = "hocso"


@dataclass(frozen=True)
class Claims:
    learner_id: str
    role: str
    unit_path: str
    version: int
    cohort: str | None = None
    deadline: date | None = None
    category: str | None = None
    round: str | None = None
    """The cohort, deadline, category and round ride along so the functions can count a learner's progress for the
    reports without reading the account on the hot path. A later round's import renewing the account moves its token
    version on, so no token keeps last round's."""

    @property
    def unit_code(self) -> str:
        return self.unit_path.rstrip("/").rsplit("/", 1)[-1]


def issue(claims: Claims, secret: str, now: datetime) -> str:
    payload = {
        "iss": ISSUER,
        "sub": claims.learner_id,
        "role": claims.role,
        "unit": claims.unit_path,
        "ver": claims.version,
        "coh": claims.cohort,
        "dl": claims.deadline.isoformat() if claims.deadline else None,
        "cat": claims.category,
        "rnd": claims.round,
        "iat": int(now.timestamp()),
        "exp": int((now + LIFETIME).timestamp()),
    }
    return jwt.encode(payload, secret, algorithm="HS256")


def read(token: str, secret: str, now: datetime) -> Claims | None:
    """The claims of a genuine, unexpired token; None for anything else."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            issuer=ISSUER,
            options={"require": ["exp", "sub", "iss"], "verify_exp": False, "verify_iat": False, "verify_nbf": False},
        )
    except jwt.PyJWTError:
        return None
    # Times are checked against the injected clock, not PyJWT's, so tests and the server agree on what "now" is.
    if payload["exp"] <= now.timestamp():
        return None
    deadline = payload.get("dl")
    return Claims(
        payload["sub"],
        payload.get("role", "learner"),
        payload.get("unit", ""),
        int(payload.get("ver", 0)),
        payload.get("coh"),
        date.fromisoformat(deadline) if deadline else None,
        payload.get("cat"),
        payload.get("rnd"),
    )
