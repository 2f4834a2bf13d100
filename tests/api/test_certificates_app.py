"""The certificates function over HTTP (in process, real SQLite stores and PDFs): claim once on passing, verify by
number, download for owner and administrators only, revoke in scope."""

from datetime import UTC, date, datetime
from urllib.parse import quote

import pytest

from functions.accounts.account import Unit
from functions.api.certificates.app import create_app
from functions.api.deps.blobs import get_blobs
from functions.api.deps.core import get_banks, get_clock, get_settings_dep
from functions.api.deps.keys import get_keys
from functions.api.deps.tokens import get_token_secret
from functions.bank import BankShelf, write_bank
from functions.blobs import LocalBlobs
from functions.certificates import reading
from functions.certificates.keys import add_key
from functions.settings import settings_from
from tests.support.apps import SQLiteStores, app_client
from tests.support.attempts import sat
from tests.support.banks import make_bank
from tests.support.servers import run_together
from tests.support.world import PROVINCE, UNITS, VINH, XEN, bearer, issue

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)  # 23:30 in Vietnam: issued on the 23rd
SECRET = "k" * 48


@pytest.fixture
def client(tmp_path):
    bank = make_bank(pass_percent=50)
    write_bank(bank, tmp_path / "bank")
    settings = settings_from(
        {
            "HOCSO_DATA_DIR": str(tmp_path),
            "HOCSO_SITE_URL": "https://hoc.example.vn",
            "HOCSO_ISSUER": "Sở Khoa học và Công nghệ tỉnh Nghệ An",
        }
    )
    stores = SQLiteStores(tmp_path / "db")
    keys = add_key(tmp_path / "keys", date(2026, 11, 1))
    stores.accounts.put_units(UNITS)
    overrides = {
        **stores.overrides(),
        get_blobs: LocalBlobs(tmp_path / "blobs"),
        get_keys: keys,
        get_banks: BankShelf(tmp_path / "bank"),
        get_settings_dep: settings,
        get_clock: (lambda: NOW),
        get_token_secret: (lambda: SECRET),
    }
    attached = dict(
        attempts=stores.attempts,
        accounts=stores.accounts,
        certificates=stores.certificates,
        keys=keys,
        bank=bank,
        tally=stores.tally,
        audit=stores.audit,
    )
    with app_client(create_app(), overrides, **attached) as client:
        yield client
    stores.close()


def person(client, name: str, unit: Unit, role: str = "learner") -> tuple[str, dict]:
    account, _ = issue(client.accounts, name, unit, role, issued_on=date(2026, 11, 20))
    return account.learner_id, bearer(account, SECRET, NOW)


def sit(client, learner_id: str, correct: bool, attempt_id: str) -> None:
    """A submitted attempt, as the quiz function leaves it."""
    sat(client.attempts, client.bank, learner_id, correct=correct, attempt_id=attempt_id, at=NOW)


def test_a_pass_earns_one_signed_certificate_with_the_accounts_name_and_unit(client):
    learner, headers = person(client, "Hoàng Thị Thùy Dương", XEN)
    sit(client, learner, correct=False, attempt_id="a1")
    refused = client.post("/certificates/courses/mini", headers=headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "not_eligible")
    sit(client, learner, correct=True, attempt_id="a2")
    response = client.post("/certificates/courses/mini", headers=headers)
    assert response.status_code == 201
    body = response.json()
    certificate = body["certificate"]
    assert {
        k: certificate[k] for k in ("learner_name", "unit_name", "course_id", "issued_on", "score_percent", "issuer")
    } == {
        "learner_name": "Hoàng Thị Thùy Dương",
        "unit_name": "Xã Mường Xén",
        "course_id": "mini",
        "issued_on": "2026-11-23",
        "score_percent": 100.0,
        "issuer": "Sở Khoa học và Công nghệ tỉnh Nghệ An",
    }
    assert body["status"] == "valid" and client.keys.public().verify(
        client.certificates.certificate(certificate["number"]).certificate, body["signature"]
    )
    again = client.post("/certificates/courses/mini", headers=headers)
    assert again.status_code == 200 and again.json()["certificate"]["number"] == certificate["number"]


