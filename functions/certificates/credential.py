"""A certificate as an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credential 2.0), signed as a JWT.

The credential is the JWT payload itself (VC-JOSE-COSE), with the claims Open Badges 3.0 §8.2 requires beside it:
`iss` = issuer.id, `jti` = id, `sub` = credentialSubject.id, `nbf` = validFrom. It is signed with the same Ed25519 keys
as the printed certificate, so wallets and badge validators can check it with the published JWK set and no call to us:
the header's `kid` is the address of the key's own JWK on the site (`/xac-minh/keys/<id>.json`). A certificate with a
place in the revocation list carries `credentialStatus` (a BitstringStatusListEntry, see `status`), so a revocation
reaches credentials already handed out.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, time
from urllib.parse import quote

import jwt

from functions import VIETNAM
from functions.certificates import status
from functions.certificates.keys import key_id_of, key_url
from functions.certificates.record import Certificate
from functions.certificates.signing import PublicKeys, SigningKey

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
# Open Badges 3.0 §8.2 says `typ`, if present, must be "JWT", and wallets for badges check it; VC-JOSE-COSE's
# `vc+jwt` is accepted on reading, so credentials from either convention verify.
TYP = "JWT"
ACCEPTED_TYPS = {"vc+jwt", "JWT"}
ALGORITHM = "EdDSA"
CRITERIA = "Hoàn thành các bài học và đạt bài kiểm tra cuối khóa"
JWT_CLAIMS = ("iss", "jti", "sub", "nbf")

MESSAGES: dict[str, str] = {
    "credential_malformed": "Chuỗi chứng nhận không đúng định dạng JWT của Open Badges.",
    "credential_unknown_key": "Chứng nhận được ký bằng khóa không có trong danh sách khóa công bố.",
    "credential_bad_signature": "Chữ ký không khớp: chứng nhận đã bị sửa hoặc không do đơn vị cấp ký.",
    "credential_claims_mismatch": "Thông tin của JWT không khớp với nội dung chứng nhận.",
    "credential_not_yet_valid": "Chứng nhận chưa đến ngày có hiệu lực.",
}


class CredentialError(ValueError):
    """A credential that must not be trusted; `code` is stable, `message` is the Vietnamese explanation."""

    def __init__(self, code: str) -> None:
        super().__init__(f"{MESSAGES[code]} [{code}]")
        self.code = code
        self.message = MESSAGES[code]


def _nfc(text: str) -> str:
    # Same rule as the signed certificate: a name typed decomposed must read and compare the same.
    return unicodedata.normalize("NFC", text)


def _base(site_url: str) -> str:
    return site_url.rstrip("/") + "/"


def verification_url(number: str, *, site_url: str) -> str:
    """The public page that checks a certificate number, and the credential's `id`."""
    return f"{_base(site_url)}xac-minh/?so={quote(number, safe='-')}"


def valid_from(certificate: Certificate) -> datetime:
    """Midnight in Vietnam on the day the certificate was issued."""
    return datetime.combine(certificate.issued_on, time(0, 0), tzinfo=VIETNAM)


