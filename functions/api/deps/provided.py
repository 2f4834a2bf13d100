"""A dependency's value read directly, for a route that gathers what it needs in one dependency of its own.

FastAPI solves every node of a route's dependency tree again on each request (its cache key recomputed, its
parameters matched, a coroutine awaited): on the submit route, ten nodes were a third of a submission's time. A route
on the hot path therefore takes one dependency that asks for the values itself, through `provided`, which honours
`app.dependency_overrides` exactly as FastAPI does, so tests swap the same dependencies as before.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from starlette.requests import Request


async def provided(request: Request, dependency: Callable[[], Any]) -> Any:
    """What `dependency` (one taking no parameters) gives in the request's app: its override when one is set."""
    call = request.app.dependency_overrides.get(dependency, dependency)
    value = call()
    return await value if inspect.isawaitable(value) else value
