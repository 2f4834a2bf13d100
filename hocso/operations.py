"""Sub-commands for running a deployment's data from files: accounts, imports, reports, the demo
province (the certificates' commands are `hocso.certificates`).

They work on the store the `HOCSO_*` settings name (the local SQLite file by default, DynamoDB with
`HOCSO_STORE=dynamodb`), so an administrator on the server, or with AWS credentials, needs no web page.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from functions import VIETNAM


def _settings():
    from functions.settings import get_settings

    return get_settings()


def _add_admin(args: argparse.Namespace) -> int:
    from functions.accounts.issuing import issue_account
    from functions.stores.accounts import open_accounts

    store = open_accounts(_settings())
    unit = store.unit(args.unit)
    if unit is None:
        print(f"Không tìm thấy đơn vị mã {args.unit}.", file=sys.stderr)
        return 1
    account, code = issue_account(
        store,
        full_name=args.name,
        unit=unit,
        identity=f"quantri:{args.name}",
        role="admin",
        issued_on=datetime.now(VIETNAM).date(),
    )
    if code is None:
        print(f"{args.name} đã có tài khoản quản trị {account.username}; dùng chức năng cấp lại mã nếu cần.")
        return 0
    print(f"Tài khoản quản trị {unit.name}: tên đăng nhập {account.username}, mã kích hoạt {code}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from hocso import demo

    for line in demo.load(_settings(), site_url=args.site_url):
        print(line)
    return 0


def _print_problems(problems) -> None:
    for problem in problems:
        print(f"  dòng {problem.row}, cột {problem.column}: {problem.message} [{problem.code}]", file=sys.stderr)


def _read_rows(path: str):
    from functions.enrolment.imports import BOUNDS, TableError, read_table

    # The operator's own file, on their own machine: a whole province's list may exceed what the API accepts, but a
    # file is still bounded, so a damaged or hostile one fails fast instead of eating the machine.
    bounds = replace(BOUNDS, bytes=64 * 1024 * 1024, rows=1_000_000, cells=20_000_000, unzipped=1024 * 1024 * 1024)
    try:
        return read_table(Path(path).read_bytes(), Path(path).name, bounds)
    except TableError as exc:
        print(f"{path}: {exc.message} [{exc.code}]", file=sys.stderr)
        return None


def _import_units(args: argparse.Namespace) -> int:
    from functions.enrolment.batches import check_units
    from functions.enrolment.roster import apply_units
    from functions.stores.accounts import open_accounts

    rows = _read_rows(args.file)
    if rows is None:
        return 1
    store = open_accounts(_settings())
    parsed = check_units(store, "", rows)  # the same checks as the web import, for the whole tree
    _print_problems(parsed.problems)
    if parsed.problems and not args.apply_good:
        print(
            f"Không nhập gì: {len(parsed.problems)} lỗi trong {len(rows)} dòng. Sửa tệp rồi nhập lại, "
            "hoặc thêm --apply-good để nhập các dòng đúng.",
            file=sys.stderr,
        )
        return 1
    units = apply_units(store, parsed.good)
    print(f"Đã nhập {len(units)} đơn vị.")
    return 0


def _unused(stem: Path) -> Path:
    """`stem`, or `stem-2`, `stem-3`... the first whose .pdf and .csv do not exist yet."""
    candidate, n = stem, 1
    while candidate.with_suffix(".pdf").exists() or candidate.with_suffix(".csv").exists():
        n += 1
        candidate = stem.with_name(f"{stem.name}-{n}")
    return candidate


def _import_learners(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from functions.accounts.calendar import configured
    from functions.blobs import write_durably
    from functions.enrolment import slips
    from functions.enrolment.imports import parse_learners
    from functions.enrolment.roster import enrol, keep_slips
    from functions.stores.accounts import open_accounts
    from functions.stores.tally import open_tally

    rows = _read_rows(args.file)
    if rows is None:
        return 1
    settings = _settings()
    store = open_accounts(settings)
    parsed = parse_learners(rows, {unit.code for unit in store.units()})
    _print_problems(parsed.problems)
    if parsed.problems and not args.apply_good:
        print(
            f"Không nhập gì: {len(parsed.problems)} lỗi trong {len(rows)} dòng. Sửa tệp rồi nhập lại, "
            "hoặc thêm --apply-good để nhập các dòng đúng.",
            file=sys.stderr,
        )
        return 1
    issued_on = date.fromisoformat(args.issued_on) if args.issued_on else datetime.now(VIETNAM).date()
    with tqdm(total=len(parsed.good), desc="Cấp tài khoản", unit=" người", disable=None) as bar:
        enrolled = enrol(
            store,
            parsed.good,
            cohort=args.cohort,
            issued_on=issued_on,
            calendar=configured(),
            working_days=args.working_days,
            advance=lambda: bar.update(1),
            tally=open_tally(settings),
        )
    fresh = [e for e in enrolled if e.code]
    reissued = sum(e.reissued for e in fresh)
    if not fresh:
        print(f"Không có tài khoản mới: {len(enrolled)} người đã có tài khoản; không ghi phiếu.")
        return 0
    out = _unused(Path(args.slips))  # codes exist only now: never overwrite an earlier batch's slips
    title = f"Tài khoản học tập {args.cohort or ''}".strip()

    def write(fresh) -> None:
        printed = [
            slips.Slip(
                e.account.full_name,
                e.unit.name,
                e.account.username,
                e.code,
                e.account.deadline,
                f"{settings.site_url}tai-khoan/",
            )
            for e in fresh
        ]
        write_durably(out.with_suffix(".pdf"), slips.slips_pdf(printed, title=title))
        write_durably(out.with_suffix(".csv"), slips.slips_csv(printed))

    write(fresh)
    # Only now, the slips on disk, may the accounts stop awaiting them: a crash before this line leaves them for a
    # re-run of the same import to re-issue.
    kept = keep_slips(store, fresh)
    if len(kept) < len(fresh):  # a run of the same list at the same time re-issued these: its slips hold their codes
        fresh, reissued = kept, sum(e.reissued for e in kept)
        write(fresh)
    if reissued:
        print(f"{reissued} tài khoản chưa có phiếu: đã cấp lại mã (mã cũ không còn dùng được).")
    known = len(enrolled) - len(fresh) + reissued
    print(
        f"Đã cấp {len(fresh) - reissued} tài khoản mới ({known} người đã có tài khoản). "
        f"Phiếu tài khoản: {out.with_suffix('.pdf')} và {out.with_suffix('.csv')}"
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    from functions.bank import BankShelf
    from functions.reports import report, spreadsheet
    from functions.stores.accounts import open_accounts
    from functions.stores.tally import open_tally

    settings = _settings()
    accounts = open_accounts(settings)
    root = accounts.unit(args.unit)
    if root is None:
        print(f"Không tìm thấy đơn vị mã {args.unit}.", file=sys.stderr)
        return 1
    title = None
    if args.course:
        bank = BankShelf(settings.bank_dir).get(args.course)
        if bank is None:
            print(f"Không tìm thấy khóa học {args.course}.", file=sys.stderr)
            return 1
        title = bank.title
    month = (int(args.month[:4]), int(args.month[5:7])) if args.month else None
    units = [unit for unit in accounts.units() if unit.path.startswith(root.path)]
    counts, shares = open_tally(settings).split(root.path)
    built = report.build(
        units,
        counts,
        shares=shares,
        root=root.code,
        today=datetime.now(VIETNAM).date(),
        course_id=args.course,
        cohort=args.cohort,
        month=month,
        remote_target=settings.remote_target,
        other_target=settings.other_target,
    )
    out = Path(args.out or spreadsheet.filename(built, "xlsx"))
    out.write_bytes(spreadsheet.as_csv(built) if out.suffix == ".csv" else spreadsheet.as_xlsx(built, title))
    total = built.summary.total
    rate = f"{built.summary.rate:.1f}%".replace(".", ",") if built.summary.rate is not None else "—"
    target = f"{built.summary.target:.1f}".replace(".", ",").removesuffix(",0")
    print(
        f"{built.summary.name}: {total.issued} tài khoản, {total.passed} đạt, {total.certified} giấy chứng nhận, "
        f"{total.overdue} quá hạn; tỷ lệ hoàn thành {rate} (chỉ tiêu {target}%). Đã ghi {out}"
    )
    return 0


def register(commands) -> None:
    """Add these sub-commands to the `hocso` command line."""
    admin = commands.add_parser(
        "add-admin", help="tạo tài khoản quản trị cho một đơn vị, in tên đăng nhập và mã kích hoạt"
    )
    admin.add_argument("--unit", required=True, help="mã đơn vị người này quản trị (cùng các đơn vị trực thuộc)")
    admin.add_argument("--name", required=True, help="họ và tên")
    admin.set_defaults(run=_add_admin)

    units = commands.add_parser(
        "import-units", help="nhập danh sách đơn vị (CSV hoặc XLSX): mã, tên, mã đơn vị cha, loại, vùng khó khăn"
    )
    units.add_argument("file")
    units.add_argument("--apply-good", action="store_true", help="nhập các dòng đúng kể cả khi tệp còn dòng lỗi")
    units.set_defaults(run=_import_units)

    learners = commands.add_parser(
        "import-learners", help="nhập danh sách học viên (CSV hoặc XLSX), cấp tài khoản, in phiếu tài khoản"
    )
    learners.add_argument("file")
    learners.add_argument("--cohort", help="đợt học, ví dụ 'Đợt 1' (nếu tệp không có cột Đợt)")
    learners.add_argument("--working-days", type=int, default=10, help="số ngày làm việc để hoàn thành (mặc định 10)")
    learners.add_argument("--issued-on", help="ngày cấp tài khoản NNNN-TT-NN (mặc định: hôm nay)")
    learners.add_argument("--slips", default="phieu-tai-khoan", help="tên tệp phiếu tài khoản (ghi ra .pdf và .csv)")
    learners.add_argument("--apply-good", action="store_true", help="nhập các dòng đúng kể cả khi tệp còn dòng lỗi")
    learners.set_defaults(run=_import_learners)

    reported = commands.add_parser(
        "report", help="báo cáo kết quả của một đơn vị và các đơn vị trực thuộc, ra tệp XLSX hoặc CSV"
    )
    reported.add_argument("--unit", required=True, help="mã đơn vị")
    reported.add_argument("--course", help="mã khóa học (bỏ trống: mọi khóa học)")
    reported.add_argument("--cohort", help="đợt học")
    reported.add_argument("--month", help="tháng báo cáo NNNN-TT (số liệu cộng dồn đến hết tháng)")
    reported.add_argument("--out", help="tệp ghi ra, .xlsx hoặc .csv (mặc định: bao-cao-<mã>-<tháng>.xlsx)")
    reported.set_defaults(run=_report)

    demo = commands.add_parser(
        "demo", help="nạp dữ liệu mẫu: một tỉnh, vài xã, một đợt học viên; in các tài khoản đăng nhập"
    )
    demo.add_argument("--site-url", default="http://127.0.0.1:8000/")
    demo.set_defaults(run=_demo)
