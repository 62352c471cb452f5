"""Fault 3: the database is unreachable during an update and during a nudge tick.

PostgreSQL: the bot talks to its database through a loopback TCP proxy; "down" closes the
proxy's listener and aborts every connection through it, "up" listens on the same port
again. SQLite: while the database is "down", opening a connection raises
sqlite3.OperationalError("unable to open database file") (a SQLAlchemy `do_connect`
listener), and every statement on an open connection — the ORM's and the quick log path's
raw ones alike — is interrupted by a sqlite3 progress handler installed on connect.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.engine import make_url

from bot.app_types import BotApp
from bot.config import Settings, load_settings
from bot.db.models import User
from bot.handlers.guards import APOLOGY, DB_DOWN
from tests.harness import BotHarness, FakeClock
from tests.reliability.helpers import (
    TcpProxy,
    apologies,
    asks_of,
    error_records,
    fetch,
    nudges_per_chat,
    run_minute_job,
    started,
    sync_engine,
    utc,
)

ANN = 1001
NUDGE_DUE = utc(2026, 11, 26, 15)  # Ann's default 15:00 nudge (the fixture day, a Thursday)


class Outage:
    """Switches the bot's database off and on."""

    is_postgres = False

    def cut(self) -> None:
        """Go down at once, from synchronous code (a SQLAlchemy event)."""
        raise NotImplementedError

    async def down(self) -> None:
        raise NotImplementedError

    async def up(self) -> None:
        raise NotImplementedError


class ProxyOutage(Outage):
    is_postgres = True

    def __init__(self, proxy: TcpProxy) -> None:
        self.proxy = proxy

    def cut(self) -> None:
        self.proxy.cut()

    async def down(self) -> None:
        await self.proxy.stop()

    async def up(self) -> None:
        await self.proxy.stop()  # finish a cut() (listener closed, pumps done)
        await self.proxy.start()


class SqliteOutage(Outage):
    """While down, opening the file and running any statement fail as a lost file would."""

    def __init__(self) -> None:
        self.is_down = False
        self.engine: Engine | None = None

    def attach(self, app: BotApp) -> None:
        # Database._sync_engine is private; reading it here is deliberate: the fault is
        # injected at the SQLAlchemy/pysqlite edge, not by mocking our code.
        self.engine = app.bot_data.db._sync_engine
        self.engine.dispose()  # every connection from now on is opened with the handler
        event.listen(self.engine, "do_connect", self._refuse)
        event.listen(self.engine, "connect", self._interrupt_while_down)

    def _refuse(self, *_args: Any) -> None:
        if self.is_down:
            raise sqlite3.OperationalError("unable to open database file")

    def _interrupt_while_down(self, connection: sqlite3.Connection, _record: Any) -> None:
        # Called every VM instruction; non-zero aborts the statement ("interrupted").
        connection.set_progress_handler(lambda: int(self.is_down), 1)

    def cut(self) -> None:
        self.is_down = True

    async def down(self) -> None:
        self.is_down = True

    async def up(self) -> None:
        self.is_down = False

    def drop_pooled_connections(self) -> None:
        """Later attempts must open the file again (the "connect" path)."""
        assert self.engine is not None
        self.engine.dispose()


@asynccontextmanager
async def bot_with_outage(
    settings: Settings, clock: FakeClock
) -> AsyncIterator[tuple[BotHarness, Outage]]:
    if settings.database_url.startswith("sqlite"):
        outage = SqliteOutage()
        async with started(settings, clock) as bot:
            outage.attach(bot.app)
            yield bot, outage
        return
    url = make_url(settings.database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    proxied = load_settings(
        database_url=url.set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False
        ),
        telegram_bot_token=None,
    )
    try:
        async with started(proxied, clock) as bot:
            yield bot, ProxyOutage(proxy)
    finally:
        await proxy.stop()


