"""The dependencies every function app shares, as Annotated aliases; tests swap them through `app.dependency_overrides`.

They are `async def` on purpose: FastAPI runs a plain `def` dependency in its threadpool, a thread hop per
dependency per request, which measured a third of a submission's time here. Stores open on first use and stay
open for the life of the process (or Lambda container); a function opens only those its routes ask for. The
certificates function's aliases live in its own app, so no other function imports the signing library.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Callable

from fastapi import Depends

from functions.accounts.store import AccountStore
from functions.attempts import Store as StoreContract
from functions.audit import AuditStore
from functions.bank import BankShelf
from functions.reports.tally import TallyStore
from functions.settings import Settings, get_settings
from functions.stores import open_accounts, open_audit, open_certificates, open_store, open_tally

if TYPE_CHECKING:
    from functions.blobs import Blobs as BlobsContract
    from functions.certificates.issuance import CertificateStore
    from functions.certificates.keys import KeyRing


@lru_cache(maxsize=4)
def _store(settings: Settings) -> StoreContract:
    return open_store(settings)


@lru_cache(maxsize=4)
def _accounts(settings: Settings) -> AccountStore:
    return open_accounts(settings)


@lru_cache(maxsize=4)
def _certificates(settings: Settings) -> CertificateStore:
    return open_certificates(settings)


@lru_cache(maxsize=4)
def _tally(settings: Settings) -> TallyStore:
    return open_tally(settings)


@lru_cache(maxsize=4)
def _audit(settings: Settings) -> AuditStore:
    return open_audit(settings)


@lru_cache(maxsize=4)
def _shelf(settings: Settings) -> BankShelf:
    return BankShelf(settings.bank_dir)


@lru_cache(maxsize=4)
def _secret(settings: Settings) -> str:
    return settings.token_secret()


@lru_cache(maxsize=4)
def _blobs(settings: Settings) -> BlobsContract:
    from functions.blobs import open_blobs

    return open_blobs(settings)


@lru_cache(maxsize=4)
def _keys(settings: Settings) -> KeyRing:
    from functions.certificates import keys

    return keys.load(settings.keys_dir, datetime.now(timezone.utc).date(), settings.local, settings.signing_keys_value)


async def get_settings_dep() -> Settings:
    return get_settings()


async def get_store() -> StoreContract:
    """Attempts and lesson progress."""
    return _store(get_settings())


async def get_accounts() -> AccountStore:
    return _accounts(get_settings())


async def get_certificates() -> CertificateStore:
    return _certificates(get_settings())


async def get_tally() -> TallyStore:
    """Progress counters for the reports."""
    return _tally(get_settings())


async def get_audit() -> AuditStore:
    """The audit trail of who saw or exported personal data."""
    return _audit(get_settings())


async def get_banks() -> BankShelf:
    """The shelf of published banks."""
    return _shelf(get_settings())


async def get_token_secret() -> Callable[[], str]:
    """The key that signs sign-in tokens, fetched only when a token is made or read: a guest's request needs none."""
    settings = get_settings()
    return lambda: _secret(settings)


async def get_blobs() -> BlobsContract:
    return _blobs(get_settings())


async def get_keys() -> KeyRing:
    return _keys(get_settings())


async def get_clock() -> Callable[[], datetime]:
    return lambda: datetime.now(timezone.utc)


async def get_rng() -> random.Random:
    return random.SystemRandom()


Store = Annotated[StoreContract, Depends(get_store)]
Accounts = Annotated[AccountStore, Depends(get_accounts)]
Tally = Annotated[TallyStore, Depends(get_tally)]
Audit = Annotated[AuditStore, Depends(get_audit)]
Banks = Annotated[BankShelf, Depends(get_banks)]
TokenSecret = Annotated[Callable[[], str], Depends(get_token_secret)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
Clock = Annotated[Callable[[], datetime], Depends(get_clock)]
Rng = Annotated[random.Random, Depends(get_rng)]
