"""Issue 13 §8, performed against `make run`'s stack over HTTP: a revoked certificate must be revoked in every copy
(the owner's PDF download, the Open Badges credential already in a wallet, the PDF already on a disk), and a PDF with
another name drawn over the page must fail verification.

The stack is `make run` on a free port with its own data folder, started here rather than by the shared `server`
fixture because the last test stops it, to show what a verifier says when the issuer cannot be reached.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime

import pytest
from openbadgeslib.ob3.status import decode_encoded_list
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from functions.certificates.keys import KeyRing, load_dir
from tests.support.certificates import drawn_over
from tests.support.paths import ROOT
from tests.support.servers import free_port

PASSWORD = "hocso-demo-2026"
UNCHECKED = "chưa kiểm tra được trạng thái thu hồi"


class Stack:
    """`make run` in its own process group: its address, data folder and what it printed."""

    def __init__(self, data) -> None:
        self.data, self.port = data, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = (data / "make-run.log").open("w")
        self.process = subprocess.Popen(
            ["make", "run", f"PORT={self.port}", f"HOCSO_DATA_DIR={data}", f"SITE_DIR={data}/site"],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            start_new_session=True,
        )
        deadline = time.monotonic() + 300
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make run did not serve:\n" + self.printed())
            time.sleep(0.5)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "api/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def printed(self) -> str:
        return (self.data / "make-run.log").read_text()

    def login(self, label: str) -> str:
        return re.search(rf"{label}:\s+(\S+)", self.printed()).group(1)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        self.log.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = Stack(tmp_path_factory.mktemp("revoke"))
    yield running
    running.stop()


def call(
    stack: Stack, method: str, path: str, body: dict | None = None, token: str | None = None
) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(
        f"{stack.url}api{path}",
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def sign_in(stack: Stack, label: str) -> str:
    code, body, _ = call(stack, "POST", "/accounts/signin", {"username": stack.login(label), "password": PASSWORD})
    assert code == 200, body
    return json.loads(body)["token"]


def verify_file(stack: Stack, path, *extra: str) -> subprocess.CompletedProcess:
    """The real command line, as an administrator or an employer runs it."""
    return subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "hocso"),
            "verify-certificate",
            str(path),
            "--keys",
            str(stack.data / "keys" / "keys.json"),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=stack.data,
    )


def get(url: str) -> bytes:
    """A public address as a wallet or verifier fetches it."""
    with urllib.request.urlopen(url, timeout=20) as response:
        assert response.status == 200
        return response.read()


def part(token: str | bytes, index: int) -> dict:
    text = token.decode() if isinstance(token, bytes) else token
    return json.loads(base64.urlsafe_b64decode(text.split(".")[index] + "=="))


def bit_of(credential: dict) -> bool:
    """Reads the published list with openbadgeslib's decoder (not ours): is the credential's bit set?"""
    entry = credential["credentialStatus"]
    with urllib.request.urlopen(entry["statusListCredential"], timeout=20) as response:
        assert response.headers["content-type"] == "application/vc+jwt"
        token = response.read()
    claims = part(token, 1)
    bitstring = decode_encoded_list(claims["credentialSubject"]["encodedList"])
    index = int(entry["statusListIndex"])
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


@pytest.fixture(scope="module")
def held(stack, tmp_path_factory):
    """The demo certificate as its owner holds it before the revocation: the PDF and the credential, saved."""
    folder = tmp_path_factory.mktemp("held")
    number = urllib.parse.unquote(re.search(r"Giấy chứng nhận mẫu:\s+\S+\?so=(\S+)", stack.printed()).group(1))
    owner = sign_in(stack, "Học viên có giấy chứng nhận")
    code, pdf, _ = call(stack, "GET", f"/certificates/{urllib.parse.quote(number)}/pdf", token=owner)
    assert code == 200 and pdf.startswith(b"%PDF")
    code, token, _ = call(stack, "GET", f"/certificates/{urllib.parse.quote(number)}/credential", token=owner)
    assert code == 200
    (folder / "giay.pdf").write_bytes(pdf)
    (folder / "chung-nhan.jwt").write_bytes(token)
    return {
        "number": number,
        "owner": owner,
        "pdf": folder / "giay.pdf",
        "jwt": folder / "chung-nhan.jwt",
        "folder": folder,
    }


def test_before_revocation_both_copies_verify_online_as_standing(stack, held):
    for copy in (held["pdf"], held["jwt"]):
        checked = verify_file(stack, copy)
        assert checked.returncode == 0 and checked.stdout.startswith("HỢP LỆ"), checked.stdout + checked.stderr
        assert "Trạng thái: chưa bị thu hồi (theo danh sách thu hồi đã ký tại " in checked.stdout
    ring: KeyRing = load_dir(stack.data / "keys")
    oracle = OB3Verifier(pubkey_pem=ring.current.private.public_key())
    badge = oracle.verify(held["jwt"].read_text(), check_status=True, verify_status_list=True, download=get)
    assert badge.issuer.id == stack.url
    kid = part(held["jwt"].read_text(), 0)["kid"]
    assert kid.startswith(stack.url) and json.loads(get(kid)) == ring.current.public_jwk()  # the kid serves the JWK


def test_after_revocation_no_copy_passes_as_valid(stack, held):
    credential = part(held["jwt"].read_text(), 1)
    assert not bit_of(credential)
    admin = sign_in(stack, "Quản trị Xã Mường Xén")
    number = urllib.parse.quote(held["number"])
    code, body, _ = call(
        stack, "POST", f"/certificates/{number}/revoke", {"reason": "Nhờ người khác làm bài hộ"}, admin
    )
    assert code == 200, body

    for who in (held["owner"], admin):  # neither the owner nor an administrator gets it as a valid paper
        code, body, _ = call(stack, "GET", f"/certificates/{number}/pdf", token=who)
        assert (code, json.loads(body)["error"]["code"]) == (409, "certificate_revoked")
    assert bit_of(credential)  # the published list says so at once, no rebuild
    code, body, _ = call(stack, "GET", f"/certificates/{number}")
    assert json.loads(body)["status"] == "revoked"  # what the verification page shows

    for copy in (held["pdf"], held["jwt"]):
        checked = verify_file(stack, copy)
        assert checked.returncode == 4 and checked.stdout.startswith("ĐÃ THU HỒI"), checked.stdout + checked.stderr
    ring: KeyRing = load_dir(stack.data / "keys")
    with pytest.raises(OB3VerificationError, match="revocation"):
        OB3Verifier(pubkey_pem=ring.current.private.public_key()).verify(
            held["jwt"].read_text(), check_status=True, verify_status_list=True, download=get
        )


def test_a_name_drawn_over_the_page_fails_verification(stack, held):
    forged = held["folder"] / "gia.pdf"
    forged.write_bytes(drawn_over(held["pdf"].read_bytes(), "Trần Văn Giả"))
    checked = verify_file(stack, forged)
    assert checked.returncode == 1 and checked.stdout.startswith("KHÔNG HỢP LỆ: Trang giấy chứng nhận khác"), (
        checked.stdout
    )


def test_with_the_issuer_unreachable_the_answer_says_revocation_was_not_checked(stack, held):
    stack.stop()
    started = datetime.now(UTC)
    for copy in (held["pdf"], held["jwt"]):
        checked = verify_file(stack, copy)
        assert checked.returncode == 3, checked.stdout + checked.stderr
        assert (
            f"CHÚ Ý: {UNCHECKED}: không tải được danh sách thu hồi {stack.url}api/certificates/status/0"
            in checked.stdout
        )
    assert (datetime.now(UTC) - started).total_seconds() < 30
