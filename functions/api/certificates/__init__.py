"""The certificates function: claim on passing, verify by number, download, revoke, bulk ZIP."""
