"""A learner's journey in a real headless Chromium, against the server that `make run` starts."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.support.banks import bank_of
from tests.support.browser import answer_correctly, heading
from tests.support.paths import ROOT

pytestmark = pytest.mark.browser


def test_a_guest_goes_from_the_home_page_to_a_practice_and_its_answers(page, server):
    page.goto(server)
    course_link = page.locator(".grid.cards a").first
    title = course_link.inner_text()
    course_link.click()
    assert heading(page) == title
    course_id = page.url.rstrip("/").split("/")[-1]

    page.locator("table a").first.click()
    lesson_title = heading(page)
    assert "Bài 1/10" in page.locator(".hocso-facts").inner_text()
    assert page.title().startswith(lesson_title)

    page.goto(f"{server}khoa-hoc/{course_id}/")
    page.get_by_role("link", name="Làm bài kiểm tra").click()
    page.get_by_role("button", name="Bắt đầu luyện tập").wait_for()
    assert "chế độ luyện tập" in page.locator("#hocso-quiz").inner_text()
    page.get_by_role("button", name="Bắt đầu luyện tập").click()
    page.wait_for_selector(".hocso-quiz__question")
    bank = bank_of(course_id)
    shown = {
        page.locator(".hocso-quiz__question").nth(n).get_attribute("data-question")
        for n in range(page.locator(".hocso-quiz__question").count())
    }
    assert shown <= {question["id"] for question in bank["practice"]}  # a guest never sees a certified question
    total = bank["practice_rules"]["questions"]
    assert answer_correctly(page, bank["practice"]) == total
    page.get_by_role("button", name="Nộp bài").click()
    result = page.locator(".hocso-quiz__result").first
    result.wait_for()
    assert f"Bạn trả lời đúng {total}/{total} câu (100%)." in result.inner_text()
    assert "kết quả luyện tập" in result.inner_text()
    assert page.locator(".hocso-quiz__review-box").count() == 1
    assert page.get_by_role("button", name="Luyện tập lượt khác").is_visible()

    others = [url for url in page.requests if not url.startswith(server)]
    assert others == []


def test_each_question_is_drawn_inside_its_card_on_a_phone(page, server):
    """A question of several lines once began above its card, whose top border crossed it under its first lines."""
    page.goto(f"{server}khoa-hoc/an-toan-thong-tin-co-ban/kiem-tra/")
    page.get_by_role("button", name="Bắt đầu luyện tập").click()
    page.wait_for_selector(".hocso-quiz__question")
    cards = page.locator(".hocso-quiz__question").all()
    # Questions of two lines or more, the case that broke, are among those drawn (which ones is the draw's).
    assert any(card.locator("legend").bounding_box()["height"] > 40 for card in cards)
    for card in cards:
        question = card.locator("legend")
        assert card.get_attribute("id") and question.inner_text().startswith("Câu ")
        # The card's top edge is its border, a line drawn whole between the rounded corners (in the first rows of
        # pixels: its box may start between two), above the question.
        drawn = Image.open(io.BytesIO(card.screenshot())).convert("L")
        rows = [[drawn.getpixel((x, y)) for x in range(drawn.width // 10, drawn.width * 9 // 10)] for y in range(3)]
        assert any(max(row) < 250 for row in rows), "the card's top edge is not its border"
        assert question.bounding_box()["y"] > card.bounding_box()["y"] + 4
        # The question still names its group of choices, as a legend does.
        assert page.get_by_role("group", name=question.inner_text()).count() == 1


def test_a_reload_in_the_middle_of_the_test_keeps_the_questions_and_the_ticked_answers(page, server):
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/kiem-tra/")
    page.get_by_role("button", name="Bắt đầu luyện tập").click()
    page.wait_for_selector(".hocso-quiz__question")
    first = page.locator(".hocso-quiz__question").first
    question_id = first.get_attribute("data-question")
    first.locator("input").nth(2).check()
    page.locator(".hocso-quiz__saved", has_text="Đã lưu câu trả lời lúc").wait_for()

    page.reload()
    page.wait_for_selector(".hocso-quiz__question")
    first = page.locator(".hocso-quiz__question").first
    assert first.get_attribute("data-question") == question_id
    assert first.locator("input").nth(2).is_checked()

    # The server kept the answer too: with this device's copy gone, a reload still shows it.
    page.evaluate("localStorage.removeItem('hocso.attempt.tong-quan-chuyen-doi-so')")
    page.reload()
    page.wait_for_selector(".hocso-quiz__question")
    assert page.locator(".hocso-quiz__question").first.locator("input").nth(2).is_checked()
    assert "Đã trả lời 1/10 câu" in page.locator(".hocso-quiz__counter").inner_text()

    page.get_by_role("button", name="Nộp bài").click()
    warning = page.locator(".hocso-message--error")
    assert "Còn 9 câu chưa trả lời" in warning.inner_text()
    assert [a.inner_text() for a in warning.locator("a").all()] == [f"câu {n}" for n in range(2, 11)]
    warning.get_by_role("link", name="câu 7").click()
    # The question comes into view below the clock, which never covers its text.
    seventh = page.locator(".hocso-quiz__question").nth(6).bounding_box()
    clock = page.locator(".hocso-quiz__clock").bounding_box()
    assert seventh["y"] >= clock["y"] + clock["height"] and seventh["y"] < page.viewport_size["height"]
    page.get_by_role("button", name="Nộp bài").click()
    page.locator(".hocso-quiz__result").first.wait_for()
    assert "kết quả luyện tập" in page.locator(".hocso-quiz__result").first.inner_text()


def seconds_left(page) -> int:
    """The countdown shown, in seconds."""
    shown = page.locator(".hocso-quiz__clock", has_text="Thời gian còn lại").inner_text()
    minutes, seconds = shown.rsplit(" ", 1)[-1].split(":")
    return int(minutes) * 60 + int(seconds)


def test_a_reload_in_the_middle_of_the_test_keeps_counting_down_from_the_time_really_left(page, server):
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/kiem-tra/")
    page.get_by_role("button", name="Bắt đầu luyện tập").click()
    page.wait_for_selector(".hocso-quiz__question")
    limit = bank_of("tong-quan-chuyen-doi-so")["rules"]["time_limit_minutes"] * 60
    assert limit - 2 <= seconds_left(page) <= limit
    page.wait_for_timeout(5_000)
    page.reload()  # as a cheap phone drops a tab in the background
    page.wait_for_selector(".hocso-quiz__question")
    assert limit - 8 <= seconds_left(page) <= limit - 4  # the server's deadline kept running meanwhile


def test_a_learner_marks_a_lesson_done_and_the_course_page_counts_it(page, server):
    lesson = sorted((ROOT / "content" / "courses" / "tong-quan-chuyen-doi-so").glob("01-*.md"))[0]
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/{lesson.stem[3:]}/")
    page.get_by_role("button", name="Đánh dấu đã học xong bài này").click()
    page.locator(".hocso-progress__done").wait_for()
    assert "Bạn đã học xong bài này." in page.locator(".hocso-progress").inner_text()
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/")
    page.locator(".hocso-progress:not([hidden])").wait_for()
    assert page.locator(".hocso-progress").inner_text() == "Bạn đã học xong 1/10 bài của khóa học."
