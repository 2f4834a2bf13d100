"""The account store's batches (`add_accounts`, as an import stores a province's learners), run against every
implementation: SQLite and DynamoDB (moto's server over HTTP)."""

import pytest

from tests.stores.test_account_store import COMMUNE, NOW, OTHER, account
from tests.support.world import PROVINCE


@pytest.fixture
def store(any_accounts):
    any_accounts.put_units([PROVINCE, COMMUNE, OTHER])
    return any_accounts


def test_a_batch_adds_new_people_updates_known_ones_and_hands_back_taken_usernames(store):
    first, _ = store.add_account(account(1))
    store.set_signin(first.model_copy(update={"password_hash": "argon", "activation_hash": None}))
    store.add_account(account(9))
    batch = [
        account(2),
        account(10, identity=first.identity, cohort="Đợt 2"),  # the same person as u.learner1
        account(3).model_copy(update={"username": "hocvien9"}),  # someone else's username
        account(4),
        account(5, unit=OTHER).model_copy(
            update={"username": "hocvien4"}
        ),  # drawn twice in one batch: the first has it
    ]
    results = store.add_accounts(batch)
    again = store.account("u.learner1")
    assert (again.username, again.password_hash, again.cohort) == ("hocvien1", "argon", "Đợt 2")
    assert results == [(account(2), True), (again, False), None, (account(4), True), None]
    assert store.account("u.learner3") is None and store.account("u.learner5") is None
    assert store.by_username("hocvien9").learner_id == "u.learner9"
    assert [a.username for a in store.accounts_under(PROVINCE.path)] == ["hocvien1", "hocvien2", "hocvien4", "hocvien9"]


def test_a_batch_all_new_but_its_last_person_or_username_goes_in_as_one_by_one(store):
    # The batch is tried whole first; the last account's clash undoes that try, and the rest still go in.
    store.add_account(account(9))
    assert store.add_accounts([account(n) for n in range(1, 4)] + [account(19, identity=account(9).identity)]) == [
        (account(1), True),
        (account(2), True),
        (account(3), True),
        (account(9).model_copy(update={"full_name": account(19).full_name}), False),
    ]
    clash = account(5).model_copy(update={"username": "hocvien4"})
    assert store.add_accounts([account(4), clash]) == [(account(4), True), None]
    assert [a.learner_id for a in store.accounts_under(PROVINCE.path)] == [f"u.learner{n}" for n in (1, 2, 3, 4, 9)]


def test_a_batch_imported_again_keeps_its_accounts_and_credentials(store):
    assert [created for _, created in store.add_accounts([account(n) for n in range(1, 6)])] == [True] * 5
    store.activate("u.learner3", "argon", NOW)
    # A re-import draws new ids and usernames; the people are found again by identity and keep theirs.
    results = store.add_accounts(
        [account(n + 100, identity=account(n).identity, position="Văn thư") for n in range(1, 6)]
    )
    assert [(a.learner_id, a.username, a.position, created) for a, created in results] == [
        (f"u.learner{n}", f"hocvien{n}", "Văn thư", False) for n in range(1, 6)
    ]
    assert store.account("u.learner3").password_hash == "argon"
    assert len(store.accounts_under(PROVINCE.path)) == 5


def test_a_batch_larger_than_a_transaction_is_stored_whole(store):
    store.add_account(account(999).model_copy(update={"username": "hocvien40"}))
    # 70 new accounts span three DynamoDB transactions; the one holding a taken username is redone one by one.
    results = store.add_accounts([account(n) for n in range(1, 71)])
    assert [n for n, result in enumerate(results, start=1) if result is None] == [40]
    assert all(result == (account(n), True) for n, result in enumerate(results, start=1) if n != 40)
    assert len(store.accounts_under(PROVINCE.path)) == 70
    again = store.add_accounts([account(n + 100, identity=account(n).identity) for n in range(1, 71)])
    assert [result[0].learner_id for result in again[:39] + again[40:]] == [
        f"u.learner{n}" for n in range(1, 71) if n != 40
    ]
    assert again[39] == (account(140, identity=account(40).identity), True)  # u.learner40 was never stored
    assert len(store.accounts_under(PROVINCE.path)) == 71


def test_a_batch_beyond_one_lookup_finds_people_and_taken_usernames_in_each_part(store):
    # 900 accounts are looked up in three SQLite statements: someone already there, and a username someone has,
    # in the second and third.
    store.add_account(account(1500, identity=account(500).identity))
    store.add_account(account(1800).model_copy(update={"username": "hocvien800"}))
    results = store.add_accounts([account(n) for n in range(900)])
    assert [n for n, result in enumerate(results) if result is None] == [800]
    assert [n for n, result in enumerate(results) if result and not result[1]] == [500]
    assert results[500][0].learner_id == "u.learner1500"
    assert len(store.accounts_under(PROVINCE.path)) == 900  # 898 new beside the two there before


def test_a_batch_with_an_id_someone_has_stores_the_others(tmp_path):
    # A drawn learner id already used (1 in 2^96) fails that account alone, as when accounts are added one by one.
    from functions.stores.sqlite.accounts import SQLiteAccounts

    sqlite_accounts = SQLiteAccounts(tmp_path / "hocso.sqlite3")
    sqlite_accounts.put_units([PROVINCE, COMMUNE, OTHER])
    sqlite_accounts.add_account(account(2))
    twin = account(3).model_copy(update={"learner_id": "u.learner2"})
    assert sqlite_accounts.add_accounts([account(1), twin, account(4)]) == [
        (account(1), True),
        None,
        (account(4), True),
    ]
    assert [a.learner_id for a in sqlite_accounts.accounts_under(PROVINCE.path)] == [
        "u.learner1",
        "u.learner2",
        "u.learner4",
    ]


def test_an_import_batch_never_checkpoints_in_its_commit_and_a_refused_one_is_undone(tmp_path):
    # An import's batches, like every other write, leave copying the log back to the file's checkpoint thread
    # (`functions.stores.sqlite.checkpoints`): no commit of theirs waits for it; a batch refused half way is undone.
    from functions.stores.sqlite.accounts import SQLiteAccounts

    sqlite_accounts = SQLiteAccounts(tmp_path / "hocso.sqlite3")
    sqlite_accounts.put_units([PROVINCE, COMMUNE, OTHER])
    added = sqlite_accounts.add_accounts([account(n) for n in range(3)])
    assert [result[1] for result in added if result] == [True] * 3
    assert sqlite_accounts._db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    with pytest.raises(ValueError):
        sqlite_accounts.add_accounts([account(7), account(8, identity=account(7).identity)])
    assert len(sqlite_accounts.accounts_under(PROVINCE.path)) == 3  # the refused batch undone
    sqlite_accounts.close()


def test_a_batch_naming_one_person_twice_is_refused(store):
    with pytest.raises(ValueError):
        store.add_accounts([account(1), account(2, identity=account(1).identity)])
    assert store.accounts_under(PROVINCE.path) == []
