"""The accounts function's FastAPI app: activation, sign-in, sign-out, password change, and an administrator's reset."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Cookie, FastAPI, Path, Request, Response

from functions import VIETNAM
from functions.accounts import devices, signin, tokens
from functions.accounts.account import Account
from functions.accounts.store import AccountStore
from functions.api import http
from functions.api.accounts.schemas import Activation, Me, PasswordChange, Reset, Session, SignIn
from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.deps.core import Clock, SettingsDep
from functions.api.deps.tally import Tally
from functions.api.deps.tokens import TokenSecret
from functions.api.identity import Admin, SignedIn
from functions.audit import entry
from functions.clients import address_key, viewer_address
from functions.errors import ApiError
from functions.reports.tally import reached
from functions.scope import require_authority
from functions.settings import Settings

LearnerId = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._-]+$")]
DeviceCookie = Annotated[str | None, Cookie(alias=devices.COOKIE, max_length=1024)]
COOKIE_PATH = "/api/accounts"
"""Where the browser sends the device cookie back: only to the accounts calls (the API is under /api everywhere)."""
WRONG = ("signin_paused", "password_too_short", "password_common", "password_has_username", "password_has_name")


def _client(request: Request, cookie: str | None, settings: Settings) -> signin.Client:
    """The trying client: its address as the server sees it (on AWS, as CloudFront saw it) and its device cookie."""
    peer = request.client.host if request.client else None
    address = viewer_address(peer, request.headers, header=settings.client_header, behind_proxy=not settings.local)
    return signin.Client(address_key(address), cookie)


def _keep_device(request: Request, response: Response, value: str) -> None:
    response.set_cookie(
        devices.COOKIE,
        value,
        max_age=devices.MAX_AGE,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def _claims(account: Account) -> tokens.Claims:
    return tokens.Claims(
        account.learner_id,
        account.role,
        account.unit_path,
        account.token_version,
        account.cohort,
        account.deadline,
        account.category,
        account.round,
    )


def _session(store: AccountStore, account: Account, secret: Callable[[], str], now: datetime) -> Session:
    claims = _claims(account)
    return Session(
        token=tokens.issue(claims, secret(), now),
        expires_at=now + tokens.LIFETIME,
        me=Me.of(account, store.unit(account.unit_code), now.astimezone(VIETNAM).date()),
    )


def create_app() -> FastAPI:
    """A new accounts app; its store opens on first request, from the settings.

    The routes that hash a password (argon2id, tens of milliseconds of CPU) are plain functions, which FastAPI runs
    in a worker thread: as `async` functions they ran on the server's one event loop, and 16 sign-ins at once held
    every other request (a page-open waited over 5 s)."""
    app = http.new_app(
        "accounts",
        "Tài khoản học tập: kích hoạt bằng mã trên phiếu, đăng nhập, đổi mật khẩu, cấp lại mã.",
    )

    # Plain `def` routes: FastAPI runs them in its thread pool, so argon2 (about 20 ms a check) never holds the event
    # loop, and a wave of sign-ins does not stall a page or a quiz beside it.
    @app.post("/accounts/activate", responses=http.responses("activation_failed", *WRONG, body=True))
    def activate(
        body: Activation,
        request: Request,
        response: Response,
        store: Accounts,
        tally: Tally,
        secret: TokenSecret,
        clock: Clock,
        settings: SettingsDep,
        device: DeviceCookie = None,
    ) -> Session:
        """Set the first password with the one-time code printed on the account slip, and sign in."""
        now = clock()
        client = _client(request, device, settings)
        account, cookie = signin.activate(store, body.username, body.code, body.password, client, secret(), now)
        _keep_device(request, response, cookie)
        reached(tally, _claims(account), "activated", None, now.astimezone(VIETNAM).date())
        return _session(store, account, secret, now)

    @app.post("/accounts/signin", responses=http.responses("signin_failed", "signin_paused", body=True))
    def sign_in(
        body: SignIn,
        request: Request,
        response: Response,
        store: Accounts,
        secret: TokenSecret,
        clock: Clock,
        settings: SettingsDep,
        device: DeviceCookie = None,
    ) -> Session:
        """Sign in with username and password. Failures slow further tries (429 `signin_paused`, with Retry-After)
        per address and per username; a browser that signed in to the account before keeps its own allowance."""
        now = clock()
        client = _client(request, device, settings)
        account, cookie = signin.sign_in(store, body.username, body.password, client, secret(), now)
        _keep_device(request, response, cookie)
        return _session(store, account, secret, now)

    @app.get("/accounts/me", responses=http.responses("account_required"))
    async def me(claims: SignedIn, store: Accounts, clock: Clock) -> Me:
        """The signed-in person: name, unit, role, cohort, deadline and working days left."""
        account = signin.current_account(store, claims)
        return Me.of(account, store.unit(account.unit_code), clock().astimezone(VIETNAM).date())

    @app.post("/accounts/signout", status_code=204, responses=http.responses("account_required"))
    async def sign_out(claims: SignedIn, store: Accounts) -> Response:
        """End every session of this account."""
        signin.sign_out(store, signin.current_account(store, claims))
        return Response(status_code=204)

    @app.post(
        "/accounts/password",
        responses=http.responses("account_required", "signin_failed", *WRONG, body=True),
    )
    def change_password(
        body: PasswordChange, claims: SignedIn, store: Accounts, secret: TokenSecret, clock: Clock
    ) -> Session:
        """Change the password; other sessions end, this one gets a new token."""
        now = clock()
        account = signin.change_password(store, signin.current_account(store, claims), body.current, body.new, now)
        return _session(store, account, secret, now)

    @app.post(
        "/accounts/{learner_id}/reset",
        responses=http.responses(
            "account_required", "admin_required", "outside_scope", "admin_not_below", "account_not_found"
        ),
    )
    async def reset(learner_id: LearnerId, admin: Admin, store: Accounts, audit: Audit, clock: Clock) -> Reset:
        """An administrator clears the password of a learner of their subtree, or of an administrator of a unit
        strictly below their own, and gets a new activation code for them."""
        account = store.account(learner_id)
        if account is None:
            raise ApiError("account_not_found")
        require_authority(admin.unit_path, account.role, account.unit_path)
        audit.record(
            entry(
                "password.reset",
                at=clock(),
                admin_id=admin.learner_id,
                admin_unit_path=admin.unit_path,
                target=account.learner_id,
                username=account.username,
            )
        )
        return Reset(username=account.username, activation_code=signin.reset(store, account))

    return app
