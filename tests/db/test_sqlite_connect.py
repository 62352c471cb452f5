"""Opening a SQLite connection while another process writes: the connection's PRAGMAs wait
for the writer instead of failing with "database is locked" (a flake once seen in fault 6)."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

from sqlalchemy import text

from bot.db.engine import Database

CONNECTIONS = 60
WRITER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("CREATE TABLE IF NOT EXISTS scratch (id INTEGER PRIMARY KEY, body TEXT)")
print("ready", flush=True)
while sys.stdin.readline():
    pass
"""
CHURN = """
import sqlite3, sys, itertools
print("ready", flush=True)
for i in itertools.count():
    db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
    db.execute("PRAGMA busy_timeout = 30000")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO scratch (body) VALUES (?)", [("x" * 500,)] * 50)
    db.execute("COMMIT")
    if i % 5 == 0:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    db.close()
"""


async def test_connections_open_while_another_process_writes(
    sqlite_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "busy.db"
    shutil.copyfile(sqlite_template, path)
    setup = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        WRITER,
        str(path),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
    )
    await setup.wait()
    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHURN, str(path), stdout=asyncio.subprocess.PIPE
    )
    try:
        assert writer.stdout is not None
        assert (await writer.stdout.readline()).strip() == b"ready"
        for _ in range(CONNECTIONS):
            db = Database(f"sqlite+aiosqlite:///{path}")
            try:
                rows = await db.run(lambda s: s.execute(text("SELECT count(*) FROM scratch")))
                assert rows is not None
            finally:
                await db.dispose()
        assert writer.returncode is None, "the writer stopped early: nothing was contended"
    finally:
        writer.kill()
        await writer.wait()
