"""Drive the real Application the way Telegram does, and read what it did.

Updates are real `telegram.Update`s through `application.process_update`; the network is
`FakeTelegram`, a Bot API at the request edge; the database is real SQLite or PostgreSQL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from telegram import Update

from bot.app import build_application
from bot.app_types import BotApp
from bot.config import Settings, load_settings
from bot.db.models import Entry
from bot.runtime.fake_telegram import ApiCall, FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.serve import Shutdown, serve

T = TypeVar("T")


START = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)  # a Thursday
"""The tests' "now": every clock in a test starts here, whatever the machine's date."""


class FakeClock:
    """An injected 'now' that tests move by hand: no sleeping."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


class BotHarness:
    def __init__(self, settings: Settings, clock: FakeClock, **build: Any) -> None:
        self.api = FakeTelegram(clock)
        self.clock = clock
        self.app: BotApp = build_application(
            settings, request=self.api, clock=clock, rate_limited=False, **build
        )
        self.updates = UpdateFactory(self.app.bot, api=self.api)

    async def process(self, update: Update) -> list[ApiCall]:
        """Feed one update; return the Bot API calls it caused."""
        mark = len(self.api.calls)
        await self.app.process_update(update)
        return self.api.calls[mark:]

    async def send(
        self, text: str, *, user_id: int = 1001, first_name: str = "Ann", **kw: Any
    ) -> list[str]:
        """A user sends `text` now (by the fake clock); return the texts the bot answered."""
        kw.setdefault("date", self.clock())
        update = self.updates.message(text, user_id=user_id, first_name=first_name, **kw)
        return texts(await self.process(update))

    async def query(self, work: Callable[[Session], T]) -> T:
        return await self.app.bot_data.db.run(work)

    async def rows(self, statement: Select[Any]) -> Sequence[Any]:
        return await self.query(lambda session: session.execute(statement).all())

    async def entries(self, user_id: int = 1001, *, include_deleted: bool = False) -> list[Any]:
        statement = select(Entry).where(Entry.user_id == user_id).order_by(Entry.id)
        if not include_deleted:
            statement = statement.where(Entry.deleted_at.is_(None))
        return list(await self.query(lambda s: s.execute(statement).scalars().all()))


def texts(calls: Sequence[ApiCall]) -> list[str]:
    return [
        str(call.params["text"])
        for call in calls
        if call.method in ("sendMessage", "editMessageText") and call.error_code is None
    ]


WEBHOOK_SECRET = "s3cret-token_1"
WEBHOOK_PATH = "/telegram/hook"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def until(condition: Callable[[], object]) -> None:
    """Wait for something another task does, e.g. the server's replies: a bound for a hung
    test, generous so that a loaded machine is not taken for one."""
    async with asyncio.timeout(30):
        while not condition():  # noqa: ASYNC110 - the server runs in another task
            await asyncio.sleep(0.02)


@dataclass
class WebhookRun:
    application: BotApp
    api: FakeTelegram
    client: httpx.AsyncClient
    shutdown: Shutdown
    server: asyncio.Task[int]

    async def exit_code(self) -> int:
        """Ask for a graceful stop (as SIGTERM does) and wait for serve() to return."""
        self.shutdown.requested.set()
        return await asyncio.wait_for(self.server, 20)


@asynccontextmanager
async def webhook_server(
    settings: Settings, clock: FakeClock | None = None
) -> AsyncIterator[WebhookRun]:
    """`salesbot run` in webhook mode on a free loopback port, the fake Bot API behind it,
    and an HTTP client pointed at it; yields once the webhook is registered."""
    port = free_port()
    webhook = load_settings(
        database_url=settings.database_url,
        webhook_url=f"https://bot.example.org{WEBHOOK_PATH}",
        webhook_secret=WEBHOOK_SECRET,
        webhook_listen=f"127.0.0.1:{port}",
    )
    clock = clock or FakeClock(START)
    api = FakeTelegram(clock)
    application = build_application(webhook, request=api, clock=clock, rate_limited=False)
    shutdown = Shutdown()
    server = asyncio.create_task(serve(application, webhook, shutdown))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await until(lambda: api.calls_to("setWebhook"))
            run = WebhookRun(application, api, client, shutdown, server)
            yield run
    finally:
        if not server.done():
            shutdown.requested.set()
            await asyncio.wait_for(server, 20)