def test_a_certificate_records_the_round_of_its_province_it_was_issued_in(client):
    from functions.rounds import Round, with_round

    kept = with_round(
        client.accounts.rounds("40"),
        Round(code="2026", name="Đợt 2026", first=date(2026, 1, 5), last=date(2026, 12, 20)),
    )
    assert client.accounts.put_rounds("40", kept)
    learner, headers = person(client, "Hoàng Thị Thùy Dương", XEN)
    sit(client, learner, correct=True, attempt_id="a1")
    body = client.post("/certificates/courses/mini", headers=headers).json()
    assert body["certificate"]["round"] == "2026"
    kept_record = client.certificates.certificate(body["certificate"]["number"])
    assert kept_record.certificate.round == "2026"
    assert client.keys.public().verify(kept_record.certificate, body["signature"])
    verified = client.get(f"/certificates/{body['certificate']['number']}").json()
    assert verified["certificate"]["round"] == "2026"


def test_racing_claims_get_one_certificate(client):
    learner, headers = person(client, "Đặng Hữu Phước", XEN)
    sit(client, learner, correct=True, attempt_id="a1")
    responses = run_together(6, lambda n: client.post("/certificates/courses/mini", headers=headers))
    assert sorted(r.status_code for r in responses) == [200] * 5 + [201]
    assert len({r.json()["certificate"]["number"] for r in responses}) == 1


def test_guests_and_unknown_courses_get_no_certificate(client):
    guest = client.post("/certificates/courses/mini", headers={"X-Hocso-Learner": "guest-aaaaaaaaaaaaaaaa"})
    assert (guest.status_code, guest.json()["error"]["code"]) == (401, "account_required")
    _, headers = person(client, "Đặng Hữu Phước", XEN)
    assert client.post("/certificates/courses/khong-co", headers=headers).json()["error"]["code"] == "course_not_found"


def test_anyone_verifies_a_number_typed_loosely_and_a_forged_one_is_unknown(client):
    learner, headers = person(client, "Nguyễn Thị Ánh Tuyết", XEN)
    sit(client, learner, correct=True, attempt_id="a1")
    number = client.post("/certificates/courses/mini", headers=headers).json()["certificate"]["number"]
    typed = number.lower().replace("-", " ").replace("0", "o")
    public = client.get(f"/certificates/{typed}")
    assert public.status_code == 200 and public.json()["certificate"]["learner_name"] == "Nguyễn Thị Ánh Tuyết"
    body, check = number[:-1], number[-1]
    forged = body + ("0" if check != "0" else "1")
    assert client.get(f"/certificates/{forged}").json()["error"]["code"] == "certificate_not_found"
    assert client.get("/certificates/HS-7K4M-Q9PX-R").status_code in (404,)


def test_the_pdf_goes_to_its_owner_and_their_administrators_only(client):
    learner, headers = person(client, "Đặng Hữu Phước", XEN)
    sit(client, learner, correct=True, attempt_id="a1")
    number = client.post("/certificates/courses/mini", headers=headers).json()["certificate"]["number"]
    own = client.get(f"/certificates/{number}/pdf", headers=headers)
    assert own.status_code == 200 and own.headers["content-type"] == "application/pdf"
    verdict = reading.verify_pdf(own.content, client.keys.public())
    assert verdict.valid and verdict.certificate.learner_name == "Đặng Hữu Phước"
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, vinh_admin = person(client, "Phạm Thị Phường", VINH, role="admin")
    _, classmate = person(client, "Hoàng Thị Thùy Dương", XEN)
    assert client.get(f"/certificates/{number}/pdf", headers=xen_admin).status_code == 200
    assert client.get(f"/certificates/{number}/pdf", headers=province_admin).status_code == 200
    for stranger in (vinh_admin, classmate):
        assert (
            client.get(f"/certificates/{number}/pdf", headers=stranger).json()["error"]["code"]
            == "certificate_not_found"
        )
    assert client.get(f"/certificates/{number}/pdf").status_code == 401


