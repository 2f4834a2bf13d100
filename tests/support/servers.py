"""Real servers on 127.0.0.1 for the integration tests: a free port, a process started and stopped, and threads
released together against it."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.paths import ROOT


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def functions_server(port: int) -> list[str]:
    """The command that serves every function (no site) with uvicorn on 127.0.0.1:`port`, on the event loop
    `hocso serve` runs (here, not at import: conftest imports this module, and the server module imports every app)."""
    from functions.api.server import LOOP

    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--loop",
        LOOP,
        "--factory",
        "functions.api.server:create_functions",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]


@contextmanager
def running(argv: list[str], env: dict[str, str], health: str, **popen) -> Iterator[subprocess.Popen]:
    """A server process started from `argv` in the repository, once `health` answers 200 (within 30 s); terminated
    on leaving."""
    import httpx2 as httpx

    process = subprocess.Popen(argv, cwd=ROOT, env=env, **popen)
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if httpx.get(health).status_code == 200:
                    break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{argv[2:4]} did not start") from None
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def run_together(count: int, work) -> list:
    """Run `work(n)` in `count` threads released at the same instant; collect results or exceptions."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(n):
        barrier.wait()
        try:
            outcomes[n] = work(n)
        except Exception as exc:  # the caller inspects which calls were refused
            outcomes[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
