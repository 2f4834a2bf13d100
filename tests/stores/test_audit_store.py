"""The audit store contract, run against every implementation: SQLite and DynamoDB (moto's server over HTTP)."""

from datetime import UTC, datetime, timedelta

from functions import VIETNAM
from functions.audit import AuditEntry, entry
from tests.support.stores import contract_fixture

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
PROVINCE, XEN, VINH, OTHER_PROVINCE = "40/", "40/16813/", "40/16684/", "42/"


audit = contract_fixture("audit")


def viewed(minutes: int, unit_path: str, target: str = "u.learner1") -> AuditEntry:
    return AuditEntry(
        at=NOW + timedelta(minutes=minutes),
        admin_id=f"u.admin-{unit_path}",
        admin_unit_path=unit_path,
        action="learner.view",
        target=target,
        detail="Tên đăng nhập: phuocdh1234",
    )


def test_an_entry_reads_back_as_recorded(audit):
    recorded = viewed(0, XEN)
    audit.record(recorded)
    assert audit.entries(XEN) == [recorded]


def test_entries_come_newest_first_whatever_order_they_were_recorded_in(audit):
    for minutes in (5, 0, 90, 30):
        audit.record(viewed(minutes, XEN))
    assert [e.at for e in audit.entries(XEN)] == [NOW + timedelta(minutes=m) for m in (90, 30, 5, 0)]


def test_times_in_another_zone_sort_by_the_instant(audit):
    audit.record(viewed(0, XEN, target="utc"))
    audit.record(
        AuditEntry(
            at=(NOW + timedelta(seconds=1)).astimezone(VIETNAM),
            admin_id="u.a",
            admin_unit_path=XEN,
            action="learner.view",
            target="vietnam",
        )
    )
    assert [e.target for e in audit.entries(XEN)] == ["vietnam", "utc"]


def test_two_entries_of_the_same_instant_are_both_kept(audit):
    audit.record(viewed(0, XEN, target="first"))
    audit.record(viewed(0, XEN, target="second"))
    assert sorted(e.target for e in audit.entries(XEN)) == ["first", "second"]


def test_a_subtree_reads_its_own_administrators_and_those_below_only(audit):
    for minutes, path in enumerate((PROVINCE, XEN, VINH, OTHER_PROVINCE, "40/16813/TO1/")):
        audit.record(viewed(minutes, path))
    assert [e.admin_unit_path for e in audit.entries(PROVINCE)] == ["40/16813/TO1/", VINH, XEN, PROVINCE]
    assert [e.admin_unit_path for e in audit.entries(XEN)] == ["40/16813/TO1/", XEN]
    assert audit.entries("40/1681/") == []
    assert [e.admin_unit_path for e in audit.entries("")] == ["40/16813/TO1/", OTHER_PROVINCE, VINH, XEN, PROVINCE]


def test_limit_keeps_the_newest(audit):
    for minutes in range(12):
        audit.record(viewed(minutes, XEN if minutes % 2 else VINH))
    assert [e.at for e in audit.entries(XEN, limit=3)] == [NOW + timedelta(minutes=m) for m in (11, 9, 7)]
    assert [e.at for e in audit.entries(PROVINCE, limit=2)] == [NOW + timedelta(minutes=m) for m in (11, 10)]


def test_the_whole_country_keeps_the_newest_of_every_province(audit):
    for minutes, path in enumerate((XEN, OTHER_PROVINCE, VINH, "43/", OTHER_PROVINCE, PROVINCE)):
        audit.record(viewed(minutes, path))
    newest = [(e.at, e.admin_unit_path) for e in audit.entries("", limit=4)]
    assert newest == [
        (NOW + timedelta(minutes=m), p) for m, p in ((5, PROVINCE), (4, OTHER_PROVINCE), (3, "43/"), (2, VINH))
    ]


def test_a_units_few_entries_are_found_behind_many_of_its_neighbours(audit):
    audit.record(viewed(0, XEN))
    audit.record(viewed(1, XEN))
    for minutes in range(2, 60):
        audit.record(viewed(minutes, VINH))
    assert [e.at for e in audit.entries(XEN, limit=2)] == [NOW + timedelta(minutes=m) for m in (1, 0)]
    assert [e.at for e in audit.entries(XEN, limit=5)] == [NOW + timedelta(minutes=m) for m in (1, 0)]
    assert len(audit.entries(PROVINCE, limit=50)) == 50


def test_an_entrys_detail_is_its_actions_template_with_blanks_shown_as_dashes():
    made = entry(
        "learners.list",
        at=NOW,
        admin_id="u.a",
        admin_unit_path=XEN,
        target="16813",
        shown=2,
        total=2,
        cohort=None,
        q="",
    )
    assert (made.label, made.detail) == ("Xem danh sách học viên", "2/2 người; đợt: —; tìm: —")
