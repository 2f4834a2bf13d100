"""The administration app as its tests drive it: one province's units, a bank, a clock stopped at `NOW`, and the
people and uploads the tests make."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from functions.accounts.account import Unit
from functions.accounts.calendar import WorkingCalendar
from functions.api.admin.app import create_app
from functions.api.deps.blobs import get_blobs
from functions.api.deps.calendar import get_calendar
from functions.api.deps.core import get_banks, get_clock, get_settings_dep
from functions.api.deps.jobs import get_dispatcher
from functions.api.deps.tokens import get_token_secret
from functions.api.files import create_files_app
from functions.bank import BankShelf, write_bank
from functions.blobs import LocalBlobs
from functions.certificates.keys import add_key
from functions.jobs.inprocess import InProcess
from functions.settings import settings_from
from tests.support.apps import SQLiteStores, app_client
from tests.support.banks import make_bank
from tests.support.world import PROVINCE, UNITS, bearer, issue

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # Monday 23/11/2026, 08:00 in Vietnam
DEADLINE = date(2026, 12, 7)  # 10 working days from NOW: 24/11 is Vietnam Culture Day, a holiday from 2026
SECRET = "k" * 48
LEARNERS = (
    "Họ và tên,Mã đơn vị,Số điện thoại,Email\n"
    "Đặng Hữu Phước,16813,0912345678,\n"
    "Hoàng Thị Thùy Dương,16813,,duong@example\n"
    "Nguyễn Thị Ánh Tuyết,16684,0987654321,\n"
    ",16813,0911111111,\n"
).encode()
GOOD_LEARNERS = (
    "Họ và tên,Mã đơn vị,Số điện thoại\nĐặng Hữu Phước,16813,0912345678\nHoàng Thị Thùy Dương,16813,0987000111\n"
).encode()


@contextmanager
def admin_client(tmp_path: Path) -> Iterator:
    """The administration app over its own SQLite stores, blobs, bank and keys, the clock at `NOW`."""
    bank = make_bank(pass_percent=50)
    write_bank(bank, tmp_path / "bank")
    settings = settings_from(
        {
            "HOCSO_DATA_DIR": str(tmp_path),
            "HOCSO_SITE_URL": "https://hoc.example.vn",
            "HOCSO_ISSUER": "Sở Khoa học và Công nghệ tỉnh Nghệ An",
        }
    )
    stores = SQLiteStores(tmp_path / "db")
    stores.accounts.put_units(UNITS)
    blobs, jobs = LocalBlobs(tmp_path / "blobs", base="/files", link_key=lambda: b"local links"), InProcess(workers=1)
    overrides = {
        **stores.overrides(),
        get_blobs: blobs,
        get_dispatcher: jobs,
        get_banks: BankShelf(tmp_path / "bank"),
        get_settings_dep: settings,
        get_clock: (lambda: NOW),
        get_token_secret: (lambda: SECRET),
        get_calendar: WorkingCalendar(),
    }
    attached = dict(
        attempts=stores.attempts,
        accounts=stores.accounts,
        certificates=stores.certificates,
        audit=stores.audit,
        tally=stores.tally,
        focal=stores.focal,
        classes=stores.classes,
        questions=stores.questions,
        bank=bank,
        keys=add_key(tmp_path / "keys", date(2026, 11, 1)),
        blobs=blobs,
        jobs=jobs,
    )
    app = create_app()
    app.router.routes.extend(create_files_app(lambda: blobs).routes)  # as the local server mounts them beside
    try:
        with app_client(app, overrides, **attached) as client:
            yield client
    finally:
        stores.close()


def person(client, name: str, unit: Unit, role: str = "learner", deadline: date | None = None) -> tuple[str, dict]:
    account, _ = issue(
        client.accounts, name, unit, role, issued_on=date(2026, 11, 9), deadline=deadline, phone="0900000000"
    )
    return account.learner_id, bearer(account, SECRET, NOW)


def upload(client, path: str, data: bytes, headers: dict, **params):
    return client.post(path, content=data, headers=headers, params={"filename": "danh-sach.csv", **params})


def learner_names(client) -> list[str]:
    return sorted(a.full_name for a in client.accounts.accounts_under(PROVINCE.path) if a.role == "learner")


def certified(client, name: str, unit: Unit) -> str:
    """A learner of `unit` who passed the bank's test and holds its certificate, as the certificates function issues
    it; the certificate's number."""
    import random

    from functions.certificates import issuance
    from tests.support.attempts import sat

    learner, _ = person(client, name, unit)
    attempt = sat(client.attempts, client.bank, learner, correct=True, attempt_id=f"a-{learner}", at=NOW)
    record, _ = issuance.certify(
        client.certificates,
        key=client.keys.current,
        issuer="Sở Khoa học và Công nghệ tỉnh Nghệ An",
        learner_id=learner,
        learner_name=name,
        unit_code=unit.code,
        unit_name=unit.name,
        unit_path=unit.path,
        bank=client.bank,
        attempt=attempt,
        now=NOW,
        rng=random.Random(learner),
        site_url="https://hoc.example.vn/",
    )
    return record.number
