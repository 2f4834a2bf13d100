"""Units and accounts in the embedded SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from functions.accounts.account import Account, Unit
from functions.accounts.store import DETAILS, RENEWED, SIGNIN, UsernameTaken, check_distinct, moved, taken_identity
from functions.stores.sqlite.rounds import SCHEMA as ROUNDS_SCHEMA
from functions.stores.sqlite.rounds import SQLiteRounds

SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    code TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    learner_id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    unit_code TEXT NOT NULL,
    unit_path TEXT NOT NULL,
    identity TEXT NOT NULL,
    cohort TEXT,
    body TEXT NOT NULL,
    UNIQUE (unit_code, identity)
);
CREATE INDEX IF NOT EXISTS accounts_by_path ON accounts (unit_path, username);
CREATE TABLE IF NOT EXISTS signin_strikes (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS signin_strikes_by_expiry ON signin_strikes (expires_at);
"""
TOKEN_VERSION = "SELECT coalesce(json_extract(body, '$.token_version'), 0) FROM accounts WHERE learner_id = :learner"
"""An account's token version by learner id (no row when there is no account): one field out of the JSON body by the
primary key, without building the whole account."""
CHUNK = 2_000
"""Accounts `add_accounts` writes in one transaction."""
_PIECE = 400
"""Accounts looked up in one statement: 800 parameters, under the 999 of SQLite builds before 3.32."""


