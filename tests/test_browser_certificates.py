"""The published key set and the canonical form work where the verification page will use them: WebCrypto."""

import pytest

from functions.certificates.signing import PublicKeys, SigningKey, canonical
from tests.test_certificate_signing import CERTIFICATE

pytestmark = pytest.mark.browser

VERIFY = """async ([jwk, data, signature]) => {
  const bytes = (b64) => Uint8Array.from(atob(b64.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - b64.length % 4) % 4)), c => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("jwk", jwk, {name: "Ed25519"}, false, ["verify"]);
  return crypto.subtle.verify({name: "Ed25519"}, key, bytes(signature), new TextEncoder().encode(data));
}"""


def test_a_browser_verifies_a_signature_with_the_published_key(page, server):
    key = SigningKey.generate("2026-1")
    [jwk] = PublicKeys.document([key])["keys"]
    signature = key.sign(CERTIFICATE)
    page.goto(server)
    data = canonical(CERTIFICATE).decode()
    assert page.evaluate(VERIFY, [jwk, data, signature]) is True
    tampered = canonical(CERTIFICATE.model_copy(update={"score_percent": 100.0})).decode()
    assert page.evaluate(VERIFY, [jwk, tampered, signature]) is False
