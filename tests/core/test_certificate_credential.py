"""Open Badges 3.0 credentials: the JSON a wallet expects, a JWT anyone can check, and nothing altered gets through."""

import base64
import json
import unicodedata
from datetime import UTC, datetime

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from functions.certificates.credential import CredentialError, credential, issue, verify
from functions.certificates.signing import PublicKeys, SigningKey
from tests.support.certificates import stated

SITE = "https://hocso.example.vn/"
CERTIFICATE = stated()
LATER = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def key():
    return SigningKey.generate("2026-1")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_the_credential_is_an_open_badge_with_contexts_types_and_ids():
    body = credential(CERTIFICATE, site_url=SITE)
    assert body["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert body["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert body["id"] == "https://hocso.example.vn/xac-minh/?so=HS-7K4M-Q9PX-R"
    assert body["issuer"] == {
        "id": SITE,
        "type": ["Profile"],
        "name": "Sở Khoa học và Công nghệ tỉnh Nghệ An",
        "url": SITE,
    }
    assert body["validFrom"] == "2026-11-23T00:00:00+07:00"
    assert body["name"] == "Chứng nhận hoàn thành khóa học “Tổng quan về chuyển đổi số”"
    assert body["credentialSchema"] == [
        {
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ]


def test_the_subject_names_the_learner_and_the_course_and_the_score():
    subject = credential(CERTIFICATE, site_url="https://hocso.example.vn")["credentialSubject"]
    assert subject["id"] == "https://hocso.example.vn/xac-minh/?so=HS-7K4M-Q9PX-R#nguoi-hoc"
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"] == [
        {"type": "IdentityObject", "identityHash": "Hoàng Thị Thùy Dương", "identityType": "name", "hashed": False}
    ]
    achievement = subject["achievement"]
    assert achievement["id"] == "https://hocso.example.vn/khoa-hoc/tong-quan-chuyen-doi-so/"
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Tổng quan về chuyển đổi số"
    assert achievement["criteria"] == {"narrative": "Hoàn thành các bài học và đạt bài kiểm tra cuối khóa"}
    assert achievement["resultDescription"][0]["resultType"] == "Percent"
    assert subject["result"] == [
        {"type": ["Result"], "resultDescription": f"{achievement['id']}#diem", "value": "87.5"}
    ]


def test_a_name_typed_decomposed_appears_composed():
    decomposed = CERTIFICATE.model_copy(update={"learner_name": unicodedata.normalize("NFD", CERTIFICATE.learner_name)})
    name = credential(decomposed, site_url=SITE)["credentialSubject"]["identifier"][0]["identityHash"]
    assert name == "Hoàng Thị Thùy Dương"
    assert unicodedata.is_normalized("NFC", name)


def test_a_whole_score_has_no_decimal_point():
    body = credential(CERTIFICATE.model_copy(update={"score_percent": 100.0}), site_url=SITE)
    assert body["credentialSubject"]["result"][0]["value"] == "100"


def test_an_issued_credential_verifies_back_to_the_same_credential(key):
    token = issue(CERTIFICATE, key, site_url=SITE)
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    assert verify(token, keys, now=LATER) == credential(CERTIFICATE, site_url=SITE)


def test_the_jwt_header_and_claims_follow_the_open_badges_binding(key):
    header, payload, _ = issue(CERTIFICATE, key, site_url=SITE).split(".")
    assert json.loads(_unb64(header)) == {"alg": "EdDSA", "kid": f"{SITE}xac-minh/keys/2026-1.json", "typ": "JWT"}
    claims = json.loads(_unb64(payload))
    assert claims["iss"] == SITE
    assert claims["jti"] == "https://hocso.example.vn/xac-minh/?so=HS-7K4M-Q9PX-R"
    assert claims["sub"] == "https://hocso.example.vn/xac-minh/?so=HS-7K4M-Q9PX-R#nguoi-hoc"
    assert claims["nbf"] == int(datetime(2026, 11, 22, 17, 0, tzinfo=UTC).timestamp())


def test_plain_cryptography_verifies_the_signature_without_pyjwt(key):
    token = issue(CERTIFICATE, key, site_url=SITE)
    [jwk] = PublicKeys.document([key])["keys"]
    public = Ed25519PublicKey.from_public_bytes(_unb64(jwk["x"]))
    header, payload, signature = token.split(".")
    public.verify(_unb64(signature), f"{header}.{payload}".encode("ascii"))  # raises InvalidSignature on failure
    assert json.loads(_unb64(payload))["credentialSubject"]["identifier"][0]["identityHash"] == "Hoàng Thị Thùy Dương"


def test_a_changed_payload_is_refused(key):
    header, payload, signature = issue(CERTIFICATE, key, site_url=SITE).split(".")
    claims = json.loads(_unb64(payload))
    claims["credentialSubject"]["result"][0]["value"] = "100"
    forged = ".".join([header, _b64(json.dumps(claims).encode()), signature])
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    with pytest.raises(CredentialError) as caught:
        verify(forged, keys, now=LATER)
    assert caught.value.code == "credential_bad_signature"


def test_a_changed_signature_is_refused(key):
    header, payload, signature = issue(CERTIFICATE, key, site_url=SITE).split(".")
    # The first character, not the last: the last one's low bits are padding and may not change the bytes.
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    with pytest.raises(CredentialError) as caught:
        verify(f"{header}.{payload}.{flipped}", keys, now=LATER)
    assert caught.value.code == "credential_bad_signature"


def test_a_credential_signed_by_another_key_with_the_same_id_is_refused(key):
    forger = SigningKey.generate("2026-1")
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    with pytest.raises(CredentialError) as caught:
        verify(issue(CERTIFICATE, forger, site_url=SITE), keys, now=LATER)
    assert caught.value.code == "credential_bad_signature"


def test_an_unknown_key_id_is_refused_with_its_own_code(key):
    stranger = SigningKey.generate("khong-co")
    token = issue(CERTIFICATE.model_copy(update={"key_id": "khong-co"}), stranger, site_url=SITE)
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    with pytest.raises(CredentialError) as caught:
        verify(token, keys, now=LATER)
    assert caught.value.code == "credential_unknown_key"
    assert caught.value.message == "Chứng nhận được ký bằng khóa không có trong danh sách khóa công bố."


def test_after_rotation_both_old_and_new_keys_verify(key):
    newer = SigningKey.generate("2027-1")
    keys = PublicKeys.from_document(PublicKeys.document([key, newer]))
    later = CERTIFICATE.model_copy(update={"key_id": "2027-1", "number": "HS-0000-0000-0"})
    assert verify(issue(CERTIFICATE, key, site_url=SITE), keys, now=LATER)["id"].endswith("HS-7K4M-Q9PX-R")
    assert verify(issue(later, newer, site_url=SITE), keys, now=LATER)["id"].endswith("HS-0000-0000-0")


def test_a_credential_is_not_valid_before_midnight_in_vietnam_on_its_date(key):
    token = issue(CERTIFICATE, key, site_url=SITE)
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    with pytest.raises(CredentialError) as caught:
        verify(token, keys, now=datetime(2026, 11, 22, 16, 59, tzinfo=UTC))
    assert caught.value.code == "credential_not_yet_valid"
    assert (
        verify(token, keys, now=datetime(2026, 11, 22, 17, 0, tzinfo=UTC))["validFrom"] == "2026-11-23T00:00:00+07:00"
    )


def test_signing_with_a_key_the_certificate_does_not_name_is_an_error(key):
    with pytest.raises(ValueError, match="certificate names key 2026-1, not 2027-1"):
        issue(CERTIFICATE, SigningKey.generate("2027-1"), site_url=SITE)


def test_text_that_is_not_a_jwt_is_refused_as_malformed(key):
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    with pytest.raises(CredentialError) as caught:
        verify("không-phải-jwt", keys, now=LATER)
    assert caught.value.code == "credential_malformed"


def test_a_signed_jwt_whose_claims_disagree_with_the_credential_is_refused(key):
    body = credential(CERTIFICATE, site_url=SITE)
    midnight = 1795366800  # 2026-11-23T00:00:00+07:00
    claims = {
        **body,
        "iss": "https://ke-gia-mao.example/",
        "jti": body["id"],
        "sub": body["credentialSubject"]["id"],
        "nbf": midnight,
    }
    token = jwt.encode(claims, key.private, algorithm="EdDSA", headers={"typ": "vc+jwt", "kid": "2026-1"})
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    with pytest.raises(CredentialError) as caught:
        verify(token, keys, now=LATER)
    assert caught.value.code == "credential_claims_mismatch"


def test_the_description_writes_the_score_with_a_vietnamese_decimal_comma():
    body = credential(CERTIFICATE, site_url=SITE)
    assert body["description"] == (
        "Hoàng Thị Thùy Dương (UBND xã Đông Sơn) đã hoàn thành khóa học “Tổng quan về chuyển đổi số”, "
        "điểm bài kiểm tra cuối khóa 87,5%. Số chứng nhận HS-7K4M-Q9PX-R."
    )
