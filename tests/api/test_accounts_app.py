"""The accounts function over HTTP (in process): activate, sign in, me, sign out, change password, reset in scope."""

from datetime import date, timedelta

import pytest

from functions.accounts import devices
from functions.accounts.account import Unit, unit_path
from functions.api.accounts.app import create_app
from functions.api.deps.core import get_clock
from functions.api.deps.tokens import get_token_secret
from tests.support.apps import SQLiteStores, api_routes, app_client
from tests.support.clock import Clock
from tests.support.world import PASSWORD, PROVINCE, UNITS, VINH, XEN, issue


@pytest.fixture
def client(tmp_path):
    stores = SQLiteStores(tmp_path / "hocso.sqlite3")
    stores.accounts.put_units(UNITS)
    clock = Clock()
    overrides = {**stores.overrides(), get_clock: clock, get_token_secret: lambda: "k" * 48}
    attached = dict(store=stores.accounts, clock=clock, tally=stores.tally, audit=stores.audit)
    with app_client(create_app(), overrides, **attached) as client:
        yield client
    stores.close()


def person(client, name: str, unit: Unit, role: str = "learner"):
    return issue(client.store, name, unit, role, deadline=date(2026, 12, 7))


def activated(client, name: str, unit: Unit, role: str = "learner") -> tuple[str, dict]:
    account, code = person(client, name, unit, role)
    response = client.post(
        "/accounts/activate", json={"username": account.username, "code": code, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return account.learner_id, {"Authorization": f"Bearer {response.json()['token']}"}


def test_activation_returns_a_session_and_me(client):
    account, code = person(client, "Đặng Hữu Phước", XEN)
    response = client.post(
        "/accounts/activate", json={"username": account.username, "code": code, "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["me"] == {
        "learner_id": account.learner_id,
        "username": account.username,
        "full_name": "Đặng Hữu Phước",
        "role": "learner",
        "unit_code": "16813",
        "unit_name": "Xã Mường Xén",
        "cohort": None,
        "deadline": "2026-12-07",
        "working_days_left": 10,
    }
    me = client.get("/accounts/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["full_name"] == "Đặng Hữu Phước"


def test_sign_in_errors_carry_codes_and_vietnamese(client):
    activated(client, "Đặng Hữu Phước", XEN)
    response = client.post("/accounts/signin", json={"username": "khongco", "password": "x"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "signin_failed"
    assert response.json()["error"]["message"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert client.post("/accounts/signin", json={"username": ""}).json()["error"]["code"] == "invalid_request"


def test_a_missing_expired_or_forged_token_is_refused(client):
    _, headers = activated(client, "Đặng Hữu Phước", XEN)
    assert client.get("/accounts/me").json()["error"]["code"] == "account_required"
    assert client.get("/accounts/me", headers={"Authorization": "Bearer abc.def.ghi"}).status_code == 401
    client.clock.now += timedelta(hours=2, seconds=1)
    assert client.get("/accounts/me", headers=headers).status_code == 401


def test_signing_out_ends_the_session(client):
    _, headers = activated(client, "Đặng Hữu Phước", XEN)
    assert client.post("/accounts/signout", headers=headers).status_code == 204
    assert client.get("/accounts/me", headers=headers).status_code == 401


def test_a_password_change_gives_a_new_token_and_ends_the_old(client):
    _, headers = activated(client, "Đặng Hữu Phước", XEN)
    response = client.post(
        "/accounts/password", headers=headers, json={"current": PASSWORD, "new": "kq8-lake-cloud-43"}
    )
    assert response.status_code == 200
    assert client.get("/accounts/me", headers=headers).status_code == 401
    assert (
        client.get("/accounts/me", headers={"Authorization": f"Bearer {response.json()['token']}"}).status_code == 200
    )


def test_an_administrator_resets_only_inside_their_subtree(client):
    _, admin = activated(client, "Lê Văn Quản", XEN, role="admin")
    own, _ = person(client, "Hoàng Thị Thùy Dương", XEN)
    other, _ = person(client, "Nguyễn Thị Ánh Tuyết", VINH)
    response = client.post(f"/accounts/{own.learner_id}/reset", headers=admin)
    assert response.status_code == 200 and response.json()["username"] == own.username
    code = response.json()["activation_code"]
    assert (
        client.post(
            "/accounts/activate", json={"username": own.username, "code": code, "password": PASSWORD}
        ).status_code
        == 200
    )
    refused = client.post(f"/accounts/{other.learner_id}/reset", headers=admin)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "outside_scope")
    assert client.post("/accounts/u.nobody/reset", headers=admin).json()["error"]["code"] == "account_not_found"
    [logged] = client.audit.entries(XEN.path)
    assert (logged.action, logged.target, logged.detail) == (
        "password.reset",
        own.learner_id,
        f"Tên đăng nhập: {own.username}",
    )


def test_a_learner_cannot_reset_anyone(client):
    _, learner = activated(client, "Hoàng Thị Thùy Dương", XEN)
    other, _ = person(client, "Nguyễn Thị Ánh Tuyết", XEN)
    refused = client.post(f"/accounts/{other.learner_id}/reset", headers=learner)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "admin_required")


def test_a_province_administrator_covers_every_commune(client):
    _, province = activated(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    other, _ = person(client, "Nguyễn Thị Ánh Tuyết", VINH)
    assert client.post(f"/accounts/{other.learner_id}/reset", headers=province).status_code == 200


def test_an_administrator_resets_administrators_only_of_units_strictly_below(client):
    team = Unit(code="16813-T1", name="Tổ công nghệ số", parent_code="16813", path=unit_path("16813-T1", XEN.path))
    client.store.put_units([team])
    _, admin = activated(client, "Lê Văn Quản", XEN, role="admin")
    colleague, _ = person(client, "Lò Thị Đồng Nghiệp", XEN, role="admin")
    superior, _ = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    below, _ = person(client, "Vi Văn Tổ", team, role="admin")
    for target, code in ((colleague, "admin_not_below"), (superior, "outside_scope")):
        refused = client.post(f"/accounts/{target.learner_id}/reset", headers=admin)
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, code)
    assert client.post(f"/accounts/{below.learner_id}/reset", headers=admin).status_code == 200
    assert [entry.target for entry in client.audit.entries(PROVINCE.path)] == [below.learner_id]


def test_an_ended_token_is_refused_with_its_own_code(client):
    _, headers = activated(client, "Đặng Hữu Phước", XEN)
    client.post("/accounts/signout", headers=headers)
    refused = client.get("/accounts/me", headers=headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (401, "session_ended")


def test_activation_is_counted_for_the_reports_once(client):
    account, code = person(client, "Đặng Hữu Phước", XEN)
    client.post("/accounts/activate", json={"username": account.username, "code": code, "password": PASSWORD})
    counted = [(c.unit_code, c.course_id, c.flag, c.deadline, c.n) for c in client.tally.counts(PROVINCE.path)]
    assert counted == [("16813", None, "activated", date(2026, 12, 7), 1)]


def test_signing_in_sets_an_httponly_device_cookie_for_the_accounts_calls(client):
    account, code = person(client, "Đặng Hữu Phước", XEN)
    response = client.post(
        "/accounts/activate", json={"username": account.username, "code": code, "password": PASSWORD}
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{devices.COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/api/accounts" in cookie and f"Max-Age={devices.MAX_AGE}" in cookie
    value = cookie.split(";")[0].split("=", 1)[1].strip('"')
    assert devices.trusted(value, account.username, "k" * 48)


def test_a_paused_client_is_told_how_long_to_wait(client):
    answers = [client.post("/accounts/signin", json={"username": "khongco", "password": "doan-mo"}) for _ in range(6)]
    assert [a.status_code for a in answers] == [401] * 5 + [429]
    assert answers[5].headers["retry-after"] == "30"
    assert answers[5].json()["error"]["code"] == "signin_paused"
    assert answers[5].json()["error"]["details"] == [{"field": "retry_after", "problem": "30"}]


def test_the_owners_browser_signs_in_while_strangers_wait(client):
    account, code = person(client, "Đặng Hữu Phước", XEN)
    activation = client.post(
        "/accounts/activate", json={"username": account.username, "code": code, "password": PASSWORD}
    )
    mine = activation.cookies.get(devices.COOKIE) or activation.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    client.cookies.clear()
    for _ in range(6):
        client.post("/accounts/signin", json={"username": account.username, "password": "doan-mo"})
    assert client.post("/accounts/signin", json={"username": account.username, "password": PASSWORD}).status_code == 429
    owner = client.post(
        "/accounts/signin",
        json={"username": account.username, "password": PASSWORD},
        headers={"Cookie": f"{devices.COOKIE}={mine}"},
    )
    assert owner.status_code == 200


def test_weak_new_passwords_are_refused_with_their_own_code(client):
    account, code = person(client, "Đặng Hữu Phước", XEN)
    for password, expected in (
        ("1234567", "password_too_short"),
        ("12345678", "password_common"),
        ("anhyeuem2026", "password_common"),
        (account.username + "1", "password_has_username"),
        ("Phuoc@2026", "password_has_name"),
        ("danghuuphuoc", "password_has_name"),
    ):
        response = client.post(
            "/accounts/activate", json={"username": account.username, "code": code, "password": password}
        )
        assert (response.status_code, response.json()["error"]["code"]) == (422, expected), password
    assert (
        client.post(
            "/accounts/activate", json={"username": account.username, "code": code, "password": PASSWORD}
        ).status_code
        == 200
    )


def test_a_forwarded_address_is_not_believed_locally(client):
    for n in range(30):
        client.post(
            "/accounts/signin",
            json={"username": f"nguoi{n}", "password": "doan-mo"},
            headers={"X-Forwarded-For": f"10.9.0.{n}"},
        )
    assert (
        client.post(
            "/accounts/signin",
            json={"username": "nguoi99", "password": "doan-mo"},
            headers={"X-Forwarded-For": "10.9.9.9"},
        ).status_code
        == 429
    )


def test_the_routes_that_hash_passwords_run_off_the_event_loop():
    import inspect

    app = create_app()
    hashing = {
        route.path: route.endpoint
        for route in api_routes(app)
        if route.path in ("/accounts/signin", "/accounts/activate", "/accounts/password")
    }
    assert len(hashing) == 3 and not any(inspect.iscoroutinefunction(endpoint) for endpoint in hashing.values())
