"""The audit trail in the embedded SQLite file: an append-only table read newest first by subtree."""

from __future__ import annotations

from functions.audit import AuditEntry, stamp
from functions.stores.sqlite.file import SQLiteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    admin_unit_path TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_path ON audit (admin_unit_path, at);
"""


class SQLiteAudit(SQLiteFile):
    """Audit entries; `body` is the entry's JSON, `at` its sortable UTC stamp, `seq` the order among equal stamps."""

    SCHEMA = SCHEMA

    def record(self, entry: AuditEntry) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO audit (at, admin_unit_path, body) VALUES (?, ?, ?)",
                (stamp(entry.at), entry.admin_unit_path, entry.model_dump_json()),
            )

    def entries(self, unit_path: str, limit: int = 100) -> list[AuditEntry]:
        # A range on the path is the prefix match the index serves (see sqlite_accounts).
        rows = self._read(
            "SELECT body FROM audit WHERE admin_unit_path >= ? AND admin_unit_path < ?"
            " ORDER BY at DESC, seq DESC LIMIT ?",
            (unit_path, unit_path + "\uffff", limit),
        )
        return [AuditEntry.model_validate_json(body) for (body,) in rows]
