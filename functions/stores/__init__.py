"""Storage backends. Each concern (attempts and progress, accounts, certificates, counters, audit, reach) has a
Protocol beside its logic, one opener here (`functions.stores.<concern>`) and one adapter per backend in `sqlite/` and
`dynamodb/`. A function imports only the openers of the stores it uses, and an opener imports a backend only when it is
chosen: the Lambda packager (`infra/package.py`) finds a function's modules by reading its import statements, lazy ones
included, so one opener per module keeps each package to its own adapters.
"""

from __future__ import annotations

from functions.settings import Settings


def unknown(settings: Settings) -> ValueError:
    """The error for a store name that is neither backend."""
    return ValueError(f"unknown store {settings.store!r}; expected 'sqlite' or 'dynamodb'")
