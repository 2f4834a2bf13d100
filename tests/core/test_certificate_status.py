"""The revocation list (W3C Bitstring Status List v1.0): encoding, the signed list, the badge's credentialStatus, and a
maintained Open Badges 3.0 library (openbadgeslib) as the independent judge of both."""

import base64
import gzip
from datetime import UTC, datetime, timedelta

import pytest
from openbadgeslib.ob3.status import decode_encoded_list
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from functions.certificates import revocation, status
from functions.certificates.credential import issue, verify
from functions.certificates.keys import KeyRing, key_url
from functions.certificates.signing import SigningKey
from functions.published import key_files
from tests.support.certificates import stated

SITE = "https://hocso.example.vn/"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
KEY = SigningKey.generate("2026-11-23-1")
PUBLIC = KeyRing((KEY,)).public()
CERTIFICATE = stated(key_id=KEY.key_id, site_url=SITE, status_index=status.SIZE + 42)
LIST_URL = f"{SITE}api/certificates/status/1"


def signed_list(bits, *, key=KEY, now=NOW, list_id=1) -> str:
    body = status.list_credential(site_url=SITE, issuer="Sở KH&CN", list_id=list_id, bits=bits, now=now)
    return status.issue_list(body, key, site_url=SITE)


def test_the_bitstring_is_16_kib_gzipped_with_bit_zero_the_first_bytes_highest():
    encoded = status.encode({0, 9, status.SIZE - 1})
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert encoded[0] == "u" and len(raw) == status.SIZE // 8 == 16_384
    assert (raw[0], raw[1], raw[-1]) == (0x80, 0x40, 0x01)
    assert decode_encoded_list(encoded) == raw == status.decode(encoded)  # the library reads what we write
    assert status.encode([5]) == status.encode([5])  # no timestamp inside: the same revocations, the same text


def test_a_list_that_inflates_past_the_limit_is_refused_not_read():
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(status.LARGEST_LIST + 1))).rstrip(b"=").decode()
    with pytest.raises(status.StatusError):
        status.decode(bomb)
    with pytest.raises(status.StatusError):
        status.is_set(status.decode(status.encode([])), status.SIZE)  # past the end is unreadable, not "standing"


def test_a_certificates_place_is_a_list_and_a_bit():
    assert status.position(status.SIZE + 42) == (1, 42)
    assert status.entry(SITE, status.SIZE + 42) == {
        "id": f"{LIST_URL}#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": LIST_URL,
    }


def test_the_signed_list_reads_back_and_anything_else_is_refused():
    assert status.is_set(status.read_list(signed_list({42}), PUBLIC, url=LIST_URL, issuer_id=SITE, now=NOW), 42)
    checks = [
        (signed_list({42}, key=SigningKey.generate(KEY.key_id)), {}, "status_bad_signature"),  # same id, other key
        (signed_list({42}, now=NOW - timedelta(days=2)), {}, "status_stale"),  # an old copy replayed
        (signed_list({42}, list_id=2), {}, "status_unreadable"),  # another list served at this address
        (signed_list({42}), {"issuer_id": "https://gia-mao.example/"}, "status_bad_signature"),
        ("không phải JWT", {}, "status_unreadable"),
    ]
    for token, changed, code in checks:
        with pytest.raises(status.StatusError) as refused:
            status.read_list(token, PUBLIC, **{"url": LIST_URL, "issuer_id": SITE, "now": NOW, **changed})
        assert refused.value.code == code


def test_the_credential_points_to_its_bit_and_names_a_key_address_that_serves_the_jwk():
    token = issue(CERTIFICATE, KEY, site_url="https://other.example/")  # the signed site address wins
    body = verify(token, PUBLIC, now=NOW)
    assert body["credentialStatus"] == status.entry(SITE, status.SIZE + 42)
    published = dict(key_files(KeyRing((KEY,)).document()))
    kid = key_url(SITE, KEY.key_id)
    assert kid.startswith(SITE) and published[kid.removeprefix(SITE)] == KEY.public_jwk()
    assert (
        revocation.of_credential(body) == revocation.of_certificate(CERTIFICATE) == revocation.Place(LIST_URL, SITE, 42)
    )


def test_openbadgeslib_verifies_the_credential_and_reads_its_revocation():
    """The oracle: a maintained Open Badges 3.0 verifier, given only our public key and our list, agrees."""
    token = issue(CERTIFICATE, KEY, site_url=SITE)
    oracle = OB3Verifier(pubkey_pem=KEY.private.public_key())
    lists = {LIST_URL: signed_list({7}, now=datetime.now(UTC)).encode()}
    badge = oracle.verify(token, check_status=True, verify_status_list=True, download=lists.__getitem__)
    assert badge.issuer.id == SITE
    lists[LIST_URL] = signed_list({7, 42}, now=datetime.now(UTC)).encode()
    with pytest.raises(OB3VerificationError, match="revocation' is set at index 42"):
        oracle.verify(token, check_status=True, verify_status_list=True, download=lists.__getitem__)
    lists[LIST_URL] = signed_list(set(), key=SigningKey.generate(KEY.key_id), now=datetime.now(UTC)).encode()
    with pytest.raises(OB3VerificationError, match="proof is invalid"):  # a forged list cannot un-revoke
        oracle.verify(token, check_status=True, verify_status_list=True, download=lists.__getitem__)


def test_a_verifier_says_unchecked_rather_than_valid_when_it_cannot_ask():
    place = revocation.of_certificate(CERTIFICATE)

    def down(url):
        raise OSError("Connection refused")

    answers = [
        revocation.check(place, PUBLIC, down, NOW),
        revocation.check(place, PUBLIC, None, NOW),
        revocation.check(None, PUBLIC, down, NOW),
        revocation.check(place, PUBLIC, lambda url: b"<html>", NOW),
    ]
    assert [a.state for a in answers] == ["unchecked"] * 4
    assert all(a.message.startswith("chưa kiểm tra được trạng thái thu hồi: ") for a in answers)
    assert revocation.check(place, PUBLIC, lambda url: signed_list({42}).encode(), NOW).state == "revoked"
    assert revocation.check(place, PUBLIC, lambda url: signed_list({41}).encode(), NOW).state == "standing"
