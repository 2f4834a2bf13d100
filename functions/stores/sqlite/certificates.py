"""Issued certificates in the embedded SQLite file: one per learner and course, enforced by a unique index.

A revocation writes the record and its bit in the status list (`revoked_bits`) in one transaction; places in the lists
come from a counter incremented in its own transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from functions.certificates.record import IssuedCertificate, NumberTaken, position
from functions.stores.sqlite.file import SQLiteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS certificates (
    number TEXT PRIMARY KEY,
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    unit_path TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (learner_id, course_id)
);
CREATE INDEX IF NOT EXISTS certificates_by_path ON certificates (unit_path, course_id);
CREATE TABLE IF NOT EXISTS status_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS revoked_bits (list INTEGER NOT NULL, bit INTEGER NOT NULL, PRIMARY KEY (list, bit));
"""


class SQLiteCertificates(SQLiteFile):
    """Certificates; `body` is the record's JSON beside the columns it is found by."""

    SCHEMA = SCHEMA

    @staticmethod
    def _records(rows: list[tuple]) -> list[IssuedCertificate]:
        return [IssuedCertificate.model_validate_json(body) for (body,) in rows]

    def issue(self, record: IssuedCertificate) -> tuple[IssuedCertificate, bool]:
        with self._transaction() as db:
            row = db.execute(
                "SELECT body FROM certificates WHERE learner_id = ? AND course_id = ?",
                (record.learner_id, record.course_id),
            ).fetchone()
            if row:
                return IssuedCertificate.model_validate_json(row[0]), False
            try:
                db.execute(
                    "INSERT INTO certificates (number, learner_id, course_id, unit_path, body) VALUES (?, ?, ?, ?, ?)",
                    (record.number, record.learner_id, record.course_id, record.unit_path, record.model_dump_json()),
                )
            except sqlite3.IntegrityError:
                raise NumberTaken(record.number) from None
        return record, True

    def certificate(self, number: str) -> IssuedCertificate | None:
        records = self._records(self._read("SELECT body FROM certificates WHERE number = ?", (number,)))
        return records[0] if records else None

    def of_learner(self, learner_id: str) -> list[IssuedCertificate]:
        return self._records(
            self._read("SELECT body FROM certificates WHERE learner_id = ? ORDER BY course_id", (learner_id,))
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