def credential(certificate: Certificate, *, site_url: str) -> dict:
    """The unsigned OpenBadgeCredential for a certificate; `site_url` is the published site's root."""
    site_url = certificate.site_url or site_url  # the signed address, when the certificate has one
    base = _base(site_url)
    course_title = _nfc(certificate.course_title)
    learner = _nfc(certificate.learner_name)
    score = format(round(certificate.score_percent, 1), "g")  # "90", "87.5": Result.value is data, not prose
    credential_id = verification_url(certificate.number, site_url=site_url)
    achievement_id = f"{base}khoa-hoc/{certificate.course_id}/"
    issued = valid_from(certificate).isoformat()
    body = {
        "@context": list(CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Chứng nhận hoàn thành khóa học “{course_title}”",
        "description": f"{learner} ({_nfc(certificate.unit_name)}) đã hoàn thành khóa học “{course_title}”, "
        f"điểm bài kiểm tra cuối khóa {score.replace('.', ',')}%. Số chứng nhận {certificate.number}.",
        "issuer": {"id": base, "type": ["Profile"], "name": _nfc(certificate.issuer), "url": base},
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": {
            # Open Badges 3.0 JWTs need `sub` = credentialSubject.id; learners have no DID, so the subject is named
            # by a fragment of the verification page ("the person this certificate was awarded to").
            "id": f"{credential_id}#nguoi-hoc",
            "type": ["AchievementSubject"],
            # AchievementSubject has no `name`; the spec's way to state one is an IdentityObject of type "name".
            "identifier": [
                {"type": "IdentityObject", "identityHash": learner, "identityType": "name", "hashed": False}
            ],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": course_title,
                "description": f"Khóa học trực tuyến “{course_title}”.",
                "criteria": {"narrative": CRITERIA},
                "inLanguage": "vi",
                "resultDescription": [
                    {
                        "id": f"{achievement_id}#diem",
                        "type": ["ResultDescription"],
                        "name": "Điểm bài kiểm tra cuối khóa",
                        "resultType": "Percent",
                        "valueMin": "0",
                        "valueMax": "100",
                    }
                ],
            },
            "result": [{"type": ["Result"], "resultDescription": f"{achievement_id}#diem", "value": score}],
        },
        "credentialSchema": [dict(SCHEMA)],
    }
    if certificate.status_index is not None:
        body["credentialStatus"] = status.entry(site_url, certificate.status_index)
    return body


def issue(certificate: Certificate, key: SigningKey, *, site_url: str) -> str:
    """The credential as a compact JWS (JWT-VC) signed with EdDSA by the key the certificate names."""
    if certificate.key_id != key.key_id:
        raise ValueError(f"certificate names key {certificate.key_id}, not {key.key_id}")
    body = credential(certificate, site_url=site_url)
    claims = {
        **body,
        "iss": body["issuer"]["id"],
        "jti": body["id"],
        "sub": body["credentialSubject"]["id"],
        "nbf": int(valid_from(certificate).timestamp()),
    }
    return jwt.encode(
        claims, key.private, algorithm=ALGORITHM, headers={"typ": TYP, "kid": key_url(body["issuer"]["id"], key.key_id)}
    )


def _issuer_id(issuer: object) -> object:
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _check_claims(claims: dict, now: datetime) -> None:
    """Open Badges 3.0 §8.2.4: each JWT claim must restate the credential, and validFrom must have passed."""
    subject = claims.get("credentialSubject")
    try:
        starts = datetime.fromisoformat(claims["validFrom"])
    except (KeyError, TypeError, ValueError):
        raise CredentialError("credential_malformed") from None
    if starts.tzinfo is None or not isinstance(subject, dict):
        raise CredentialError("credential_malformed")
    if (
        claims["iss"] != _issuer_id(claims.get("issuer"))
        or claims["jti"] != claims.get("id")
        or claims["sub"] != subject.get("id")
        or claims["nbf"] != int(starts.timestamp())
    ):
        raise CredentialError("credential_claims_mismatch")
    if now < starts:
        raise CredentialError("credential_not_yet_valid")


def verify(token: str, keys: PublicKeys, *, now: datetime | None = None) -> dict:
    """The credential inside a JWT-VC, once its signature, key and claims check out; else `CredentialError`."""
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.DecodeError:
        raise CredentialError("credential_malformed") from None
    if (
        header.get("alg") != ALGORITHM
        or header.get("typ", "JWT") not in ACCEPTED_TYPS
        or not isinstance(unverified.get("iss"), str)
    ):
        raise CredentialError("credential_malformed")
    # The kid must be the issuer's own key address (checked against `iss`, which must restate the signed issuer).
    key_id = key_id_of(header.get("kid"), unverified["iss"])
    public = keys.keys.get(key_id) if key_id is not None else None
    if public is None:
        raise CredentialError("credential_unknown_key")
    try:
        # nbf is checked against validFrom below, with an injectable clock, so PyJWT's own check is off.
        claims = jwt.decode(
            token, public, algorithms=[ALGORITHM], options={"require": list(JWT_CLAIMS), "verify_nbf": False}
        )
    except jwt.InvalidSignatureError:
        raise CredentialError("credential_bad_signature") from None
    except jwt.InvalidTokenError:
        raise CredentialError("credential_malformed") from None
    _check_claims(claims, now or datetime.now(UTC))
    return {name: value for name, value in claims.items() if name not in JWT_CLAIMS}
