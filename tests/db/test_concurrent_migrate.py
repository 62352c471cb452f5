"""Several `salesbot migrate` processes at once on a fresh database: all succeed, once.

Without the migration lock the losers of the race fail ("relation already exists",
"table users already exists", a duplicate alembic_version row).
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.migrate import alembic_config
from tests.reliability.bot_process import environment

PROCESSES = 4


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


async def _admin(url: str, statement: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
        return
    server: str = request.getfixturevalue("postgres_schema")
    name = f"{make_url(server).database}_fresh_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin(server, f'DROP DATABASE "{name}" WITH (FORCE)'))


async def _versions(url: str) -> list[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return [row[0] for row in rows]
    finally:
        await engine.dispose()


async def test_several_migrates_at_once_on_a_fresh_database_all_succeed(
    fresh_database: str, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    # Each process waits for the same file, so that their migrations start together.
    wait_then_migrate = (
        "import pathlib, sys, time\n"
        f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.005)\n"
        "from bot.runtime.cli import main\n"
        "sys.exit(main(['migrate']))\n"
    )
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            f"import bot.runtime.cli\n{wait_then_migrate}",
            cwd=tmp_path,
            env=environment(DATABASE_URL=fresh_database),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(PROCESSES)
    ]
    await asyncio.sleep(3)  # imports done: all of them are waiting for the go
    await asyncio.to_thread(go.touch)
    async with asyncio.timeout(120):
        results = [await process.communicate() for process in processes]

    errors = [err.decode()[-2000:] for (_out, err), p in zip(results, processes, strict=True)]
    assert [process.returncode for process in processes] == [0] * PROCESSES, errors
    assert all("Database schema is up to date." in err for err in errors)
    assert await _versions(fresh_database) == [head()]
    if fresh_database.startswith("sqlite"):
        path = make_url(fresh_database).database
        assert path is not None
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.close()
