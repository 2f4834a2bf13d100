"""The quiz routes' path parameters: what a course id and an attempt id may look like."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

CourseId = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
AttemptId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
