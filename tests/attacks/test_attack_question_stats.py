"""Issue 17 over HTTP against `make run`: the question statistics are read by an administrator hoping to list the
certified bank (its stems and choices) through them, by a commune's administrator asking for the province, and by a
learner; none learns a question's text, nor a figure outside their subtree."""

from __future__ import annotations

from tests.support.actors import COURSE, DEMO_PASSWORD, api, bank, import_learner, printed_login, refusal, sign_in


def texts_of_the_bank() -> list[str]:
    """Every stem and choice of the course's certified questions, as a learner would see them."""
    return [text for q in bank()["questions"] for text in (q["text"], *q["choices"]) if len(text) > 12]


def test_an_administrator_learns_no_question_text_from_the_statistics_nor_their_csv(server):
    province = sign_in(server, printed_login(server, "Quản trị tỉnh"), DEMO_PASSWORD)
    answer = api(server, "GET", "/admin/questions", province.token, params={"course": COURSE})
    sheet = api(server, "GET", "/admin/questions.csv", province.token, params={"course": COURSE})
    assert answer.status_code == 200 and sheet.status_code == 200
    shown = answer.text + sheet.content.decode("utf-8-sig")
    assert [text for text in texts_of_the_bank() if text in shown] == []


def test_a_commune_reads_only_its_own_subtree_and_a_learner_reads_nothing(server):
    commune = sign_in(server, printed_login(server, "Quản trị Xã Mường Xén"), DEMO_PASSWORD)
    for route in ("/admin/questions", "/admin/questions.csv"):
        asked = api(server, "GET", route, commune.token, params={"course": COURSE, "unit": "40"})
        assert refusal(asked) == (403, "outside_scope")
    learner = import_learner(server, commune, "Lò Văn Tò Mò", "16813")
    assert refusal(api(server, "GET", "/admin/questions", learner.token, params={"course": COURSE}))[0] == 403
