"""Ed25519 signatures over a canonical form of a certificate, and the public keys published with the site.

The canonical form is RFC 8785 (the JSON Canonicalization Scheme: keys sorted by UTF-16 code units, no spaces, numbers
written as JavaScript writes them) over the fields with every string in Unicode NFC, so a name typed composed or
decomposed ("Nguyễn" either way) signs the same and the verification page rebuilds the exact bytes in the browser.
Keys are published as JSON Web Keys (`{"keys": [...]}`), the form browsers' WebCrypto and JWT libraries read; a new
key joins the set and old certificates keep verifying.
"""

from __future__ import annotations

import base64
import unicodedata
from dataclasses import dataclass
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from functions.certificates.record import Certificate


def _prepared(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        # A member that is null is not signed: fields unset on older certificates leave their bytes as they were.
        return {_prepared(key): _prepared(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_prepared(item) for item in value]
    return value


def canonical_json(value: object) -> bytes:
    """RFC 8785 bytes of a JSON value whose strings are put in NFC and whose null members are left out, at any depth.

    verify.js builds the same bytes in the browser; tests/vectors/canonical.json holds both sides to them."""
    return rfc8785.dumps(_prepared(value))


def canonical(certificate: Certificate) -> bytes:
    """The exact bytes that are signed."""
    return canonical_json(certificate.model_dump(mode="json"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class SigningKey:
    """A private key and its id."""

    key_id: str
    private: Ed25519PrivateKey

    @classmethod
    def generate(cls, key_id: str) -> SigningKey:
        return cls(key_id, Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, key_id: str, pem: bytes) -> SigningKey:
        private = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError(f"key {key_id} is not an Ed25519 key")
        return cls(key_id, private)

    def to_pem(self) -> bytes:
        return self.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def public_jwk(self) -> dict[str, str]:
        raw = self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "kid": self.key_id, "alg": "EdDSA", "use": "sig", "x": _b64(raw)}

    def sign(self, certificate: Certificate) -> str:
        """The signature of a certificate this key is named in, base64url without padding."""
        if certificate.key_id != self.key_id:
            raise ValueError(f"certificate names key {certificate.key_id}, not {self.key_id}")
        return _b64(self.private.sign(canonical(certificate)))


class PublicKeys:
    """The published key set: every key that ever signed, so rotation keeps old certificates valid."""

    def __init__(self, keys: dict[str, Ed25519PublicKey]) -> None:
        self.keys = keys

    @classmethod
    def from_document(cls, document: dict) -> PublicKeys:
        keys = {}
        for jwk in document.get("keys", []):
            if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
                keys[jwk["kid"]] = Ed25519PublicKey.from_public_bytes(_unb64(jwk["x"]))
        return cls(keys)

    @staticmethod
    def document(signing_keys: list[SigningKey]) -> dict:
        """The JSON document to publish for a list of keys."""
        return {"keys": [key.public_jwk() for key in signing_keys]}

    def verify(self, certificate: Certificate, signature: str) -> bool:
        """True only when a published key signed exactly these fields."""
        key = self.keys.get(certificate.key_id)
        if key is None:
            return False
        try:
            key.verify(_unb64(signature), canonical(certificate))
        except (InvalidSignature, ValueError):
            return False
        return True
