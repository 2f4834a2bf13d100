"""`payload`: a path parameter and a JSON body read by the route itself answer every input exactly as FastAPI's own
parameters answer it (the same status, the same faults in the same order) and are documented the same."""

from typing import Annotated

import pytest
from fastapi import FastAPI, Path, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from functions.api import http, payload

ItemId = Annotated[str, Path(min_length=1, max_length=8, pattern=r"^[a-z0-9-]+$")]
ITEM_ID: TypeAdapter[str] = TypeAdapter(ItemId)


class Order(BaseModel):
    model_config = ConfigDict(extra="forbid")

    counts: dict[str, list[Annotated[int, Field(ge=0)]]]


def twin_apps() -> FastAPI:
    """One route in FastAPI's way, its twin reading its own input: both in the app shape every function has, both
    answering what they parsed (its `repr`, which shows a lone surrogate as it was sent)."""
    app = http.new_app("twins", "")

    @app.post("/fastapi/{item_id}")
    async def solved(item_id: ItemId, order: Order) -> dict:
        return {"item_id": item_id, "counts": repr(order.counts)}

    async def own(request: Request) -> JSONResponse:
        body = await payload.body(request, Order)
        item_id = payload.path(request, "item_id", ITEM_ID)
        payload.check(item_id, body)
        return JSONResponse({"item_id": item_id.value, "counts": repr(body.value.counts)})

    app.router.add_api_route(
        "/own/{item_id}",
        own,
        methods=["POST"],
        response_model=dict,
        openapi_extra=payload.documented_path("item_id", ITEM_ID),
        route_class_override=payload.SelfReading.reading(Order),
    )

    return app


BODIES = [
    None,
    b"",
    b'{"counts": {"a": [1, 2]}}',
    b'  {"counts": {}} ',
    b'{"counts": {"a": [1.0]}}',
    b"{not json",
    b"[",
    b"\xff\xfe",
    b'{"counts": NaN}',
    b'{"counts": {"a": [NaN]}}',
    b'{"counts": [1, 2]}',
    b'{"counts": {"a": ["x"]}}',
    b'{"counts": {"a": [-1]}}',
    b'{"counts": {"a": [1.5]}}',
    b'{"counts": {}, "extra": 1}',
    b'{"counts": {"a": [0]}, "counts": {}}',
    b'{"counts": {"\\ud800": [0]}}',
    b"{}",
    b"null",
    b"1",
]
MEDIA = [
    None,
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/x+json",
    "text/plain",
]
IDS = ["ok-1", "BAD!"]


@pytest.mark.parametrize("item_id", IDS)
@pytest.mark.parametrize("media", MEDIA)
@pytest.mark.parametrize("body", BODIES)
def test_a_route_reading_its_own_input_answers_as_fastapi_does(item_id, media, body):
    headers = {"Content-Type": media} if media else {}
    with TestClient(twin_apps()) as client:
        solved = client.post(f"/fastapi/{item_id}", content=body, headers=headers)
        own = client.post(f"/own/{item_id}", content=body, headers=headers)
    assert (own.status_code, own.json()) == (solved.status_code, solved.json())


def test_a_body_that_is_not_json_is_refused_with_where_it_stops():
    with TestClient(twin_apps()) as client:
        response = client.post("/own/BAD!", content=b"{not json", headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["error"]["details"]) == (
        400,
        [{"field": "body.1", "problem": "json_invalid"}],
    )


def test_faults_of_the_path_and_the_body_come_together_path_first():
    with TestClient(twin_apps()) as client:
        response = client.post("/own/BAD!", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.json()["error"]["details"] == [
        {"field": "path.item_id", "problem": "string_pattern_mismatch"},
        {"field": "body.counts", "problem": "missing"},
    ]


def test_the_route_is_documented_as_fastapi_documents_its_twin():
    spec = twin_apps().openapi()["paths"]
    solved, own = spec["/fastapi/{item_id}"]["post"], spec["/own/{item_id}"]["post"]
    documented = ("parameters", "requestBody")
    assert [own[part] for part in documented] == [solved[part] for part in documented]
