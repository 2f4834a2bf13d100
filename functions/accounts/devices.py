"""Device cookies (OWASP): proof that this browser has signed in to an account before, so it keeps its own allowance.

The cookie holds up to `KEEP` entries, newest first, one per account that signed in on this browser (a commune
office's shared computer serves several people). An entry is `<nonce>.<signature>`, the signature an HMAC of the
username and nonce under the token secret (with a prefix of its own, so an entry never passes for a token). It names
no account: whoever reads the cookie learns nothing, and only the server can make one that matches a username. The
nonce keys the device's own failure counter (`functions.accounts.throttle.DEVICE`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

COOKIE = "hocso_device"
KEEP = 8
MAX_AGE = 400 * 24 * 3600
"""Browsers keep a cookie at most 400 days; a programme's officials come back each year."""
_PURPOSE = b"hocso-device-cookie\x00"


def _signature(username: str, nonce: str, secret: str) -> str:
    mac = hmac.new(secret.encode(), _PURPOSE + username.encode() + b"\x00" + nonce.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:18]).decode()


def entry(username: str, secret: str) -> str:
    """A new entry for `username`: 96 random bits and their signature."""
    nonce = secrets.token_urlsafe(12)
    return f"{nonce}.{_signature(username, nonce, secret)}"


def entries(cookie: str | None) -> list[str]:
    """The entries of a cookie as sent, at most `KEEP` of them, malformed ones dropped."""
    found = [part for part in (cookie or "").split("~") if part.count(".") == 1 and 0 < len(part) <= 64]
    return found[:KEEP]


def trusted(cookie: str | None, username: str, secret: str) -> str | None:
    """The cookie's entry made for `username`, or None: then this browser is a stranger to the account."""
    for item in entries(cookie):
        nonce, signature = item.split(".")
        if hmac.compare_digest(signature, _signature(username, nonce, secret)):
            return item
    return None


def nonce(item: str) -> str:
    """The part of an entry that names the device's counter."""
    return item.split(".")[0]


def remember(cookie: str | None, item: str) -> str:
    """The cookie's new value: `item` first, then the others it held, the oldest dropped past `KEEP`."""
    return "~".join([item] + [other for other in entries(cookie) if other != item][: KEEP - 1])
