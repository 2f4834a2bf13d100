"""The account store contract, run against every implementation: SQLite and DynamoDB (moto's server over HTTP)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from functions.accounts.account import Account, Unit
from functions.accounts.store import UsernameTaken
from tests.support.servers import run_together
from tests.support.world import PROVINCE, VINH, XEN

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
COMMUNE, OTHER = XEN, VINH


def account(n: int, unit: Unit = COMMUNE, identity: str | None = None, **fields) -> Account:
    return Account(
        learner_id=f"u.learner{n}",
        username=f"hocvien{n}",
        full_name=f"Nguyễn Văn {n}",
        unit_code=unit.code,
        unit_path=unit.path,
        identity=identity or f"cccd:0400{n:08d}",
        issued_on=date(2026, 11, 23),
        activation_hash="ab" * 32,
        **fields,
    )


@pytest.fixture
def store(any_accounts):
    any_accounts.put_units([PROVINCE, COMMUNE, OTHER])
    return any_accounts


def test_a_units_headcounts_are_kept_with_it(store):
    from functions.headcounts import Headcount

    counted = COMMUNE.model_copy(
        update={
            "headcounts": (
                Headcount(year=2026, category="cbccvc", staff=42),
                Headcount(year=2026, category="cnscd", staff=7),
            )
        }
    )
    store.put_units([counted])
    assert store.unit("16813") == counted
    assert next(unit for unit in store.units() if unit.code == "16813").headcounts == counted.headcounts
    assert store.unit("16684").headcounts == ()


def test_a_category_is_kept_on_the_account_and_a_reimport_may_change_it(store):
    stored, _ = store.add_account(account(1, category="cnscd"))
    assert store.account(stored.learner_id).category == "cnscd"
    again, created = store.add_account(account(2, identity=stored.identity, category="cbccvc"))
    assert (created, store.account(stored.learner_id).category) == (False, "cbccvc")
    assert [a.category for a in store.accounts_under(COMMUNE.path)] == ["cbccvc"]


def test_units_read_back_and_update_in_place(store):
    assert [unit.code for unit in store.units()] == ["16684", "16813", "40"]
    renamed = COMMUNE.model_copy(update={"name": "Xã Mường Xén (mới)", "remote": False})
    store.put_units([renamed])
    assert store.unit("16813") == renamed
    assert len(store.units()) == 3
    assert store.unit("99999") is None


def test_an_account_reads_back_by_id_and_username(store):
    stored, created = store.add_account(account(1))
    assert created and stored == account(1)
    assert store.account("u.learner1") == account(1)
    assert store.by_username("hocvien1") == account(1)
    assert store.account("u.nobody") is None and store.by_username("nobody") is None


def test_the_same_person_imported_again_is_updated_not_duplicated(store):
    first, _ = store.add_account(account(1))
    store.set_signin(first.model_copy(update={"password_hash": "argon", "activation_hash": None}))
    again, created = store.add_account(
        account(2, identity=first.identity, position="Công chức văn hóa - xã hội", cohort="Đợt 2")
    )
    assert not created
    assert (again.learner_id, again.username, again.password_hash) == ("u.learner1", "hocvien1", "argon")
    assert (again.position, again.cohort) == ("Công chức văn hóa - xã hội", "Đợt 2")
    assert store.account("u.learner1").cohort == "Đợt 2"
    assert store.account("u.learner2") is None


def test_a_username_belongs_to_one_account(store):
    store.add_account(account(1))
    with pytest.raises(UsernameTaken):
        store.add_account(account(2).model_copy(update={"username": "hocvien1"}))
    assert store.account("u.learner2") is None


def test_accounts_under_a_unit_are_its_subtree_only(store):
    store.add_account(account(1))
    store.add_account(account(2, cohort="Đợt 1"))
    store.add_account(account(3, unit=OTHER, cohort="Đợt 1"))
    assert [a.username for a in store.accounts_under(COMMUNE.path)] == ["hocvien1", "hocvien2"]
    assert [a.username for a in store.accounts_under(PROVINCE.path)] == ["hocvien1", "hocvien2", "hocvien3"]
    assert [a.username for a in store.accounts_under(PROVINCE.path, cohort="Đợt 1")] == ["hocvien2", "hocvien3"]


def test_activation_happens_once(store):
    store.add_account(account(1))
    results = run_together(6, lambda n: store.activate("u.learner1", f"hash{n}", NOW))
    assert results.count(True) == 1
    stored = store.account("u.learner1")
    assert stored.activation_hash is None and stored.password_hash == f"hash{results.index(True)}"
    assert stored.activated_at == NOW
    assert store.activate("u.learner1", "again", NOW) is False
    assert store.activate("u.nobody", "hash", NOW) is False


def test_signin_state_is_written_back_without_touching_details(store):
    stored, _ = store.add_account(account(1))
    store.set_signin(
        stored.model_copy(
            update={
                "failures": 3,
                "locked_until": NOW + timedelta(minutes=15),
                "token_version": 4,
                "full_name": "Không được đổi",
            }
        )
    )
    again = store.account("u.learner1")
    assert (again.failures, again.locked_until, again.token_version, again.full_name) == (
        3,
        NOW + timedelta(minutes=15),
        4,
        "Nguyễn Văn 1",
    )


def test_the_token_version_is_read_alone_and_follows_every_sign_in_write(store):
    assert store.token_version("u.nobody") is None
    stored, _ = store.add_account(account(1))
    assert store.token_version("u.learner1") == 0
    store.set_signin(stored.model_copy(update={"token_version": 3}))
    assert store.token_version("u.learner1") == 3
    store.add_account(account(2, identity=stored.identity, position="Công chức"))  # a re-import keeps it
    assert store.token_version("u.learner1") == 3


def test_a_code_awaiting_its_slip_is_reissued_once_and_only_while_unused(store):
    store.add_accounts([account(n, awaiting_slip=n < 3) for n in range(1, 4)])
    assert store.account("u.learner1").awaiting_slip and not store.account("u.learner3").awaiting_slip
    assert store.reissue_codes({"u.learner1": ("ab" * 32, "cd" * 32)}) == {"u.learner1"}
    assert store.reissue_codes({"u.learner1": ("ab" * 32, "ef" * 32)}) == set()  # a racing re-import read the old hash
    assert store.account("u.learner1").activation_hash == "cd" * 32
    assert store.activate("u.learner2", "argon", NOW)
    refused = {
        "u.learner2": ("ab" * 32, "cd" * 32),
        "u.learner3": ("ab" * 32, "cd" * 32),
        "u.nobody": ("ab" * 32, "cd" * 32),
    }
    assert store.reissue_codes(refused) == set()  # used; its slip printed; no such account
    assert (
        store.account("u.learner2").password_hash == "argon"
        and store.account("u.learner3").activation_hash == "ab" * 32
    )
    store.add_accounts([account(n, awaiting_slip=True) for n in range(10, 260)])
    many = {f"u.learner{n}": ("ab" * 32, "cd" * 32) for n in range(10, 260)}
    assert store.reissue_codes({**many, "u.learner3": ("ab" * 32, "cd" * 32)}) == set(many)
    assert {a.activation_hash for a in store.accounts_under(COMMUNE.path) if a.learner_id in many} == {"cd" * 32}


def test_slips_kept_end_the_wait_only_for_the_codes_they_hold(store):
    store.add_accounts([account(n, awaiting_slip=True) for n in range(1, 4)])
    store.reissue_codes({"u.learner2": ("ab" * 32, "cd" * 32)})  # another import re-issued it after this one printed
    assert store.slips_kept({f"u.learner{n}": "ab" * 32 for n in range(1, 4)}) == {"u.learner1", "u.learner3"}
    assert [store.account(f"u.learner{n}").awaiting_slip for n in range(1, 4)] == [False, True, False]
    assert store.reissue_codes({"u.learner1": ("ab" * 32, "ef" * 32)}) == set()
    assert store.slips_kept({"u.learner1": "ab" * 32, "u.learner2": "cd" * 32}) == {"u.learner1", "u.learner2"}


def test_a_reimport_and_a_signin_leave_the_wait_for_a_slip_as_it_is(store):
    store.add_accounts([account(1, awaiting_slip=True), account(2, awaiting_slip=True)])
    store.slips_kept({"u.learner2": "ab" * 32})
    [(again, created), (kept, _)] = store.add_accounts(
        [
            account(7, identity=account(1).identity, cohort="Đợt 2"),
            account(8, identity=account(2).identity, awaiting_slip=True),
        ]
    )
    assert not created and again.awaiting_slip and not kept.awaiting_slip
    store.set_signin(store.account("u.learner1").model_copy(update={"failures": 2}))
    assert store.account("u.learner1").awaiting_slip and not store.account("u.learner2").awaiting_slip


def test_many_slips_kept_at_once(store):
    store.add_accounts([account(n, awaiting_slip=True) for n in range(250)])
    assert store.slips_kept({f"u.learner{n}": "ab" * 32 for n in range(250)}) == {f"u.learner{n}" for n in range(250)}
    assert not any(a.awaiting_slip for a in store.accounts_under(COMMUNE.path))


WAITS = [0, 0, 30, 60]
"""Two failures at once, then 30 s after the second and a minute after each further one."""


def test_fifty_parallel_strikes_count_fifty(store):
    counts = run_together(50, lambda n: store.strike("user#hocvien1#1", NOW, [0], NOW + timedelta(days=1)))
    assert sorted(counts) == list(range(1, 51))
    assert store.strikes("user#hocvien1#1") == (50, NOW)


def test_a_strike_waits_its_turn_and_a_refused_one_counts_nothing(store):
    key, until = "address#10.0.0.1#1", NOW + timedelta(hours=1)
    assert [store.strike(key, NOW, WAITS, until) for _ in range(3)] == [1, 2, None]
    assert store.strike(key, NOW + timedelta(seconds=29), WAITS, until) is None
    assert store.strikes(key) == (2, NOW)
    assert store.strike(key, NOW + timedelta(seconds=30), WAITS, until) == 3
    later = NOW + timedelta(seconds=30 + 59)
    assert store.strike(key, later, WAITS, until) is None
    assert store.strike(key, later + timedelta(seconds=1), WAITS, until) == 4
    assert store.strike(key, later + timedelta(seconds=61), WAITS, until) == 5  # the last wait repeats


def test_parallel_strikes_on_a_waiting_counter_let_none_through(store):
    key, until = "user#hocvien2#1", NOW + timedelta(days=1)
    store.strike(key, NOW, WAITS, until), store.strike(key, NOW, WAITS, until)
    assert run_together(20, lambda n: store.strike(key, NOW + timedelta(seconds=10), WAITS, until)) == [None] * 20
    assert run_together(20, lambda n: store.strike(key, NOW + timedelta(seconds=31), WAITS, until)).count(3) == 1


def test_a_pardon_takes_one_failure_back_and_forgiving_forgets(store):
    key, until = "address#10.0.0.2#1", NOW + timedelta(hours=1)
    store.strike(key, NOW, WAITS, until), store.strike(key, NOW, WAITS, until)
    store.pardon(key)
    assert store.strikes(key) == (1, NOW)
    assert store.strike(key, NOW, WAITS, until) == 2
    store.forgive(key)
    assert store.strikes(key) is None
    store.pardon("address#nobody#1")
    assert store.strikes("address#nobody#1") is None
    assert store.strike(key, NOW, WAITS, until) == 1


def test_a_free_strike_passes_even_when_a_parallel_one_read_the_clock_later(store):
    key, until = "address#10.0.0.3#1", NOW + timedelta(hours=1)
    assert store.strike(key, NOW + timedelta(milliseconds=5), WAITS, until) == 1
    assert store.strike(key, NOW, WAITS, until) == 2
    assert store.strikes(key)[0] == 2


def test_a_long_schedule_holds_after_its_free_failures(store):
    from functions.accounts.throttle import ADDRESS

    key, until, waits = "address#10.0.0.4#1", NOW + timedelta(hours=1), ADDRESS.schedule()
    assert [store.strike(key, NOW, waits, until) for _ in range(31)] == list(range(1, 31)) + [None]
    assert store.strike(key, NOW + timedelta(seconds=1), waits, until) == 31
    assert store.strike(key, NOW + timedelta(seconds=2), waits, until) is None


def test_a_provinces_rounds_are_kept_by_version_and_a_stale_change_writes_nothing(store):
    from functions import rounds

    assert store.rounds(PROVINCE.code) == rounds.Rounds()
    first = rounds.Round(code="2025", name="Đợt 2025", first=date(2025, 3, 1), last=date(2025, 12, 15))
    kept = rounds.with_round(store.rounds(PROVINCE.code), first)
    assert store.put_rounds(PROVINCE.code, kept) is True
    assert store.rounds(PROVINCE.code) == kept and kept.version == 1
    second = rounds.Round(code="2026", name="Đợt 2026", first=date(2026, 1, 5), last=date(2026, 12, 20))
    newer = rounds.with_round(kept, second)
    # Two changes made from version 1: the first kept wins; the other, still made from version 1, writes nothing.
    rival = rounds.with_round(kept, second.model_copy(update={"name": "Đợt khác"}))
    assert store.put_rounds(PROVINCE.code, newer) is True
    assert store.put_rounds(PROVINCE.code, rival) is False
    assert store.put_rounds(PROVINCE.code, kept) is False
    assert store.rounds(PROVINCE.code) == newer
    assert [r.code for r in store.rounds(PROVINCE.code).rounds] == ["2025", "2026"]
    assert store.rounds("41") == rounds.Rounds()


def test_an_account_is_renewed_for_a_later_round_once_keeping_its_sign_in_and_details(store):
    store.add_accounts([account(n, round="2025", deadline=date(2025, 4, 4), cohort="Đợt 1") for n in range(1, 4)])
    assert store.activate("u.learner1", "argon", NOW)
    read = store.account("u.learner1")
    renewed = read.model_copy(update={"issued_on": date(2026, 3, 2), "deadline": date(2026, 3, 13), "round": "2026"})
    assert store.renew({"u.learner1": (read, renewed)}) == {"u.learner1"}
    assert store.renew({"u.learner1": (read, renewed)}) == set()  # a racing import read it before: renewed once
    now = store.account("u.learner1")
    assert (now.issued_on, now.deadline, now.round) == (date(2026, 3, 2), date(2026, 3, 13), "2026")
    assert now.token_version == read.token_version + 1 == store.token_version("u.learner1")  # last round's tokens end
    assert (now.password_hash, now.cohort, now.username) == ("argon", "Đợt 1", read.username)
    assert store.renew({"u.nobody": (read, renewed)}) == set()


def test_many_accounts_are_renewed_at_once_and_those_changed_meanwhile_are_left(store):
    store.add_accounts([account(n, round="2025") for n in range(10, 260)])
    before = {a.learner_id: a for a in store.accounts_under(COMMUNE.path)}
    renewals = {
        learner_id: (a, a.model_copy(update={"round": "2026", "deadline": date(2026, 3, 13)}))
        for learner_id, a in before.items()
    }
    stale = before["u.learner11"].model_copy(update={"round": "2024"})
    renewals["u.learner11"] = (stale, renewals["u.learner11"][1])
    assert store.renew(renewals) == set(before) - {"u.learner11"}
    assert {a.round for a in store.accounts_under(COMMUNE.path)} == {"2025", "2026"}
    assert store.account("u.learner11").round == "2025"
