"""The opener of the question sums store: per-question statistics by unit, course and month."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.settings import Settings
from functions.stores import unknown

if TYPE_CHECKING:
    from functions.questions.sums import QuestionSumsStore


def open_question_sums(settings: Settings) -> QuestionSumsStore:
    """Per-question sums. Each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite.questions import SQLiteQuestionSums

        return SQLiteQuestionSums(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb.questions import DynamoDBQuestionSums

        return DynamoDBQuestionSums(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise unknown(settings)
