"""The published key set and the canonical form work where the verification page will use them: WebCrypto; and the
page's own canonical form gives the shared vectors' exact text, the one the Python side signs."""

import json

import pytest

from functions.certificates.signing import PublicKeys, SigningKey, canonical
from tests.support.certificates import SIGNED_BEFORE, stated
from tests.support.paths import VECTORS

CERTIFICATE = stated(score_percent=90.0)

pytestmark = pytest.mark.browser

VERIFY = """async ([jwk, data, signature]) => {
  const bytes = (b64) => Uint8Array.from(
    atob(b64.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - b64.length % 4) % 4)),
    c => c.charCodeAt(0),
  );
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


def test_the_verification_page_writes_each_shared_vector_exactly(page, server):
    # tests/core/test_certificate_signing.py holds the Python side (what is signed) to the same file. The file's text
    # goes in whole and JSON.parse reads it, as the page reads a record: -0, a key named __proto__ and controls survive.
    vectors = (VECTORS / "canonical.json").read_text(encoding="utf-8")
    page.goto(f"{server}xac-minh/")
    page.wait_for_function("() => window.hocsoVerify")
    script = "text => JSON.stringify(JSON.parse(text).vectors.map(v => [v.why, window.hocsoVerify.canonical(v.value)]))"
    written = json.loads(page.evaluate(script, vectors))
    assert written == [[vector["why"], vector["canonical"]] for vector in json.loads(vectors)["vectors"]]


def test_the_verification_page_verifies_certificates_signed_before_the_canonical_form_followed_rfc8785(page, server):
    [jwk] = SIGNED_BEFORE["keys"]["keys"]
    page.goto(f"{server}xac-minh/")
    page.wait_for_function("() => window.hocsoVerify")
    for signed in SIGNED_BEFORE["certificates"]:
        data = page.evaluate("certificate => window.hocsoVerify.canonical(certificate)", signed["certificate"])
        assert data == signed["canonical"]
        assert page.evaluate(VERIFY, [jwk, data, signed["signature"]]) is True, signed["certificate"]["number"]
