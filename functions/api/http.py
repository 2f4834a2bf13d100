"""The HTTP edge every function app shares: failures of any kind become the JSON error shape of `functions.errors`.

Each app answers every failure, ours or the framework's, as
`{"error": {"code": ..., "message": ..., "details": [...]}}`; nothing else reaches the client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.telemetry import TelemetryConfig
from starlette.exceptions import HTTPException as StarletteHTTPException

from functions.api import compat
from functions.api.origin import OriginCheck
from functions.errors import ERRORS, ApiError, ErrorResponse, error_body

log = logging.getLogger("hocso.functions")

# Before any route is declared: every module that declares one imports this one first. Not in `functions.api`'s own
# `__init__`, which the jobs function imports too and whose package holds no web framework.
compat.install()

NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}
"""FastAPI's own OpenTelemetry, off: hocso sets up no provider, yet FastAPI asked for the three global ones on every
request to find that out. Lambda's own metrics and logs (CloudWatch) are what the deploy guide watches."""


def _respond(
    code: str, details: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    # No cache keeps an error (CloudFront ignores no-store on most codes; the distribution's error TTLs see to it).
    headers = {"Cache-Control": "no-store", **(headers or {})}
    return JSONResponse(error_body(code, details), status_code=ERRORS[code][0], headers=headers)


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return _respond(exc.code, exc.details, exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    details = [
        {"field": ".".join(str(part) for part in error["loc"]), "problem": error["type"]} for error in exc.errors()
    ]
    if any(error["type"] == "json_invalid" for error in exc.errors()):
        return _respond("malformed_json", details)
    return _respond("invalid_request", details)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    codes = {404: "not_found", 405: "method_not_allowed"}
    return _respond(codes.get(exc.status_code, "invalid_request"))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _respond("internal_error")


def new_app(name: str, summary: str) -> FastAPI:
    """A function's app: named `hocso <name>`, no Swagger UI (it loads from a CDN), every failure in the one shape."""
    app = FastAPI(
        title=f"hocso {name}", version="1.0", docs_url=None, redoc_url=None, summary=summary, telemetry=NO_TELEMETRY
    )
    install(app)
    return app


def install(app: FastAPI) -> None:
    """Route every failure of an app through the table above."""
    # Starlette types every handler as taking any Exception, though it calls each with the class it is registered
    # for (encode/starlette#2417): a handler of a subclass is refused by type checkers, not at run time.
    app.add_exception_handler(ApiError, _api_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
    # Outside everything else: a request that went around CloudFront is refused before its body is read.
    app.add_middleware(OriginCheck)


def responses(*codes: str, body: bool = False) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error codes a route can answer with, plus those every route can (bad input)."""
    every = ("learner_required", "invalid_request", "internal_error") + (("malformed_json",) if body else ())
    # Whatever takes a token refuses one that sign-out, a password change or a reset has ended.
    ended = ("session_ended",) if "account_required" in codes else ()
    documented: dict[int | str, dict[str, Any]] = {}
    for code in every + codes + ended:
        status = ERRORS[code][0]
        entry = documented.setdefault(status, {"model": ErrorResponse, "description": ""})
        entry["description"] = ", ".join(filter(None, [entry["description"], code]))
    return documented
