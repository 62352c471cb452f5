"""Drive the real Application the way Telegram does, and read what it did.

Updates are real `telegram.Update`s through `application.process_update`; the network is
`FakeTelegram`, a Bot API at the request edge; the database is real SQLite or PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.db.models import Entry
from bot.fake_telegram import ApiCall, FakeTelegram, UpdateFactory
from bot.handlers.common import BotApp

T = TypeVar("T")


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
        self.api = FakeTelegram()
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
