"""Issuing accounts (one at a time and by import), activation, sign-in, lockout, password change and reset, over a
real SQLite account store."""

import random
from datetime import date, datetime, timedelta, timezone

import pytest

from functions.accounts import passwords, signin, tokens
from functions.accounts.account import Unit, unit_path
from functions.accounts.calendar import WorkingCalendar
from functions.accounts.imports import LearnerRow
from functions.accounts.issuing import ascii_fold, issue_account, username_stem
from functions.accounts.roster import enrol
from functions.errors import ApiError
from functions.stores.sqlite_accounts import SQLiteAccounts
from functions.stores.sqlite_tally import SQLiteTally

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
SECRET = "s" * 48
COMMUNE = Unit(code="16813", name="Xã Mường Xén", path=unit_path("16813", "40/"))


@pytest.fixture
def store(tmp_path):
    store = SQLiteAccounts(tmp_path / "hocso.sqlite3")
    store.put_units([COMMUNE])
    yield store
    store.close()


@pytest.fixture
def issued(store):
    return issue_account(store, full_name="Nguyễn Thị Ánh Tuyết", unit=COMMUNE, identity="cccd:040190000001", issued_on=date(2026, 11, 23))


def code_of(caught) -> str:
    return caught.value.code


def test_usernames_are_typeable_from_a_vietnamese_name():
    assert ascii_fold("Đặng Hữu Phước") == "dang huu phuoc"
    assert username_stem("Nguyễn Thị Ánh Tuyết") == "tuyetnta"
    assert username_stem("  ") == "hocvien"


def test_activation_codes_are_random_grouped_and_forgiving():
    code = passwords.new_activation_code()
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert code != passwords.new_activation_code()
    stored = passwords.hash_code("K7M2-Q9PX-4RTA")
    assert passwords.check_code(stored, "k7m2 q9px 4rta")
    assert not passwords.check_code(stored, "K7M2-Q9PX-4RTB")


def test_passwords_are_argon2id_at_the_owasp_cost():
    stored = passwords.hash_password("mật khẩu dài")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.check_password(stored, "mật khẩu dài")
    assert not passwords.check_password(stored, "mật khẩu sai")
    assert not passwords.check_password("not a hash", "x")


def test_a_learner_activates_once_with_the_slip_code_then_signs_in(store, issued):
    account, code = issued
    assert account.username.startswith("tuyetnta") and code
    activated = signin.activate(store, account.username.upper(), code.lower(), "matkhau-2026", NOW)
    assert activated.activated and activated.activated_at == NOW and activated.activation_hash is None
    with pytest.raises(ApiError) as caught:
        signin.activate(store, account.username, code, "matkhau-khac", NOW)
    assert code_of(caught) == "activation_failed"
    assert signin.sign_in(store, account.username, "matkhau-2026", NOW).learner_id == account.learner_id


def test_a_short_password_is_refused_before_the_code_is_spent(store, issued):
    account, code = issued
    with pytest.raises(ApiError) as caught:
        signin.activate(store, account.username, code, "ngan", NOW)
    assert code_of(caught) == "password_too_short"
    assert signin.activate(store, account.username, code, "du-dai-roi", NOW).activated


def test_an_unknown_name_and_a_wrong_password_answer_alike(store, issued):
    account, code = issued
    signin.activate(store, account.username, code, "matkhau-2026", NOW)
    for username, password in ((account.username, "sai-mat-khau"), ("khongco1234", "matkhau-2026")):
        with pytest.raises(ApiError) as caught:
            signin.sign_in(store, username, password, NOW)
        assert code_of(caught) == "signin_failed"


def test_failures_slow_guessing_then_lock_the_account_for_fifteen_minutes(store, issued):
    account, code = issued
    signin.activate(store, account.username, code, "matkhau-2026", NOW)

    def attempt(password: str, at) -> str:
        with pytest.raises(ApiError) as caught:
            signin.sign_in(store, account.username, password, at)
        return code_of(caught)

    at = NOW
    assert [attempt("doan-mo", at), attempt("doan-mo", at), attempt("doan-mo", at)] == ["signin_failed"] * 3
    assert attempt("matkhau-2026", at + timedelta(seconds=29)) == "signin_paused"  # even the right password waits
    at += timedelta(seconds=31)
    assert attempt("doan-mo", at) == "signin_failed"
    assert attempt("doan-mo", at + timedelta(minutes=1)) == "signin_paused"
    at += timedelta(minutes=2, seconds=1)
    assert attempt("doan-mo", at) == "account_locked"
    assert attempt("matkhau-2026", at + timedelta(minutes=14)) == "account_locked"
    assert signin.sign_in(store, account.username, "matkhau-2026", at + timedelta(minutes=15, seconds=1)).failures == 0


def test_guessing_activation_codes_locks_too(store, issued):
    account, code = issued
    for n in range(5):  # each guess after the previous pause ran out
        with pytest.raises(ApiError):
            signin.activate(store, account.username, "AAAA-AAAA-AAAA", "matkhau-2026", NOW + timedelta(minutes=3 * n))
    with pytest.raises(ApiError) as caught:
        signin.activate(store, account.username, code, "matkhau-2026", NOW + timedelta(minutes=13))
    assert code_of(caught) == "account_locked"


