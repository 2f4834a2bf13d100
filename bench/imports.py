"""Benchmark: importing a province's learners (36,000, the programme's figure) from a spreadsheet into accounts, on
SQLite beside a bare insert of the same rows, and a smaller import on the DynamoDB-API server (moto) counted in calls.

The units, names and moto server come from `bench.country`, which builds the same country for the report benchmark.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import country
from bench.country import FAMILY, GIVEN, MIDDLE, TODAY, with_moto

IMPORTED = 36_000
IMPORTED_MOTO = 3_600  # a tenth of a province: the test server is single-threaded and far slower than DynamoDB


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
    from functions.enrolment.imports import parse_learners, read_table
    from functions.enrolment.roster import enrol
    from functions.stores.sqlite.accounts import SQLiteAccounts
    from functions.stores.sqlite.tally import SQLiteTally

    units, _ = country.units()
    province = "40"
    mine = [unit for unit in units if unit.path.startswith(f"{province}/")]
    data, text = _learner_tables(province, [unit.code for unit in mine if unit.parent_code])
    with tempfile.TemporaryDirectory() as tmp:
        store, tally = SQLiteAccounts(Path(tmp) / "hocso.sqlite3"), SQLiteTally(Path(tmp) / "hocso.sqlite3")
        store.put_units(mine)
        calendar = WorkingCalendar()  # built once a process, as the functions' `calendar.configured()` is
        start, cpu = time.perf_counter(), time.process_time()
        rows = read_table(data, "hoc-vien.xlsx")
        reading = time.perf_counter() - start
        parsed = parse_learners(rows, {unit.code for unit in mine})
        parsing = time.perf_counter() - start - reading
        # As the administration import runs it: accounts stored, and the new ones counted as issued, 1,000 at a time.
        enrolled = enrol(store, parsed.good, cohort=None, issued_on=TODAY, calendar=calendar, tally=tally)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
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
        bare.execute(
            "CREATE TABLE accounts (learner_id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, "
            "unit_code TEXT NOT NULL, unit_path TEXT NOT NULL, identity TEXT NOT NULL, cohort TEXT, "
            "body TEXT NOT NULL, UNIQUE (unit_code, identity))"
        )
        rows_out = [
            (
                f"u.{n}",
                f"user{n}",
                row.unit_code,
                paths[row.unit_code],
                row.identity,
                row.cohort,
                json.dumps(row.__dict__, ensure_ascii=False),
            )
            for n, row in enumerate(parsed.good)
        ]
        start = time.perf_counter()
        bare.execute("BEGIN")
        bare.executemany("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?)", rows_out)
        bare.execute("COMMIT")
        baseline = time.perf_counter() - start
        bare.close()
    print(
        f"import: {len(enrolled):,} learners from a {len(data) / 1024 / 1024:.1f} MB XLSX in {total:.1f} s "
        f"(budget 2 s; 30 s before issue 20; CPU {cpu:.1f} s, the checkpoint thread's included): "
        f"read {reading:.1f} s (the same rows as CSV {csv_reading:.1f} s), "
        f"checked {parsing:.1f} s, "
        f"enrolled and counted {enrolling:.1f} s ({enrolling / len(enrolled) * 1e6:.0f} µs an account, "
        "a transaction of accounts and one of marks per 1,000, each a few statements and an executemany); "
        f"bare executemany of the same rows {baseline * 1e3:.0f} ms; enrol / executemany {enrolling / baseline:.0f}x"
    )
    if with_moto():
        _import_moto(mine, parsed.good)


def _import_moto(units, rows) -> None:
    """The import's first rows enrolled on moto's DynamoDB-API server: as `enrol` stores them (in batches), again
    (everyone found again), and one at a time as `enrol` did before, into a table of its own of the same size."""
    import boto3

    from functions.accounts.calendar import WorkingCalendar
    from functions.accounts.issuing import issue_account
    from functions.enrolment.roster import enrol
    from functions.reports.tally import Mark
    from functions.stores.dynamodb.accounts import DynamoDBAccounts
    from functions.stores.dynamodb.tally import DynamoDBTally

    calendar, calls, batch = WorkingCalendar(), Counter(), rows[:IMPORTED_MOTO]
    deadline, unit = calendar.deadline(TODAY, 10), {unit.code: unit for unit in units}
    process, url = country.moto()
    try:
        client = boto3.client(
            "dynamodb",
            endpoint_url=url,
            region_name="ap-southeast-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )  # only moto takes these
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
                    accounts,
                    full_name=row.full_name,
                    unit=unit[row.unit_code],
                    identity=row.identity,
                    issued_on=TODAY,
                    deadline=deadline,
                    cohort=row.cohort,
                    position=row.position,
                    phone=row.phone,
                    email=row.email,
                    external_id=row.external_id,
                )
                if code is not None:
                    tally.mark(
                        Mark(
                            account.learner_id,
                            account.unit_code,
                            account.unit_path,
                            account.cohort,
                            None,
                            "issued",
                            TODAY,
                            deadline,
                        )
                    )

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
    print(
        "import on moto (the tests' DynamoDB-API server, one request at a time, its rollback journaled: only the call "
        f"counts carry over to DynamoDB): {n:,} learners enrolled and "
        f"counted {first:.1f} s ({first / n * 1e3:.0f} ms an account, {first_calls:,} calls; {issued:,} counted "
        f"issued), again {again:.1f} s ({again_calls:,} calls), one by one as before {single:.1f} s "
        f"({single / n * 1e3:.0f} ms an account, {single_calls:,} calls); a province of {IMPORTED:,} is about "
        f"{first_calls * IMPORTED // n:,} calls, {again_calls * IMPORTED // n:,} again, rather than "
        f"{single_calls * IMPORTED // n:,}"
    )


if __name__ == "__main__":
    bench_import()
