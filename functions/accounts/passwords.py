"""Secrets of sign-in: argon2id for passwords and a fast hash for high-entropy activation codes.

Argon2id runs at OWASP's recommended cost (19 MiB, 2 passes, 1 lane): about 20 ms here, so a wave of 4,500 learners
signing in costs little while a stolen hash stays expensive to guess. Activation codes carry 60 random bits, so
SHA-256 is enough for them: even a billion guesses a second would need decades. How fast anyone may guess is
`functions.accounts.throttle`; what a new password may be is `functions.accounts.password_policy`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TO_CROCKFORD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _CROCKFORD.encode())
"""Base 32 as `base64` spells it (RFC 4648: A-Z, 2-7) to the same values in Crockford's letters."""
_CORES = threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) // 2))
"""Argon2 runs on at most half the cores at once: a wave of sign-ins queues for them, and the other half keeps serving
pages and quizzes. (A Lambda container serves one request at a time, so there this never waits.)"""


def hash_password(password: str) -> str:
    """An argon2id hash; about 20 ms of one core, so callers run it off the server's event loop."""
    with _CORES:
        return _HASHER.hash(password)


def check_password(stored: str, password: str) -> bool:
    """Whether `password` is the one `stored` was made from; a malformed hash is simply not a match."""
    try:
        with _CORES:
            return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_activation_code() -> str:
    """12 Crockford base-32 characters (60 bits) in groups of four, easy to read aloud: `K7M2-Q9PX-4RTA`."""
    # Eight random bytes in base 32: the first twelve letters are their first 60 bits, five a letter, spelled in
    # Crockford's alphabet. The same uniform code as twelve draws of a letter, with one read of the system's
    # randomness instead of twelve (an import of 36,000 learners drew 430,000 of them) and no loop in Python.
    raw = base64.b32encode(secrets.token_bytes(8))[:12].translate(_TO_CROCKFORD).decode()
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normal_code(code: str) -> str:
    """A typed code in its printed form's characters: case, spaces, dashes and O/I/L look-alikes forgiven."""
    cleaned = code.upper().replace("-", "").replace(" ", "").replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned


def hash_code(code: str) -> str:
    """The stored form of an activation code: SHA-256 of its normal form."""
    return hashlib.sha256(normal_code(code).encode()).hexdigest()


def check_code(stored: str, code: str) -> bool:
    """Whether a typed code is the one `stored` was made from, compared in constant time."""
    return hmac.compare_digest(stored, hash_code(code))
