"""Shared pieces of the fault tests: a running bot on a database, counting what it did, and a
TCP proxy in front of PostgreSQL that can be switched off and on again."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine, Executable, func, insert, select

from bot.app import running
from bot.app_types import BotApp, Context
from bot.config import Settings
from bot.db.models import Entry, User
from bot.handlers.guards import APOLOGY, DB_DOWN
from bot.jobs import nudge_tick
from bot.runtime.fake_telegram import ApiCall
from tests.harness import BotHarness, FakeClock

NUDGE = "⏰"
MAX_TEXT = 4096
MAX_CAPTION = 1024
SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument")
ERROR_HANDLER_LOGGER = "bot.handlers.guards"


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    return value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)


def hold_ticks(app: BotApp) -> None:
    """Switch off the wall-clock minute job: these tests tick by hand at the fake clock."""
    assert app.job_queue is not None
    for job in app.job_queue.jobs():
        job.enabled = False


@asynccontextmanager
async def started(settings: Settings, clock: FakeClock, **build: Any) -> AsyncIterator[BotHarness]:
    """One running bot process on `settings.database_url`, ticked only by the test."""
    harness = BotHarness(settings, clock, **build)
    async with running(harness.app):
        hold_ticks(harness.app)
        harness.api.clear()
        yield harness


async def seed_due_sellers(
    bot: BotHarness, user_ids: Iterable[int], *, due: dt.datetime, created_at: dt.datetime
) -> None:
    """Users on the default plan (Mon–Fri 15:00, 5 asks a day) whose nudge is due at `due`."""
    rows = [
        {
            "id": user_id,
            "first_name": "Seller",
            "tz": "UTC",
            "ask_target": 5,
            "workdays": 0b0011111,
            "remind_times": "15:00",
            "followup_days": 3,
            "next_nudge_at": due,
            "created_at": created_at,
        }
        for user_id in user_ids
    ]
    await bot.query(lambda session: session.execute(insert(User), rows))


async def run_minute_job(bot: BotHarness) -> None:
    """The real minute job's callback, as the JobQueue calls it; it must never raise."""
    assert bot.app.job_queue is not None
    [job] = bot.app.job_queue.get_jobs_by_name("nudges")
    context: Context = bot.app.context_types.context.from_job(job, bot.app)
    await nudge_tick(context)


def sends(calls: Sequence[ApiCall]) -> list[ApiCall]:
    """Every attempt to put a message into a chat (refused ones too)."""
    return [call for call in calls if call.method in SEND_METHODS]


def delivered(calls: Sequence[ApiCall]) -> list[tuple[int, str]]:
    """(chat id, text) of each text message that reached a chat."""
    return [
        (int(call.params["chat_id"]), str(call.params["text"]))
        for call in calls
        if call.method == "sendMessage" and call.error_code is None
    ]


def nudges_per_chat(calls: Sequence[ApiCall]) -> Counter[int]:
    """How many pace nudges (the ⏰ message) reached each chat."""
    return Counter(chat for chat, text in delivered(calls) if text.startswith(NUDGE))


def apologies(calls: Sequence[ApiCall]) -> list[str]:
    """Apologies the error handler sent (or tried to send)."""
    return [
        str(call.params.get("text"))
        for call in calls
        if call.method in ("sendMessage", "answerCallbackQuery")
        and str(call.params.get("text")) in (APOLOGY, DB_DOWN, APOLOGY[:200], DB_DOWN[:200])
    ]


def error_records(records: Sequence[logging.LogRecord]) -> list[logging.LogRecord]:
    """ERROR records of the bot's error handler: an update that failed unexpectedly."""
    return [r for r in records if r.name == ERROR_HANDLER_LOGGER and r.levelno >= logging.ERROR]


async def fetch(bot: BotHarness, statement: Executable) -> Sequence[Any]:
    """The rows of one statement, in its own transaction."""
    return await bot.query(lambda session: session.execute(statement).all())


async def count(bot: BotHarness, statement: Executable) -> int:
    return int(await bot.query(lambda session: session.execute(statement).scalar_one()))


async def entry_count(bot: BotHarness) -> int:
    return await count(bot, select(func.count()).select_from(Entry))


async def asks_of(bot: BotHarness, user_id: int) -> int:
    """The user's logged asks (undone ones excluded)."""
    return sum(e.count for e in await bot.entries(user_id) if e.kind == "ask")


def sync_engine(app: BotApp) -> Engine:
    """The synchronous SQLAlchemy engine the bot's transactions run on.

    Reading Database's private attributes is deliberate and acceptable in this test: the
    fault is injected at the library edge (a SQLAlchemy event), not by mocking our code."""
    db = app.bot_data.db
    if db._async_engine is not None:  # PostgreSQL: AsyncEngine over asyncpg
        return db._async_engine.sync_engine
    return db._sync_engine  # SQLite: the sync pysqlite engine on the worker thread


class TcpProxy:
    """A loopback TCP proxy to a server, for cutting the bot off its database.

    `stop()` closes the listener and aborts every proxied connection (both sides), as a
    database host going away would; `start()` listens again on the same port."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._pumps: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])

    def cut(self) -> None:
        """Stop listening and abort every proxied connection, now (callable from sync code)."""
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        for task in self._pumps:
            task.cancel()

    async def stop(self) -> None:
        self.cut()
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None
        pumps, self._pumps = list(self._pumps), set()
        await asyncio.gather(*pumps, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.transport.abort()
            self._writers.discard(writer)
            return
        self._writers.add(up_writer)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._pump(source, sink))
            self._pumps.add(task)
            task.add_done_callback(self._pumps.discard)

    async def _pump(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        sink.transport.abort()
        self._writers.discard(sink)
