"""The progress function over HTTP (in process)."""

import pytest
from fastapi.testclient import TestClient

from functions.bank import BankShelf, write_bank
from functions.deps import get_banks, get_store
from functions.progress.app import create_app
from functions.stores.sqlite import SQLiteStore
from tests.conftest import make_bank

LEARNER = {"X-Hocso-Learner": "learner-aaaaaaaaaaaa"}


@pytest.fixture
def client(tmp_path):
    write_bank(make_bank(), tmp_path / "bank")
    store = SQLiteStore(tmp_path / "hocso.sqlite3")
    app = create_app()
    app.dependency_overrides[get_store] = lambda: store
    app.dependency_overrides[get_banks] = lambda: BankShelf(tmp_path / "bank")
    with TestClient(app) as client:
        yield client
    store.close()


def test_marking_lessons_done_builds_the_course_progress_in_course_order(client):
    assert client.get("/progress/courses/mini", headers=LEARNER).json()["done"] == []
    client.put("/progress/courses/mini/lessons/l3", headers=LEARNER)
    body = client.put("/progress/courses/mini/lessons/l1", headers=LEARNER).json()
    assert body == {"course_id": "mini", "lessons": ["l1", "l2", "l3"], "done": ["l1", "l3"], "complete": False}
    client.put("/progress/courses/mini/lessons/l2", headers=LEARNER)
    assert client.put("/progress/courses/mini/lessons/l2", headers=LEARNER).json()["complete"] is True


def test_progress_is_per_learner(client):
    client.put("/progress/courses/mini/lessons/l1", headers=LEARNER)
    other = {"X-Hocso-Learner": "learner-bbbbbbbbbbbb"}
    assert client.get("/progress/courses/mini", headers=other).json()["done"] == []


def test_unknown_lessons_and_courses_are_refused_and_nothing_is_stored(client):
    response = client.put("/progress/courses/mini/lessons/l9", headers=LEARNER)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "lesson_not_found")
    response = client.put("/progress/courses/khac/lessons/l1", headers=LEARNER)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "course_not_found")
    assert client.get("/progress/courses/mini", headers=LEARNER).json()["done"] == []
    assert client.get("/progress/courses/mini").json()["error"]["code"] == "learner_required"
