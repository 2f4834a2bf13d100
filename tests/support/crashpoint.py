"""A hocso process that dies at a chosen point, for the crash tests: the functions under uvicorn, or the command line.

    python -m tests.support.crashpoint server PORT
    python -m tests.support.crashpoint cli import-learners danh-sach.csv ...

`HOCSO_CRASH` names the point as `<module>:<attribute path>:<before|after>:<n>:<kill|fail>`, for instance
`functions.stores.sqlite.accounts:SQLiteAccounts.add_accounts:after:2:kill`: right after the second call returns,
the process sends itself SIGKILL (nothing runs after it: no `finally`, no flush), as an out-of-memory kill or a
power cut would. `fail` raises instead, as a store that stops answering would, and the process lives on. Counting
calls makes the point the same on every run, whatever the machine's speed. `HOCSO_CRASH_CHUNK` sets the rows an
import stores per call (`roster.CHUNK`), so that a small file spans several calls.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys


class InjectedFailure(ConnectionError):
    """The store "stopped answering" at the injected point."""


def install(spec: str) -> None:
    """Wrap the attribute `spec` names so that its n-th call kills the process or fails."""
    module_name, path, when, nth, action = spec.split(":")
    owner = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    original = getattr(owner, name)
    calls = [0]

    def strike() -> None:
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise InjectedFailure(f"injected failure at {path}")

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        calls[0] += 1
        hit = calls[0] == int(nth)
        if hit and when == "before":
            strike()
        result = original(*args, **kwargs)
        if hit and when == "after":
            strike()
        return result

    setattr(owner, name, wrapper)


def main() -> None:
    if os.environ.get("HOCSO_CRASH"):
        install(os.environ["HOCSO_CRASH"])
    if os.environ.get("HOCSO_CRASH_CHUNK"):
        from functions.enrolment import roster

        roster.CHUNK = int(os.environ["HOCSO_CRASH_CHUNK"])
    what, *rest = sys.argv[1:]
    if what == "server":
        import uvicorn

        from functions.api.server import LOOP, create_functions

        uvicorn.run(create_functions(), host="127.0.0.1", port=int(rest[0]), log_level="warning", loop=LOOP)
    else:
        from hocso.cli import main as cli

        sys.argv = ["hocso", *rest]
        sys.exit(cli())


if __name__ == "__main__":
    main()
