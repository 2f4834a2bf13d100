"""Reports per training round over HTTP: `round=` counts the round's days against its year's staff in post, and the
view, the XLSX, the CSV and the report job carry the previous round's figures beside each unit's."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from functions.headcounts import Headcount
from functions.reports.tally import Mark
from tests.support.admin import admin_client, person
from tests.support.jobs import fetched, finished
from tests.support.world import PROVINCE, XEN

R2026 = {"name": "Đợt bồi dưỡng năm 2026", "first": "2026-01-05", "last": "2026-12-20"}


def marked(client, learner: str, issued: date, passed: date) -> None:
    """A learner of the commune issued an account and passing the course on those days."""
    for flag, course, day in (("issued", None, issued), ("passed", "mini", passed)):
        client.tally.mark(Mark(learner, "16813", XEN.path, None, course, flag, day, None, "cbccvc"))


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        staffed = (Headcount(year=2025, category="cbccvc", staff=4), Headcount(year=2026, category="cbccvc", staff=2))
        client.accounts.put_units([XEN.model_copy(update={"headcounts": staffed})])
        marked(client, "u.an", date(2025, 3, 10), date(2025, 4, 1))
        marked(client, "u.binh", date(2025, 3, 10), date(2025, 5, 2))
        marked(client, "u.an#2026", date(2026, 2, 1), date(2026, 3, 1))
        yield client


def test_a_rounds_report_counts_its_days_with_last_years_figures_beside(client):
    _, province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    client.put("/admin/rounds/2026", headers=province, json=R2026)
    body = client.get("/admin/reports", headers=province, params={"round": "2026", "course": "mini"}).json()
    assert (body["round"]["name"], body["previous_round"]["name"], body["year"]) == (R2026["name"], "Năm 2025", 2026)
    xen = next(row for row in body["rows"] if row["code"] == "16813")
    assert (xen["total"]["issued"], xen["total"]["passed"], xen["staffing"]["completion"]) == (1, 1, 50.0)
    assert xen["before"] == {"issued": 2, "passed": 2, "completion": 50.0}
    whole = client.get("/admin/reports", headers=province, params={"course": "mini"}).json()
    assert whole["round"] is None and whole["rows"][0]["before"] is None
    assert whole["rows"][0]["total"]["issued"] == 3  # without a round, every year counts


def test_the_rounds_report_files_and_job_carry_the_previous_rounds_columns(client):
    _, province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    client.put("/admin/rounds/2026", headers=province, json=R2026)
    asked = {"round": "2026", "course": "mini"}
    sheet = load_workbook(io.BytesIO(client.get("/admin/reports.xlsx", headers=province, params=asked).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert any(str(row[0]).startswith("Đợt đào tạo: Đợt bồi dưỡng năm 2026 (05/01/2026 – 20/12/2026)") for row in rows)
    headers = next(row for row in rows if row[0] == "STT")
    assert headers[-3:] == (
        "Tài khoản được cấp – đợt 2025",
        "Đạt – đợt 2025",
        "Hoàn thành trên biên chế – đợt 2025 (%)",
    )
    assert next(row for row in rows if row[1] == "Tổng cộng")[-3:] == (2, 2, 50.0)
    text = client.get("/admin/reports.csv", headers=province, params=asked).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][-1] == "Hoàn thành trên biên chế – đợt 2025 (%)" and lines[-1][-3:] == ["2", "2", "50.0"]
    job = finished(client, province, {"kind": "report", "format": "csv", **asked})
    assert fetched(client, province, job, "report.csv").content.decode("utf-8-sig") == text


def test_a_round_that_is_not_a_year_is_refused(client):
    _, province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    assert client.get("/admin/reports", headers=province, params={"round": "26"}).status_code == 422
    refused = client.post("/admin/jobs", headers=province, json={"kind": "report", "round": "năm nay"})
    assert refused.status_code == 422
