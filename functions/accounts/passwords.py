"""Secrets of sign-in: argon2id for passwords, a fast hash for high-entropy activation codes, and the lockout rule.

Argon2id runs at OWASP's recommended cost (19 MiB, 2 passes, 1 lane): about 20 ms here, so a wave of 4,500 learners
signing in costs little while a stolen hash stays expensive to guess. Activation codes carry 60 random bits, so
SHA-256 is enough for them: guessing is bounded by the lockout, not by the hash.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_HASHING = threading.BoundedSemaphore(max(1, (os.cpu_count() or 1) - 1))
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

MAX_FAILURES = 5
"""Failed sign-ins before the account locks for LOCKOUT; counted per account, since a commune office shares one address."""
LOCKOUT = timedelta(minutes=15)
PAUSES = {3: timedelta(seconds=30), 4: timedelta(minutes=2)}
"""Before the lock, guessing is slowed: after the third failure in a row the account waits 30 seconds, after the
fourth two minutes. A person who mistyped twice is not held up; a guesser gets five tries per quarter hour."""
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    with _HASHING:
        return _HASHER.hash(password)


def check_password(stored: str, password: str) -> bool:
    try:
        with _HASHING:
            return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_activation_code() -> str:
    """12 Crockford base-32 characters (60 bits) in groups of four, easy to read aloud: `K7M2-Q9PX-4RTA`."""
    raw = "".join(secrets.choice(_CROCKFORD) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normal_code(code: str) -> str:
    """A typed code in its printed form's characters: case, spaces, dashes and O/I/L look-alikes forgiven."""
    cleaned = code.upper().replace("-", "").replace(" ", "").replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned


def hash_code(code: str) -> str:
    return hashlib.sha256(normal_code(code).encode()).hexdigest()


def check_code(stored: str, code: str) -> bool:
    return hmac.compare_digest(stored, hash_code(code))


def password_problem(password: str) -> str | None:
    """Why a new password is refused, as an error code, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD:
        return "password_too_short"
    return None


def after_failure(failures: int, now: datetime) -> tuple[int, datetime | None]:
    """The failure count and lock after one more failed attempt: paused a little from the third failure, locked for
    a while once the limit is reached."""
    failures += 1
    if failures >= MAX_FAILURES:
        return 0, now + LOCKOUT
    if failures in PAUSES:
        return failures, now + PAUSES[failures]
    return failures, None