def test_an_administrator_revokes_no_certificate_of_a_colleague_or_a_superior(client):
    numbers = {}
    for name, unit in (("Lò Thị Đồng Nghiệp", XEN), ("Trần Văn Tỉnh", PROVINCE)):
        holder, headers = person(client, name, unit, role="admin")  # administrators may sit the test too
        sit(client, holder, correct=True, attempt_id=f"a-{unit.code}")
        numbers[unit.code] = client.post("/certificates/courses/mini", headers=headers).json()["certificate"]["number"]
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    for code, refused in (("16813", "admin_not_below"), ("40", "outside_scope")):
        answer = client.post(f"/certificates/{numbers[code]}/revoke", headers=xen_admin, json={"reason": "Thu hồi thử"})
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, refused)
        assert client.get(f"/certificates/{numbers[code]}").json()["status"] == "valid"
    assert client.audit.entries(PROVINCE.path) == []


def test_an_administrator_revokes_in_scope_and_the_verification_says_so(client):
    learner, headers = person(client, "Đặng Hữu Phước", XEN)
    sit(client, learner, correct=True, attempt_id="a1")
    number = client.post("/certificates/courses/mini", headers=headers).json()["certificate"]["number"]
    _, vinh_admin = person(client, "Phạm Thị Phường", VINH, role="admin")
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    outside = client.post(f"/certificates/{number}/revoke", headers=vinh_admin, json={"reason": "Nhờ người làm hộ"})
    assert (outside.status_code, outside.json()["error"]["code"]) == (
        403,
        "outside_scope",
    )  # anyone may verify the number
    assert (
        client.post(f"/certificates/{number}/revoke", headers=headers, json={"reason": "Tự thu hồi"}).json()["error"][
            "code"
        ]
        == "admin_required"
    )
    revoked = client.post(f"/certificates/{number}/revoke", headers=xen_admin, json={"reason": "Nhờ người làm hộ"})
    assert revoked.status_code == 200
    public = client.get(f"/certificates/{number}").json()
    assert (public["status"], public["revoked_reason"]) == ("revoked", "Nhờ người làm hộ")
    assert [e.action for e in client.audit.entries(XEN.path)] == ["certificate.revoke"]
    assert sum(c.n for c in client.tally.counts(XEN.path) if c.flag == "certified") == 0  # no longer counted
    assert (
        client.get(f"/certificates/{number}/credential", headers=headers).json()["error"]["code"]
        == "certificate_revoked"
    )
    for who in (headers, xen_admin):  # the PDF is no longer served as a valid paper, to anyone
        refused = client.get(f"/certificates/{number}/pdf", headers=who)
        assert (refused.status_code, refused.json()["error"]["code"]) == (409, "certificate_revoked")


def test_each_certificate_takes_its_place_in_the_status_list_and_a_revocation_sets_it(client):
    from functions.certificates import status

    numbers = []
    for name, attempt in (("Đặng Hữu Phước", "a1"), ("Lò Thị Sen", "a2")):
        learner, headers = person(client, name, XEN)
        sit(client, learner, correct=True, attempt_id=attempt)
        claimed = client.post("/certificates/courses/mini", headers=headers).json()["certificate"]
        assert client.post("/certificates/courses/mini", headers=headers).status_code == 200  # a repeat takes no place
        numbers.append(claimed["number"])
        assert (claimed["site_url"], claimed["status_index"]) == ("https://hoc.example.vn/", len(numbers) - 1)
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    client.post(f"/certificates/{numbers[1]}/revoke", headers=xen_admin, json={"reason": "Nhờ người làm hộ"})
    served = client.get("/certificates/status/0")
    assert (
        served.headers["content-type"] == "application/vc+jwt"
        and served.headers["cache-control"] == "public, max-age=60"
    )
    bits = status.read_list(
        served.text,
        client.keys.public(),
        url="https://hoc.example.vn/api/certificates/status/0",
        issuer_id="https://hoc.example.vn/",
        now=NOW,
    )
    assert (status.is_set(bits, 0), status.is_set(bits, 1)) == (False, True)
    assert client.get("/certificates/status/-1").status_code == 422


def test_the_credential_is_an_open_badge_signed_with_the_same_key(client):
    from functions.certificates import credential

    learner, headers = person(client, "Đặng Hữu Phước", XEN)
    sit(client, learner, correct=True, attempt_id="a1")
    number = client.post("/certificates/courses/mini", headers=headers).json()["certificate"]["number"]
    response = client.get(f"/certificates/{number}/credential", headers=headers)
    assert response.headers["content-type"].startswith("application/vc+jwt")
    badge = credential.verify(response.text, client.keys.public(), now=NOW)
    assert "OpenBadgeCredential" in badge["type"]
    # The check character may be `*`, `~`, `$` or `=`: the address carries it percent-encoded.
    assert badge["id"] == f"https://hoc.example.vn/xac-minh/?so={quote(number, safe='-')}"


