"""`salesbot backup` while the bot writes, a restore from it, and the commands that must
not touch a database whose schema is behind."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from alembic import command

from bot.config import load_settings
from bot.db.migrate import alembic_config
from tests.harness import FakeClock, texts
from tests.reliability.bot_process import environment
from tests.reliability.helpers import started

USERS = 40


def entries_in(path: Path) -> set[tuple[int, int]]:
    """(chat, message id) of every entry in a SQLite file, read as a restore would."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = connection.execute("SELECT source_chat_id, source_message_id FROM entries")
        return {(int(chat), int(message)) for chat, message in rows}


async def salesbot(*args: str, cwd: Path, **env: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=environment(**env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(60):
        _out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, err.decode()


@pytest.mark.stress
async def test_a_backup_taken_while_entries_are_written_holds_every_acknowledged_one(
    tmp_path: Path, sqlite_template: Path, clock: FakeClock
) -> None:
    """While users keep logging, `salesbot backup` copies the live file; restored, it holds
    every entry acknowledged (✅) before the backup began. The entries live in the WAL then
    (the minute job's checkpoint never ran): a plain copy of the .db file misses them."""
    live, copy, restored = tmp_path / "live.db", tmp_path / "backup.db", tmp_path / "restored.db"
    shutil.copyfile(sqlite_template, live)
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{live}", telegram_bot_token=None)
    acknowledged: list[tuple[int, int]] = []
    writing = asyncio.Event()

    async with started(settings, clock) as bot:

        async def users_log() -> None:
            n = 0
            while not writing.is_set():
                n += 1
                update = bot.updates.message("/ask 1", user_id=7000 + n % USERS, date=clock())
                assert update.message is not None
                if texts(await bot.process(update))[0].startswith("✅"):
                    acknowledged.append((update.message.chat_id, update.message.message_id))
                await asyncio.sleep(0)

        writer = asyncio.create_task(users_log())
        while len(acknowledged) < 200:  # noqa: ASYNC110 - the writer task fills it
            await asyncio.sleep(0.01)
        before_backup = list(acknowledged)
        code, err = await salesbot(
            "backup", str(copy), cwd=tmp_path, DATABASE_URL=settings.database_url
        )
        during_backup = len(acknowledged) - len(before_backup)
        writing.set()
        await writer

    shutil.copyfile(copy, restored)  # the restore: the backup file becomes the database
    in_backup = entries_in(restored)
    assert code == 0, err
    assert f"written to {copy}" in err
    assert during_backup > 0  # the bot really was writing while the backup ran
    assert set(before_backup) <= in_backup
    assert in_backup <= set(acknowledged)  # nothing half-written or invented
    left = os.listdir(tmp_path)
    assert "backup.db-wal" not in left  # one self-contained file
    assert not [name for name in left if name.endswith(".partial")]

    async with started(
        load_settings(database_url=f"sqlite+aiosqlite:///{restored}", telegram_bot_token=None),
        clock,
    ) as again:  # the bot runs on the restored file
        [answer] = await again.send("/ask 1", user_id=9999)
    assert answer.startswith("✅")


async def test_backup_on_postgresql_points_to_pg_dump_in_one_line(tmp_path: Path) -> None:
    url = "postgresql://sam:hunter2@db.example:5432/sales"
    code, err = await salesbot("backup", "sales.dump", cwd=tmp_path, DATABASE_URL=url)
    assert code == 2
    [line] = err.splitlines()
    assert "pg_dump --format=custom --file sales.dump" in line
    assert "postgresql://sam:***@db.example:5432/sales" in line
    assert "hunter2" not in err
    assert os.listdir(tmp_path) == []


async def test_export_refuses_a_schema_that_is_behind_and_leaves_it_so(tmp_path: Path) -> None:
    old, missing = tmp_path / "old.db", tmp_path / "missing.db"
    await asyncio.to_thread(command.upgrade, alembic_config(f"sqlite+aiosqlite:///{old}"), "0001")

    code, err = await salesbot(
        "export", "--user", "1", cwd=tmp_path, DATABASE_URL=f"sqlite:///{old}"
    )
    gone, gone_err = await salesbot(
        "export", "--user", "1", cwd=tmp_path, DATABASE_URL=f"sqlite:///{missing}"
    )

    assert code == 2
    [line] = err.splitlines()
    assert "schema is not the one this version needs (at 0001" in line
    assert "run `salesbot migrate` first" in line
    with contextlib.closing(sqlite3.connect(old)) as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert version == [("0001",)]  # export did not upgrade it
    assert gone == 2
    assert f"there is no database at {missing}" in gone_err
    assert "missing.db" not in os.listdir(tmp_path)
