"""Certificate numbers a person can read over the phone and type from paper: `HS-XXXX-XXXX-C`.

Crockford's base-32 alphabet (no I, L, O, U), eight random characters (40 bits), and a check character (mod 37) that
catches any single mistyped character and any swap of two neighbours.
"""

from __future__ import annotations

import random

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK = ALPHABET + "*~$=U"
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def _check(body: str) -> str:
    return CHECK[sum(ALPHABET.index(char) * (len(body) - position) for position, char in enumerate(body)) % 37]


def new_number(rng: random.Random) -> str:
    """A fresh number, e.g. `HS-7K4M-Q9PX-R`."""
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    return f"HS-{body[:4]}-{body[4:]}-{_check(body)}"


def normalise(text: str) -> str | None:
    """The canonical form of a typed number (any case, spaces or dashes, O for 0, I or L for 1), or None if invalid."""
    raw = "".join(char for char in text.upper() if char not in " -_.")
    if raw.startswith("HS"):
        raw = raw[2:]
    if len(raw) != 9:
        return None
    body = "".join(_READ_AS.get(char, char) for char in raw[:8])
    check = _READ_AS.get(raw[8], raw[8])  # no check character is O, I or L, so the look-alikes are safe here too
    if any(char not in ALPHABET for char in body) or check != _check(body):
        return None
    return f"HS-{body[:4]}-{body[4:]}-{check}"


def file_stem(number: str) -> str:
    """A file name for a certificate: the number without its check character, which may be `*`, `~`, `$` or `=`
    (not allowed in Windows file names); the rest alone is unique, since it decides the check character."""
    return number[:12]