def test_passing_and_certification_are_counted_once_for_the_reports(client):
    learner, headers = person(client, "Đặng Hữu Phước", XEN)
    sit(client, learner, correct=True, attempt_id="a1")
    for _ in range(3):
        client.post("/certificates/courses/mini", headers=headers)
    counted = {(c.unit_code, c.course_id, c.flag, c.day.isoformat(), c.n) for c in client.tally.counts(PROVINCE.path)}
    assert counted == {("16813", "mini", "passed", "2026-11-23", 1), ("16813", "mini", "certified", "2026-11-23", 1)}


def test_passing_twice_still_gives_one_certificate(client):
    learner, headers = person(client, "Nguyễn Thị Ánh Tuyết", XEN)
    sit(client, learner, correct=True, attempt_id="a1")
    first = client.post("/certificates/courses/mini", headers=headers).json()["certificate"]["number"]
    sit(client, learner, correct=True, attempt_id="a2")
    again = client.post("/certificates/courses/mini", headers=headers)
    assert again.status_code == 200 and again.json()["certificate"]["number"] == first
    assert [record.number for record in client.certificates.of_learner(learner)] == [first]


def last_years_certificate(client, learner: str, round: str | None = "2025"):
    """The learner's certificate of round 2025 (or of no round, as issued before certificates signed theirs), from a
    pass on 20 November 2025, as the certificates function issued it then."""
    import random

    from functions.certificates import issuance

    then = datetime(2025, 11, 20, 3, 0, tzinfo=UTC)
    attempt = sat(client.attempts, client.bank, learner, correct=True, attempt_id="a2025", at=then)
    record, created = issuance.certify(
        client.certificates,
        key=client.keys.current,
        issuer="Sở Khoa học và Công nghệ tỉnh Nghệ An",
        learner_id=learner,
        learner_name="Hoàng Thị Thùy Dương",
        unit_code=XEN.code,
        unit_name=XEN.name,
        unit_path=XEN.path,
        bank=client.bank,
        attempt=attempt,
        now=then,
        rng=random.Random(1),
        site_url="https://hoc.example.vn",
        round=round,
    )
    assert created
    return record


def test_a_learner_certified_last_round_is_certified_again_this_round_and_keeps_both(client):
    learner, headers = person(client, "Hoàng Thị Thùy Dương", XEN)
    last_year = last_years_certificate(client, learner)
    # Last round's pass earns nothing this round: the test must be passed again.
    refused = client.post("/certificates/courses/mini", headers=headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "not_eligible")
    sit(client, learner, correct=True, attempt_id="a2026")
    issued = client.post("/certificates/courses/mini", headers=headers)
    assert issued.status_code == 201
    this_year = issued.json()["certificate"]
    assert this_year["round"] == "2026" and this_year["number"] != last_year.number
    again = client.post("/certificates/courses/mini", headers=headers)
    assert again.status_code == 200 and again.json()["certificate"]["number"] == this_year["number"]
    mine = client.get("/certificates/mine", headers=headers).json()
    assert [(c["certificate"]["round"], c["certificate"]["number"]) for c in mine] == [
        ("2025", last_year.number),
        ("2026", this_year["number"]),
    ]
    verified = client.get(f"/certificates/{last_year.number}")
    assert verified.status_code == 200 and verified.json()["certificate"]["round"] == "2025"
    assert verified.json()["revoked_at"] is None


def test_a_certificate_of_no_round_counts_in_the_round_of_its_day(client):
    learner, headers = person(client, "Hoàng Thị Thùy Dương", XEN)
    before_rounds = last_years_certificate(client, learner, round=None)
    # Issued on 20 November 2025, before certificates signed their round: of round 2025, so round 2026 issues anew.
    sit(client, learner, correct=True, attempt_id="a2026")
    issued = client.post("/certificates/courses/mini", headers=headers)
    assert issued.status_code == 201 and issued.json()["certificate"]["number"] != before_rounds.number
    assert len(client.certificates.of_learner(learner)) == 2
