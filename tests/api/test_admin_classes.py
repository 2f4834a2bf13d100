"""Classroom training over HTTP (the administration function in process, real SQLite stores): an administrator
creates a class of their unit (at most three days), registers learners from a list or a CSV, syncs attendance taken
on a phone (a replay changes nothing, a day outside the class is refused whole), and the learners present every day
count in the report as classroom completions beside the online passes; the paper attendance sheet reads back."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from functions.reports import stored
from tests.support.admin import NOW, admin_client, person
from tests.support.attempts import sat
from tests.support.world import PROVINCE, VINH, XEN

DAY1, DAY2, DAY3 = date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20)


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def refused(answer) -> tuple[int, str, list[str]]:
    error = answer.json()["error"]
    return answer.status_code, error["code"], [detail["problem"] for detail in error["details"]]


@pytest.fixture
def world(client):
    """The commune's and the ward's administrators, three learners of the commune and one of the ward."""
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, vinh_admin = person(client, "Phan Thị Phường", VINH, role="admin")
    ids = [person(client, name, XEN)[0] for name in ("Đặng Hữu Phước", "Hoàng Thị Thùy Dương", "Vi Thị Chưa")]
    ward, _ = person(client, "Nguyễn Thị Ánh Tuyết", VINH)
    names = [client.accounts.account(learner).username for learner in ids]
    return {
        "admin": xen_admin,
        "vinh_admin": vinh_admin,
        "ids": ids,
        "names": names,
        "ward": client.accounts.account(ward).username,
    }


def draft(client, **changes) -> dict:
    return {
        "title": "Tập huấn chuyển đổi số cho cán bộ đầu mối",
        "place": "Hội trường UBND xã Mường Xén",
        "first_day": DAY1.isoformat(),
        "last_day": DAY3.isoformat(),
        "trainer": "Nguyễn Văn Giảng",
        "course_id": client.bank.course_id,
        "unit_code": XEN.code,
    } | changes


def new_class(client, world, **changes) -> str:
    answer = client.post("/admin/classes", json=draft(client, **changes), headers=world["admin"])
    assert answer.status_code == 200, answer.text
    return answer.json()["class_id"]


def sync(client, world, class_id: str, marks) -> object:
    body = {"marks": [{"learner_id": learner, "day": day.isoformat()} for learner, day in marks]}
    return client.post(f"/admin/classes/{class_id}/attendance", json=body, headers=world["admin"])


def test_a_class_is_created_registered_attended_and_its_completions_counted_in_the_report(client, world):
    class_id = new_class(client, world)
    a, b, c = world["ids"]
    joined = client.post(
        f"/admin/classes/{class_id}/learners", json={"learners": world["names"][:2]}, headers=world["admin"]
    )
    assert [p["username"] for p in joined.json()["registered"]] == world["names"][:2]
    csv = f"Họ và tên,Tên đăng nhập\nVi Thị Chưa,{world['names'][2]}\nĐặng Hữu Phước,{world['names'][0]}\n"
    joined = client.post(
        f"/admin/classes/{class_id}/learners.csv",
        content=("\ufeff" + csv).encode(),
        headers=world["admin"] | {"Content-Type": "text/csv"},
    )
    assert [p["username"] for p in joined.json()["registered"]] == world["names"]
    sheet = [(a, DAY1), (a, DAY2), (a, DAY3), (b, DAY1), (b, DAY3), (c, DAY1), (c, DAY2), (c, DAY3)]
    first = sync(client, world, class_id, sheet).json()
    assert (first["recorded"], first["already"], first["view"]["completed"]) == (8, 0, 2)
    again = sync(client, world, class_id, sheet).json()  # the phone synced the same sheet twice
    assert (again["recorded"], again["already"]) == (0, 8)
    view = client.get(f"/admin/classes/{class_id}", headers=world["admin"]).json()
    assert [(p["full_name"], p["days"], p["completed"]) for p in view["registered"]] == [
        ("Đặng Hữu Phước", ["2026-11-18", "2026-11-19", "2026-11-20"], True),
        ("Hoàng Thị Thùy Dương", ["2026-11-18", "2026-11-20"], False),
        ("Vi Thị Chưa", ["2026-11-18", "2026-11-19", "2026-11-20"], True),
    ]
    built = stored.of_subtree(client.accounts, client.tally, PROVINCE, today=NOW.date())
    assert (built.summary.total.classroom, built.summary.total.passed) == (2, 0)
    shown = client.get("/admin/reports", headers=world["admin"]).json()["rows"][0]
    assert (shown["total"]["classroom"], shown["total"]["passed"]) == (2, 0)
    trail = [entry.action for entry in client.audit.entries(PROVINCE.path)]
    assert trail[:5] == ["class.view", "class.attend", "class.attend", "class.register", "class.register"]


def test_a_class_that_needs_the_test_is_completed_by_those_who_also_passed_online(client, world):
    class_id = new_class(client, world, needs_test=True, last_day=DAY1.isoformat())
    a, b, _ = world["ids"]
    client.post(f"/admin/classes/{class_id}/learners", json={"learners": world["names"][:2]}, headers=world["admin"])
    sat(client.attempts, client.bank, a, correct=True, attempt_id="a-pass", at=NOW)
    sat(client.attempts, client.bank, b, correct=False, attempt_id="a-fail", at=NOW)
    answer = sync(client, world, class_id, [(a, DAY1), (b, DAY1)]).json()
    assert [p["completed"] for p in answer["view"]["registered"]] == [True, False]
    built = stored.of_subtree(client.accounts, client.tally, XEN, today=date(2026, 12, 31))
    assert built.summary.total.classroom == 1


def test_a_class_longer_than_three_days_or_ending_before_it_starts_is_refused(client, world):
    for last, expected in (("2026-11-21", (422, "class_too_long", ["4 ngày"])), ("2026-11-17", None)):
        answer = client.post("/admin/classes", json=draft(client, last_day=last), headers=world["admin"])
        code = expected or (422, "class_dates_reversed", ["2026-11-17"])
        assert refused(answer) == code
    assert client.get("/admin/classes", headers=world["admin"]).json() == {"classes": []}
    wrong_course = client.post("/admin/classes", json=draft(client, course_id="khong-co"), headers=world["admin"])
    assert refused(wrong_course)[:2] == (404, "course_not_found")


def test_attendance_outside_the_class_or_of_a_stranger_is_refused_whole_and_nothing_is_kept(client, world):
    class_id = new_class(client, world)
    a, b, _ = world["ids"]
    client.post(f"/admin/classes/{class_id}/learners", json={"learners": world["names"][:1]}, headers=world["admin"])
    outside = sync(client, world, class_id, [(a, DAY1), (a, date(2026, 11, 21)), (a, date(2026, 11, 17))])
    assert refused(outside) == (422, "attendance_outside_dates", ["2026-11-17", "2026-11-21"])
    stranger = sync(client, world, class_id, [(a, DAY1), (b, DAY1)])
    assert refused(stranger) == (422, "attendance_not_registered", [b])
    assert client.classes.attendance(class_id) == []


def test_registration_is_refused_whole_for_unknown_names_and_learners_outside_the_class_unit(client, world):
    class_id = new_class(client, world)
    path = f"/admin/classes/{class_id}/learners"
    unknown = client.post(path, json={"learners": [world["names"][0], "khong-co-ai"]}, headers=world["admin"])
    assert refused(unknown) == (422, "class_learner_unknown", ["khong-co-ai"])
    ward_class = client.post(
        "/admin/classes", json=draft(client, unit_code=PROVINCE.code), headers=world["admin"]
    )  # the commune's administrator cannot open a class of the province
    assert refused(ward_class)[:2] == (403, "outside_scope")
    province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")[1]
    outside = client.post(path, json={"learners": [world["names"][0], world["ward"]]}, headers=province)
    assert refused(outside) == (422, "learner_outside_unit", [world["ward"]])
    assert client.classes.get(class_id).learner_ids == ()
    not_csv = client.post(f"{path}.csv", content=b"\xff\xfe\x00", headers=world["admin"] | {"Content-Type": "text/csv"})
    assert refused(not_csv)[:2] == (422, "import_unreadable")


def test_another_communes_administrator_finds_no_class_and_cannot_change_it(client, world):
    class_id = new_class(client, world)
    other = world["vinh_admin"]
    for method, path, body in (
        ("GET", f"/admin/classes/{class_id}", None),
        ("GET", f"/admin/classes/{class_id}/sheet.pdf", None),
        ("POST", f"/admin/classes/{class_id}/learners", {"learners": [world["ward"]]}),
        ("POST", f"/admin/classes/{class_id}/attendance", {"marks": [{"learner_id": "x", "day": "2026-11-18"}]}),
    ):
        assert refused(client.request(method, path, json=body, headers=other))[:2] == (404, "class_not_found")
    assert client.get("/admin/classes", headers=other).json() == {"classes": []}
    assert client.classes.get(class_id).learner_ids == ()


def test_the_attendance_sheet_is_a_pdf_naming_the_class_its_days_and_its_learners(client, world):
    class_id = new_class(client, world)
    client.post(f"/admin/classes/{class_id}/learners", json={"learners": world["names"]}, headers=world["admin"])
    answer = client.get(f"/admin/classes/{class_id}/sheet.pdf", headers=world["admin"])
    assert answer.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(answer.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)  # a day's header wraps in its cell
    for expected in (
        "DANH SÁCH ĐIỂM DANH LỚP TẬP HUẤN TRỰC TIẾP",
        "Tập huấn chuyển đổi số cho cán bộ đầu mối",
        "Địa điểm: Hội trường UBND xã Mường Xén",
        "Thời gian: 18/11/2026 – 20/11/2026",
        "Giảng viên: Nguyễn Văn Giảng",
        "Khóa mini",
        "Ngày 18/11",
        "Ngày 20/11",
        "Đặng Hữu Phước",
        "Vi Thị Chưa",
        world["names"][1],
    ):
        assert expected in text, expected
    assert client.audit.entries(PROVINCE.path)[0].action == "class.sheet"
