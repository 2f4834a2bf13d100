"""Certificate signatures: any change to any field, or to the signature, is detected; rotation keeps old ones valid."""

import json
import unicodedata
from datetime import date

import pytest
import rfc8785

from functions.certificates.record import Certificate
from functions.certificates.signing import PublicKeys, SigningKey, canonical, canonical_json
from tests.support.certificates import SIGNED_BEFORE, stated
from tests.support.paths import VECTORS

CANONICAL_VECTORS = json.loads((VECTORS / "canonical.json").read_text(encoding="utf-8"))["vectors"]

CERTIFICATE = stated(score_percent=90.0)


@pytest.fixture(scope="module")
def key():
    return SigningKey.generate("2026-1")


def test_a_signed_certificate_verifies_against_the_published_keys(key):
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    assert keys.verify(CERTIFICATE, key.sign(CERTIFICATE))


@pytest.mark.parametrize(
    "field, value",
    [
        ("number", "HS-7K4M-Q9PX-S"),
        ("learner_name", "Hoàng Thị Thủy Dương"),
        ("unit_name", "UBND xã Đông Sơn 2"),
        ("course_id", "khac"),
        ("course_title", "Khác"),
        ("issued_on", date(2026, 11, 24)),
        ("score_percent", 100.0),
    ],
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


def canonical_until_rfc8785(fields: dict) -> bytes:
    """The form certificates were signed in before the rfc8785 package wrote it, kept here to compare against."""

    def value(item: object) -> object:
        if isinstance(item, str):
            return unicodedata.normalize("NFC", item)
        return int(item) if isinstance(item, float) and item.is_integer() else item

    normal = {key: value(item) for key, item in fields.items() if item is not None}
    return json.dumps(normal, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@pytest.mark.parametrize("vector", CANONICAL_VECTORS, ids=[vector["why"] for vector in CANONICAL_VECTORS])
def test_the_canonical_form_gives_each_shared_vector_its_exact_text(vector):
    # tests/browser/test_browser_certificates.py runs verify.js's canonical form on the same file.
    assert canonical_json(vector["value"]).decode() == vector["canonical"]
    if vector.get("plain_rfc8785"):
        assert rfc8785.dumps(vector["value"]).decode() == vector["canonical"]
    # "before" marks exactly the vectors on which the old form differed: large and small numbers, emoji-range keys,
    # NFC keys, nested values; the certificates' own vectors carry none.
    assert canonical_until_rfc8785(vector["value"]).decode() == vector.get("before", vector["canonical"])


@pytest.mark.parametrize("signed", SIGNED_BEFORE["certificates"], ids=lambda signed: signed["certificate"]["number"])
def test_a_certificate_signed_before_the_canonical_form_followed_rfc8785_still_verifies(signed):
    keys = PublicKeys.from_document(SIGNED_BEFORE["keys"])
    certificate = Certificate.model_validate(signed["certificate"])
    assert canonical(certificate).decode() == signed["canonical"]
    assert keys.verify(certificate, signed["signature"])


def test_every_value_a_certificate_can_hold_is_written_as_it_was_before_rfc8785():
    """Why no certificate's bytes changed: its keys are ASCII field names (a code-point sort and a UTF-16 sort agree on
    them), its score is 0 to 100 with one decimal (grading rounds it; no exponent either way), its status bit an int
    below 2^53, and both forms escape strings alike (short escapes, other controls as \\u00xx, the rest as it is)."""
    names = [
        "Hoàng Thị Thùy Dương",
        unicodedata.normalize("NFD", "Nguyễn Văn Đức"),
        'Lê "Bé" \\ Ánh\tTuyết 😀',
        "\u0000\u001f\u007f\u2028 ﬁ \ue000",
        "",
    ]
    for tenths in range(1001):
        for name in names:
            certificate = CERTIFICATE.model_copy(
                update={
                    "score_percent": round(tenths / 10, 1),
                    "learner_name": name,
                    "unit_name": name[::-1],
                    "site_url": "https://hoc.example.gov.vn/" if tenths % 2 else None,
                    "status_index": tenths * 7919 if tenths % 3 else None,
                }
            )
            assert canonical(certificate) == canonical_until_rfc8785(certificate.model_dump(mode="json"))


def test_the_round_is_signed_and_a_certificate_without_one_keeps_its_signed_form(key):
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    in_round = stated(score_percent=90.0, round="2026")
    signature = key.sign(in_round)
    assert keys.verify(in_round, signature)
    assert not keys.verify(in_round.model_copy(update={"round": "2025"}), signature)
    assert not keys.verify(CERTIFICATE, signature)  # dropping the round is a change too
    # A certificate issued before rounds were recorded: its canonical form has no "round" key, so its signature holds.
    assert b'"round"' not in canonical(CERTIFICATE) and b'"round":"2026"' in canonical(in_round)
    assert keys.verify(CERTIFICATE, key.sign(CERTIFICATE))
