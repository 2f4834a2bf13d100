"""The demo province `make run` loads: real unit names and codes (the `vietnam-provinces` package, post-2025 list),
a cohort of learners part-way through, one who has passed and holds a certificate, and printed logins.

Loading again changes nothing but the one unactivated learner's code, which is renewed so it can be printed.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from functions import VIETNAM, vault
from functions.accounts import passwords, signin
from functions.accounts.account import Account, Unit, unit_path
from functions.accounts.calendar import configured
from functions.accounts.issuing import issue_account
from functions.attempts import Attempt
from functions.bank import BankShelf
from functions.blobs import open_blobs
from functions.certificates import issuance, keys
from functions.certificates.document import pdf_of
from functions.grading import draw, grade
from functions.reports.tally import Mark
from functions.settings import Settings
from functions.stores.accounts import open_accounts
from functions.stores.attempts import open_store
from functions.stores.certificates import open_certificates
from functions.stores.tally import open_tally

PASSWORD = "hocso-demo-2026"
PROVINCE = "40"  # Tỉnh Nghệ An
COMMUNES = {"16813": True, "17254": True, "16702": False, "16681": False}  # code: ethnic-minority/mountain area
COURSE = "tong-quan-chuyen-doi-so"
# Invented people for the demo; (name, commune, lessons done, passed)
LEARNERS = [
    ("Lô Văn Hùng", "16813", 10, True),
    ("Vi Thị Mai", "16813", 6, False),
    ("Lương Văn Tuấn", "16813", 0, False),
    ("Nguyễn Thị Hoa", "17254", 3, False),
    ("Trần Văn Nam", "17254", 10, False),
    ("Hồ Thị Lan", "16702", 1, False),
    ("Phan Văn Đức", "16702", 0, False),
    ("Lê Thị Thu", "16681", 8, False),
]


def _units() -> list[Unit]:
    import vietnam_provinces as vn

    province = next(p for p in vn.Province.iter_all() if str(int(p.code)) == PROVINCE)
    wards = {str(int(w.code)): w for w in vn.Ward.iter_all() if str(int(w.province_code)) == PROVINCE}
    name = province.name if province.name.startswith(("Tỉnh", "Thành phố")) else f"Tỉnh {province.name}"
    root = Unit(code=PROVINCE, name=name, kind="Tỉnh", path=unit_path(PROVINCE, None))
    units = [root]
    for code, remote in COMMUNES.items():
        name = wards[code].name
        commune = Unit(
            code=code,
            name=name,
            parent_code=PROVINCE,
            kind=name.split()[0],
            remote=remote,
            path=unit_path(code, root.path),
        )
        team = f"{code}-T1"
        units += [
            commune,
            Unit(
                code=team,
                name=f"Tổ công nghệ số cộng đồng {name}",
                parent_code=code,
                kind="Tổ công nghệ số cộng đồng",
                remote=remote,
                path=unit_path(team, commune.path),
            ),
        ]
    return units


def person(store, units, name, code, role="learner", cohort=None, today=None) -> Account:
    """The demo account, created and given the demo password (`PASSWORD`) the first time."""
    deadline = configured().deadline(today, 10) if role == "learner" else None
    account, code = issue_account(
        store,
        full_name=name,
        unit=units[code],
        identity=f"demo:{name}",
        role=role,
        cohort=cohort,
        issued_on=today,
        deadline=deadline,
    )
    if code:
        store.activate(account.learner_id, passwords.hash_password(PASSWORD), datetime.now(UTC))
    return store.account(account.learner_id)


def _count(tally, account: Account, flag: str, course: str | None, day: date) -> None:
    unit_code = account.unit_path.rstrip("/").rsplit("/", 1)[-1]
    tally.mark(
        Mark(account.learner_id, unit_code, account.unit_path, account.cohort, course, flag, day, account.deadline)
    )


def _pass(settings: Settings, account: Account, unit: Unit, bank, now: datetime) -> str:
    """A finished, passed attempt and its certificate, as if the learner had sat the test."""
    attempts, certificates = open_store(settings), open_certificates(settings)
    if not attempts.attempts(account.learner_id, COURSE):
        shown = draw(bank, random.Random(account.learner_id))
        attempt = Attempt(
            id=f"demo-{account.learner_id[2:]}",
            learner_id=account.learner_id,
            course_id=COURSE,
            bank_version=bank.version,
            pass_percent=bank.rules.pass_percent,
            started_at=now - timedelta(minutes=25),
            deadline=now + timedelta(minutes=5),
            questions=shown,
        )
        attempts.start(attempt, bank.rules.max_attempts)
        answers = {q.id: q.key for q in shown[:-2]} | {q.id: [(q.key[0] + 1) % len(q.choices)] for q in shown[-2:]}
        attempts.finish(
            attempt.model_copy(
                update={
                    "submitted_at": now,
                    "answers": answers,
                    "grade": grade(shown, answers, bank.rules.pass_percent),
                }
            )
        )
    passed = issuance.passing_attempt(
        bank, attempts.attempts(account.learner_id, COURSE), attempts.lessons_done(account.learner_id, COURSE)
    )
    if passed is None:  # the attempt above misses two answers: only a course asking for more would fail it
        raise RuntimeError(f"the demo learner did not pass {COURSE}")
    ring = keys.load(settings.keys_dir, now.date(), settings.local, vault.signing_keys(settings))
    record, _ = issuance.certify(
        certificates,
        key=ring.current,
        issuer=settings.issuer,
        learner_id=account.learner_id,
        learner_name=account.full_name,
        unit_code=unit.code,
        unit_name=unit.name,
        unit_path=unit.path,
        bank=bank,
        attempt=passed,
        now=now,
        rng=random.SystemRandom(),
        site_url=settings.site_url,
    )
    pdf_of(record, open_blobs(settings), settings.site_url)
    return record.number


def load(settings: Settings, site_url: str) -> list[str]:
    """Load the demo province into the configured store; the lines to print."""
    store, progress = open_accounts(settings), open_store(settings)
    units = _units()
    store.put_units(units)
    by_code = {unit.code: unit for unit in units}
    now = datetime.now(UTC)
    today = now.astimezone(VIETNAM).date()  # the day in Vietnam: deadlines count Vietnamese working days
    bank = BankShelf(settings.bank_dir).get(COURSE)
    province_admin = person(store, by_code, "Quản trị viên tỉnh", PROVINCE, role="admin", today=today)
    commune_admin = person(store, by_code, "Quản trị viên xã Mường Xén", "16813", role="admin", today=today)
    other_admin = person(store, by_code, "Quản trị viên phường Vinh Phú", "16702", role="admin", today=today)
    shown: dict[int, Account] = {}  # a learner per number of lessons done
    certificate: str | None = None
    holder: Account | None = None
    tally = open_tally(settings)
    for name, code, done, passed in LEARNERS:
        account = person(store, by_code, name, code, cohort="Đợt 1", today=today)
        _count(tally, account, "issued", None, today)
        _count(tally, account, "activated", None, today)
        if bank:
            for lesson in bank.lessons[:done]:
                progress.mark_done(account.learner_id, COURSE, lesson, now)
            if done:
                _count(tally, account, "started", COURSE, today)
            if done == len(bank.lessons):
                _count(tally, account, "lessons_done", COURSE, today)
            if passed:
                certificate = _pass(settings, account, by_code[code], bank, now)
                holder = account
                _count(tally, account, "passed", COURSE, today)
                _count(tally, account, "certified", COURSE, today)
        shown.setdefault(done, account)
    newcomer, _ = issue_account(
        store,
        full_name="Hà Thị Ngọc",
        unit=by_code["16813-T1"],
        identity="demo:Hà Thị Ngọc",
        cohort="Đợt 1",
        issued_on=today,
        deadline=configured().deadline(today, 10),
    )
    _count(tally, newcomer, "issued", None, today)
    stored = store.account(newcomer.learner_id)
    assert stored is not None  # issued just above
    activation = signin.reset(store, stored) if not stored.activated else None
    lines = [
        f"Dữ liệu mẫu: {by_code[PROVINCE].name}, {len(COMMUNES)} xã/phường, {len(LEARNERS) + 1} học viên đợt 1.",
        f"Đăng nhập tại {site_url}tai-khoan/ (mật khẩu các tài khoản mẫu: {PASSWORD})",
        f"  Quản trị tỉnh:               {province_admin.username}",
        f"  Quản trị Xã Mường Xén:       {commune_admin.username}",
        f"  Quản trị Phường Vinh Phú:    {other_admin.username}",
        f"  Học viên đã học 6/10 bài:    {shown[6].username}",
        f"  Học viên chưa học bài nào:   {shown[0].username}",
    ]
    if activation:
        lines.append(f"  Học viên chưa kích hoạt:     {newcomer.username}, mã kích hoạt {activation}")
    if certificate is not None and holder is not None:
        lines.append(f"  Giấy chứng nhận mẫu:         {site_url}xac-minh/?so={certificate}")
        lines.append(f"  Học viên có giấy chứng nhận: {holder.username}")
    return lines
