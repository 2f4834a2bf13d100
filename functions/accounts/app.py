"""The accounts function's FastAPI app: activation, sign-in, sign-out, password change, and an administrator's reset."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Callable

from fastapi import FastAPI, Path, Response

from functions import VIETNAM, http
from functions.accounts import signin, tokens
from functions.accounts.account import Account
from functions.accounts.schemas import Activation, Me, PasswordChange, Reset, Session, SignIn
from functions.accounts.store import AccountStore
from functions.audit import entry
from functions.deps import Accounts, Audit, Clock, Tally, TokenSecret
from functions.reports.tally import reached
from functions.errors import ApiError
from functions.identity import Admin, SignedIn, require_scope

LearnerId = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._-]+$")]


def _claims(account: Account) -> tokens.Claims:
    return tokens.Claims(account.learner_id, account.role, account.unit_path, account.token_version, account.cohort, account.deadline)


def _session(store: AccountStore, account: Account, secret: Callable[[], str], now: datetime) -> Session:
    claims = _claims(account)
    return Session(
        token=tokens.issue(claims, secret(), now), expires_at=now + tokens.LIFETIME,
        me=Me.of(account, store.unit(account.unit_code), now.astimezone(VIETNAM).date()),
    )


def current_account(store: AccountStore, claims: tokens.Claims) -> Account:
    """The account behind a token still current: signing out or a reset ends older tokens here."""
    account = store.account(claims.learner_id)
    if account is None or account.token_version != claims.version:
        raise ApiError("account_required")
    return account


def create_app() -> FastAPI:
    """A new accounts app; its store opens on first request, from the settings.

    The routes that hash a password (argon2id, tens of milliseconds of CPU) are plain functions, which FastAPI runs
    in a worker thread: as `async` functions they ran on the server's one event loop, and 16 sign-ins at once held
    every other request (a page-open waited over 5 s)."""
    app = http.new_app(
        "accounts",
        "Tài khoản học tập: kích hoạt bằng mã trên phiếu, đăng nhập, đổi mật khẩu, cấp lại mã.",
    )

    @app.post(
        "/accounts/activate",
        responses=http.responses("activation_failed", "account_locked", "signin_paused", "password_too_short", body=True),
    )
    def activate(body: Activation, store: Accounts, tally: Tally, secret: TokenSecret, clock: Clock) -> Session:
        """Set the first password with the one-time code printed on the account slip, and sign in."""
        now = clock()
        session = _session(store, signin.activate(store, body.username, body.code, body.password, now), secret, now)
        reached(tally, _claims(store.account(session.me.learner_id)), "activated", None, now.astimezone(VIETNAM).date())
        return session

    @app.post("/accounts/signin", responses=http.responses("signin_failed", "account_locked", "signin_paused", body=True))
    def sign_in(body: SignIn, store: Accounts, secret: TokenSecret, clock: Clock) -> Session:
        """Sign in with username and password. Five failures in a row lock the account for 15 minutes."""
        now = clock()
        return _session(store, signin.sign_in(store, body.username, body.password, now), secret, now)

    @app.get("/accounts/me", responses=http.responses("account_required"))
    async def me(claims: SignedIn, store: Accounts, clock: Clock) -> Me:
        """The signed-in person: name, unit, role, cohort, deadline and working days left."""
        account = current_account(store, claims)
        return Me.of(account, store.unit(account.unit_code), clock().astimezone(VIETNAM).date())

    @app.post("/accounts/signout", status_code=204, responses=http.responses("account_required"))
    async def sign_out(claims: SignedIn, store: Accounts) -> Response:
        """End every session of this account."""
        signin.sign_out(store, current_account(store, claims))
        return Response(status_code=204)

    @app.post(
        "/accounts/password",
        responses=http.responses(
            "account_required", "signin_failed", "account_locked", "signin_paused", "password_too_short", body=True
        ),
    )
    def change_password(body: PasswordChange, claims: SignedIn, store: Accounts, secret: TokenSecret, clock: Clock) -> Session:
        """Change the password; other sessions end, this one gets a new token."""
        now = clock()
        account = signin.change_password(store, current_account(store, claims), body.current, body.new, now)
        return _session(store, account, secret, now)

    @app.post(
        "/accounts/{learner_id}/reset",
        responses=http.responses("account_required", "admin_required", "outside_scope", "account_not_found"),
    )
    async def reset(learner_id: LearnerId, admin: Admin, store: Accounts, audit: Audit, clock: Clock) -> Reset:
        """An administrator clears a learner's password in their subtree and gets a new activation code for them."""
        current_account(store, admin)
        account = store.account(learner_id)
        if account is None:
            raise ApiError("account_not_found")
        require_scope(admin, account.unit_path)
        audit.record(entry("password.reset", at=clock(), admin_id=admin.learner_id, admin_unit_path=admin.unit_path,
                           target=account.learner_id, username=account.username))
        return Reset(username=account.username, activation_code=signin.reset(store, account))

    return app