def test_a_password_change_ends_other_sessions(store, issued):
    account, code = issued
    active = signin.activate(store, account.username, code, "matkhau-2026", NOW)
    changed = signin.change_password(store, active, "matkhau-2026", "matkhau-moi-2026", NOW)
    assert changed.token_version == active.token_version + 1
    assert signin.sign_in(store, account.username, "matkhau-moi-2026", NOW)
    with pytest.raises(ApiError):
        signin.sign_in(store, account.username, "matkhau-2026", NOW)


def test_a_reset_gives_a_new_code_and_clears_the_password(store, issued):
    account, code = issued
    active = signin.activate(store, account.username, code, "matkhau-2026", NOW)
    new_code = signin.reset(store, active)
    assert new_code != code
    with pytest.raises(ApiError):
        signin.sign_in(store, account.username, "matkhau-2026", NOW)
    assert signin.activate(store, account.username, new_code, "matkhau-lan-hai", NOW).activated


def test_importing_the_same_person_again_keeps_one_account(store, issued):
    account, _ = issued
    again, code = issue_account(store, full_name="Nguyễn Thị Ánh Tuyết", unit=COMMUNE, identity="cccd:040190000001", issued_on=date(2026, 11, 24))
    assert code is None and again.learner_id == account.learner_id
    assert len(store.accounts_under(COMMUNE.path)) == 1


def test_an_import_enrols_in_row_order_and_draws_again_for_a_taken_username(store, issued, tmp_path):
    rows = [LearnerRow(row=n, full_name="Nguyễn Văn Hùng", unit_code=COMMUNE.code, position="", phone=f"09120000{n:02d}",
                       email="", external_id="", cohort=None) for n in range(3)]
    draws = random.Random(5)
    first = [f"hungnv{draws.randrange(1000, 10000)}" for _ in rows]
    store.add_account(issued[0].model_copy(update={"learner_id": "u.other", "username": first[1], "identity": "x"}))
    tally, ticks = SQLiteTally(tmp_path / "hocso.sqlite3"), []
    enrolled = enrol(store, rows, cohort="Đợt 1", issued_on=date(2026, 11, 23), calendar=WorkingCalendar(), tally=tally,
                     rng=random.Random(5), advance=lambda: ticks.append(1))
    assert [e.account.phone for e in enrolled] == [row.phone for row in rows] and len(ticks) == 3
    assert [e.account.username == name for e, name in zip(enrolled, first)] == [True, False, True]
    assert enrolled[1].account.username.startswith("hungnv") and all(e.code for e in enrolled)
    assert signin.activate(store, enrolled[1].account.username, enrolled[1].code, "matkhau-2026", NOW).activated
    store.slips_kept({e.account.learner_id: e.account.activation_hash for e in enrolled})  # as the import's caller does
    again = enrol(store, rows, cohort="Đợt 2", issued_on=date(2026, 11, 24), calendar=WorkingCalendar(), tally=tally)
    assert [(e.account.learner_id, e.account.cohort, e.code) for e in again] == [
        (e.account.learner_id, "Đợt 2", None) for e in enrolled
    ]
    assert [(c.flag, c.cohort, c.n) for c in tally.counts(COMMUNE.path)] == [("issued", "Đợt 1", 3)]
    tally.close()


def test_tokens_carry_role_and_subtree_and_expire():
    claims = tokens.Claims("u.abc", "admin", "40/16813/", 3)
    token = tokens.issue(claims, SECRET, NOW)
    assert tokens.read(token, SECRET, NOW + timedelta(hours=1)) == claims
    assert tokens.read(token, SECRET, NOW + tokens.LIFETIME) is None
    assert tokens.read(token, "x" * 48, NOW) is None
    assert tokens.read(token[:-2] + "xx", SECRET, NOW) is None
    assert tokens.read("not.a.token", SECRET, NOW) is None


def test_a_reimport_reissues_only_codes_that_never_reached_a_slip(store, tmp_path):
    rows = [LearnerRow(row=n, full_name=f"Lò Văn Pả {n}", unit_code=COMMUNE.code, position="", phone=f"09130000{n:02d}",
                       email="", external_id="", cohort=None) for n in range(4)]
    first = enrol(store, rows, cohort=None, issued_on=date(2026, 11, 23), calendar=WorkingCalendar())
    assert all(e.account.awaiting_slip and not e.reissued for e in first)
    store.slips_kept({first[0].account.learner_id: first[0].account.activation_hash})  # its slip was kept
    assert signin.activate(store, first[1].account.username, first[1].code, "matkhau-2026", NOW).activated
    tally = SQLiteTally(tmp_path / "hocso.sqlite3")
    again = enrol(store, rows, cohort=None, issued_on=date(2026, 11, 24), calendar=WorkingCalendar(), tally=tally)
    assert [(e.code is not None, e.reissued) for e in again] == [(False, False), (False, False), (True, True), (True, True)]
    assert store.account(first[2].account.learner_id).activation_hash == again[2].account.activation_hash
    assert again[2].account.activation_hash != first[2].account.activation_hash
    assert signin.activate(store, again[3].account.username, again[3].code, "matkhau-2026", NOW).activated
    assert signin.activate(store, first[0].account.username, first[0].code, "matkhau-2026", NOW).activated
    assert [(c.flag, c.n) for c in tally.counts(COMMUNE.path)] == [("issued", 2)]  # counted now, never before
    tally.close()
