"""Where the tests find the repository and the data files they share with the browser tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository: servers and commands run from here, and the build writes `build/bank` here."""

CONTENT = ROOT / "content"
VECTORS = ROOT / "tests" / "vectors"
"""JSON test vectors read by the Python and the browser tests alike (search fold, canonical form)."""

EVENTS = ROOT / "tests" / "events"
"""Recorded API Gateway HTTP API (payload 2.0) events that drive the Lambda handler tests."""
