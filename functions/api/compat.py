"""FastAPI's refusal of pydantic v1 models, made without importing pydantic's v1 package.

FastAPI 0.163 supports pydantic v2 models only. To refuse a v1 model it imports `pydantic.v1` at an app's first
route and asks of every route's types whether they are v1 classes: 20 ms of CPU in every cold start. No class or
instance of that package can exist before something imports it, so until then the answer is no without asking; once
it is imported, FastAPI's own checks answer. `install` runs as `functions.api.http` is imported, which every module
declaring a route imports first.
"""

from __future__ import annotations

import sys
from typing import Any

from fastapi import encoders
from fastapi._compat import shared

_V1 = "pydantic.v1"
_is_class = shared.is_pydantic_v1_model_class
_is_instance = shared.is_pydantic_v1_model_instance


def v1_class(cls: Any) -> bool:
    """FastAPI's `is_pydantic_v1_model_class`, False while pydantic.v1 is not imported."""
    return _V1 in sys.modules and _is_class(cls)


def v1_instance(obj: Any) -> bool:
    """FastAPI's `is_pydantic_v1_model_instance`, False while pydantic.v1 is not imported."""
    return _V1 in sys.modules and _is_instance(obj)


def install() -> None:
    """Put the checks above where FastAPI looks them up: its compatibility module (routes' types, through
    `annotation_is_pydantic_v1`) and its encoder, which took its own reference."""
    shared.is_pydantic_v1_model_class = v1_class
    shared.is_pydantic_v1_model_instance = v1_instance
    encoders.is_pydantic_v1_model_instance = v1_instance
