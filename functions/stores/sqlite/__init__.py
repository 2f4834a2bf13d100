"""The embedded backend: one SQLite file (WAL) for every concern, an adapter per concern on `file.SQLiteFile`."""
