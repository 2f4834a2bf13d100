"""Sign-in tokens are the JWTs PyJWT made (HS256), byte for byte, and anything not genuinely ours is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, date, datetime, timedelta

import jwt
import pytest

from functions.accounts import tokens

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
SECRET = "s" * 48
CLAIMS = [
    tokens.Claims("u.abc", "admin", "40/16813/", 3),
    tokens.Claims("hv.000000000001", "learner", "40/16813/26506/", 0, "Đợt 1", date(2026, 12, 7), "cnscd", "2026"),
]


def payload(claims: tokens.Claims, **changes) -> dict:
    """What PyJWT was given for these claims."""
    return {
        "iss": "hocso",
        "sub": claims.learner_id,
        "role": claims.role,
        "unit": claims.unit_path,
        "ver": claims.version,
        "coh": claims.cohort,
        "dl": claims.deadline.isoformat() if claims.deadline else None,
        "cat": claims.category,
        "rnd": claims.round,
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + tokens.LIFETIME).timestamp()),
        **changes,
    }


def segment(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def signed(header: dict, body: dict | bytes, secret: str = SECRET) -> str:
    """A token with any header and payload, HS256-signed with `secret`: what a forger holding the key could make."""
    signing_input = f"{segment(header)}.{segment(body)}"
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{segment(mac)}"


@pytest.mark.parametrize("claims", CLAIMS)
def test_a_token_is_the_one_pyjwt_issued_for_the_same_claims(claims):
    assert tokens.issue(claims, SECRET, NOW) == jwt.encode(payload(claims), SECRET, algorithm="HS256")


@pytest.mark.parametrize("claims", CLAIMS)
def test_a_token_pyjwt_issued_reads_as_its_claims(claims):
    issued = jwt.encode(payload(claims), SECRET, algorithm="HS256")
    assert tokens.read(issued, SECRET, NOW + timedelta(minutes=119)) == claims
    assert tokens.read(issued, SECRET, NOW + tokens.LIFETIME) is None


def test_only_this_keys_hs256_signature_is_accepted():
    claims = CLAIMS[1]
    genuine = tokens.issue(claims, SECRET, NOW)
    header, body, mac = genuine.split(".")
    refused = [
        tokens.issue(claims, "t" * 48, NOW),  # another key
        f"{header}.{body}.",  # no signature
        f"{header}.{body}.{mac[:-2]}",  # a signature cut short
        f"{header}.{segment(payload(claims, role='admin'))}.{mac}",  # a payload changed under the signature
        f"{segment({'alg': 'none', 'typ': 'JWT'})}.{body}.",  # alg none
        jwt.encode(payload(claims), SECRET * 2, algorithm="HS512"),  # another algorithm, signed with a key
        signed({"alg": "HS512", "typ": "JWT"}, payload(claims)),  # a header naming another algorithm
        signed({"alg": "HS256", "typ": "JWT", "crit": ["b64"], "b64": False}, payload(claims)),  # an extension
        genuine + ".x",  # a fourth segment
        f"{header}.{body}.{mac}=",  # padding: not the canonical spelling
        "not.a.token",
        "",
    ]
    assert tokens.read(genuine, SECRET, NOW) == claims
    assert [tokens.read(token, SECRET, NOW) for token in refused] == [None] * len(refused)
    assert tokens.read(genuine, "", NOW) is None
    with pytest.raises(ValueError):
        tokens.issue(claims, "", NOW)


def test_a_segment_spelled_with_data_in_its_spare_bits_is_refused():
    """base64url's last letter may leave bits over: set, they change no byte decoded but make a second spelling."""
    genuine = tokens.issue(CLAIMS[1], SECRET, NOW)
    header, body, mac = genuine.split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    respelled = mac[:-1] + alphabet[alphabet.index(mac[-1]) + 1]  # 43 letters: the last one's low 2 bits are spare
    assert len(mac) % 4 == 3 and base64.urlsafe_b64decode(respelled + "=") == base64.urlsafe_b64decode(mac + "=")
    assert tokens.read(f"{header}.{body}.{respelled}", SECRET, NOW) is None
    for spare, length in ((0b1111, 2), (0b11, 3)):
        for letter in alphabet:
            segment = "AAAA"[: length - 1] + letter
            canonical = tokens._encode(base64.urlsafe_b64decode(segment + "=" * (4 - length)))
            if alphabet.index(letter) & spare:
                assert canonical != segment
                with pytest.raises(ValueError):
                    tokens._decode(segment)
            else:
                assert canonical == segment and tokens._encode(tokens._decode(segment)) == segment


def test_signatures_under_two_keys_stay_apart():
    """The keyed state is set up once a key and copied for each signature: one key's use never changes another's."""
    first = tokens.issue(CLAIMS[0], SECRET, NOW)
    second = tokens.issue(CLAIMS[0], "t" * 48, NOW)
    assert first != second
    assert tokens.read(first, SECRET, NOW) == CLAIMS[0] and tokens.read(second, "t" * 48, NOW) == CLAIMS[0]
    assert tokens.read(first, "t" * 48, NOW) is None and tokens.read(second, SECRET, NOW) is None
    assert tokens.issue(CLAIMS[0], SECRET, NOW) == first == jwt.encode(payload(CLAIMS[0]), SECRET, algorithm="HS256")


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "someone-else"},
        {"iss": None},
        {"sub": None},
        {"sub": 42},
        {"exp": None},
        {"exp": "2099-01-01"},
        {"exp": True},
        {"aud": "another-service"},
        {"jti": 7},
    ],
)
def test_a_signed_token_without_our_issuer_a_subject_and_a_numeric_expiry_is_refused(changes):
    assert tokens.read(signed(tokens._HEADER, payload(CLAIMS[0], **changes)), SECRET, NOW) is None


def test_a_signed_payload_that_is_not_an_object_is_refused():
    assert tokens.read(signed(tokens._HEADER, b"[1, 2]"), SECRET, NOW) is None
