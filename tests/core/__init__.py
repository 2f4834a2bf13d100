"""The core: plain-Python rules of `functions` (grading, accounts, certificates, reports, settings), no HTTP."""
