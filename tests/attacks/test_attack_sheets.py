"""Attacks on the spreadsheet paths, over HTTP against `make run`'s server: hostile uploads are refused within a
second with their code and nothing written; a 400 MB anonymous body is refused without growing the server; names
that are formulas come back from every spreadsheet export as inert text; the bulk download refuses a course id
that is not one and names its file by RFC 6266.

Every spreadsheet hocso writes is covered: the report (CSV and XLSX) and the slips CSV. The learner list and the
audit trail are answered as JSON only (no spreadsheet export exists for them); they are read back too, verbatim."""

from __future__ import annotations

import csv
import io
import re
import socket
import threading
import time
from pathlib import Path

import httpx2 as httpx
import openpyxl
import pytest

from tests.support.apps import filename_of
from tests.support.hostile import huge_cell_csv, wide_csv, xfd_xlsx, zip_bomb
from tests.support.jobs import polled

PASSWORD = "hocso-demo-2026"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UNIT_NAME = '=HYPERLINK("http://x","y")'
LEARNERS = ["=1+2", "+84 Nguyễn", "-Lê Văn", "@SUM(A1)"]


def session(server) -> httpx.Client:
    """A client signed in as the demo province's administrator."""
    username = re.search(r"Quản trị tỉnh:\s+(\S+)", server.printed()).group(1)
    client = httpx.Client(base_url=f"{server}api", timeout=30)
    answer = client.post("/accounts/signin", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    return client


def state(client: httpx.Client) -> tuple:
    """What an import could have written: the units, the number of learners, the audit trail."""
    units = client.get("/admin/units").json()
    learners = client.get("/admin/learners", params={"limit": 1}).json()["total"]
    audit = [
        (entry["action"], entry["target"])
        for entry in client.get("/admin/audit").json()
        if entry["action"] != "learners.list"
    ]
    return units, learners, audit


@pytest.mark.parametrize(
    "name, made, status, code",
    [
        ("xfd.xlsx", xfd_xlsx, 422, "import_too_many_columns"),
        ("wide.csv", wide_csv, 422, "import_too_many_columns"),
        ("huge-cell.csv", huge_cell_csv, 422, "import_cell_too_long"),
        ("bomb.xlsx", zip_bomb, 422, "import_suspicious_xlsx"),
    ],
)
def test_a_hostile_spreadsheet_is_refused_within_a_second_and_nothing_is_written(server, name, made, status, code):
    data = made()
    client = session(server)
    before = state(client)
    for route in ("/admin/learners/import", "/admin/units/import"):
        start = time.perf_counter()
        answer = client.post(route, params={"filename": name}, content=data)
        elapsed = time.perf_counter() - start
        assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
        assert answer.json()["error"]["message"] and elapsed < 1, elapsed
    assert state(client) == before


def _server_pid(server) -> int:
    port = server.rstrip("/").rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in command and port.encode() in command:
            return int(proc.name)
    raise AssertionError("the server's process was not found")


def _rss(pid: int) -> int:
    """Resident memory of a process, in bytes."""
    line = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def _stream(server, declared: int | None) -> tuple[bytes, float]:
    """POST 400 MB of would-be JSON to the sign-in route, anonymous, from a generator of 1 MB chunks (chunked, or with
    a declared length); (the response's first bytes, seconds until they came). A route with a JSON body has its body
    read before anything else runs: that is where it used to be read whole into memory."""
    host, port = server.split("//")[1].rstrip("/").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    length = f"Content-Length: {declared}" if declared else "Transfer-Encoding: chunked"
    sock.sendall(
        f"POST /api/accounts/signin HTTP/1.1\r\nHost: {host}\r\n{length}\r\n"
        "Content-Type: application/json\r\n\r\n".encode()
    )
    chunk = b"x" * (1024 * 1024)

    def send() -> None:
        try:
            for _ in range(400):
                sock.sendall((b"100000\r\n" + chunk + b"\r\n") if not declared else chunk)
            if not declared:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server closed the connection: what it answered is read below

    start = time.perf_counter()
    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    answer = b""
    while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
        part = sock.recv(65536)
        if not part:
            break
        answer += part
    elapsed = time.perf_counter() - start
    sock.close()
    sender.join(timeout=10)
    return answer, elapsed


@pytest.mark.parametrize("declared", [None, 400 * 1024 * 1024], ids=["streamed", "declared"])
def test_a_400_mb_anonymous_body_is_refused_and_the_server_does_not_grow(server, declared):
    pid = _server_pid(server)
    before = _rss(pid)
    answer, elapsed = _stream(server, declared)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b'"code":"body_too_large"' in answer and elapsed < 1, elapsed
    assert _rss(pid) - before < 20 * 1024 * 1024


def _no_formula(cells: list[object]) -> None:
    texts = [cell for cell in cells if isinstance(cell, str)]
    assert not [text for text in texts if text.startswith(TRIGGERS)], texts


def test_names_that_are_formulas_come_back_inert_from_every_export(server):
    client = session(server)
    root = client.get("/admin/units").json()[0]["code"]
    quoted = UNIT_NAME.replace('"', '""')
    units = f'Mã đơn vị,Tên đơn vị,Mã đơn vị cha\nFX1,"{quoted}",{root}\n'
    answer = client.post("/admin/units/import", params={"filename": "units.csv"}, content=units.encode())
    assert answer.status_code == 200 and answer.json()["applied"], answer.text
    learners = "Họ và tên,Mã đơn vị,Số điện thoại\n" + "".join(
        f"{name},FX1,09130000{n:02d}\n" for n, name in enumerate(LEARNERS)
    )
    imported = client.post(
        "/admin/learners/import", params={"filename": "learners.csv"}, content=learners.encode()
    ).json()
    assert imported["created"] == len(LEARNERS), imported

    slips = client.get(imported["slips_csv"])
    rows = list(csv.reader(io.StringIO(slips.content.decode("utf-8-sig"), newline="")))
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + name for name in LEARNERS)
    assert {row[1] for row in rows[1:]} == {"'" + UNIT_NAME}
    _no_formula([cell for row in rows for cell in row])

    report_csv = client.get("/admin/reports.csv")
    rows = list(csv.reader(io.StringIO(report_csv.content.decode("utf-8-sig"), newline="")))
    assert "'" + UNIT_NAME in [row[1] for row in rows]
    _no_formula([cell for row in rows for cell in row])

    report_xlsx = client.get("/admin/reports.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "'" + UNIT_NAME in [cell.value for cell in cells]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    _no_formula([cell.value for cell in cells])
    for download, name in ((report_csv, ".csv"), (report_xlsx, ".xlsx"), (slips, ".csv")):
        assert filename_of(download.headers["Content-Disposition"]).endswith(name)

    # The list and the audit trail are JSON: the names come back exactly as imported, for the page to show as text.
    listed = client.get("/admin/learners", params={"unit": "FX1"}).json()["learners"]
    assert sorted(learner["full_name"] for learner in listed) == sorted(LEARNERS)
    assert client.get("/admin/audit").json()[0]["action"] in ("learners.list", "learners.import")


@pytest.mark.parametrize("course", ["tiếng-việt", 'a"b', "x\r\ny", "../x"])
def test_the_certificates_zip_refuses_a_course_that_is_no_course_id(server, course):
    client = session(server)
    root = client.get("/admin/units").json()[0]["code"]
    answer = client.post("/admin/jobs", json={"kind": "certificates.zip", "unit": root, "course": course})
    assert (answer.status_code, answer.json()["error"]["code"]) == (422, "invalid_request")
    assert answer.json()["error"]["details"][0]["field"].endswith("course")


def test_a_certificates_zip_is_named_by_rfc_6266(server):
    client = session(server)
    root = client.get("/admin/units").json()[0]["code"]
    started = client.post(
        "/admin/jobs", json={"kind": "certificates.zip", "unit": root, "course": "tong-quan-chuyen-doi-so"}
    )
    job = polled(client, started.json()["id"])
    assert job["state"] == "done", job
    link = client.post(f"/admin/jobs/{job['id']}/files/certificates.zip").json()["url"]
    answer = httpx.get(f"{server}{link.lstrip('/')}")  # signed: no sign-in
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/zip"
    assert filename_of(answer.headers["Content-Disposition"]) == f"giay-chung-nhan-{root}-tong-quan-chuyen-doi-so.zip"
