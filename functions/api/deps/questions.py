"""Per-question sums, added at each submission and read by the question statistics."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.questions.sums import QuestionSumsStore
from functions.settings import Settings, get_settings
from functions.stores.questions import open_question_sums


@lru_cache(maxsize=4)
def _sums(settings: Settings) -> QuestionSumsStore:
    return open_question_sums(settings)


async def get_question_sums() -> QuestionSumsStore:
    """Per-question sums by unit, course and month."""
    return _sums(get_settings())


QuestionSums = Annotated[QuestionSumsStore, Depends(get_question_sums)]
