"""`provided`: a dependency's value read by a route's own dependency, its override honoured as FastAPI honours it."""

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient

from functions.api.deps.provided import provided


async def get_number() -> int:
    return 1


def get_word() -> str:
    return "một"


def tiny_app() -> FastAPI:
    app = FastAPI()

    @app.get("/solved")
    async def solved(number: Annotated[int, Depends(get_number)], word: Annotated[str, Depends(get_word)]) -> list:
        return [number, word]

    @app.get("/provided")
    async def read(request: Request) -> list:
        return [await provided(request, get_number), await provided(request, get_word)]

    return app


def test_a_provided_value_is_the_one_fastapi_would_solve():
    with TestClient(tiny_app()) as client:
        assert client.get("/provided").json() == client.get("/solved").json() == [1, "một"]


def test_an_override_answers_for_the_dependency_and_stops_when_removed():
    app = tiny_app()
    with TestClient(app) as client:
        app.dependency_overrides[get_number] = lambda: 2

        async def word() -> str:
            return "hai"

        app.dependency_overrides[get_word] = word
        assert client.get("/provided").json() == client.get("/solved").json() == [2, "hai"]
        app.dependency_overrides.clear()
        assert client.get("/provided").json() == [1, "một"]
