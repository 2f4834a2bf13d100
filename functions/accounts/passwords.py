"""Secrets of sign-in: argon2id for passwords and a fast hash for high-entropy activation codes.

Argon2id runs at OWASP's recommended cost (19 MiB, 2 passes, 1 lane): about 20 ms here, so a wave of 4,500 learners
signing in costs little while a stolen hash stays expensive to guess. Activation codes carry 60 random bits, so
SHA-256 is enough for them: even a billion guesses a second would need decades. How fast anyone may guess is
`functions.accounts.throttle`; what a new password may be is `functions.accounts.password_policy`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SPELLING = bytes(_CROCKFORD.encode()[value % 32] for value in range(256))
"""A byte to the Crockford letter of its low five bits: 256 values are 32 × 8, so a uniform byte gives a uniform
letter."""
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
    return _grouped(_drawn())


def new_activation() -> tuple[str, str]:
    """A new activation code and its hash (`hash_code`), the hash taken of the drawn letters, already its normal
    form: an import draws 36,000."""
    raw = _drawn()
    return _grouped(raw), hashlib.sha256(raw.encode()).hexdigest()


def _drawn() -> str:
    # Twelve random bytes, each spelled by its low five bits: the same uniform code as twelve draws of a letter, in
    # one read of the system's randomness and one translation, no loop in Python (base64's base 32, used before, is
    # written in Python: 4 µs of the 5 a code took).
    return secrets.token_bytes(12).translate(_SPELLING).decode()


def _grouped(raw: str) -> str:
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
