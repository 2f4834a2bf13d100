"""The events function's FastAPI app: count an anonymous page open or QR scan, publish the counts.

No route asks who is calling, none sets a cookie, and nothing about the caller (address, browser, learner id) is read:
see `functions.reach` for what is counted, why the counts are an upper bound, and how a report reads them.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Query, Response
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from functions import VIETNAM, http
from functions.deps import Clock
from functions.errors import ERRORS, error_body
from functions.events.schemas import OpenEvent, ScanEvent
from functions.reach import MAX_BODY, ReachStore, ReachSummary, last_day
from functions.settings import Settings, get_settings


def open_reach(settings: Settings) -> ReachStore:
    """The reach counters of the configured backend; each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite_reach import SQLiteReach

        return SQLiteReach(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb_reach import DynamoDBReach

        return DynamoDBReach(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise ValueError(f"unknown store {settings.store!r}; expected 'sqlite' or 'dynamodb'")


@lru_cache(maxsize=4)
def _reach(settings: Settings) -> ReachStore:
    return open_reach(settings)


async def get_reach() -> ReachStore:
    """The reach counters, opened on first use and kept for the life of the process (or Lambda container)."""
    return _reach(get_settings())


Reach = Annotated[ReachStore, Depends(get_reach)]
Event = Annotated[OpenEvent | ScanEvent, Body(discriminator="kind")]
TOO_LARGE = [{"field": "body", "problem": "too_large"}]
LAST_DAY = "Last day counted, included. A summary covers at most 366 days: the answer's `to_day` says where it stopped."


class BeaconBodies:
    """Reads a POST body the way beacons send it: refused past `MAX_BODY` bytes before any more is read, and a
    `text/plain` body taken as the JSON it holds (`navigator.sendBeacon` sends a string as text/plain, the one body
    type a browser never holds back for a CORS check)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = MutableHeaders(scope=scope)
        declared = headers.get("content-length", "")
        body, more = b"", True
        too_large = declared.isdigit() and int(declared) > MAX_BODY
        while more and not too_large:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away: there is no one to answer
            body += message.get("body", b"")
            more = message.get("more_body", False)
            too_large = len(body) > MAX_BODY
        if too_large:
            await JSONResponse(error_body("invalid_request", TOO_LARGE), status_code=ERRORS["invalid_request"][0])(scope, receive, send)
            return
        if headers.get("content-type", "").split(";")[0].strip().lower() == "text/plain":
            headers["content-type"] = "application/json"
        read = False

        async def replay() -> Message:
            nonlocal read
            if read:
                return await receive()
            read = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _responses(body: bool = False) -> dict[int | str, dict[str, Any]]:
    """The error answers of these routes: those of every route, less the learner check they never make."""
    return {status: entry for status, entry in http.responses(body=body).items() if status != ERRORS["learner_required"][0]}


def create_app() -> FastAPI:
    """A new events app; the counters open on the first request, from the settings."""
    app = http.new_app("events", "Đếm lượt mở trang và lượt quét mã QR (ẩn danh), và công bố số liệu tổng hợp.")
    app.add_middleware(BeaconBodies)

    @app.post("/events", status_code=204, response_class=Response, responses=_responses(body=True))
    async def count_event(event: Event, reach: Reach, clock: Clock) -> None:
        """Count one page open or QR scan, on today's date in Vietnam. Anonymous: nothing about the sender is kept.
        A `text/plain` body is read as JSON too (what `navigator.sendBeacon` sends); at most 1 KB."""
        place = event.place if isinstance(event, ScanEvent) else None
        reach.add(event.id, event.kind, place, clock().astimezone(VIETNAM).date())

    @app.get("/events/summary", responses=_responses())
    async def read_summary(
        reach: Reach,
        from_day: Annotated[date, Query(alias="from", description="First day counted (YYYY-MM-DD, Vietnam).")],
        to_day: Annotated[date, Query(alias="to", description=LAST_DAY)],
    ) -> ReachSummary:
        """Opens and scans over the days asked for: totals, per day, per short id with scans per poster place.
        Public: counts only, nothing about any person."""
        return reach.summary(from_day, last_day(from_day, to_day))

    return app
