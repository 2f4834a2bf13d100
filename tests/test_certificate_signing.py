"""Certificate signatures: any change to any field, or to the signature, is detected; rotation keeps old ones valid."""

import unicodedata
from datetime import date

import pytest

from functions.certificates.signing import Certificate, PublicKeys, SigningKey, canonical

CERTIFICATE = Certificate(
    number="HS-7K4M-Q9PX-R", issuer="Sở Khoa học và Công nghệ tỉnh Nghệ An", learner_name="Hoàng Thị Thùy Dương", unit_name="UBND xã Đông Sơn",
    course_id="tong-quan-chuyen-doi-so", course_title="Tổng quan về chuyển đổi số",
    issued_on=date(2026, 11, 23), score_percent=90.0, key_id="2026-1",
)


@pytest.fixture(scope="module")
def key():
    return SigningKey.generate("2026-1")


def test_a_signed_certificate_verifies_against_the_published_keys(key):
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    assert keys.verify(CERTIFICATE, key.sign(CERTIFICATE))


@pytest.mark.parametrize(
    "field, value",
    [("number", "HS-7K4M-Q9PX-S"), ("learner_name", "Hoàng Thị Thủy Dương"), ("unit_name", "UBND xã Đông Sơn 2"),
     ("course_id", "khac"), ("course_title", "Khác"), ("issued_on", date(2026, 11, 24)), ("score_percent", 100.0)],
)
def test_changing_any_field_breaks_the_signature(key, field, value):
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    signature = key.sign(CERTIFICATE)
    assert not keys.verify(CERTIFICATE.model_copy(update={field: value}), signature)


def test_a_tampered_or_foreign_signature_is_refused(key):
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    signature = key.sign(CERTIFICATE)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert not keys.verify(CERTIFICATE, flipped)
    assert not keys.verify(CERTIFICATE, "không-phải-chữ-ký")
    forger = SigningKey.generate("2026-1")
    assert not keys.verify(CERTIFICATE, forger.sign(CERTIFICATE))
    assert not keys.verify(CERTIFICATE.model_copy(update={"key_id": "khong-co"}), signature)


def test_a_name_typed_decomposed_signs_the_same_as_composed(key):
    decomposed = CERTIFICATE.model_copy(update={"learner_name": unicodedata.normalize("NFD", CERTIFICATE.learner_name)})
    assert canonical(decomposed) == canonical(CERTIFICATE)
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    assert keys.verify(decomposed, key.sign(CERTIFICATE))


def test_rotation_keeps_certificates_signed_by_the_old_key_valid(key, tmp_path):
    newer = SigningKey.generate("2027-1")
    keys = PublicKeys.from_document(PublicKeys.document([key, newer]))
    assert keys.verify(CERTIFICATE, key.sign(CERTIFICATE))
    later = CERTIFICATE.model_copy(update={"key_id": "2027-1"})
    assert keys.verify(later, newer.sign(later))
    reloaded = SigningKey.from_pem("2026-1", key.to_pem())
    assert keys.verify(CERTIFICATE, reloaded.sign(CERTIFICATE))


def test_a_key_only_signs_certificates_that_name_it(key):
    with pytest.raises(ValueError):
        key.sign(CERTIFICATE.model_copy(update={"key_id": "2027-1"}))


def test_the_published_document_is_a_json_web_key_set(key):
    [jwk] = PublicKeys.document([key])["keys"]
    assert set(jwk) == {"kty", "crv", "kid", "alg", "use", "x"}
    assert (jwk["kty"], jwk["crv"], jwk["kid"], jwk["alg"]) == ("OKP", "Ed25519", "2026-1", "EdDSA")
    assert len(jwk["x"]) == 43
