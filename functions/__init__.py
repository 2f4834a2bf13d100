"""hocso's serverless functions: small FastAPI apps that share one core (bank, grading, storage, errors)."""

from datetime import timedelta, timezone
from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
"""DejaVu Sans (free licence, full Vietnamese coverage), embedded as a subset in every PDF hocso prints."""

VIETNAM = timezone(timedelta(hours=7))
"""Dates the programme speaks of (certificates, deadlines, reports) are dates in Vietnam: 23:30 UTC is tomorrow there."""
