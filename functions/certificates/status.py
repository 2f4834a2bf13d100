"""Revocation as a W3C Bitstring Status List v1.0: one bit per certificate, published as a signed credential.

Each certificate is given a place in a list when it is issued (`status_index`, signed with it). Its Open Badges
credential names that place in `credentialStatus`, and the certificates function serves each list, signed with the
certificates' own keys, from the records, so a revocation shows at once and needs no rebuild of the site. A verifier
that holds the published keys fetches the list, checks its signature and reads the bit: no call that names the
certificate, so the issuer does not learn who is checking whom.
"""

from __future__ import annotations

import base64
import gzip
import zlib
from collections.abc import Iterable
from datetime import datetime, timedelta

import jwt

from functions.certificates.keys import key_id_of, key_url
from functions.certificates.record import SIZE, position
from functions.certificates.signing import PublicKeys, SigningKey

PURPOSE = "revocation"
CONTEXT = "https://www.w3.org/ns/credentials/v2"
LIST_TYPE = "BitstringStatusListCredential"
ALGORITHM = "EdDSA"
MAX_AGE = 60  # seconds a cache may keep a list: how late a revocation can reach a verifier
FRESH_FOR = timedelta(days=1)  # validUntil: an old copy replayed later than this no longer hides a revocation
LARGEST_LIST = 16 * 1024 * 1024  # what a reader inflates at most: a list is no gzip bomb

MESSAGES = {
    "status_unreadable": "Danh sách thu hồi không đọc được hoặc không đúng định dạng.",
    "status_bad_signature": "Danh sách thu hồi không có chữ ký hợp lệ của đơn vị cấp.",
    "status_stale": "Danh sách thu hồi đã quá hạn hoặc chưa có hiệu lực.",
}


class StatusError(ValueError):
    """A status list that must not be trusted; `code` is stable, `message` is Vietnamese."""

    def __init__(self, code: str) -> None:
        super().__init__(f"{MESSAGES[code]} [{code}]")
        self.code = code
        self.message = MESSAGES[code]


def _base(site_url: str) -> str:
    return site_url.rstrip("/") + "/"


def list_url(site_url: str, list_id: int) -> str:
    """Where the certificates function serves a list (the API lives under the site's `/api`)."""
    return f"{_base(site_url)}api/certificates/status/{list_id}"


def entry(site_url: str, index: int) -> dict:
    """The `credentialStatus` of a credential whose certificate holds `index` (a BitstringStatusListEntry)."""
    list_id, bit = position(index)
    url = list_url(site_url, list_id)
    return {
        "id": f"{url}#{bit}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(bit),
        "statusListCredential": url,
    }


def encode(bits: Iterable[int]) -> str:
    """`encodedList`: the bitstring (bit 0 is the first byte's highest bit), gzipped, multibase base64url ("u")."""
    raw = bytearray(SIZE // 8)
    for bit in bits:
        raw[bit // 8] |= 0x80 >> (bit % 8)
    # mtime=0: the same revocations always encode to the same text.
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(raw), mtime=0)).rstrip(b"=").decode()


def decode(encoded: object) -> bytes:
    """The bitstring of an `encodedList` (as read from JSON); StatusError when it is not one, or inflates past
    LARGEST_LIST."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusError("status_unreadable")
    try:
        packed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
        inflater = zlib.decompressobj(wbits=31)
        raw = inflater.decompress(packed, LARGEST_LIST)
    except (ValueError, zlib.error):
        raise StatusError("status_unreadable") from None
    if inflater.unconsumed_tail or len(raw) < SIZE // 8:
        raise StatusError("status_unreadable")
    return raw


def is_set(bitstring: bytes, bit: int) -> bool:
    """Whether `bit` is set; a bit past the list's end is an unreadable list, never "not revoked"."""
    if bit >= len(bitstring) * 8:
        raise StatusError("status_unreadable")
    return bool(bitstring[bit // 8] & (0x80 >> (bit % 8)))


def list_credential(*, site_url: str, issuer: str, list_id: int, bits: Iterable[int], now: datetime) -> dict:
    """The BitstringStatusListCredential of one list, unsigned."""
    url = list_url(site_url, list_id)
    return {
        "@context": [CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", LIST_TYPE],
        "issuer": {"id": _base(site_url), "type": ["Profile"], "name": issuer},
        "validFrom": now.isoformat(timespec="seconds"),
        "validUntil": (now + FRESH_FOR).isoformat(timespec="seconds"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(bits),
        },
    }


def issue_list(body: dict, key: SigningKey, *, site_url: str) -> str:
    """A list credential as a JWT (VC-JOSE), signed like the badges: `kid` is the key's published address."""
    claims = {
        **body,
        "iss": body["issuer"]["id"],
        "jti": body["id"],
        "sub": body["credentialSubject"]["id"],
        "nbf": int(datetime.fromisoformat(body["validFrom"]).timestamp()),
    }
    return jwt.encode(
        claims, key.private, algorithm=ALGORITHM, headers={"typ": "JWT", "kid": key_url(site_url, key.key_id)}
    )


def read_list(token: str, keys: PublicKeys, *, url: str, issuer_id: str, now: datetime) -> bytes:
    """The bitstring of the list served at `url`, once its signature (a published key), issuer, address, purpose and
    validity check out; StatusError otherwise."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise StatusError("status_unreadable") from None
    key_id = key_id_of(header.get("kid"), issuer_id)
    public = keys.keys.get(key_id) if key_id is not None else None
    if header.get("alg") != ALGORITHM or public is None:
        raise StatusError("status_bad_signature")
    try:
        claims = jwt.decode(token, public, algorithms=[ALGORITHM], options={"verify_nbf": False})
    except jwt.InvalidSignatureError:
        raise StatusError("status_bad_signature") from None
    except jwt.InvalidTokenError:
        raise StatusError("status_unreadable") from None
    subject = claims.get("credentialSubject")
    issuer = claims.get("issuer")
    if (
        claims.get("id") != url
        or LIST_TYPE not in (claims.get("type") or [])
        or (issuer.get("id") if isinstance(issuer, dict) else issuer) != issuer_id
        or not isinstance(subject, dict)
        or subject.get("statusPurpose") != PURPOSE
    ):
        raise StatusError("status_unreadable")
    try:
        starts, ends = datetime.fromisoformat(claims["validFrom"]), datetime.fromisoformat(claims["validUntil"])
    except (KeyError, TypeError, ValueError):
        raise StatusError("status_unreadable") from None
    if not starts - timedelta(minutes=5) <= now <= ends:
        raise StatusError("status_stale")
    return decode(subject.get("encodedList"))
