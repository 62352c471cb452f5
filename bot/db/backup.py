"""`salesbot backup FILE` on SQLite: SQLite's online backup API, safe while the bot writes.

The copy is one consistent snapshot (one read transaction, which in WAL mode never blocks
the bot's writers), checked, and made a single self-contained file (no -wal beside it)
before it replaces FILE — a half-written backup never carries the final name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

BUSY_TIMEOUT_S = 30


class BackupError(Exception):
    """Why no backup was written, in one line."""


def sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return Path(database)


def backup_sqlite(database_url: str, target: Path) -> int:
    """Write a backup of the SQLite database to `target`; return its size in bytes."""
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(f"there is no database at {source}")
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("the backup file must not be the database itself")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def _copy(source: Path, partial: Path) -> None:
    with contextlib.closing(sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)) as reading:
        with contextlib.closing(sqlite3.connect(partial)) as writing:
            reading.backup(writing)  # all pages in one step: one consistent snapshot
            writing.execute("PRAGMA journal_mode = DELETE")
            [verdict] = writing.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise BackupError(f"the copy failed its check: {verdict}")
            writing.commit()
        with open(partial, "rb+") as written:
            os.fsync(written.fileno())