class SQLiteAccounts(SQLiteRounds):
    """Units and accounts; each row's `body` is the model's JSON, beside the columns it is looked up by."""

    SCHEMA = SCHEMA + ROUNDS_SCHEMA

    def put_units(self, units: list[Unit]) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO units (code, path, body) VALUES (?, ?, ?) "
                "ON CONFLICT (code) DO UPDATE SET path = excluded.path, body = excluded.body",
                [(unit.code, unit.path, unit.model_dump_json()) for unit in units],
            )

    def replace_units(self, units: list[Unit]) -> None:
        self.put_units(units)  # one transaction already

    def move_accounts(self, accounts: list[Account], unit: Unit) -> int:
        count = 0
        for start in range(0, len(accounts), CHUNK):
            with self._transaction() as db:
                for account in accounts[start : start + CHUNK]:
                    row = db.execute(
                        "SELECT body FROM accounts WHERE learner_id = ? AND unit_code = ?",
                        (account.learner_id, account.unit_code),
                    ).fetchone()
                    if row is None:  # moved already (a merge run again), or gone
                        continue
                    stored = Account.model_validate_json(row[0])
                    taken = db.execute(
                        "SELECT 1 FROM accounts WHERE unit_code = ? AND identity = ?", (unit.code, stored.identity)
                    ).fetchone()
                    fresh = moved(stored, unit, taken_identity(stored) if taken else stored.identity)
                    db.execute(
                        "UPDATE accounts SET unit_code = ?, unit_path = ?, identity = ?, body = ? WHERE learner_id = ?",
                        (fresh.unit_code, fresh.unit_path, fresh.identity, fresh.model_dump_json(), fresh.learner_id),
                    )
                    count += 1
        return count

    def units(self) -> list[Unit]:
        return [Unit.model_validate_json(body) for (body,) in self._read("SELECT body FROM units ORDER BY code")]

    def unit(self, code: str) -> Unit | None:
        rows = self._read("SELECT body FROM units WHERE code = ?", (code,))
        return Unit.model_validate_json(rows[0][0]) if rows else None

    def add_account(self, account: Account) -> tuple[Account, bool]:
        with self._transaction() as db:
            added = self._add(db, account)
        if added is None:
            raise UsernameTaken(account.username)
        return added

    def add_accounts(self, accounts: list[Account]) -> list[tuple[Account, bool] | None]:
        check_distinct(accounts)
        out: list[tuple[Account, bool] | None] = []
        # A transaction per few thousand: one commit instead of one per account, and other writers wait at most
        # a fraction of a second for the file's write lock.
        for start in range(0, len(accounts), CHUNK):
            with self._transaction() as db:
                out += self._add_many(db, accounts[start : start + CHUNK])
        return out

    @classmethod
    def _add_many(cls, db: sqlite3.Connection, accounts: list[Account]) -> list[tuple[Account, bool] | None]:
        """`_add` for each, in a statement per few hundred rather than two per account (86 µs an account before):
        the people already there and the usernames taken are read at once, then the new rows go in one
        `executemany`. The transaction holds the write lock, so what was read stays true until the inserts."""
        stored: dict[tuple[str, str], str] = {}
        taken: set[str] = set()
        for start in range(0, len(accounts), _PIECE):
            piece = accounts[start : start + _PIECE]
            pairs = [value for account in piece for value in (account.unit_code, account.identity)]
            rows = db.execute(
                f"WITH wanted (unit_code, identity) AS (VALUES {', '.join(['(?, ?)'] * len(piece))}) "
                "SELECT a.unit_code, a.identity, a.body FROM wanted "
                "JOIN accounts a ON a.unit_code = wanted.unit_code AND a.identity = wanted.identity",
                pairs,
            )
            stored.update({(unit_code, identity): body for unit_code, identity, body in rows})
            names = [account.username for account in piece]
            rows = db.execute(f"SELECT username FROM accounts WHERE username IN ({', '.join('?' * len(names))})", names)
            taken.update(name for (name,) in rows)
        out: list[tuple[Account, bool] | None] = []
        updates, inserts = [], []
        for account in accounts:
            body = stored.get((account.unit_code, account.identity))
            if body is not None:
                before = Account.model_validate_json(body)
                updated = before.model_copy(update={name: getattr(account, name) for name in DETAILS})
                updates.append((updated.unit_path, updated.cohort, updated.model_dump_json(), before.learner_id))
                out.append((updated, False))
            elif account.username in taken:  # someone's, or an earlier new account's of this batch: the first has it
                out.append(None)
            else:
                taken.add(account.username)
                inserts.append(
                    (
                        account.learner_id,
                        account.username,
                        account.unit_code,
                        account.unit_path,
                        account.identity,
                        account.cohort,
                        account.model_dump_json(),
                    )
                )
                out.append((account, True))
        db.execute("SAVEPOINT add_many")
        try:
            db.executemany("UPDATE accounts SET unit_path = ?, cohort = ?, body = ? WHERE learner_id = ?", updates)
            db.executemany(
                "INSERT INTO accounts (learner_id, username, unit_code, unit_path, identity, cohort, body) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                inserts,
            )
        except sqlite3.IntegrityError:
            # Only a drawn learner id someone has could get here (1 in 2^96): undo the batch and let each account
            # go in on its own, as `add_account` does.
            db.execute("ROLLBACK TO add_many")
            db.execute("RELEASE add_many")
            return [cls._add(db, account) for account in accounts]
        db.execute("RELEASE add_many")
        return out

    @staticmethod
    def _add(db: sqlite3.Connection, account: Account) -> tuple[Account, bool] | None:
        """`add_account` inside a transaction; None when the username is taken (the failed insert alone is undone)."""
        row = db.execute(
            "SELECT body FROM accounts WHERE unit_code = ? AND identity = ?", (account.unit_code, account.identity)
        ).fetchone()
        if row:
            stored = Account.model_validate_json(row[0])
            updated = stored.model_copy(update={name: getattr(account, name) for name in DETAILS})
            db.execute(
                "UPDATE accounts SET unit_path = ?, cohort = ?, body = ? WHERE learner_id = ?",
                (updated.unit_path, updated.cohort, updated.model_dump_json(), stored.learner_id),
            )
            return updated, False
        try:
            db.execute(
                "INSERT INTO accounts (learner_id, username, unit_code, unit_path, identity, cohort, body) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    account.learner_id,
                    account.username,
                    account.unit_code,
                    account.unit_path,
                    account.identity,
                    account.cohort,
                    account.model_dump_json(),
                ),
            )
        except sqlite3.IntegrityError:
            return None
        return account, True

    def _one(self, column: str, value: str) -> Account | None:
        rows = self._read(f"SELECT body FROM accounts WHERE {column} = ?", (value,))
        return Account.model_validate_json(rows[0][0]) if rows else None

    def account(self, learner_id: str) -> Account | None:
        return self._one("learner_id", learner_id)

    def by_username(self, username: str) -> Account | None:
        return self._one("username", username)

    def token_version(self, learner_id: str) -> int | None:
        rows = self._read(TOKEN_VERSION, {"learner": learner_id})
        return int(rows[0][0]) if rows else None

    def accounts_under(self, unit_path: str, cohort: str | None = None) -> list[Account]:
        # `path >= prefix AND path < prefix + U+FFFF` is a prefix match the index can serve, unlike LIKE with codes
        # that may contain `_`.
        sql = "SELECT body FROM accounts WHERE unit_path >= ? AND unit_path < ?"
        parameters: tuple = (unit_path, unit_path + "\uffff")
        if cohort is not None:
            sql += " AND cohort = ?"
            parameters += (cohort,)
        return [Account.model_validate_json(body) for (body,) in self._read(sql + " ORDER BY username", parameters)]

    def activate(self, learner_id: str, password_hash: str, at: datetime) -> bool:
        with self._transaction() as db:
            row = db.execute("SELECT body FROM accounts WHERE learner_id = ?", (learner_id,)).fetchone()
            if row is None:
                return False
            account = Account.model_validate_json(row[0])
            if account.activated or account.activation_hash is None:
                return False
            done = account.model_copy(
                update={
                    "password_hash": password_hash,
                    "activation_hash": None,
                    "activated_at": at,
                    "failures": 0,
                    "locked_until": None,
                }
            )
            db.execute("UPDATE accounts SET body = ? WHERE learner_id = ?", (done.model_dump_json(), learner_id))
            return True

    def set_signin(self, account: Account) -> None:
        with self._transaction() as db:
            row = db.execute("SELECT body FROM accounts WHERE learner_id = ?", (account.learner_id,)).fetchone()
            if row is None:
                raise LookupError(account.learner_id)
            stored = Account.model_validate_json(row[0])
            updated = stored.model_copy(update={name: getattr(account, name) for name in SIGNIN})
            db.execute(
                "UPDATE accounts SET body = ? WHERE learner_id = ?", (updated.model_dump_json(), account.learner_id)
            )

    def reissue_codes(self, codes: dict[str, tuple[str, str]]) -> set[str]:
        changed: set[str] = set()
        ids = list(codes)
        for start in range(0, len(ids), CHUNK):
            with self._transaction() as db:
                for learner_id in ids[start : start + CHUNK]:
                    old, new = codes[learner_id]
                    row = db.execute("SELECT body FROM accounts WHERE learner_id = ?", (learner_id,)).fetchone()
                    account = Account.model_validate_json(row[0]) if row else None
                    if (
                        account is None
                        or not account.awaiting_slip
                        or account.activated
                        or account.activation_hash != old
                    ):
                        continue
                    fresh = account.model_copy(update={"activation_hash": new}).model_dump_json()
                    db.execute("UPDATE accounts SET body = ? WHERE learner_id = ?", (fresh, learner_id))
                    changed.add(learner_id)
        return changed

    def renew(self, renewals: dict[str, tuple[Account, Account]]) -> set[str]:
        renewed: set[str] = set()
        ids = list(renewals)
        for start in range(0, len(ids), CHUNK):
            with self._transaction() as db:
                for learner_id in ids[start : start + CHUNK]:
                    read, new = renewals[learner_id]
                    row = db.execute("SELECT body FROM accounts WHERE learner_id = ?", (learner_id,)).fetchone()
                    account = Account.model_validate_json(row[0]) if row else None
                    if account is None or any(getattr(account, name) != getattr(read, name) for name in RENEWED):
                        continue
                    fresh = account.model_copy(
                        update={name: getattr(new, name) for name in RENEWED}
                        | {"token_version": account.token_version + 1}
                    )
                    db.execute(
                        "UPDATE accounts SET body = ? WHERE learner_id = ?", (fresh.model_dump_json(), learner_id)
                    )
                    renewed.add(learner_id)
        return renewed

    def slips_kept(self, codes: dict[str, str]) -> set[str]:
        kept: set[str] = set()
        ids = list(codes)
        for start in range(0, len(ids), CHUNK):
            with self._transaction() as db:
                for learner_id in ids[start : start + CHUNK]:
                    row = db.execute("SELECT body FROM accounts WHERE learner_id = ?", (learner_id,)).fetchone()
                    account = Account.model_validate_json(row[0]) if row else None
                    if account is None or account.activation_hash != codes[learner_id]:
                        continue
                    if account.awaiting_slip:
                        done = account.model_copy(update={"awaiting_slip": False}).model_dump_json()
                        db.execute("UPDATE accounts SET body = ? WHERE learner_id = ?", (done, learner_id))
                    kept.add(learner_id)
        return kept

    def strike(self, key: str, now: datetime, waits: list[int], expires_at: datetime) -> int | None:
        # One statement decides and counts: the wait after the stored count is looked up in the same UPDATE that
        # adds one, so parallel tries cannot both pass a read of the same count.
        # No wait means no comparison of times: a try whose clock read a moment before a parallel one's still passes.
        cases = " ".join(f"WHEN {n} THEN ?" for n in range(len(waits) - 1))
        wait = f"(CASE failures {cases} ELSE ? END)" if cases else "?"
        with self._transaction() as db:
            db.execute("DELETE FROM signin_strikes WHERE expires_at <= ?", (now.timestamp(),))
            row = db.execute(
                "INSERT INTO signin_strikes (key, failures, last_at, expires_at) VALUES (?, 1, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET failures = failures + 1, last_at = max(last_at, excluded.last_at) "
                f"WHERE {wait} = 0 OR last_at + {wait} <= excluded.last_at RETURNING failures",
                (key, now.timestamp(), expires_at.timestamp(), *waits, *waits),
            ).fetchone()
        return row[0] if row else None

    def strikes(self, key: str) -> tuple[int, datetime] | None:
        rows = self._read("SELECT failures, last_at FROM signin_strikes WHERE key = ?", (key,))
        return (rows[0][0], datetime.fromtimestamp(rows[0][1], UTC)) if rows else None

    def pardon(self, key: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE signin_strikes SET failures = failures - 1 WHERE key = ? AND failures > 0", (key,))

    def forgive(self, key: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM signin_strikes WHERE key = ?", (key,))
