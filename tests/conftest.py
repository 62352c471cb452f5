"""Fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test).
Without it the PostgreSQL variants skip with that reason; under CI=true they must run, so a
missing or unreachable server fails them instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import running
from bot.config import Settings, load_settings
from bot.db.migrate import downgrade_to_base, upgrade_to_head
from bot.db.models import Base
from tests.harness import START, BotHarness, FakeClock

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def _postgres_unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
    pytest.skip(reason)


async def _can_connect(url: str) -> str | None:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not reachable" here
        return f"{type(exc).__name__}: {exc}"
    finally:
        await engine.dispose()
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    upgrade_to_head(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_schema() -> str:
    if not POSTGRES_URL:
        _postgres_unavailable("TEST_DATABASE_URL is not set: PostgreSQL variants skipped")
    url = load_settings(database_url=POSTGRES_URL).database_url
    problem = asyncio.run(_can_connect(url))
    if problem:
        _postgres_unavailable(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {problem}")
    downgrade_to_base(url)
    upgrade_to_head(url)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "salesbot.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_schema")
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    asyncio.run(_truncate(url, tables))
    return url


async def _truncate(url: str, tables: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(database_url=database_url, telegram_bot_token=None)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[BotHarness]:
    harness = BotHarness(settings, clock)
    async with running(harness.app):
        # Ticks are driven by the tests (send_due_nudges) against the fake clock, never by
        # the wall-clock job.
        for job in harness.app.job_queue.jobs() if harness.app.job_queue else ():
            job.enabled = False
        harness.api.clear()
        yield harness
