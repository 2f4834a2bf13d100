"""The certificate store contract, run against SQLite and DynamoDB: one certificate per learner, course and round."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from functions.certificates.issuance import issue_once
from functions.certificates.numbers import new_number
from functions.certificates.record import Certificate, IssuedCertificate, NumberTaken
from functions.certificates.signing import SigningKey
from tests.support.servers import run_together

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
KEY = SigningKey.generate("2026-11-23-1")


def record(
    learner: str, course: str = "cds", number: str | None = None, path: str = "40/16813/", round: str | None = None
) -> IssuedCertificate:
    certificate = Certificate(
        number=number or new_number(random.Random()),
        issuer="Sở Khoa học và Công nghệ tỉnh Nghệ An",
        learner_name="Hoàng Thị Thùy Dương",
        unit_name="Xã Mường Xén",
        course_id=course,
        course_title="Tổng quan về chuyển đổi số",
        issued_on=date(2026, 11, 23),
        score_percent=90.0,
        key_id=KEY.key_id,
        round=round,
    )
    return IssuedCertificate(
        certificate=certificate,
        signature=KEY.sign(certificate),
        learner_id=learner,
        unit_code=path.split("/")[-2],
        unit_path=path,
        issued_at=NOW,
    )


def test_an_issued_certificate_reads_back_by_number_and_learner(any_certificates):
    issued = record("u.a")
    assert any_certificates.issue(issued) == (issued, True)
    assert any_certificates.certificate(issued.number) == issued
    assert any_certificates.of_learner("u.a") == [issued]
    assert any_certificates.certificate("HS-0000-0000-0") is None


def test_a_learner_gets_one_certificate_per_course(any_certificates):
    first = record("u.a")
    any_certificates.issue(first)
    again, created = any_certificates.issue(record("u.a"))
    assert (again, created) == (first, False)
    other_course, created = any_certificates.issue(record("u.a", course="attt"))
    assert created
    assert [r.course_id for r in any_certificates.of_learner("u.a")] == ["attt", "cds"]


def test_a_learner_gets_one_certificate_per_course_and_round(any_certificates):
    before_rounds = record("u.a")
    last_year = record("u.a", round="2025")
    for issued in (before_rounds, last_year):
        assert any_certificates.issue(issued) == (issued, True)
    assert any_certificates.issue(record("u.a", round="2025")) == (last_year, False)
    this_year, created = any_certificates.issue(record("u.a", round="2026"))
    assert created
    assert any_certificates.issue(record("u.a")) == (before_rounds, False)
    assert any_certificates.of_learner("u.a") == [before_rounds, last_year, this_year]


def test_racing_claims_of_a_round_issue_exactly_one(any_certificates):
    any_certificates.issue(record("u.a", round="2025"))
    results = run_together(8, lambda n: issue_once(any_certificates, lambda: record("u.a", round="2026")))
    assert sum(created for _, created in results) == 1
    assert [r.certificate.round for r in any_certificates.of_learner("u.a")] == ["2025", "2026"]


def test_racing_claims_issue_exactly_one(any_certificates):
    results = run_together(8, lambda n: issue_once(any_certificates, lambda: record("u.a")))
    assert sum(created for _, created in results) == 1
    assert len({issued.number for issued, _ in results}) == 1
    assert len(any_certificates.of_learner("u.a")) == 1


def test_a_number_taken_by_another_learner_is_refused(any_certificates):
    any_certificates.issue(record("u.a", number="HS-7K4M-Q9PX-R"))
    with pytest.raises(NumberTaken):
        any_certificates.issue(record("u.b", number="HS-7K4M-Q9PX-R"))
    assert any_certificates.of_learner("u.b") == []


def test_certificates_under_a_unit_are_its_subtree(any_certificates):
    a = record("u.a", path="40/16813/")
    b = record("u.b", path="40/16813/T1/", course="attt")
    c = record("u.c", path="40/16684/")
    for issued in (a, b, c):
        any_certificates.issue(issued)
    assert {r.learner_id for r in any_certificates.under("40/16813/")} == {"u.a", "u.b"}
    assert [r.learner_id for r in any_certificates.under("40/16813/", "attt")] == ["u.b"]
    assert {r.learner_id for r in any_certificates.under("40/")} == {"u.a", "u.b", "u.c"}
    assert [r.number for r in any_certificates.under("40/")] == sorted(r.number for r in (a, b, c))


def test_revocation_keeps_the_first_reason(any_certificates):
    issued = record("u.a")
    any_certificates.issue(issued)
    revoked = any_certificates.revoke(issued.number, "Gian lận khi làm bài", "u.admin", NOW + timedelta(days=1))
    assert (revoked.revoked_at, revoked.revoked_reason, revoked.revoked_by) == (
        NOW + timedelta(days=1),
        "Gian lận khi làm bài",
        "u.admin",
    )
    later = any_certificates.revoke(issued.number, "Lý do khác", "u.other", NOW + timedelta(days=2))
    assert later.revoked_reason == "Gian lận khi làm bài"
    assert any_certificates.certificate(issued.number).revoked_reason == "Gian lận khi làm bài"
    assert any_certificates.revoke("HS-0000-0000-0", "x", "u.admin", NOW) is None


def test_status_places_are_handed_out_once_however_many_ask(any_certificates):
    places = run_together(8, lambda n: any_certificates.next_status_index())
    assert sorted(places) == list(range(8))
    assert any_certificates.next_status_index() == 8


def test_a_revocation_sets_its_bit_in_the_status_list_once(any_certificates):
    from functions.certificates.status import SIZE

    kept = record("u.a")
    placed = kept.model_copy(update={"certificate": kept.certificate.model_copy(update={"status_index": SIZE + 5})})
    unplaced = record("u.b")
    for issued in (placed, unplaced):
        any_certificates.issue(issued)
    assert any_certificates.revoked_in(1) == set()
    any_certificates.revoke(placed.number, "Gian lận khi làm bài", "u.admin", NOW)
    any_certificates.revoke(placed.number, "Lần nữa", "u.admin", NOW)
    any_certificates.revoke(unplaced.number, "Cấp trước khi có danh sách", "u.admin", NOW)
    assert (any_certificates.revoked_in(0), any_certificates.revoked_in(1)) == (set(), {5})


def test_a_file_of_one_certificate_per_course_keeps_its_certificates_and_takes_one_per_round(tmp_path):
    import sqlite3

    from functions.stores.sqlite.certificates import SQLiteCertificates

    # The table as it was when a learner had one certificate per course for ever.
    old = sqlite3.connect(tmp_path / "hocso.db")
    old.executescript(
        "CREATE TABLE certificates (number TEXT PRIMARY KEY, learner_id TEXT NOT NULL, course_id TEXT NOT NULL,"
        " unit_path TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (learner_id, course_id));"
        "CREATE INDEX certificates_by_path ON certificates (unit_path, course_id);"
    )
    kept = [record("u.a"), record("u.b", round="2025")]
    old.executemany(
        "INSERT INTO certificates VALUES (?, ?, ?, ?, ?)",
        [(r.number, r.learner_id, r.course_id, r.unit_path, r.model_dump_json()) for r in kept],
    )
    old.commit()
    old.close()
    store = SQLiteCertificates(tmp_path / "hocso.db")
    try:
        assert store.of_learner("u.a") == [kept[0]] and store.of_learner("u.b") == [kept[1]]
        assert store.issue(record("u.b", round="2025")) == (kept[1], False)
        assert store.issue(record("u.a")) == (kept[0], False)
        this_year, created = store.issue(record("u.b", round="2026"))
        assert created and store.of_learner("u.b") == [kept[1], this_year]
        assert {r.number for r in store.under("40/16813/", "cds")} == {kept[0].number, kept[1].number, this_year.number}
    finally:
        store.close()
