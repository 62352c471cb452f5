"""SQLite's WAL is copied into the database file by the minute job, not by whichever commit
crosses SQLite's autocheckpoint mark (a nudge tick's claim, or a quick log on the loop)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import running
from bot.config import load_settings
from bot.handlers.common import Context
from bot.jobs import nudge_tick
from tests.conftest import START
from tests.harness import BotHarness, FakeClock


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

    assert sqlite_bot.app.job_queue is not None
    [job] = sqlite_bot.app.job_queue.get_jobs_by_name("nudges")
    context: Context = sqlite_bot.app.context_types.context.from_job(job, sqlite_bot.app)
    await nudge_tick(context)

    assert before == 0  # 30 commits stayed in the WAL: no commit copied it
    assert entries_in_the_file_alone(database, tmp_path) == 30
