"""Who is calling: a signed-in account (a bearer token from the accounts function) or a guest.

A guest is a random id the browser keeps (header `X-Hocso-Learner`): anyone may practise a test, but only an
account's attempts count towards a certificate and the reports. Account ids contain a `.`, which a guest id may not,
so a guest cannot pose as an account. This module is the one place that decides identity.

A token is alive while its version is the account's: signing out, changing the password and a reset raise the
account's `token_version`, and every request that carries a token reads it (one small read by key, no cache, so no
staleness), whichever function and route it reaches. A guest's request reads nothing.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, NamedTuple

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from functions.accounts import tokens
from functions.accounts.store import AccountStore
from functions.api.deps.accounts import get_accounts
from functions.api.deps.core import SettingsDep, get_clock
from functions.api.deps.provided import provided
from functions.api.deps.tokens import get_token_secret
from functions.clients import viewer_address
from functions.errors import ApiError

LEARNER_HEADER = "X-Hocso-Learner"
_GUEST = "Mã khách ngẫu nhiên do trình duyệt giữ (khi chưa đăng nhập)."
_LEARNER_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
_bearer = HTTPBearer(auto_error=False, description="Mã đăng nhập nhận được khi kích hoạt hoặc đăng nhập.")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def account_claims(request: Request, credentials: Bearer) -> tokens.Claims | None:
    """The claims of a signed-in caller, or None for a guest (whose steps the reports do not count); 401 for a token
    that is forged or ran out (`account_required`) or was ended by sign-out, a password change or a reset
    (`session_ended`). FastAPI runs it once per request, so the token is read once however many use it. The secret,
    the clock and the accounts are read through `provided`, not as three more nodes FastAPI solves per request."""
    if credentials is None:
        return None
    claims = await _genuine(request, credentials)
    accounts: AccountStore = await provided(request, get_accounts)
    return current(claims, accounts.token_version(claims.learner_id))


async def _genuine(request: Request, credentials: HTTPAuthorizationCredentials) -> tokens.Claims:
    """The token's claims, its signature and expiry checked; 401 `account_required` otherwise."""
    secret = (await provided(request, get_token_secret))()
    now = (await provided(request, get_clock))()
    claims = tokens.read(credentials.credentials, secret, now)
    if claims is None:
        raise ApiError("account_required")
    return claims


def current(claims: tokens.Claims, version: int | None) -> tokens.Claims:
    """The claims of a token still alive: `version` is its account's token version as read now (None: no account);
    401 `session_ended` when the account has moved on (sign-out, a password change, a reset) or is gone."""
    if version != claims.version:
        raise ApiError("session_ended")
    return claims


MaybeAccount = Annotated[tokens.Claims | None, Depends(account_claims)]


GuestHeader = Annotated[str | None, Header(description=_GUEST)]


def learner_id_of(claims: tokens.Claims | None, guest: str | None) -> str:
    """The account's learner id, or the guest id; 401 when neither is present and well formed."""
    if claims is not None:
        return claims.learner_id
    if guest is None or not _LEARNER_ID.fullmatch(guest):
        raise ApiError("learner_required")
    return guest


async def current_learner(claims: MaybeAccount, x_hocso_learner: GuestHeader = None) -> str:
    """The account's learner id, or the guest id; 401 when neither is present and well formed."""
    return learner_id_of(claims, x_hocso_learner)


class Caller(NamedTuple):
    """Who is calling: the learner id (an account's or a guest's) and the account's claims (None for a guest)."""

    learner_id: str
    account: tokens.Claims | None


async def caller(claims: MaybeAccount, x_hocso_learner: GuestHeader = None) -> Caller:
    """`Learner` and `MaybeAccount` in one: FastAPI solves a dependency's whole subtree again each time a route names
    it, even when its value is cached, so a route taking both paid for the token's subtree twice (a tenth of a
    submission's time)."""
    return Caller(learner_id_of(claims, x_hocso_learner), claims)


async def request_token(request: Request) -> tokens.Claims | None:
    """For a route that reads its caller itself (the save and submit routes): the bearer token's claims as `HTTPBearer`
    and `account_claims` read them, signature and expiry checked (401 `account_required`), None without a token. Its
    version is not read yet: the route reads it beside the attempt (`functions.stores.joint`) and hands it to
    `current` before anything else is decided."""
    credentials = await _bearer(request)
    return None if credentials is None else await _genuine(request, credentials)


def request_learner(request: Request, claims: tokens.Claims | None) -> str:
    """`learner_id_of` for a route that reads its caller itself: the account's, else the guest's header."""
    return learner_id_of(claims, request.headers.get(LEARNER_HEADER))


def documented_caller() -> dict[str, Any]:
    """The `openapi_extra` of such a route: what FastAPI documents for a route taking `Who` (the bearer token, the
    guest's header)."""
    schema = {"anyOf": [{"type": "string"}, {"type": "null"}], "description": _GUEST, "title": LEARNER_HEADER}
    header = {"name": LEARNER_HEADER.lower(), "in": "header", "required": False, "schema": schema}
    return {"security": [{_bearer.scheme_name: []}], "parameters": [{**header, "description": _GUEST}]}


async def signed_in(claims: MaybeAccount) -> tokens.Claims:
    """The claims of a signed-in account; 401 otherwise."""
    if claims is None:
        raise ApiError("account_required")
    return claims


SignedIn = Annotated[tokens.Claims, Depends(signed_in)]


async def administrator(claims: SignedIn) -> tokens.Claims:
    """The claims of an administrator; 403 for a learner."""
    if claims.role != "admin":
        raise ApiError("admin_required")
    return claims


def require_scope(claims: tokens.Claims, unit_path: str) -> None:
    """403 unless the administrator's subtree holds `unit_path`."""
    if not unit_path.startswith(claims.unit_path):
        raise ApiError("outside_scope")


async def client_address(request: Request, settings: SettingsDep) -> str:
    """The caller's network address, what guests' rate limits count by (`functions.clients`)."""
    peer = request.client.host if request.client else None
    return viewer_address(peer, request.headers, header=settings.client_header, behind_proxy=not settings.local)


Learner = Annotated[str, Depends(current_learner)]
Who = Annotated[Caller, Depends(caller)]
ClientAddress = Annotated[str, Depends(client_address)]
Admin = Annotated[tokens.Claims, Depends(administrator)]
