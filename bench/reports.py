"""Reports and imports at the programme's scale, beside baselines measured in the same run.

Reports: 500,000 learners spread over the 3,321 communes of `vietnam-provinces`, each a few steps along a course,
counted as the tally counts them; a national and a province report are built from the counters on SQLite and on moto's
DynamoDB-API server, against a bare `SELECT count(*)` over a 500,000-row table. Imports: a province's 36,000 learners
read from XLSX, checked and enrolled into SQLite accounts, against a bare `executemany` of the same rows; then 360 of
them enrolled on moto's DynamoDB-API server, in batches and, for comparison, one by one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEARNERS = 500_000
SAMPLE = 20_000  # learners counted through `mark()`; the others' rows are written in bulk (see `_bulk_marks`)
COURSE = "tong-quan-chuyen-doi-so"
TODAY = date(2026, 11, 23)
IMPORTED = 36_000
IMPORTED_MOTO = 360  # moto copies its table for each item of a transaction: 3,600 would take hours there
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lò", "Vi", "Lương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Minh", "Quốc", "Ngọc", "Thanh", "Xuân"]
GIVEN = ["Hùng", "Mai", "Tuấn", "Hoa", "Nam", "Lan", "Phước", "Dương", "Khánh", "Tuyết", "Thắng", "Hường", "Diệp", "Quân"]


def _best(fn, repeat: int = 3) -> tuple[float, object]:
    """Best seconds over `repeat` calls, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _units():
    """The 34 provinces and 3,321 communes; about half the communes (Xã) and every special zone in remote areas."""
    import vietnam_provinces as vn

    from functions.accounts.account import Unit, unit_path

    rng = random.Random(7)
    provinces = {}
    for province in vn.Province.iter_all():
        code = str(int(province.code))
        name = province.name if province.name.startswith(("Tỉnh", "Thành phố")) else f"Tỉnh {province.name}"
        provinces[code] = Unit(code=code, name=name, kind=name.split()[0], path=unit_path(code, None))
    communes = []
    for ward in vn.Ward.iter_all():
        parent = provinces[str(int(ward.province_code))]
        kind = ward.name.split()[0]
        remote = kind == "Đặc" or (kind == "Xã" and rng.random() < 0.55)
        code = str(int(ward.code))
        communes.append(Unit(code=code, name=ward.name, parent_code=parent.code, kind=kind, remote=remote,
                             path=unit_path(code, parent.path)))
    return list(provinces.values()) + communes, communes


