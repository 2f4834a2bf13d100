"""Two communes merged into a new one, on both stores: the learners and the administrator move with the audit's merge,
the months before the merge report exactly as before it, and the province adds up after it."""

from datetime import date

import pytest

from functions.accounts import merges
from functions.accounts.account import Unit, unit_path
from functions.headcounts import Headcount
from functions.reports.report import Report
from functions.reports.stored import of_subtree
from tests.support.stores import open_test_adapter
from tests.support.tally import mark
from tests.support.world import PROVINCE, VINH, XEN, issue

ON = date(2026, 7, 1)
NEW = Unit(code="99001", name="Xã Mường Vinh", parent_code="40", kind="Xã", remote=True, path="")
MERGED = NEW.model_copy(update={"path": unit_path("99001", PROVINCE.path), "opened_on": ON})


@pytest.fixture(params=["sqlite", "dynamodb"])
def stores(request, tmp_path):
    """An account store and a tally store of one backend."""
    accounts = open_test_adapter("accounts", request.param, tmp_path, request)
    tally = open_test_adapter("tally", request.param, tmp_path, request)
    yield accounts, tally
    accounts.close()
    tally.close()


def staffed(unit: Unit, *counts: tuple[int, int]) -> Unit:
    return unit.model_copy(
        update={"headcounts": tuple(Headcount(year=year, category="cbccvc", staff=staff) for year, staff in counts)}
    )


def figures(report: Report) -> dict[str, tuple]:
    """What a report prints of each row: name, the subtree's figures, its staff in post and completion."""
    return {
        row.unit.code: (row.name, row.total, row.staffing and (row.staffing.staff, row.staffing.completion))
        for row in report.rows
    }


def test_two_communes_merged_keep_their_months_before_and_the_province_adds_up_after(stores):
    accounts, tally = stores
    accounts.put_units([PROVINCE, staffed(XEN, (2026, 10)), staffed(VINH, (2026, 20), (2027, 21))])
    a, _ = issue(accounts, "Lô Văn A", XEN, identity="cccd:1")
    b, _ = issue(accounts, "Vi Thị B", XEN, identity="cccd:2")
    c, _ = issue(accounts, "Hồ Văn C", VINH, identity="cccd:1")  # the same identity as A, in the other commune
    boss, _ = issue(accounts, "Lê Văn Quản", XEN, role="admin", identity="cccd:9")
    for learner, day in ((a, date(2026, 6, 3)), (b, date(2026, 6, 4)), (c, date(2026, 6, 5))):
        tally.mark_many([mark(learner.learner_id, "issued", learner.unit_path, None, day)])
    tally.mark(mark(a.learner_id, "passed", XEN.path, "cds", date(2026, 6, 10)))

    def report(month: str, root: Unit = PROVINCE) -> Report:
        return of_subtree(accounts, tally, root, today=date(2026, 8, 15), month=month)

    june = figures(report("2026-06"))
    assert list(june) == ["40", "16684", "16813"] and june["16813"][1].passed == 1
    checked = merges.plan(accounts.units(), PROVINCE.path, ["16813", "16684"], "99001", ON, ON, NEW)
    assert merges.merge(accounts, checked) == (4, True)

    moved = {account.full_name: account for account in accounts.accounts_under(MERGED.path)}
    assert set(moved) == {"Lô Văn A", "Vi Thị B", "Hồ Văn C", "Lê Văn Quản"}
    assert accounts.accounts_under(XEN.path) == accounts.accounts_under(VINH.path) == []
    assert {account.unit_code for account in moved.values()} == {"99001"}
    assert sorted(account.identity for account in moved.values()) == ["cccd:1", "cccd:1@16684", "cccd:2", "cccd:9"]
    assert (moved["Lê Văn Quản"].token_version, accounts.token_version(boss.learner_id)) == (1, 1)
    assert moved["Lô Văn A"].token_version == 0  # a learner keeps studying: their steps count for the new unit
    assert [(u.merged_into, u.merged_on) for u in (accounts.unit("16813"), accounts.unit("16684"))] == [
        ("99001", ON)
    ] * 2
    # The later year's headcount moved onto the new commune; the merge year's stay, added up by the report.
    assert accounts.unit("99001").headcounts == (Headcount(year=2027, category="cbccvc", staff=21),)
    assert accounts.unit("16684").headcounts == (Headcount(year=2026, category="cbccvc", staff=20),)

    # After the merge: B passes as a learner of the new commune; C, with a token from before, still under Vinh.
    tally.mark(mark(b.learner_id, "passed", MERGED.path, "cds", date(2026, 7, 6)))
    tally.mark(mark(c.learner_id, "passed", VINH.path, "cds", date(2026, 7, 2)))

    assert figures(report("2026-06")) == june
    july = report("2026-07")
    rows = figures(july)
    assert list(rows) == ["40", "99001"]
    assert (july.summary.total.issued, july.summary.total.passed) == (3, 3)
    assert rows["99001"][1] == july.summary.total
    assert rows["99001"][2] == (30, 10.0)  # staff of both communes: 3 passes of 30
    assert july.rows[1].in_month.passed == 2
    # The new commune's own report reads its communes' counters, under their old paths.
    alone = report("2026-07", accounts.unit("99001"))
    assert (alone.summary.total.issued, alone.summary.total.passed) == (3, 3)


def test_a_merge_cut_off_half_way_is_finished_by_running_it_again(stores):
    accounts, _ = stores
    accounts.put_units([PROVINCE, XEN, VINH])
    learners = [issue(accounts, f"Học Viên {n}", XEN, identity=f"cccd:{n}")[0] for n in range(3)]
    checked = merges.plan(accounts.units(), PROVINCE.path, ["16813"], "16684", ON, ON)
    accounts.replace_units([*checked.sources, checked.into])
    accounts.move_accounts(learners[:1], checked.into)  # cut off after the units and one account

    again = merges.plan(accounts.units(), PROVINCE.path, ["16813"], "16684", ON, ON)
    assert again.written
    assert merges.merge(accounts, again, limit=1) == (1, False)  # as a call that may move one account at a time
    assert merges.merge(accounts, again, limit=1) == (1, True)
    assert merges.merge(accounts, again) == (0, True)
    assert [a.unit_code for a in accounts.accounts_under(PROVINCE.path)] == ["16684"] * 3
