"""Question statistics over HTTP (the administration function in process, real SQLite stores): a course's questions
in the administrator's subtree with draws, share right, discrimination and flags, a commune whose success on a question
jumps flagged as a leak for the province's administrator, the same as CSV whose ids are the bank's; a unit outside
the subtree, an unknown course or month refused."""

import csv
import io

import pytest

from functions.questions.sums import Cell, Sums
from tests.support.admin import admin_client, person
from tests.support.world import PROVINCE, VINH, XEN


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def answered(n: int, right: int, strong_right: bool = True) -> Sums:
    """`n` draws, `right` of them right; those right by learners who got 5 others right (strong) when `strong_right`,
    by learners who got 1 other right (weak) otherwise, the rest by the others."""
    hit, miss = (5, 1) if strong_right else (1, 5)
    return Sums(n, right, right * hit + (n - right) * miss, right * hit**2 + (n - right) * miss**2, right * hit)


@pytest.fixture
def world(client):
    """Thirty months of history in the ward (l1-q1 40% right, l1-q2 always right, l1-q3 right by the weak), then
    December in Mường Xén: l1-q1 right 12 times out of 12."""
    client.questions.add(
        Cell(
            VINH.path,
            VINH.code,
            "mini",
            "2026-11",
            {"l1-q1": answered(50, 20), "l1-q2": answered(40, 40), "l1-q3": answered(40, 20, strong_right=False)},
        )
    )
    client.questions.add(
        Cell(XEN.path, XEN.code, "mini", "2026-12", {"l1-q1": answered(12, 12), "gone-q9": answered(3, 1)})
    )
    _, province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, ward = person(client, "Lê Thị Phường", VINH, role="admin")
    return {"province": province, "ward": ward}


def test_the_province_sees_each_question_figures_flags_and_the_commune_where_one_leaked(client, world):
    answer = client.get("/admin/questions", params={"course": "mini"}, headers=world["province"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["course_title"], body["unit_code"], body["month"]) == ("Khóa mini", PROVINCE.code, None)
    rows = {row["id"]: row for row in body["questions"]}
    assert list(rows)[:12] == [q.id for q in client.bank.questions] and list(rows)[12:] == ["gone-q9"]
    leaked = rows["l1-q1"]
    assert (leaked["draws"], leaked["right"], leaked["p"], leaked["flags"]) == (
        62,
        32,
        pytest.approx(32 / 62),
        ["leak"],
    )
    [leak] = leaked["leaks"]
    assert (leak["unit_code"], leak["unit_name"], leak["month"], leak["draws"], leak["right"]) == (
        XEN.code,
        XEN.name,
        "2026-12",
        12,
        12,
    )
    assert (leak["history_draws"], leak["history_p"]) == (50, pytest.approx(0.4))
    assert leaked["discrimination"] == pytest.approx(1.0)
    assert rows["l1-q2"]["flags"] == ["too_easy"] and rows["l1-q2"]["discrimination"] is None
    assert rows["l1-q3"]["flags"] == ["misleading"] and rows["l1-q3"]["discrimination"] == pytest.approx(-1.0)
    assert (rows["l2-q1"]["draws"], rows["l2-q1"]["p"], rows["l2-q1"]["flags"]) == (0, None, [])
    assert (rows["gone-q9"]["in_bank"], rows["gone-q9"]["lesson"]) == (False, "")
    assert "text" not in leaked and "Câu l1" not in answer.text  # the bank's stems are for editors, in questions.yml
    assert body["thresholds"]["leak_chance"] == 0.001


def test_a_month_and_a_unit_narrow_what_is_read_and_the_ward_sees_no_leak_of_a_commune_it_does_not_hold(client, world):
    december = client.get("/admin/questions", params={"course": "mini", "month": "2026-12"}, headers=world["province"])
    rows = {row["id"]: row for row in december.json()["questions"]}
    assert (rows["l1-q1"]["draws"], rows["l1-q1"]["flags"], rows["l1-q2"]["draws"]) == (12, ["leak"], 0)
    ward = client.get("/admin/questions", params={"course": "mini"}, headers=world["ward"]).json()
    rows = {row["id"]: row for row in ward["questions"]}
    assert (ward["unit_code"], rows["l1-q1"]["draws"], rows["l1-q1"]["flags"]) == (VINH.code, 50, [])
    refused = client.get("/admin/questions", params={"course": "mini", "unit": XEN.code}, headers=world["ward"])
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "outside_scope")


def test_the_csv_lists_each_question_by_its_bank_id_with_its_flags_in_vietnamese(client, world):
    answer = client.get("/admin/questions.csv", params={"course": "mini"}, headers=world["province"])
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert "cau-hoi-mini-40.csv" in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã câu hỏi", "Bài học", "Còn trong ngân hàng"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["l1-q1"][1:] == [
        "l1",
        "có",
        "62",
        "32",
        "0.516",
        "1.0",
        "Nghi lộ đề",
        "Xã Mường Xén (2026-12: 12/12)",
    ]
    assert by_id["l1-q3"][7] == "Gây nhầm người giỏi" and by_id["l1-q2"][7] == "Quá dễ"
    assert by_id["gone-q9"][2] == "không" and len(rows) == 14


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"course": "nope"}, 404, "course_not_found"),
        ({}, 422, "invalid_request"),
        ({"course": "mini", "month": "2026-13"}, 422, "invalid_request"),
        ({"course": "mini", "unit": "99999"}, 404, "unit_not_found"),
    ],
)
def test_an_unknown_course_unit_or_month_is_refused_with_a_code(client, world, params, status, code):
    answer = client.get("/admin/questions", params=params, headers=world["province"])
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)


def test_a_learner_or_a_guest_is_refused(client, world):
    _, learner = person(client, "Vi Văn Học", XEN)
    assert client.get("/admin/questions", params={"course": "mini"}, headers=learner).status_code == 403
    assert client.get("/admin/questions", params={"course": "mini"}).status_code == 401
