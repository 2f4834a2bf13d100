"""An attempt's sheet and its learner's token version in one read, where the two stores keep them in one place.

The save and submit routes, a test's twenty-odd calls, each need both: the caller's token version (`identity`) and the
attempt as grading reads it. Where the attempts and the accounts live in one SQLite file, one statement reads both;
in one DynamoDB table, one BatchGetItem (one round trip from the Lambda instead of two). A store pairs only with an
account store of its own kind on its own file or table (`sheet_with_version` answers None otherwise: a test's
stand-in, stores opened on two files), and then each is read on its own, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from functions.accounts.store import AccountStore
    from functions.attempts import Sheet, Store


def sheet_and_version(
    store: Store, accounts: AccountStore, attempt_id: str, learner_id: str
) -> tuple[Sheet | None, int | None]:
    """The attempt's sheet (None when there is no such attempt) and the learner's token version (None when there is no
    such account)."""
    both = store.sheet_with_version(accounts, attempt_id, learner_id)
    if both is not None:
        return both
    return store.sheet(attempt_id), accounts.token_version(learner_id)
