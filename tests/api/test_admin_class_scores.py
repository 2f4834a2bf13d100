"""The paper route to completing a class over HTTP (the administration function in process, real SQLite stores): a
class that needs the course's test (here 6 questions, 50 % to pass) is completed by a learner present every day who
passed the same test on paper; scores are refused whole when out of range, of a stranger, or for a class that needs
no test; recorded again a score replaces the one kept (audited), the same batch replayed changes nothing; another
commune's administrator finds no class to score."""

import io
from datetime import date

from pypdf import PdfReader

from functions.reports import stored
from tests.api.test_admin_classes import DAY1, DAY2, client, new_class, refused, sync, world
from tests.support.admin import NOW
from tests.support.attempts import sat
from tests.support.world import PROVINCE, XEN

__all__ = ["client", "world"]  # the fixtures, shared with the attendance tests


def scores(client, world, class_id: str, marks, headers=None) -> object:
    body = {"scores": [{"learner_id": learner, "correct": correct} for learner, correct in marks]}
    return client.post(f"/admin/classes/{class_id}/scores", json=body, headers=headers or world["admin"])


def a_class_with_learners(client, world, **changes) -> str:
    class_id = new_class(client, world, last_day=DAY2.isoformat(), **{"needs_test": True} | changes)
    client.post(f"/admin/classes/{class_id}/learners", json={"learners": world["names"]}, headers=world["admin"])
    return class_id


def test_attending_every_day_and_passing_on_paper_completes_the_class_and_counts_once(client, world):
    class_id = a_class_with_learners(client, world)
    a, b, c = world["ids"]
    sync(client, world, class_id, [(who, day) for who in (a, b, c) for day in (DAY1, DAY2)])
    sat(client.attempts, client.bank, c, correct=True, attempt_id="c-online", at=NOW)  # c passed online instead
    first = scores(client, world, class_id, [(a, 3), (b, 2)]).json()
    assert (first["recorded"], first["replaced"], first["already"]) == (2, 0, 0)
    view = first["view"]
    assert (view["questions"], view["pass_percent"], view["completed"]) == (6, 50, 2)
    assert [(p["paper"], p["completed"]) for p in view["registered"]] == [
        ({"correct": 3, "total": 6, "passed": True}, True),
        ({"correct": 2, "total": 6, "passed": False}, False),
        (None, True),
    ]
    again = scores(client, world, class_id, [(a, 3), (b, 2)]).json()  # the phone synced the same batch twice
    assert (again["recorded"], again["replaced"], again["already"]) == (0, 0, 2)
    fixed = scores(client, world, class_id, [(b, 4)]).json()  # a marking error corrected
    assert (fixed["recorded"], fixed["replaced"], fixed["view"]["completed"]) == (0, 1, 3)
    built = stored.of_subtree(client.accounts, client.tally, XEN, today=date(2026, 12, 31))
    assert built.summary.total.classroom == 3  # a and c counted by each of three syncs, still once each
    trail = client.audit.entries(PROVINCE.path)
    assert [entry.action for entry in trail[:3]] == ["class.score"] * 3
    assert trail[0].detail.endswith(f"0 điểm mới; ghi đè: {world['names'][1]} 2/6 → 4/6")
    assert trail[2].detail.endswith("2 điểm mới; ghi đè: —")


def test_a_paper_pass_without_every_day_attended_does_not_complete(client, world):
    class_id = a_class_with_learners(client, world)
    a, *_ = world["ids"]
    sync(client, world, class_id, [(a, DAY1)])
    answer = scores(client, world, class_id, [(a, 6)]).json()
    assert (answer["view"]["registered"][0]["completed"], answer["view"]["completed"]) == (False, 0)
    assert stored.of_subtree(client.accounts, client.tally, XEN, today=date(2026, 12, 31)).summary.total.classroom == 0


def test_scores_out_of_range_of_strangers_or_for_a_class_without_the_test_are_refused_whole(client, world):
    class_id = a_class_with_learners(client, world)
    a, b, _ = world["ids"]
    out = scores(client, world, class_id, [(a, 3), (b, 7)])
    assert refused(out) == (422, "paper_score_out_of_range", [f"{b}: 7/6"])
    negative = scores(client, world, class_id, [(a, -1)])
    assert refused(negative)[:2] == (422, "paper_score_out_of_range")
    stranger = scores(client, world, class_id, [(a, 3), ("nguoi-la", 3)])
    assert refused(stranger) == (422, "paper_score_not_registered", ["nguoi-la"])
    assert client.classes.scores(class_id) == {}
    no_test = a_class_with_learners(client, world, needs_test=False)
    assert refused(scores(client, world, no_test, [(a, 3)]))[:2] == (422, "class_no_test")
    empty = client.post(f"/admin/classes/{class_id}/scores", json={"scores": []}, headers=world["admin"])
    assert refused(empty)[:2] == (422, "invalid_request")
    words = client.post(
        f"/admin/classes/{class_id}/scores", json={"scores": [{"learner_id": a}]}, headers=world["admin"]
    )
    assert refused(words)[:2] == (422, "invalid_request")


def test_another_communes_administrator_finds_no_class_to_score(client, world):
    class_id = a_class_with_learners(client, world)
    a, *_ = world["ids"]
    answer = scores(client, world, class_id, [(a, 6)], headers=world["vinh_admin"])
    assert refused(answer)[:2] == (404, "class_not_found")
    assert client.classes.scores(class_id) == {}


def test_the_sheet_of_a_class_that_needs_the_test_has_a_column_for_the_paper_score(client, world):
    def text(class_id: str) -> str:
        answer = client.get(f"/admin/classes/{class_id}/sheet.pdf", headers=world["admin"])
        assert answer.headers["content-type"] == "application/pdf"
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(answer.content)).pages)

    tested = text(a_class_with_learners(client, world))
    assert "Bài KT: số câu đúng/6" in tested and "trên giấy: ghi số câu đúng" in tested
    assert "Vi Thị Chưa" in tested and "Ký tên" in tested
    plain = text(a_class_with_learners(client, world, needs_test=False))
    assert "Bài KT" not in plain and "Ký tên" in plain