async def test_database_down_during_updates_and_a_tick_then_recovery(
    settings: Settings, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: the database goes away while the bot runs. Expected: each update meanwhile gets
    the clear DB_DOWN apology (nothing is saved), a nudge tick logs an error instead of
    raising, nothing crash-loops; once the database is back the next update logs (on
    PostgreSQL at most one more apology is allowed, for a stale pooled connection found only
    on use: recovery within 2 updates) and the next tick sends the nudge that fell due
    during the outage exactly once."""
    caplog.set_level(logging.INFO)
    async with bot_with_outage(settings, clock) as (bot, outage):
        assert (await bot.send("/ask 1", user_id=ANN))[0].startswith("✅ Logged: 1 ask.")

        await outage.down()
        first = await bot.send("/ask 2", user_id=ANN)
        if isinstance(outage, SqliteOutage):
            outage.drop_pooled_connections()
        clock.now = NUDGE_DUE
        mark = len(bot.api.calls)
        await run_minute_job(bot)  # must not raise
        tick_calls = bot.api.calls[mark:]
        second = await bot.send("/ask 2", user_id=ANN)
        down_errors = len(error_records(caplog.records))
        tick_errors = [
            r for r in caplog.records if r.name == "bot.jobs" and r.levelno >= logging.ERROR
        ]

        await outage.up()
        clock.now = NUDGE_DUE + dt.timedelta(seconds=20)
        after: list[list[str]] = []
        for _attempt in range(2 if outage.is_postgres else 1):
            after.append(await bot.send("/ask 2", user_id=ANN))
            if after[-1] != [DB_DOWN] and after[-1] != [APOLOGY]:
                break

        clock.now = NUDGE_DUE + dt.timedelta(minutes=1)
        mark = len(bot.api.calls)
        await run_minute_job(bot)
        await run_minute_job(bot)
        nudged = nudges_per_chat(bot.api.calls[mark:])
        asks = await asks_of(bot, ANN)
        [user] = await fetch(bot, select(User.blocked_at).where(User.id == ANN))
        running = bot.app.running

    assert down_errors == 2  # one ERROR per failed update, no loop
    assert len(tick_errors) == 1, [r.getMessage() for r in tick_errors]
    assert "database unavailable" in tick_errors[0].getMessage()
    assert [c for c in tick_calls if c.method == "sendMessage"] == []
    assert after[-1][0].startswith("✅ Logged: 2 asks."), after  # recovered
    assert asks == 1 + 2  # nothing half-saved during the outage, nothing twice after it
    assert nudged == {ANN: 1}
    assert user.blocked_at is None
    assert running
    assert len(apologies(bot.api.calls)) == 2 + len(after) - 1
    # Last, so that a wrong wording does not hide the checks above: the DB_DOWN text, not the
    # generic "something went wrong", whether the pooled connection died (first) or a new
    # connection is refused (second).
    assert (first, second) == ([DB_DOWN], [DB_DOWN]), "updates while the database is down"


@contextmanager
def down_right_after_the_claim(engine: Engine, outage: Outage) -> Iterator[list[str]]:
    """Cut the database the moment the tick's claim transaction (the one inserting nudge
    rows) has committed and its connection goes back to the pool."""
    claimed: list[str] = []
    cut: list[bool] = []

    def after_cursor_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO NUDGES"):
            claimed.append(statement)

    def checkin(*_args: Any) -> None:
        if claimed and not cut:
            cut.append(True)
            outage.cut()

    event.listen(engine, "after_cursor_execute", after_cursor_execute)
    event.listen(engine, "checkin", checkin)
    try:
        yield claimed
    finally:
        event.remove(engine, "after_cursor_execute", after_cursor_execute)
        event.remove(engine, "checkin", checkin)


async def test_database_lost_right_after_the_claim_loses_no_nudge(
    settings: Settings, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: the database goes away in the middle of a tick, right after the transaction
    that claimed the due nudges committed (before they are sent and recorded). Expected: the
    tick does not raise, and no claimed nudge is lost or repeated: each behind user gets
    their 15:00 nudge exactly once, in that tick (the claim is in memory) or in the first
    tick after the database is back."""
    caplog.set_level(logging.INFO)
    users = (ANN, 1002, 1003)
    async with bot_with_outage(settings, clock) as (bot, outage):
        for user_id in users:
            await bot.send("/start", user_id=user_id, first_name=f"U{user_id}")
        bot.api.clear()
        clock.now = NUDGE_DUE
        with down_right_after_the_claim(sync_engine(bot.app), outage) as claimed:
            await run_minute_job(bot)  # must not raise
        await outage.up()
        for minutes in (1, 2, 3):
            clock.now = NUDGE_DUE + dt.timedelta(minutes=minutes)
            await run_minute_job(bot)
        nudged = nudges_per_chat(bot.api.calls)
        tick_errors = [
            r.getMessage()
            for r in caplog.records
            if r.name == "bot.jobs" and r.levelno >= logging.ERROR
        ]

    assert claimed, "the claim never ran"
    assert tick_errors, "the outage was not noticed"
    assert nudged == dict.fromkeys(users, 1), f"nudges per user {dict(nudged)}; {tick_errors}"
