"""Attacks performed over HTTP against the server `make run` starts (docs/security.md)."""
