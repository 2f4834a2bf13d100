"""Issued certificates in the embedded SQLite file: one per learner, course and training round, enforced by a unique
index (a certificate of no round keeps '' there, as one issued before rounds were kept per round did).

A revocation writes the record and its bit in the status list (`revoked_bits`) in one transaction; places in the lists
come from a counter incremented in its own transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from functions.certificates.record import IssuedCertificate, NumberTaken, position
from functions.stores.sqlite.file import SQLiteFile

TABLE = """
CREATE TABLE IF NOT EXISTS certificates (
    number TEXT PRIMARY KEY,
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    unit_path TEXT NOT NULL,
    body TEXT NOT NULL,
    round TEXT NOT NULL DEFAULT '',
    UNIQUE (learner_id, course_id, round)
)"""
INDEX = "CREATE INDEX IF NOT EXISTS certificates_by_path ON certificates (unit_path, course_id)"
SCHEMA = f"""
{TABLE};
{INDEX};
CREATE TABLE IF NOT EXISTS status_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS revoked_bits (list INTEGER NOT NULL, bit INTEGER NOT NULL, PRIMARY KEY (list, bit));
"""


class SQLiteCertificates(SQLiteFile):
    """Certificates; `body` is the record's JSON beside the columns it is found by."""

    SCHEMA = SCHEMA

    def __init__(self, path) -> None:
        super().__init__(path)
        if "round" not in {row[1] for row in self._read("PRAGMA table_info(certificates)")}:
            self._per_round()

    def _per_round(self) -> None:
        """Rebuild a file made when a learner had one certificate per course for ever: the unique constraint is part
        of the table, so the table is made again, each certificate keeping the round it signed ('' for none)."""
        with self._transaction() as db:
            if "round" in {row[1] for row in db.execute("PRAGMA table_info(certificates)")}:
                return  # another process rebuilt it first
            db.execute("ALTER TABLE certificates RENAME TO certificates_per_course")
            db.execute("DROP INDEX IF EXISTS certificates_by_path")
            db.execute(TABLE)
            db.execute(INDEX)
            db.execute(
                "INSERT INTO certificates (number, learner_id, course_id, unit_path, body, round) "
                "SELECT number, learner_id, course_id, unit_path, body,"
                " COALESCE(json_extract(body, '$.certificate.round'), '') FROM certificates_per_course"
            )
            db.execute("DROP TABLE certificates_per_course")

    @staticmethod
    def _records(rows: list[tuple]) -> list[IssuedCertificate]:
        return [IssuedCertificate.model_validate_json(body) for (body,) in rows]

    def issue(self, record: IssuedCertificate) -> tuple[IssuedCertificate, bool]:
        with self._transaction() as db:
            row = db.execute(
                "SELECT body FROM certificates WHERE learner_id = ? AND course_id = ? AND round = ?",
                (record.learner_id, record.course_id, record.certificate.round or ""),
            ).fetchone()
            if row:
                return IssuedCertificate.model_validate_json(row[0]), False
            try:
                db.execute(
                    "INSERT INTO certificates (number, learner_id, course_id, unit_path, body, round)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        record.number,
                        record.learner_id,
                        record.course_id,
                        record.unit_path,
                        record.model_dump_json(),
                        record.certificate.round or "",
                    ),
                )
            except sqlite3.IntegrityError:
                raise NumberTaken(record.number) from None
        return record, True

    def certificate(self, number: str) -> IssuedCertificate | None:
        records = self._records(self._read("SELECT body FROM certificates WHERE number = ?", (number,)))
        return records[0] if records else None

    def of_learner(self, learner_id: str) -> list[IssuedCertificate]:
        return self._records(
            self._read("SELECT body FROM certificates WHERE learner_id = ? ORDER BY course_id, round", (learner_id,))
        )

    def under(self, unit_path: str, course_id: str | None = None) -> list[IssuedCertificate]:
        sql = "SELECT body FROM certificates WHERE unit_path >= ? AND unit_path < ?"
        parameters: tuple = (unit_path, unit_path + "\uffff")
        if course_id is not None:
            sql += " AND course_id = ?"
            parameters += (course_id,)
        return self._records(self._read(sql + " ORDER BY number", parameters))

    def revoke(self, number: str, reason: str, by: str, at: datetime) -> IssuedCertificate | None:
        with self._transaction() as db:
            row = db.execute("SELECT body FROM certificates WHERE number = ?", (number,)).fetchone()
            if row is None:
                return None
            record = IssuedCertificate.model_validate_json(row[0])
            if record.revoked_at is None:
                record = record.model_copy(update={"revoked_at": at, "revoked_reason": reason, "revoked_by": by})
                db.execute("UPDATE certificates SET body = ? WHERE number = ?", (record.model_dump_json(), number))
            if record.certificate.status_index is not None:
                db.execute(
                    "INSERT OR IGNORE INTO revoked_bits (list, bit) VALUES (?, ?)",
                    position(record.certificate.status_index),
                )
            return record

    def next_status_index(self) -> int:
        with self._transaction() as db:
            (value,) = db.execute(
                "INSERT INTO status_counter (name, value) VALUES ('status', 0) "
                "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value"
            ).fetchone()
        return value

    def revoked_in(self, list_id: int) -> set[int]:
        return {bit for (bit,) in self._read("SELECT bit FROM revoked_bits WHERE list = ?", (list_id,))}
