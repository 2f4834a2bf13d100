"""The country the report and import benchmarks run on: the 34 provinces and 3,321 communes, half a million learners
with their steps and headcounts, names to give them, and the DynamoDB-API server (moto) the AWS-shaped parts use."""

from __future__ import annotations

import os
import random
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEARNERS = 500_000
SAMPLE = 20_000  # learners counted through `mark()`; the others' rows are written in bulk (see `bulk_marks`)
COURSE = "tong-quan-chuyen-doi-so"
TODAY = date(2026, 11, 23)
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lò", "Vi", "Lương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Minh", "Quốc", "Ngọc", "Thanh", "Xuân"]
GIVEN = [
    "Hùng",
    "Mai",
    "Tuấn",
    "Hoa",
    "Nam",
    "Lan",
    "Phước",
    "Dương",
    "Khánh",
    "Tuyết",
    "Thắng",
    "Hường",
    "Diệp",
    "Quân",
]


def units():
    """The 34 provinces and 3,321 communes; about half the communes (Xã) and every special zone in remote areas."""
    import vietnam_provinces as vn

    from functions.accounts.account import Unit, unit_path

    rng = random.Random(7)
    provinces = {}
    for province in vn.Province.iter_all():
        code = f"{int(province.code):02d}"  # the official codes keep their leading zeros: "01", "00004"
        name = province.name if province.name.startswith(("Tỉnh", "Thành phố")) else f"Tỉnh {province.name}"
        provinces[code] = Unit(code=code, name=name, kind=name.split()[0], path=unit_path(code, None))
    communes = []
    for ward in vn.Ward.iter_all():
        parent = provinces[f"{int(ward.province_code):02d}"]
        kind = ward.name.split()[0]
        remote = kind == "Đặc" or (kind == "Xã" and rng.random() < 0.55)
        code = f"{int(ward.code):05d}"  # without them, four provinces' codes were also wards' of Hà Nội
        communes.append(
            Unit(
                code=code,
                name=ward.name,
                parent_code=parent.code,
                kind=kind,
                remote=remote,
                path=unit_path(code, parent.path),
            )
        )
    return list(provinces.values()) + communes, communes


CATEGORIES = (("cbccvc", 0.7), ("cnscd", 0.2), ("dvtn", 0.05), (None, 0.05))
"""Learners' categories and their shares: mostly officials, a fifth community digital-technology team members, some
youth-union members and a few imported without a category."""


def sizes(communes, total: int) -> list[int]:
    """Learners per commune: log-normal, summing to `total`."""
    rng = random.Random(1)
    weights = [rng.lognormvariate(0, 0.5) for _ in communes]
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[-1] += total - sum(sizes)
    return sizes


def staffed(communes, sizes):
    """The communes with headcounts of the year: a quarter more staff than accounts in each category (so about 80%
    coverage), and one commune in ten with none yet."""
    from functions.headcounts import Headcount

    rng = random.Random(3)
    out = []
    for commune, size in zip(communes, sizes, strict=True):
        if rng.random() < 0.1:
            out.append(commune)
            continue
        counts = tuple(
            Headcount(year=TODAY.year, category=code, staff=round(size * share * 1.25) + 1)
            for code, share in CATEGORIES
            if code
        )
        out.append(commune.model_copy(update={"headcounts": counts}))
    return out


def learners(communes, total: int):
    """(learner id, commune, cohort, deadline, category, steps) per learner; steps are (flag, course or None, day), up
    to today.

    Communes vary in size (log-normal), take one or two cohorts issued between September and late November, and
    learners drop off along the way: 92% activate, 90% of those start, 80% finish the lessons, 88% of those pass."""
    from functions.accounts.calendar import WorkingCalendar

    rng = random.Random(1)
    per_commune = sizes(communes, total)
    codes, shares = [code for code, _ in CATEGORIES], [share for _, share in CATEGORIES]
    deadlines: dict[date, date] = {}
    calendar = WorkingCalendar()
    n = 0
    for commune, size in zip(communes, per_commune, strict=True):  # a size per commune
        cohorts = 1 if rng.random() < 0.5 else 2
        for c in range(cohorts):
            issued = date(2026, 9, 1) + timedelta(days=rng.randrange(80))
            if issued not in deadlines:
                deadlines[issued] = calendar.deadline(issued, 10)
            for _ in range(size // cohorts + (c < size % cohorts)):
                steps = [("issued", None, issued)]
                day = issued + timedelta(days=rng.randrange(4))
                for flag, share, wait in (
                    ("activated", 0.92, 0),
                    ("started", 0.9, 4),
                    ("lessons_done", 0.8, 8),
                    ("passed", 0.88, 3),
                ):
                    if rng.random() >= share:
                        break
                    day += timedelta(days=rng.randrange(wait + 1))
                    if day > TODAY:
                        break
                    steps.append((flag, None if flag == "activated" else COURSE, day))
                    if flag == "passed":
                        steps.append(("certified", COURSE, day))
                category = rng.choices(codes, shares)[0]
                yield f"u.{n:09d}", commune, f"Đợt {c + 1}", deadlines[issued], category, steps
                n += 1


def bulk_marks(path: Path, learners) -> int:
    """Write the rows `SQLiteTally.mark` would write for these learners, in one transaction: the same `marked` rows
    and counters, without a commit per step (2.3 million commits would take minutes). Returns the steps written."""
    from functions.reports.tally import FLAGS, SPLIT, split_column

    counters: Counter = Counter()

    def marked():
        for learner_id, unit, cohort, deadline, category, steps in learners:
            for flag, course, day in steps:
                at = (unit.path, cohort, course or "", deadline.isoformat(), day.isoformat(), unit.code)
                counters[(*at, flag)] += 1
                if category and flag in SPLIT:  # the category's share, a column of the same row
                    counters[(*at, split_column(flag, category))] += 1
                yield learner_id, course or "", flag

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO marked (learner_id, course_id, flag) VALUES (?, ?, ?)", marked())
    for column in {key[-1] for key in counters}:
        db.executemany(
            f"INSERT INTO tally (unit_path, cohort, course_id, deadline, day, unit_code, {column}) "
            f"VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET {column} = {column} + excluded.{column}",
            [(*key[:-1], n) for key, n in counters.items() if key[-1] == column],
        )
    db.execute("COMMIT")
    db.close()
    return sum(n for key, n in counters.items() if key[-1] in FLAGS)


def with_moto() -> bool:
    """Whether the pieces also run their DynamoDB-API server part (minutes each): `python -m bench.run --no-moto`
    leaves it out, to repeat the SQLite figures quickly."""
    return os.environ.get("HOCSO_BENCH_MOTO", "1") != "0"


def moto():
    """moto's DynamoDB-API server as the tests run it (tests/support/dynamodb_server.py), and its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.dynamodb_server", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"},
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("moto server did not start")
