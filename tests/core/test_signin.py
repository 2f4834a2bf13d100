"""Issuing accounts (one at a time and by import), activation, sign-in, lockout, password change and reset, over a
real SQLite account store."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from functions.accounts import devices, passwords, signin, tokens
from functions.accounts.calendar import WorkingCalendar
from functions.accounts.issuing import ascii_fold, username_stem
from functions.enrolment.imports import LearnerRow
from functions.enrolment.roster import enrol
from functions.errors import ApiError
from functions.stores.sqlite.accounts import SQLiteAccounts
from functions.stores.sqlite.tally import SQLiteTally
from tests.support.world import UNITS, XEN, issue

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
SECRET = "s" * 48
OFFICE = signin.Client("203.0.113.7")
STRANGER = signin.Client("198.51.100.9")


@pytest.fixture
def store(tmp_path):
    store = SQLiteAccounts(tmp_path / "hocso.sqlite3")
    store.put_units(UNITS)
    yield store
    store.close()


@pytest.fixture
def issued(store):
    return issue(store, "Nguyễn Thị Ánh Tuyết", XEN, identity="cccd:040190000001")


def code_of(caught) -> str:
    return caught.value.code


def test_usernames_are_typeable_from_a_vietnamese_name():
    assert ascii_fold("Đặng Hữu Phước") == "dang huu phuoc"
    assert username_stem("Nguyễn Thị Ánh Tuyết") == "tuyetnta"
    assert username_stem("  ") == "hocvien"


def test_a_username_stem_kept_from_an_earlier_row_is_the_one_worked_out_afresh():
    names = ["Đặng Hữu Phước", "Nguyễn Thị Ánh Tuyết", "Đặng Hữu Phước", "Lê Văn An"]
    assert [username_stem(name) for name in names] == [username_stem.__wrapped__(name) for name in names]
    assert username_stem("Lê Văn Anh") == "anhlv" != username_stem("Lê Văn An")


def test_activation_codes_are_random_grouped_and_forgiving():
    code = passwords.new_activation_code()
    assert len(code) == 14 and code[4] == code[9] == "-"
    drawn = "".join(passwords.new_activation_code().replace("-", "") for _ in range(200))
    assert set(drawn) == set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")  # 2,400 letters drawn: each of the 32 turns up
    assert code != passwords.new_activation_code()
    stored = passwords.hash_code("K7M2-Q9PX-4RTA")
    assert passwords.check_code(stored, "k7m2 q9px 4rta")
    assert not passwords.check_code(stored, "K7M2-Q9PX-4RTB")


def test_an_activation_drawn_with_its_hash_is_a_code_and_the_hash_of_it():
    drawn = [passwords.new_activation() for _ in range(500)]
    assert all(len(code) == 14 and code[4] == code[9] == "-" for code, _ in drawn)
    assert all(hashed == passwords.hash_code(code) for code, hashed in drawn)
    letters = "".join(code.replace("-", "") for code, _ in drawn)
    assert set(letters) == set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert len({code for code, _ in drawn}) == 500


def test_each_letter_of_a_code_is_spelled_from_five_random_bits():
    # A byte's low five bits pick its letter, so each of the 32 letters comes from exactly 8 of the 256 byte values:
    # a uniform byte gives a uniform letter.
    from collections import Counter

    assert Counter(passwords._SPELLING) == Counter({letter: 8 for letter in b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"})


def test_passwords_are_argon2id_at_the_owasp_cost():
    stored = passwords.hash_password("mật khẩu dài")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.check_password(stored, "mật khẩu dài")
    assert not passwords.check_password(stored, "mật khẩu sai")
    assert not passwords.check_password("not a hash", "x")


def activate(store, username, code, password, at=NOW, client=OFFICE):
    return signin.activate(store, username, code, password, client, SECRET, at)


def sign_in(store, username, password, at=NOW, client=OFFICE):
    return signin.sign_in(store, username, password, client, SECRET, at)


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(ApiError) as caught:
        call(*args, **kwargs)
    return code_of(caught)


def test_a_learner_activates_once_with_the_slip_code_then_signs_in(store, issued):
    account, code = issued
    assert account.username.startswith("tuyetnta") and code
    activated, cookie = activate(store, account.username.upper(), code.lower(), "vuon-cam-2026")
    assert activated.activated and activated.activated_at == NOW and activated.activation_hash is None
    assert devices.trusted(cookie, account.username, SECRET)
    assert refusal(activate, store, account.username, code, "vuon-cam-khac") == "activation_failed"
    assert sign_in(store, account.username, "vuon-cam-2026")[0].learner_id == account.learner_id


def test_a_weak_password_is_refused_before_the_code_is_spent(store, issued):
    account, code = issued
    assert refusal(activate, store, account.username, code, "ngan") == "password_too_short"
    assert refusal(activate, store, account.username, code, "Tuyet2026!") == "password_has_name"
    assert refusal(activate, store, account.username, code, account.username + "1") == "password_has_username"
    assert refusal(activate, store, account.username, code, "123456a@") == "password_common"
    assert activate(store, account.username, code, "du-dai-roi-2026")[0].activated


def test_an_unknown_name_and_a_wrong_password_answer_alike(store, issued):
    account, code = issued
    activate(store, account.username, code, "vuon-cam-2026")
    for username, password in ((account.username, "sai-mat-khau"), ("khongco1234", "vuon-cam-2026")):
        assert refusal(sign_in, store, username, password) == "signin_failed"


def test_a_strangers_failures_slow_strangers_only(store, issued):
    account, code = issued
    _, owners = activate(store, account.username, code, "vuon-cam-2026")
    owner = signin.Client(OFFICE.address, owners)
    assert [refusal(sign_in, store, account.username, "doan-mo", client=STRANGER) for _ in range(6)] == (
        ["signin_failed"] * 5 + ["signin_paused"]
    )
    # Another stranger (or the owner on a new phone) waits too, even with the right password...
    assert refusal(sign_in, store, account.username, "vuon-cam-2026", NOW + timedelta(seconds=29)) == "signin_paused"
    # ...but the owner's own browser is not a stranger: it signs in at once.
    assert sign_in(store, account.username, "vuon-cam-2026", client=owner)[0].learner_id == account.learner_id
    # After the wait anyone with the password signs in, and the username's count starts again.
    assert sign_in(store, account.username, "vuon-cam-2026", NOW + timedelta(seconds=30))[0]
    assert (
        refusal(sign_in, store, account.username, "doan-mo", NOW + timedelta(seconds=30), client=STRANGER)
        == "signin_failed"
    )


def test_unknown_usernames_are_throttled_exactly_like_real_ones(store, issued):
    account, code = issued
    activate(store, account.username, code, "vuon-cam-2026")
    for username in (account.username, "khongco1234"):
        answers = [refusal(sign_in, store, username, "doan-mo", client=signin.Client(f"10.0.0.{n}")) for n in range(7)]
        assert answers == ["signin_failed"] * 5 + ["signin_paused"] * 2


def test_one_address_is_slowed_whatever_username_it_tries(store):
    answers = [refusal(sign_in, store, f"nguoi{n}", "doan-mo", client=STRANGER) for n in range(35)]
    assert answers == ["signin_failed"] * 30 + ["signin_paused"] * 5
    with pytest.raises(ApiError) as caught:
        sign_in(store, "nguoi99", "doan-mo", client=STRANGER)
    assert caught.value.headers == {"Retry-After": "1"} and caught.value.details == [
        {"field": "retry_after", "problem": "1"}
    ]
    assert refusal(sign_in, store, "nguoi99", "doan-mo", NOW + timedelta(seconds=1), client=STRANGER) == "signin_failed"


def test_a_device_has_its_own_allowance(store, issued):
    account, code = issued
    _, cookie = activate(store, account.username, code, "vuon-cam-2026")
    mine = signin.Client(STRANGER.address, cookie)
    assert [refusal(sign_in, store, account.username, "go-nham", client=mine) for _ in range(11)] == (
        ["signin_failed"] * 10 + ["signin_paused"]
    )
    assert sign_in(store, account.username, "vuon-cam-2026", client=OFFICE)[0]  # strangers were never counted


def test_wrong_codes_never_touch_an_activated_account(store, issued):
    account, code = issued
    activate(store, account.username, code, "vuon-cam-2026")
    for n in range(8):
        client = signin.Client(f"10.1.0.{n}")
        assert (
            refusal(activate, store, account.username, "AAAA-AAAA-AAAA", "vuon-cam-2026", client=client)
            == "activation_failed"
        )
    assert sign_in(store, account.username, "vuon-cam-2026", client=STRANGER)[0]


def test_guessing_codes_is_bounded_per_client_not_per_account(store, issued):
    account, code = issued
    answers = [
        refusal(activate, store, account.username, "AAAA-AAAA-AAAA", "vuon-cam-2026", client=STRANGER)
        for _ in range(31)
    ]
    assert answers == ["activation_failed"] * 30 + ["signin_paused"]
    assert activate(store, account.username, code, "vuon-cam-2026")[0].activated  # the slip's holder is not held up


def test_a_password_change_ends_other_sessions(store, issued):
    account, code = issued
    active, _ = activate(store, account.username, code, "vuon-cam-2026")
    assert (
        refusal(signin.change_password, store, active, "vuon-cam-2026", "tuyet-nguyen-2026", NOW) == "password_has_name"
    )
    changed = signin.change_password(store, active, "vuon-cam-2026", "dong-lua-moi-2026", NOW)
    assert changed.token_version == active.token_version + 1
    assert sign_in(store, account.username, "dong-lua-moi-2026")
    assert refusal(sign_in, store, account.username, "vuon-cam-2026") == "signin_failed"


def test_a_reset_gives_a_new_code_and_clears_the_password(store, issued):
    account, code = issued
    active, _ = activate(store, account.username, code, "vuon-cam-2026")
    new_code = signin.reset(store, active)
    assert new_code != code
    assert refusal(sign_in, store, account.username, "vuon-cam-2026") == "signin_failed"
    assert activate(store, account.username, new_code, "vuon-cam-lam-2-lan")[0].activated


def test_importing_the_same_person_again_keeps_one_account(store, issued):
    account, _ = issued
    again, code = issue(store, "Nguyễn Thị Ánh Tuyết", XEN, identity="cccd:040190000001", issued_on=date(2026, 11, 24))
    assert code is None and again.learner_id == account.learner_id
    assert len(store.accounts_under(XEN.path)) == 1


def test_an_import_enrols_in_row_order_and_draws_again_for_a_taken_username(store, issued, tmp_path):
    rows = [
        LearnerRow(
            row=n,
            full_name="Nguyễn Văn Hùng",
            unit_code=XEN.code,
            position="",
            phone=f"09120000{n:02d}",
            email="",
            external_id="",
            cohort=None,
        )
        for n in range(3)
    ]
    draws = random.Random(5)
    first = [f"hungnv{draws.randrange(1000, 10000)}" for _ in rows]
    store.add_account(issued[0].model_copy(update={"learner_id": "u.other", "username": first[1], "identity": "x"}))
    tally, ticks = SQLiteTally(tmp_path / "hocso.sqlite3"), []
    enrolled = enrol(
        store,
        rows,
        cohort="Đợt 1",
        issued_on=date(2026, 11, 23),
        calendar=WorkingCalendar(),
        tally=tally,
        rng=random.Random(5),
        advance=lambda: ticks.append(1),
    )
    assert [e.account.phone for e in enrolled] == [row.phone for row in rows] and len(ticks) == 3
    assert [e.account.username == name for e, name in zip(enrolled, first, strict=True)] == [True, False, True]
    assert enrolled[1].account.username.startswith("hungnv") and all(e.code for e in enrolled)
    assert activate(store, enrolled[1].account.username, enrolled[1].code, "vuon-cam-2026")[0].activated
    store.slips_kept({e.account.learner_id: e.account.activation_hash for e in enrolled})  # as the import's caller does
    again = enrol(store, rows, cohort="Đợt 2", issued_on=date(2026, 11, 24), calendar=WorkingCalendar(), tally=tally)
    assert [(e.account.learner_id, e.account.cohort, e.code) for e in again] == [
        (e.account.learner_id, "Đợt 2", None) for e in enrolled
    ]
    assert [(c.flag, c.cohort, c.n) for c in tally.counts(XEN.path)] == [("issued", "Đợt 1", 3)]
    tally.close()


def test_tokens_carry_role_and_subtree_and_expire():
    claims = tokens.Claims("u.abc", "admin", "40/16813/", 3)
    token = tokens.issue(claims, SECRET, NOW)
    assert tokens.read(token, SECRET, NOW + timedelta(hours=1)) == claims
    assert tokens.read(token, SECRET, NOW + tokens.LIFETIME) is None
    assert tokens.read(token, "x" * 48, NOW) is None
    assert tokens.read(token[:-2] + "xx", SECRET, NOW) is None
    assert tokens.read("not.a.token", SECRET, NOW) is None


def test_a_learners_token_carries_the_category_and_round_their_progress_is_counted_in():
    claims = tokens.Claims("u.abc", "learner", "40/16813/", 0, "Đợt 1", date(2026, 12, 7), "cnscd", "2026")
    assert tokens.read(tokens.issue(claims, SECRET, NOW), SECRET, NOW) == claims


def test_an_import_counts_each_account_issued_in_its_category(store, tmp_path):
    rows = [
        LearnerRow(n, f"Người {n}", XEN.code, "", f"09120000{n:02d}", "", "", None, category)
        for n, category in enumerate(["cnscd", "cnscd", None])
    ]
    tally = SQLiteTally(tmp_path / "hocso.sqlite3")
    enrolled = enrol(store, rows, cohort="Đợt 1", issued_on=date(2026, 11, 23), calendar=WorkingCalendar(), tally=tally)
    assert [e.account.category for e in enrolled] == ["cnscd", "cnscd", None]
    totals, shares = tally.split(XEN.path)
    assert [(c.flag, c.n) for c in totals] == [("issued", 3)]
    assert [(c.flag, c.category, c.n) for c in shares] == [("issued", "cnscd", 2)]
    tally.close()


def test_a_reimport_reissues_only_codes_that_never_reached_a_slip(store, tmp_path):
    rows = [
        LearnerRow(
            row=n,
            full_name=f"Lò Văn Pả {n}",
            unit_code=XEN.code,
            position="",
            phone=f"09130000{n:02d}",
            email="",
            external_id="",
            cohort=None,
        )
        for n in range(4)
    ]
    first = enrol(store, rows, cohort=None, issued_on=date(2026, 11, 23), calendar=WorkingCalendar())
    assert all(e.account.awaiting_slip and not e.reissued for e in first)
    store.slips_kept({first[0].account.learner_id: first[0].account.activation_hash})  # its slip was kept
    assert activate(store, first[1].account.username, first[1].code, "vuon-cam-2026")[0].activated
    tally = SQLiteTally(tmp_path / "hocso.sqlite3")
    again = enrol(store, rows, cohort=None, issued_on=date(2026, 11, 24), calendar=WorkingCalendar(), tally=tally)
    assert [(e.code is not None, e.reissued) for e in again] == [
        (False, False),
        (False, False),
        (True, True),
        (True, True),
    ]
    assert store.account(first[2].account.learner_id).activation_hash == again[2].account.activation_hash
    assert again[2].account.activation_hash != first[2].account.activation_hash
    assert activate(store, again[3].account.username, again[3].code, "vuon-cam-2026")[0].activated
    assert activate(store, first[0].account.username, first[0].code, "vuon-cam-2026")[0].activated
    assert [(c.flag, c.n) for c in tally.counts(XEN.path)] == [("issued", 2)]  # counted now, never before
    tally.close()


def test_known_and_unknown_names_cost_one_argon2_check_at_the_same_cost(store, issued, monkeypatch):
    account, code = issued
    activate(store, account.username, code, "vuon-cam-2026")
    checked = []
    real = passwords.check_password
    monkeypatch.setattr(
        passwords, "check_password", lambda stored, password: checked.append(stored[:31]) or real(stored, password)
    )
    for n, username in enumerate(
        (
            account.username,
            "khongco1234",
            issue(store, "Lò Văn Chưa", XEN, identity="cccd:2")[0].username,
        )
    ):
        assert refusal(sign_in, store, username, "sai-mat-khau", client=signin.Client(f"10.2.0.{n}")) == "signin_failed"
    assert checked == ["$argon2id$v=19$m=19456,t=2,p=1$"] * 3