def _learners(communes, total: int):
    """(learner id, commune, cohort, deadline, steps) per learner; steps are (flag, course or None, day), up to today.

    Communes vary in size (log-normal), take one or two cohorts issued between September and late November, and
    learners drop off along the way: 92% activate, 90% of those start, 80% finish the lessons, 88% of those pass."""
    from functions.accounts.calendar import WorkingCalendar

    rng = random.Random(1)
    weights = [rng.lognormvariate(0, 0.5) for _ in communes]
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[-1] += total - sum(sizes)
    deadlines: dict[date, date] = {}
    calendar = WorkingCalendar()
    n = 0
    for commune, size in zip(communes, sizes):
        cohorts = 1 if rng.random() < 0.5 else 2
        for c in range(cohorts):
            issued = date(2026, 9, 1) + timedelta(days=rng.randrange(80))
            if issued not in deadlines:
                deadlines[issued] = calendar.deadline(issued, 10)
            for _ in range(size // cohorts + (c < size % cohorts)):
                steps = [("issued", None, issued)]
                day = issued + timedelta(days=rng.randrange(4))
                for flag, share, wait in (("activated", 0.92, 0), ("started", 0.9, 4), ("lessons_done", 0.8, 8),
                                          ("passed", 0.88, 3)):
                    if rng.random() >= share:
                        break
                    day += timedelta(days=rng.randrange(wait + 1))
                    if day > TODAY:
                        break
                    steps.append((flag, None if flag == "activated" else COURSE, day))
                    if flag == "passed":
                        steps.append(("certified", COURSE, day))
                yield f"u.{n:09d}", commune, f"Đợt {c + 1}", deadlines[issued], steps
                n += 1


def _bulk_marks(path: Path, learners) -> int:
    """Write the rows `SQLiteTally.mark` would write for these learners, in one transaction: the same `marked` rows
    and counters, without a commit per step (2.3 million commits would take minutes). Returns the steps written."""
    from functions.reports.tally import FLAGS

    counters: Counter = Counter()

    def marked():
        for learner_id, unit, cohort, deadline, steps in learners:
            for flag, course, day in steps:
                counters[(unit.path, cohort, course or "", deadline.isoformat(), day.isoformat(), unit.code, flag)] += 1
                yield learner_id, course or "", flag

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO marked (learner_id, course_id, flag) VALUES (?, ?, ?)", marked())
    for flag in FLAGS:
        db.executemany(
            f"INSERT INTO tally (unit_path, cohort, course_id, deadline, day, unit_code, {flag}) VALUES (?, ?, ?, ?, ?, ?, ?) "
            f"ON CONFLICT DO UPDATE SET {flag} = {flag} + excluded.{flag}",
            [(*key[:-1], n) for key, n in counters.items() if key[-1] == flag],
        )
    db.execute("COMMIT")
    db.close()
    return sum(counters.values())


def _moto():
    """moto's DynamoDB-API server as the tests run it (tests/dynamodb_server.py), and its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "tests.dynamodb_server", str(port)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"})
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("moto server did not start")


def _load_dynamodb(tally, units, counts) -> int:
    """The counters as `DynamoDBTally.mark` leaves them (an item per counter key, an attribute per step), batch-written:
    moto copies its whole table for every transaction, so marking 2.3 million steps there would take days."""
    from functions.stores.dynamodb_tally import REGISTRY, counter_item

    paths = {unit.code: unit.path for unit in units}
    items: dict[tuple, dict] = {}
    for count in counts:
        item = counter_item(paths[count.unit_code], count)
        items.setdefault((item["pk"]["S"], item["sk"]["S"]), {}).update(item)
    tops = {key[0].split("#", 1)[1] for key in items}
    puts = [{"PutRequest": {"Item": item}} for item in items.values()]
    puts += [{"PutRequest": {"Item": {"pk": {"S": REGISTRY}, "sk": {"S": top}}}} for top in tops]
    client, table = tally._client, tally._table
    for start in range(0, len(puts), 25):
        pending = {table: puts[start : start + 25]}
        while pending:
            pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None
    return len(items)


def bench_reports() -> None:
    from functions.reports.report import build
    from functions.reports.spreadsheet import as_xlsx
    from functions.reports.tally import Mark
    from functions.stores.dynamodb_tally import DynamoDBTally
    from functions.stores.sqlite_tally import SQLiteTally

    units, communes = _units()
    learners = _learners(communes, LEARNERS)
    sizes = Counter(unit.path.split("/")[0] for unit in communes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hocso.sqlite3"
        tally = SQLiteTally(path)
        marked, start = 0, time.perf_counter()
        for _ in range(SAMPLE):
            learner_id, unit, cohort, deadline, steps = next(learners)
            for flag, course, day in steps:
                marked += tally.mark(Mark(learner_id, unit.code, unit.path, cohort, course, flag, day, deadline))
        per_mark = (time.perf_counter() - start) / marked
        marked += _bulk_marks(path, learners)

        def national():
            return build(units, tally.counts(""), root="", today=TODAY, course_id=COURSE)

        read, counts = _best(lambda: tally.counts(""), repeat=5)
        whole, report = _best(national, repeat=5)
        province_of = {unit.code: unit.parent_code for unit in communes}
        issued = Counter()
        for count in counts:
            if count.flag == "issued":
                issued[province_of[count.unit_code]] += count.n
        largest = max(issued, key=issued.__getitem__)  # the province with the most learners
        province_seconds, _ = _best(lambda: build(units, tally.counts(f"{largest}/"), root=largest, today=TODAY, course_id=COURSE))
        workbook, data = _best(lambda: as_xlsx(report))
        db = sqlite3.connect(path, isolation_level=None)
        stored = db.execute("SELECT count(*) FROM tally").fetchone()[0]
        db.execute("CREATE TABLE learners (learner_id TEXT PRIMARY KEY, unit_path TEXT NOT NULL)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO learners VALUES (?, ?)", ((f"u.{n:09d}", "40/16813/") for n in range(LEARNERS)))
        db.execute("COMMIT")
        baseline, _ = _best(lambda: db.execute("SELECT count(*) FROM learners").fetchone(), repeat=5)
        db.close()
        tally.close()
    total = report.summary.total
    print(f"reports (SQLite): {LEARNERS:,} learners in {len(communes):,} communes, {marked:,} steps in {stored:,} counter rows "
          f"(mark() {per_mark * 1e6:.0f} µs a step over the first {SAMPLE:,} learners, the rest written in bulk); national "
          f"report {whole * 1e3:.0f} ms (counters read as {len(counts):,} counts {read * 1e3:.0f} ms, roll-up {(whole - read) * 1e3:.0f} ms; "
          f"{total.passed:,} passed of {total.issued:,}, {report.summary.rate:.1f}%), province {largest} "
          f"({sizes[largest]} communes, {issued[largest]:,} learners) {province_seconds * 1e3:.0f} ms; national XLSX {workbook * 1e3:.0f} ms, "
          f"{len(data) / 1024:.0f} KB; bare SELECT count(*) over {LEARNERS:,} rows {baseline * 1e3:.1f} ms; "
          f"national report / count(*) {whole / baseline:.0f}x")

    process, url = _moto()
    try:
        import boto3

        client = boto3.client("dynamodb", endpoint_url=url, region_name="ap-southeast-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")  # only moto takes these
        dynamodb = DynamoDBTally("hocso-bench", client=client)
        dynamodb.create_table()
        start = time.perf_counter()
        items = _load_dynamodb(dynamodb, units, counts)
        loading = time.perf_counter() - start
        province_moto, _ = _best(lambda: build(units, dynamodb.counts(f"{largest}/"), root=largest, today=TODAY, course_id=COURSE))
        national_moto, again = _best(lambda: build(units, dynamodb.counts(""), root="", today=TODAY, course_id=COURSE), repeat=1)
    finally:
        process.terminate()
        process.wait(timeout=20)
    same = again.summary.total == report.summary.total
    print(f"reports (moto, far slower than DynamoDB: ~1 ms an item to serialise): {items:,} counter items written in bulk in "
          f"{loading:.0f} s; province {largest} report {province_moto:.2f} s, national {national_moto:.1f} s "
          f"({national_moto / whole:.0f}x SQLite; figures {'equal' if same else 'DIFFERENT'} to SQLite's)")


def _learner_tables(province: str, codes: list[str]) -> tuple[bytes, bytes]:
    """36,000 learners of one province as a Sở would upload them: an XLSX, and the same rows as a UTF-8 CSV."""
    from openpyxl import Workbook

    rng = random.Random(3)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    for n in range(-1, IMPORTED):
        if n < 0:
            row = ["Họ và tên", "Mã đơn vị", "Chức vụ", "Số điện thoại", "Email", "Số CCCD", "Đợt"]
        else:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            row = [name, rng.choice(codes), "Công chức", f"09{n:08d}", "", f"0{province:0>2}{n:09d}", "Đợt 1"]
        sheet.append(row)
        writer.writerow(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), text.getvalue().encode("utf-8-sig")


def bench_import() -> None:
    from functions.accounts.calendar import WorkingCalendar
    from functions.accounts.imports import parse_learners, read_table
    from functions.accounts.roster import enrol
    from functions.stores.sqlite_accounts import SQLiteAccounts
    from functions.stores.sqlite_tally import SQLiteTally

    units, _ = _units()
    province = "40"
    mine = [unit for unit in units if unit.path.startswith(f"{province}/")]
    data, text = _learner_tables(province, [unit.code for unit in mine if unit.parent_code])
    with tempfile.TemporaryDirectory() as tmp:
        store, tally = SQLiteAccounts(Path(tmp) / "hocso.sqlite3"), SQLiteTally(Path(tmp) / "hocso.sqlite3")
        store.put_units(mine)
        start = time.perf_counter()
        rows = read_table(data, "hoc-vien.xlsx")
        reading = time.perf_counter() - start
        parsed = parse_learners(rows, {unit.code for unit in mine})
        parsing = time.perf_counter() - start - reading
        # As the administration import runs it: accounts stored, and the new ones counted as issued, 1,000 at a time.
        enrolled = enrol(store, parsed.good, cohort=None, issued_on=TODAY, calendar=WorkingCalendar(), tally=tally)
        total = time.perf_counter() - start
        enrolling = total - reading - parsing
        store.close()
        tally.close()
        start = time.perf_counter()
        read_table(text, "hoc-vien.csv")
        csv_reading = time.perf_counter() - start

        paths = {unit.code: unit.path for unit in mine}
        bare = sqlite3.connect(Path(tmp) / "bare.sqlite3", isolation_level=None)
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=NORMAL")
        bare.execute("CREATE TABLE accounts (learner_id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, unit_code TEXT NOT NULL, "
                     "unit_path TEXT NOT NULL, identity TEXT NOT NULL, cohort TEXT, body TEXT NOT NULL, UNIQUE (unit_code, identity))")
        rows_out = [(f"u.{n}", f"user{n}", row.unit_code, paths[row.unit_code], row.identity, row.cohort,
                     json.dumps(row.__dict__, ensure_ascii=False)) for n, row in enumerate(parsed.good)]
        start = time.perf_counter()
        bare.execute("BEGIN")
        bare.executemany("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?)", rows_out)
        bare.execute("COMMIT")
        baseline = time.perf_counter() - start
        bare.close()
    print(f"import: {len(enrolled):,} learners from a {len(data) / 1024 / 1024:.1f} MB XLSX in {total:.1f} s (budget 30 s): read "
          f"{reading:.1f} s (the same rows as CSV {csv_reading:.1f} s), checked {parsing:.1f} s, enrolled and counted "
          f"{enrolling:.1f} s ({enrolling / len(enrolled) * 1e6:.0f} µs an account, a transaction of accounts and one of "
          f"marks per 1,000); bare executemany of the same rows {baseline * 1e3:.0f} ms; enrol / executemany "
          f"{enrolling / baseline:.0f}x")
    _import_moto(mine, parsed.good)


def _import_moto(units, rows) -> None:
    """The import's first rows enrolled on moto's DynamoDB-API server: as `enrol` stores them (in batches), again
    (everyone found again), and one at a time as `enrol` did before, into a table of its own of the same size."""
    import boto3

    from functions.accounts.calendar import WorkingCalendar
    from functions.accounts.issuing import issue_account
    from functions.accounts.roster import enrol
    from functions.reports.tally import Mark
    from functions.stores.dynamodb_accounts import DynamoDBAccounts
    from functions.stores.dynamodb_tally import DynamoDBTally

    calendar, calls, batch = WorkingCalendar(), Counter(), rows[:IMPORTED_MOTO]
    deadline, unit = calendar.deadline(TODAY, 10), {unit.code: unit for unit in units}
    process, url = _moto()
    try:
        client = boto3.client("dynamodb", endpoint_url=url, region_name="ap-southeast-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")  # only moto takes these
        client.meta.events.register("before-call.dynamodb", lambda model, **_: calls.update([model.name]))

        def timed(table: str, work) -> tuple[float, int]:
            """Seconds and DynamoDB calls of `work(accounts, tally)` on the table (made when new)."""
            accounts, tally = DynamoDBAccounts(table, client=client), DynamoDBTally(table, client=client)
            if table not in client.list_tables()["TableNames"]:
                accounts.create_table()
                accounts.put_units(units)
            calls.clear()
            start = time.perf_counter()
            work(accounts, tally)
            return time.perf_counter() - start, sum(calls.values())

        def one_by_one(accounts, tally):
            for row in batch:
                account, code = issue_account(
                    accounts, full_name=row.full_name, unit=unit[row.unit_code], identity=row.identity, issued_on=TODAY,
                    deadline=deadline, cohort=row.cohort, position=row.position, phone=row.phone, email=row.email,
                    external_id=row.external_id)
                if code is not None:
                    tally.mark(Mark(account.learner_id, account.unit_code, account.unit_path, account.cohort, None,
                                    "issued", TODAY, deadline))

        def batched(accounts, tally):
            enrol(accounts, batch, cohort=None, issued_on=TODAY, calendar=calendar, tally=tally)

        first, first_calls = timed("hocso-import", batched)
        again, again_calls = timed("hocso-import", batched)
        single, single_calls = timed("hocso-one-by-one", one_by_one)
        issued = sum(c.n for c in DynamoDBTally("hocso-import", client=client).counts("") if c.flag == "issued")
    finally:
        process.terminate()
        process.wait(timeout=20)
    n = len(batch)
    print(f"import on moto (moto figures: moto deep-copies the whole table for every item of a transaction, so a batch "
          f"of 99 items costs it 99 copies; only the call counts carry over to DynamoDB): {n:,} learners enrolled and "
          f"counted {first:.1f} s ({first / n * 1e3:.0f} ms an account, {first_calls:,} calls; {issued:,} counted issued), "
          f"again {again:.1f} s ({again_calls:,} calls), one by one as before {single:.1f} s ({single / n * 1e3:.0f} ms "
          f"an account, {single_calls:,} calls); a province of {IMPORTED:,} is about {first_calls * IMPORTED // n:,} "
          f"calls, {again_calls * IMPORTED // n:,} again, rather than {single_calls * IMPORTED // n:,}")


if __name__ == "__main__":
    bench_reports()
    bench_import()
