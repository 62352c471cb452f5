"""SQLite work that must stay off the event loop's critical path: copying the WAL into the
database file is the minute job's (not whichever commit crosses SQLite's autocheckpoint
mark, such as a quick log on the loop), and a quick log never waits for a lock on the loop."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import running
from bot.config import load_settings
from tests.harness import START, BotHarness, FakeClock
from tests.reliability.helpers import run_minute_job


@pytest.fixture
async def sqlite_bot(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[BotHarness]:
    path = tmp_path / "salesbot.db"
    shutil.copyfile(sqlite_template, path)
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{path}", telegram_bot_token=None)
    harness = BotHarness(settings, FakeClock(START))
    async with running(harness.app):
        yield harness


def entries_in_the_file_alone(database: Path, tmp_path: Path) -> int:
    """Entries a reader sees in the database file without its WAL (a copy of the file)."""
    copy = tmp_path / "without-wal.db"
    shutil.copyfile(database, copy)
    with sqlite3.connect(copy) as connection:
        return int(connection.execute("SELECT count(*) FROM entries").fetchone()[0])


async def test_the_minute_job_checkpoints_what_was_logged(
    sqlite_bot: BotHarness, tmp_path: Path
) -> None:
    database = Path(sqlite_bot.app.bot_data.db.url.database or "")
    for message in range(30):
        await sqlite_bot.send(f"/ask {message + 1}")
    before = entries_in_the_file_alone(database, tmp_path)

    await run_minute_job(sqlite_bot)

    assert before == 0  # 30 commits stayed in the WAL: no commit copied it
    assert entries_in_the_file_alone(database, tmp_path) == 30


async def test_a_log_while_another_connection_writes_waits_off_the_loop(
    sqlite_bot: BotHarness,
) -> None:
    """Another writer (a second process, a migration) holds SQLite's write lock: a known
    user's log must not wait on the event loop — the quick path gives way at once and the
    ORM path waits on its worker thread — and is stored once the lock is released.

    The lock is released by a loop callback 0.2 s later. Had the quick path waited for the
    lock on the loop (for the 30 s busy timeout), that callback could not run and the
    5 s deadline would expire."""
    database = Path(sqlite_bot.app.bot_data.db.url.database or "")
    await sqlite_bot.send("/ask 1")  # Ann is known: her next log tries the quick path
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    def release() -> None:
        other.execute("COMMIT")
        other.close()

    asyncio.get_running_loop().call_later(0.2, release)
    async with asyncio.timeout(5):
        answer = await sqlite_bot.send("/ask 2")

    assert answer[0].startswith("✅ Logged: 2 asks.")
    assert [e.count for e in await sqlite_bot.entries()] == [1, 2]
