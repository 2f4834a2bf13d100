"""Short-lived signed tokens (JWT, HS256): who is calling, their role and the subtree they administer.

A token's signature and expiry are checked here; its version against the account's on every request that carries it
(`functions.api.identity`): signing out, a password change or a reset raise the account's `token_version`, which ends
every older token at once, on every route.

HS256 is an HMAC-SHA256 over two base64url segments, so the standard library signs and checks it: PyJWT, which made
these tokens before (byte for byte the same, pinned by tests/core/test_tokens.py), imports `cryptography` for the
algorithms these tokens never use, 50–70 ms of every cold start and a tenth of a submission's time. What it checked,
this checks as strictly or more: the algorithm pinned (the header must be exactly this one's), the signature compared
in constant time before the payload is parsed, segments in canonical base64url, `exp`, `sub` and `iss` required,
the issuer ours, no audience. PyJWT stays for the certificates' EdDSA credentials.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

LIFETIME = timedelta(hours=2)
ISSUER = "hocso"
_HEADER = {"alg": "HS256", "typ": "JWT"}
_HEADER_SEGMENT = base64.urlsafe_b64encode(json.dumps(_HEADER, separators=(",", ":")).encode()).rstrip(b"=").decode()
_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_SPARE_BITS = {2: 0b1111, 3: 0b11}
"""A segment's length mod 4, and the low bits of its last letter that carry no data: zero in the canonical spelling."""


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
    body = _encode(json.dumps(payload, separators=(",", ":")).encode())
    signing_input = f"{_HEADER_SEGMENT}.{body}"
    return f"{signing_input}.{_encode(_signature(secret, signing_input))}"


def read(token: str, secret: str, now: datetime) -> Claims | None:
    """The claims of a genuine, unexpired token; None for anything else."""
    payload = _verified(token, secret)
    if payload is None:
        return None
    # Times are checked against the injected clock, so tests and the server agree on what "now" is.
    expires = payload.get("exp")
    if isinstance(expires, bool) or not isinstance(expires, int | float) or expires <= now.timestamp():
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


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _decode(segment: str) -> bytes:
    """An unpadded base64url segment, refused unless canonical (one token, one spelling): its letters, no padding,
    and no data in the bits its last letter leaves over, so it is the one `_encode` gives of what it decodes to."""
    if not _SEGMENT.fullmatch(segment) or len(segment) % 4 == 1:
        raise ValueError("not base64url")
    if (spare := _SPARE_BITS.get(len(segment) % 4)) and _ALPHABET.index(segment[-1]) & spare:
        raise ValueError("not canonical base64url")
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


@lru_cache(maxsize=4)  # the key in force, and one before it while tokens it signed run out
def _keyed(secret: str) -> hmac.HMAC:
    """HMAC-SHA256 with this key set up once; each signature works on a copy, never on this one."""
    return hmac.new(secret.encode(), digestmod=hashlib.sha256)


def _signature(secret: str, signing_input: str) -> bytes:
    if not secret:
        raise ValueError("an empty key signs nothing")
    # A copy of the keyed state: 1.6 µs, where `hmac.digest` looked the digest up and set the key up again (3.8 µs).
    mac = _keyed(secret).copy()
    mac.update(signing_input.encode())
    return mac.digest()


def _verified(token: str, secret: str) -> dict | None:
    """The payload of a token this key signed with HS256, carrying our issuer, a subject and an expiry (not yet
    compared with the clock) and no audience; None for anything else."""
    try:
        header, body, signature = token.split(".")
        # The header is compared whole: no other algorithm (`none`, RS256 with our key as its "public key"), and no
        # `crit` or `b64` extension, which would change what is signed.
        # Ours is spelled one way (`_HEADER_SEGMENT`): only another spelling is decoded to be compared.
        if header != _HEADER_SEGMENT and json.loads(_decode(header)) != _HEADER:
            return None
        if not hmac.compare_digest(_signature(secret, f"{header}.{body}"), _decode(signature)):
            return None
        payload = json.loads(_decode(body))
    except (ValueError, TypeError, RecursionError, binascii.Error):  # malformed: JSON errors are ValueErrors
        return None
    if not isinstance(payload, dict) or any(payload.get(claim) is None for claim in ("exp", "sub", "iss")):
        return None
    if payload["iss"] != ISSUER or not isinstance(payload["sub"], str) or payload.get("aud"):
        return None
    if "jti" in payload and not isinstance(payload["jti"], str):
        return None
    return payload
