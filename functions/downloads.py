"""The `Content-Disposition` of every file the functions send, built in one place (RFC 6266).

A name goes out twice: `filename*=UTF-8''…` percent-encoded, exact whatever it holds (Vietnamese, quotes), and a plain
ASCII `filename="…"` for the rare client that ignores the first. Putting a name between quotes as it came let a quote
or a line break in it rewrite the header.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_name(name: str) -> str:
    """The name without accents, anything but letters, digits, `.`, `_` and `-` made a dash: `giấy "x".pdf` →
    `giay-x-.pdf`."""
    bare = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in bare if not unicodedata.combining(char))
    return _UNSAFE.sub("-", bare).strip("-.") or "tep"


def disposition(name: str) -> str:
    """The `Content-Disposition` that saves a body as a file called `name` (also signed into S3 download links)."""
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment(name: str) -> dict[str, str]:
    """Response headers that save the body as a file called `name`."""
    return {"Content-Disposition": disposition(name)}
