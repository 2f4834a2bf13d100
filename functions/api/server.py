"""The local, one-process system: the built site at `/` and every function app under `/api`."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from functions.api.accounts.app import create_app as create_accounts_app
from functions.api.admin.app import create_app as create_admin_app
from functions.api.bodies import BodyLimit
from functions.api.certificates.app import create_app as create_certificates_app
from functions.api.deps.blobs import local_blobs
from functions.api.deps.jobs import get_dispatcher
from functions.api.events.app import create_app as create_events_app
from functions.api.files import create_files_app
from functions.api.openapi import merged
from functions.api.progress.app import create_app as create_progress_app
from functions.api.quiz.app import create_app as create_quiz_app
from functions.settings import get_settings

SWITCH_INTERVAL = 0.0005
"""Seconds a thread holding the GIL runs before another may take it (Python's default is 0.005)."""
LOOP = "asyncio"
"""The event loop uvicorn serves this process on: asyncio's own, not uvloop. libuv (inside uvloop) takes in one waiting
connection a turn, so when many connect at once the last waits while every turn serves the ones before; asyncio's
takes them all. Over 15 s of 32 connections submitting, at the same rate and CPU a request, asyncio's p99 was
1.2-1.5 times the mean wait and its slowest request 54 ms, uvloop's 2.0 times and 450 ms (docs/scale.md, 2.8)."""


class Functions:
    """Sends each request under `/api` to the app that owns its first path segment, as API Gateway routes do.
    The apps are FastAPI's: their OpenAPI documents are merged into one."""

    def __init__(self, apps: dict[str, ASGIApp], fallback: ASGIApp) -> None:
        self.apps = apps
        self.fallback = fallback
        self._document: dict | None = None

    def openapi(self) -> dict:
        """The OpenAPI document of every app behind this dispatcher."""
        if self._document is None:
            documented = {id(app): app for app in self.apps.values() if isinstance(app, FastAPI)}
            self._document = merged(list(documented.values()))
        return self._document

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")[len(scope.get("root_path", "")) :] if scope["type"] == "http" else ""
        if path == "/openapi.json":
            await JSONResponse(self.openapi())(scope, receive, send)
            return
        segment = path.lstrip("/").split("/", 1)[0]
        await self.apps.get(segment, self.fallback)(scope, receive, send)


def create_functions() -> Functions:
    """All function apps behind one dispatcher; background jobs run in threads of this process."""
    from functions.jobs.inprocess import InProcess

    quiz = create_quiz_app()
    admin = create_admin_app()
    if not get_settings().jobs_function:
        worker = InProcess()
        admin.dependency_overrides[get_dispatcher] = lambda: worker
    apps: dict[str, ASGIApp] = {
        "quiz": quiz,
        "health": quiz,
        "progress": create_progress_app(),
        "accounts": create_accounts_app(),
        "certificates": create_certificates_app(),
        "admin": admin,
        "events": create_events_app(),
        "files": create_files_app(local_blobs),  # S3's signed forms and links, played by this process
    }
    # What is made so far (modules, apps, models) lives as long as the process. Frozen out of the collector, no full
    # collection walks it again: one over everything stalled the event loop 100-190 ms (every request in flight
    # waiting on it) about once per 2,500 submissions here. Collected first, so no garbage is frozen with it.
    gc.collect()
    gc.freeze()
    return Functions(apps, fallback=quiz)


def create_server(site_dir: Path) -> Starlette:
    """One ASGI app serving `site_dir` and the functions, as CloudFront and API Gateway do on AWS."""
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir}/index.html is missing: build the site first (mkdocs build)")
    # An import parses and checks rows in a worker thread, holding the GIL; every step of a page-open on the event
    # loop then waits up to the switch interval for it (5 ms by default, tens of steps per request). One process
    # serves everything here, so the loop is given its turns sooner; pure-Python throughput barely changes.
    sys.setswitchinterval(SWITCH_INTERVAL)
    return Starlette(
        routes=[
            Mount("/api", app=create_functions()),
            Mount("/", app=StaticFiles(directory=site_dir, html=True)),
        ],
        # Bodies bounded before anything reads them; compressed as CloudFront would: a lesson page is a third of its
        # size over a commune's 3G. A poster's short link `/q/<id>/` is a copy of its page in the site: no redirect.
        middleware=[Middleware(BodyLimit), Middleware(GZipMiddleware, minimum_size=500)],
    )
