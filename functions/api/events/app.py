"""The events function's FastAPI app: count an anonymous page open or QR scan, publish the counts.

No route asks who is calling and none sets a cookie. An event is checked before anything is stored: its id must be
one the site published (`functions.published`), its place one of the id's day's places or a new one within the
bound, and its sender (the address, read for this alone and kept only in memory) within the minute's allowance
(`functions.api.events.limiter`). See `functions.reach` for what is counted, why the counts are an upper bound, and the
most a flood can store.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Query, Request, Response
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from functions import VIETNAM
from functions.api import http
from functions.api.deps.core import Clock
from functions.api.events.limiter import MinuteLimiter
from functions.api.events.schemas import OpenEvent, ScanEvent
from functions.clients import address_key, viewer_address
from functions.errors import ERRORS, ApiError, error_body
from functions.published import FILE, PublishedIds
from functions.reach import CURSOR, MAX_BODY, MAX_PAGE, PAGE_SIZE, ReachStore, ReachSummary, TooManyPlaces, last_day
from functions.settings import Settings, get_settings
from functions.stores.reach import open_reach

log = logging.getLogger("hocso.events")


@lru_cache(maxsize=4)
def _reach(settings: Settings) -> ReachStore:
    return open_reach(settings)


async def get_reach() -> ReachStore:
    """The reach counters, opened on first use and kept for the life of the process (or Lambda container)."""
    return _reach(get_settings())


@lru_cache(maxsize=4)
def _published(settings: Settings) -> PublishedIds:
    return PublishedIds(settings.ids_file or settings.bank_dir / FILE)


async def get_published() -> frozenset[str]:
    """The short ids the site published, read once for the life of the process (or Lambda container), again when the
    build rewrites them."""
    return _published(get_settings()).get()


@lru_cache(maxsize=4)
def _limiter(settings: Settings) -> MinuteLimiter:
    return MinuteLimiter(settings.events_per_minute)


async def get_limiter() -> MinuteLimiter:
    """The events one client may add in a minute, counted in this process's memory."""
    return _limiter(get_settings())


@lru_cache(maxsize=1)
def _missing(header: str) -> None:
    """Say once per process (not once per event of a flood) that the viewer's address does not arrive."""
    log.warning("%s is missing on requests from CloudFront: the per-address allowance does not apply", header)


async def get_sender(request: Request) -> str | None:
    """The key the sender is counted under: the address in the proxy's header when one is configured
    (`HOCSO_CLIENT_HEADER`; CloudFront's form is `<address>:<port>`), else the connection's peer. None when a request
    came through CloudFront without that header: its peer is a CloudFront edge that many viewers share, so it is left
    to the edge's limits rather than refuse them all at one viewer's allowance."""
    header = get_settings().client_header
    if header and not request.headers.get(header) and "x-amz-cf-id" in request.headers:
        _missing(header)
        return None
    peer = request.client.host if request.client else None
    return address_key(viewer_address(peer, request.headers, header=header, behind_proxy=False))


Reach = Annotated[ReachStore, Depends(get_reach)]
Published = Annotated[frozenset[str], Depends(get_published)]
Limiter = Annotated[MinuteLimiter, Depends(get_limiter)]
Sender = Annotated[str | None, Depends(get_sender)]
Event = Annotated[OpenEvent | ScanEvent, Body(discriminator="kind")]
TOO_LARGE = [{"field": "body", "problem": "too_large"}]
PAGE_LIMIT = f"Ids on the page, the most reached first: {PAGE_SIZE} unless asked, at most {MAX_PAGE}."
PAGE_CURSOR = "The `next` of the page before (`<reach>.<id>`); none for the first page."
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
            await JSONResponse(error_body("invalid_request", TOO_LARGE), status_code=ERRORS["invalid_request"][0])(
                scope, receive, send
            )
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


def _responses(*codes: str, body: bool = False) -> dict[int | str, dict[str, Any]]:
    """The error answers of these routes: `codes`, and those of every route less the learner check they never make."""
    every = http.responses(*codes, body=body).items()
    return {status: entry for status, entry in every if status != ERRORS["learner_required"][0]}


def create_app() -> FastAPI:
    """A new events app; the counters open on the first request, from the settings."""
    app = http.new_app("events", "Đếm lượt mở trang và lượt quét mã QR (ẩn danh), và công bố số liệu tổng hợp.")
    app.add_middleware(BeaconBodies)

    refusals = ("event_id_unknown", "event_place_limit", "events_too_many")

    @app.post("/events", status_code=204, response_class=Response, responses=_responses(*refusals, body=True))
    async def count_event(
        event: Event, reach: Reach, published: Published, limiter: Limiter, sender: Sender, clock: Clock
    ) -> None:
        """Count one page open or QR scan, on today's date in Vietnam. Anonymous: nothing about the sender is kept.
        A `text/plain` body is read as JSON too (what `navigator.sendBeacon` sends); at most 1 KB. Only the site's
        published ids are counted, one id takes at most 200 places a day, and one sender (address) at most
        `HOCSO_EVENTS_PER_MINUTE` events a minute (120)."""
        if event.id not in published:  # before the allowance: a made-up id costs nothing, not even a slot
            raise ApiError("event_id_unknown", [{"field": "body.id", "problem": "unknown"}])
        if sender is not None and limiter.wait(sender):
            raise ApiError("events_too_many", [{"field": "sender", "problem": "too_many"}])
        place = event.place if isinstance(event, ScanEvent) else None
        try:
            reach.add(event.id, event.kind, place, clock().astimezone(VIETNAM).date())
        except TooManyPlaces:
            raise ApiError("event_place_limit", [{"field": "body.place", "problem": "too_many"}]) from None

    @app.get("/events/summary", responses=_responses())
    async def read_summary(
        reach: Reach,
        from_day: Annotated[date, Query(alias="from", description="First day counted (YYYY-MM-DD, Vietnam).")],
        to_day: Annotated[date, Query(alias="to", description=LAST_DAY)],
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=PAGE_LIMIT)] = PAGE_SIZE,
        cursor: Annotated[str | None, Query(pattern=CURSOR, description=PAGE_CURSOR)] = None,
    ) -> ReachSummary:
        """Opens and scans over the days asked for: totals and per day, then a page of short ids, the most reached
        first, each with its days and its most scanned places. The answer's `next` asks for the following page.
        Public: counts only, nothing about any person."""
        return reach.summary(from_day, last_day(from_day, to_day), limit, cursor)

    return app
