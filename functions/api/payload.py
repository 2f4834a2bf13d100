"""A route's path parameter and JSON body read by the route itself, every fault answered as FastAPI answers it.

FastAPI parses a body parameter with `json.loads`, then validates the Python objects, and solves the route's
dependencies around them on every request; a route that reads its own input parses and validates the body at once, in
pydantic's own parser. The submit and save routes do, on the hot path of a test wave. Their faults keep FastAPI's
shape and order: a body that is not JSON is `json_invalid` at `body.<offset>` (400 `malformed_json`) before anything
else; the caller's checks come next; then every fault of the path and the body together (422 `invalid_request`): a
parameter out of its pattern or bounds under `path.<name>`, a field under `body.<field>`, an empty body `missing`, a
body of another media type refused as FastAPI refuses it. Such a route is declared with `SelfReading.reading(<its
body's model>)`, which FastAPI documents as the body of a route declaring it, and documents its path parameters with
`openapi_extra` (`documented_path`); FastAPI's per-request handler (dependencies solved, the answer validated again)
does not run around it either.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from fastapi import HTTPException, params
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.utils import create_model_field
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import Response

Value = TypeVar("Value")
Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Parsed(Generic[Value]):
    """One input read: its value, or the faults that refuse it (raised by `check`, after the caller is known)."""

    found: Value | None
    errors: tuple[dict[str, Any], ...] = ()

    @property
    def value(self) -> Value:
        """The value of an input `check` passed."""
        if self.errors or self.found is None:
            raise RequestValidationError(list(self.errors))
        return self.found


class SelfReading(APIRoute):
    """A route whose endpoint takes the request alone and answers a `Response` it made: FastAPI documents it as any
    route (its `openapi_extra` saying what it reads), and calls it as Starlette calls an endpoint, skipping the
    handler that would solve an empty list of dependencies and check an answer already made. Exceptions still reach
    the app's handlers, and an unknown method is still 405 (`fastapi.routing.request_response` wraps it)."""

    body: ClassVar[type[BaseModel] | None] = None
    """The JSON body the endpoint reads, as `reading` names it: FastAPI documents it as the required body of a route
    declaring it, and lists its model among the document's schemas."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.body is not None:
            name = self.body.__name__.lower()
            self.body_field = create_model_field(
                name, self.body, field_info=params.Body(annotation=self.body), alias=name
            )

    @classmethod
    def reading(cls, body: type[BaseModel]) -> type[SelfReading]:
        """The route class of an endpoint that reads `body` itself (`route_class_override`)."""
        return type(f"SelfReading{body.__name__}", (cls,), {"body": body})

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return self.endpoint


def check(*inputs: Parsed[Any]) -> None:
    """422 with the faults of every input, in order, as FastAPI lists a route's (path first, then body)."""
    errors = [error for parsed in inputs for error in parsed.errors]
    if errors:
        raise RequestValidationError(errors)


def path(request: Request, name: str, adapter: TypeAdapter[str]) -> Parsed[str]:
    """The path parameter `name`, validated by `adapter` (a `Path(...)` type's constraints)."""
    raw = request.path_params[name]
    try:
        return Parsed(adapter.validate_python(raw))
    except ValidationError as exc:
        return Parsed(None, tuple({**error, "loc": ("path", name)} for error in exc.errors(include_url=False)))


def _json_media(content_type: str | None) -> bool:
    """Whether FastAPI reads a body of this media type as JSON (a body without one it does not: strict content type)."""
    if not content_type:
        return False
    kind, _, subtype = content_type.split(";", 1)[0].strip().lower().partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


async def body(request: Request, model: type[Model]) -> Parsed[Model]:
    """The request's JSON body as `model`, or its faults. A body that is not JSON is refused at once (400
    `malformed_json`), before the route checks anything else, as FastAPI refuses it."""
    raw = await request.body()
    if not raw:
        return Parsed(None, ({"type": "missing", "loc": ("body",), "msg": "Field required", "input": None},))
    value: Any = raw  # a body of another media type is validated as the bytes it is, and refused
    if _json_media(request.headers.get("content-type")):
        try:
            return Parsed(model.model_validate_json(raw))
        except ValidationError:
            pass  # the rare path: FastAPI's own two steps, so that each fault is the one FastAPI would report
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            error = {"type": "json_invalid", "loc": ("body", exc.pos), "msg": "JSON decode error", "input": {}}
            raise RequestValidationError([error]) from exc
        except ValueError as exc:  # bytes in no encoding JSON allows
            raise HTTPException(status_code=400, detail="There was an error parsing the body") from exc
    try:
        return Parsed(model.model_validate(value, from_attributes=True))  # as FastAPI validates a body
    except ValidationError as exc:
        return Parsed(None, tuple({**error, "loc": ("body", *error["loc"])} for error in exc.errors(include_url=False)))


def documented_path(name: str, adapter: TypeAdapter[str]) -> dict[str, Any]:
    """The `openapi_extra` of a path parameter a route reads itself."""
    schema = {**adapter.json_schema(), "title": name.replace("_", " ").title()}
    return {"parameters": [{"name": name, "in": "path", "required": True, "schema": schema}]}
