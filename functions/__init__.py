"""hocso's serverless side, in three layers:

- the core (this package's modules and `accounts`, `enrolment`, `certificates`, `reports`): plain Python, the
  programme's rules, no web framework;
- `stores`: one opener per concern and its SQLite and DynamoDB adapters;
- `api`: the edge, where HTTP lives: one small FastAPI app per function, their dependencies, the local server.

A layer imports only those below it (`make lint` checks it with import-linter contracts).
"""

from datetime import timedelta, timezone
from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
"""DejaVu Sans (free licence, full Vietnamese coverage), embedded as a subset in every PDF hocso prints."""

VIETNAM = timezone(timedelta(hours=7))
"""Dates the programme speaks of (certificates, deadlines, reports) are dates in Vietnam: 23:30 UTC is tomorrow
there."""
