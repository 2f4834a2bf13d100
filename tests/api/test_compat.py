"""FastAPI's refusal of pydantic v1 models still holds with its check made lazily (`functions.api.compat`): no app
imports pydantic.v1 to build its routes, and a v1 model is refused once something has imported it."""

import subprocess
import sys
import warnings

import pytest
from fastapi.exceptions import FastAPIError

from functions.api import compat, http
from tests.support.paths import ROOT


def test_building_every_app_leaves_pydantic_v1_unimported():
    probe = (
        "import sys; from functions.api.server import create_functions; create_functions(); "
        "print('pydantic.v1' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"


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
