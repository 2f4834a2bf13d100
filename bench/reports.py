"""Reports and imports at the programme's scale, beside baselines measured in the same run.

Reports: 500,000 learners spread over the 3,321 communes of `vietnam-provinces`, each a few steps along a course,
counted as the tally counts them; a national and a province report are built from the counters on SQLite and on moto's
DynamoDB-API server, against a bare `SELECT count(*)` over a 500,000-row table. The baseline only counts rows of one
narrow table: it reads no counter, sums nothing and builds no row, so it is a floor, not a like-for-like. Beside it,
in the same run, the same national report read the way it was before the store summed for it (every counter into
Python, `TallyStore.split`), whose figures must be equal. Imports: a province's 36,000 learners
read from XLSX, checked and enrolled into SQLite accounts, against a bare `executemany` of the same rows; then 3,600
of them enrolled on moto's DynamoDB-API server, in batches and, for comparison, one by one.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import country
from bench.country import COURSE, LEARNERS, SAMPLE, TODAY


def _best(fn, repeat: int = 3) -> tuple[float, object]:
    """Best seconds over `repeat` calls, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _cpu(fn, repeat: int = 5) -> float:
    """Best CPU seconds (this process) over `repeat` calls: swayed less than the wall clock by other work on a shared
    machine."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def _load_dynamodb(tally, units, counts, shares) -> int:
    """The counters as `DynamoDBTally.mark` leaves them (an item per counter key, an attribute per step and category
    share), batch-written: the test server takes one request at a time, so marking 2.3 million steps there one by
    one would take days."""
    from functions.reports.tally import split_column
    from functions.stores.dynamodb.tally import REGISTRY, counter_item

    paths = {unit.code: unit.path for unit in units}
    items: dict[tuple, dict] = {}
    for count in counts:
        item = counter_item(paths[count.unit_code], count)
        items.setdefault((item["pk"]["S"], item["sk"]["S"]), {}).update(item)
    for share in shares:
        item = counter_item(paths[share.unit_code], share._replace(category=None))
        held = items[(item["pk"]["S"], item["sk"]["S"])]
        held[split_column(share.flag, share.category)] = item[share.flag]
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
    from functions import collector, targets
    from functions.reports.report import build, build_grouped
    from functions.reports.rounds import with_previous_read
    from functions.reports.spreadsheet import as_xlsx
    from functions.reports.sums import Span
    from functions.reports.tally import Mark
    from functions.rounds import implied
    from functions.stores.dynamodb.tally import DynamoDBTally
    from functions.stores.sqlite.tally import SQLiteTally

    units, communes = country.units()
    learners = country.learners(communes, LEARNERS)
    staffed = country.staffed(communes, country.sizes(communes, LEARNERS))
    units = units[: len(units) - len(communes)] + staffed  # the provinces, then the communes with their headcounts
    sizes = Counter(unit.path.split("/")[0] for unit in communes)
    asked = {"course_id": COURSE}
    kept = {
        "course_id": COURSE,
        "cohort": None,
        "month": None,
        "category": None,
        "remote_target": targets.REMOTE,
        "other_target": targets.OTHER,
        "required": None,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hocso.sqlite3"
        tally = SQLiteTally(path)
        marked, start = 0, time.perf_counter()
        for _ in range(SAMPLE):
            learner_id, unit, cohort, deadline, category, steps = next(learners)
            for flag, course, day in steps:
                mark = Mark(learner_id, unit.code, unit.path, cohort, course, flag, day, deadline, category)
                marked += tally.mark(mark)
        per_mark = (time.perf_counter() - start) / marked
        marked += country.bulk_marks(path, learners)

        # Each with the collector held over the read and the roll-up, as `stored.of_subtree` and `rounds.of_round`
        # hold it: the counts are freed on return, before it runs again.
        @collector.holding
        def national():
            # The counters summed by the store to the report's grain (`TallyStore.grouped`), as `stored.of_subtree`
            # reads them.
            return build_grouped(units, lambda g: tally.grouped("", g), [Span()], root="", today=TODAY, **asked)[0]

        @collector.holding
        def national_whole():
            # The path before `grouped`: every counter read into Python (`TallyStore.split`), then summed there.
            counts, shares = tally.split("")
            return build(units, counts, shares=shares, root="", today=TODAY, **asked)

        @collector.holding
        def national_round():
            # The round of the bench's year (its calendar year, none being set) with last year's beside: one read,
            # both rounds summed in one pass, as `functions.reports.rounds.of_round` does.
            this, last = implied(TODAY.year), implied(TODAY.year - 1)
            read = lambda g: tally.grouped("", g)  # noqa: E731
            return with_previous_read(units, read, root="", this=this, last=last, today=TODAY, **kept)

        @collector.holding
        def grouped_read():
            # The store's part of `national`: the groupings it asks for, summed in SQL.
            return tally.grouped("", groupings)

        groupings: list = []

        def noted(asked_for: list) -> list:
            groupings.extend(asked_for)  # the groupings `national` asks the store for, read again alone below
            return tally.grouped("", asked_for)

        build_grouped(units, noted, [Span()], root="", today=TODAY, **asked)
        read, _ = _best(grouped_read, repeat=5)
        whole, report = _best(national, repeat=5)
        before, earlier = _best(national_whole, repeat=3)
        whole_cpu, before_cpu = _cpu(national), _cpu(national_whole, repeat=3)
        assert earlier == report, "the report summed by the store differs from the one summed in Python"
        by_round, found = _best(national_round, repeat=5)
        counts, shares = tally.split("")
        province_of = {unit.code: unit.parent_code for unit in communes}
        issued = Counter()
        for count in counts:
            if count.flag == "issued":
                issued[province_of[count.unit_code]] += count.n
        largest = max(issued, key=issued.__getitem__)  # the province with the most learners

        @collector.holding
        def province(store):
            read = lambda g: store.grouped(f"{largest}/", g)  # noqa: E731
            return build_grouped(units, read, [Span()], root=largest, today=TODAY, **asked)[0]

        province_seconds, _ = _best(lambda: province(tally))
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
    total, staffing = report.summary.total, report.summary.staffing
    assert staffing is not None
    print(
        f"reports (SQLite): {LEARNERS:,} learners in {len(communes):,} communes, {marked:,} steps in {stored:,} "
        f"counter rows (mark() {per_mark * 1e6:.0f} µs a step over the first {SAMPLE:,} learners, the rest written in "
        f"bulk); national report {whole * 1e3:.0f} ms (budget 250 ms; CPU {whole_cpu * 1e3:.0f} ms; the store's sums "
        f"to the report's grain {read * 1e3:.0f} ms, roll-up {(whole - read) * 1e3:.0f} ms; the same report from every "
        f"counter read whole, {len(counts):,} counts and {len(shares):,} category shares, {before * 1e3:.0f} ms, CPU "
        f"{before_cpu * 1e3:.0f} ms, equal figures; "
        f"{total.passed:,} passed of {total.issued:,}, "
        f"{report.summary.rate:.1f}% of accounts; {staffing.completion:.1f}% of {staffing.staff:,} staff in post, "
        f"{staffing.unstaffed} communes without headcount; {len(report.categories)} category columns), "
        f"national report of round {TODAY.year} with {TODAY.year - 1}'s beside {by_round * 1e3:.0f} ms "
        f"({found.report.summary.total.issued:,} issued in the round, "
        f"{found.before[''].issued:,} in {TODAY.year - 1}'s), "
        f"province {largest} ({sizes[largest]} communes, {issued[largest]:,} learners) "
        f"{province_seconds * 1e3:.0f} ms; national XLSX {workbook * 1e3:.0f} ms, {len(data) / 1024:.0f} KB; bare "
        f"SELECT count(*) over {LEARNERS:,} rows {baseline * 1e3:.1f} ms; national report / count(*) "
        f"{whole / baseline:.0f}x, round {TODAY.year}'s with {TODAY.year - 1}'s / count(*) {by_round / baseline:.0f}x"
    )
    if not country.with_moto():
        return

    process, url = country.moto()
    try:
        import boto3

        client = boto3.client(
            "dynamodb",
            endpoint_url=url,
            region_name="ap-southeast-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )  # only moto takes these
        dynamodb = DynamoDBTally("hocso-bench", client=client)
        calls: Counter = Counter()
        client.meta.events.register(
            "before-call.dynamodb.*", lambda model, **_: calls.__setitem__(model.name, calls[model.name] + 1)
        )
        dynamodb.create_table()
        start = time.perf_counter()
        items = _load_dynamodb(dynamodb, units, counts, shares)
        loading = time.perf_counter() - start
        province_moto, _ = _best(lambda: province(dynamodb))
        calls.clear()

        @collector.holding
        def national_moto_report():
            read = lambda g: dynamodb.grouped("", g)  # noqa: E731
            return build_grouped(units, read, [Span()], root="", today=TODAY, **asked)[0]

        national_moto, again = _best(national_moto_report, repeat=1)
        national_calls = dict(calls)
    finally:
        process.terminate()
        process.wait(timeout=20)
    same = again.summary.total == report.summary.total and again.summary.by_category == report.summary.by_category
    print(
        f"reports (moto, far slower than DynamoDB: ~1 ms an item to serialise): {items:,} counter items written in "
        f"bulk in {loading:.0f} s; province {largest} report {province_moto:.2f} s, national {national_moto:.1f} s "
        f"({national_moto / whole:.0f}x SQLite; figures {'equal' if same else 'DIFFERENT'} to SQLite's); national "
        f"report's DynamoDB calls: {sum(national_calls.values()):,} ({national_calls})"
    )
