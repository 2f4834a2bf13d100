"""hocso's serverless functions: small FastAPI apps that share one core (bank, grading, storage, errors)."""

from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
"""DejaVu Sans (free licence, full Vietnamese coverage), embedded as a subset in every PDF hocso prints."""
