"""FastAPI's refusal of pydantic v1 models still holds with its check made lazily (`functions.api.compat`): a v1
model is refused once something has imported pydantic.v1. That no function's handler imports it to build its routes
is checked with the other libraries each handler must not load (tests/api/test_handler.py)."""

import warnings

import pytest
from fastapi.exceptions import FastAPIError

from functions.api import compat, http


def test_a_pydantic_v1_model_is_still_refused_once_the_package_is_imported():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pydantic import v1

    class Old(v1.BaseModel):
        name: str

    assert compat.v1_class(Old) and compat.v1_instance(Old(name="x"))
    app = http.new_app("probe", "A probe.")
    with pytest.raises(FastAPIError, match="pydantic.v1"):

        @app.get("/old", response_model=Old)
        async def old() -> dict:
            return {"name": "x"}
