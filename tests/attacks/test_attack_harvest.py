"""Issue 13.1 as an attacker would do it, over HTTP against `make run`: harvest the certified bank's key by starting
guest attempts with made-up guest ids and answering one question each, then flood guest starts from one address.

Before the fix every guest attempt drew certified questions and each submit's score told whether the one answer was
right: about 450 attempts (under a second) gave a course's whole key. Now a guest draws only the course's practice
set, which shares no question with the certified pool, and one address may start only so many guest attempts an hour.

Each test speaks from its own loopback address (127.0.0.x), so the limit it spends is not the browser tests'.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit

from functions.settings import Settings
from tests.support.banks import bank_of

COURSES = ("tong-quan-chuyen-doi-so", "an-toan-thong-tin-co-ban")
PASSWORD = "hocso-demo-2026"
LIMIT = Settings.model_fields["guest_starts_per_hour"].default


def call(
    server, method: str, path: str, source: str, body: dict | None = None, headers: dict | None = None
) -> tuple[int, dict]:
    """One request to the server's API from the loopback address `source`."""
    where = urlsplit(str(server))
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=20, source_address=(source, 0))
    try:
        connection.request(
            method,
            f"/api{path}",
            body=json.dumps(body) if body is not None else None,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def guest() -> dict[str, str]:
    """A made-up guest id, as anyone can invent one."""
    return {"X-Hocso-Learner": uuid.uuid4().hex}


def test_many_guests_answering_one_question_each_learn_nothing_about_certified_questions(server):
    source = "127.0.0.3"
    learned: dict[str, dict[int, bool]] = {}  # what the attack learns: question id -> choice -> right or not
    certified_ids: set[str] = set()
    certified_texts: set[str] = set()
    rounds = LIMIT // len(COURSES) - 1
    began = time.monotonic()
    for course in COURSES:
        bank = bank_of(course)
        certified_ids |= {question["id"] for question in bank["questions"]}
        certified_texts |= {question["text"] for question in bank["questions"]}
        for n in range(rounds):
            who = guest()
            status, attempt = call(server, "POST", f"/quiz/courses/{course}/attempts", source, headers=who)
            assert status == 201, attempt
            shown = attempt["questions"][n % len(attempt["questions"])]
            choice = n // len(attempt["questions"]) % len(shown["choices"])
            # Probing a certified question through a practice attempt is refused outright.
            probe = next(iter(certified_ids))
            status, refused = call(
                server, "POST", f"/quiz/attempts/{attempt['id']}/submit", source, {"answers": {probe: [0]}}, who
            )
            assert (status, refused["error"]["code"]) == (422, "unknown_question")
            status, graded = call(
                server,
                "POST",
                f"/quiz/attempts/{attempt['id']}/submit",
                source,
                {"answers": {shown["id"]: [choice]}},
                who,
            )
            assert status == 200, graded
            learned.setdefault(shown["id"], {})[choice] = graded["result"]["correct"] == 1
            told = json.dumps([attempt, graded], ensure_ascii=False)
            assert not any(question_id in told for question_id in certified_ids)
            assert not any(question["text"] in certified_texts for question in attempt["questions"])
    elapsed = time.monotonic() - began
    assert learned and not set(learned) & certified_ids
    print(f"{2 * rounds} guest attempts in {elapsed:.1f} s: {len(learned)} practice questions probed, 0 certified")

    # The learner the attack was for: signed in, their certified attempt holds no question the guests ever saw.
    username = re.search(r"Học viên chưa học bài nào:\s+(\S+)", server.printed()).group(1)
    status, session = call(server, "POST", "/accounts/signin", source, {"username": username, "password": PASSWORD})
    assert status == 200, session
    status, exam = call(
        server,
        "POST",
        f"/quiz/courses/{COURSES[0]}/attempts",
        source,
        headers={"Authorization": f"Bearer {session['token']}"},
    )
    assert status in (200, 201), exam
    assert exam["practice"] is False
    assert not {question["id"] for question in exam["questions"]} & set(learned)


def test_a_flood_of_guest_starts_from_one_address_is_refused_with_429(server):
    flood, other = "127.0.0.2", "127.0.0.4"
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    accepted = 0
    for _ in range(2 * LIMIT + 1):
        status, body = call(server, "POST", f"/quiz/courses/{COURSES[0]}/attempts", flood, headers=guest())
        if status == 429:
            break
        assert status == 201, body
        accepted += 1
    assert (status, body["error"]["code"]) == (429, "practice_rate_limited")
    assert "quá nhiều lượt luyện tập" in body["error"]["message"]
    same_window = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) == hour
    assert accepted == LIMIT if same_window else accepted <= 2 * LIMIT
    # Another address is not held back by the flood.
    status, body = call(server, "POST", f"/quiz/courses/{COURSES[0]}/attempts", other, headers=guest())
    assert status == 201, body
