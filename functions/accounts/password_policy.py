"""What a new password may not be: short, common, the username, or the learner's own name.

Compared after folding: lower case, Vietnamese marks removed and đ read as d, so `Tuyết2026` counts as containing the
name Tuyết. Each refusal has its own error code and Vietnamese message (see `functions.errors`).
"""

from __future__ import annotations

import re

from functions.accounts.common_passwords import WORDS
from functions.accounts.issuing import ascii_fold

MIN_LENGTH = 8
NAME_PART = 3
"""Name parts this long or longer may not appear in a password (`thi`, `anh` included: they are what a guesser
tries)."""

_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _letters(text: str) -> str:
    """Folded, with everything but letters and digits dropped: `Ánh-Tuyết` -> `anhtuyet`."""
    return re.sub(r"[\W_]", "", ascii_fold(text))


def general_problem(password: str, username: str) -> str | None:
    """The error code of a password that fails a check needing no account (length, common, the username), or None."""
    if len(password) < MIN_LENGTH:
        return "password_too_short"
    folded = ascii_fold(password).replace(" ", "")
    if folded in WORDS or _EDGES.sub("", folded) in WORDS or len(set(folded)) < 4:
        return "password_common"
    name = _letters(username)
    if name and name in _letters(password):
        return "password_has_username"
    return None


def name_problem(password: str, full_name: str) -> str | None:
    """`password_has_name` when the password holds the person's name (a part of 3+ letters, or the whole joined)."""
    letters = _letters(password)
    parts = [_letters(part) for part in full_name.split()]
    whole = "".join(parts)
    if any(len(part) >= NAME_PART and part in letters for part in parts) or (whole and whole in letters):
        return "password_has_name"
    return None


def problem(password: str, username: str, full_name: str) -> str | None:
    """Every check at once. Only for someone who has proved the account is theirs (the slip's code, the current
    password): the name check would otherwise tell a stranger the name behind a username."""
    return general_problem(password, username) or name_problem(password, full_name)
