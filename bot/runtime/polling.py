"""Long polling that confirms an update to Telegram only once it is stored.

Telegram counts every update below the `offset` of a getUpdates call as delivered and drops
it. PTB's Updater moves the offset on as soon as it has the updates in memory, so a crash
lost them; here the offset moves on only after `Intake.accept` has stored the batch. A batch
stored but not yet confirmed when the process dies comes again and is recognised by its
update id.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Sequence

from telegram import Update
from telegram.error import Conflict, TelegramError

from bot.handlers.common import BotApp
from bot.runtime.intake import DB_ERRORS, RETRY_SECONDS, Intake

log = logging.getLogger(__name__)

POLL_TIMEOUT = 10
"""Seconds Telegram holds a getUpdates open while there is nothing new."""
MAX_BACKOFF = 30.0


class Poller:
    def __init__(
        self, application: BotApp, intake: Intake, on_conflict: Callable[[], None]
    ) -> None:
        self.app = application
        self.intake = intake
        self.on_conflict = on_conflict
        self.offset: int | None = None  # the next update wanted: all below it are stored

    async def run(self) -> None:
        """Fetch and store until cancelled, or until another poller takes over (409)."""
        await self.app.bot.delete_webhook()
        backoff = 1.0
        while True:
            if self.intake.full:
                await asyncio.sleep(RETRY_SECONDS)
                continue
            try:
                updates = await self.app.bot.get_updates(
                    offset=self.offset, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
                )
            except Conflict:
                log.error(
                    "another instance is polling with this bot token (Telegram 409 Conflict): "
                    "run one poller per token, or use webhook mode (WEBHOOK_URL) for several"
                )
                self.on_conflict()
                return
            except TelegramError as exc:
                log.warning("polling error, retrying in %.0f s: %r", backoff, exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = 1.0
            if updates:
                await self._store(updates)
                self.offset = updates[-1].update_id + 1

    async def _store(self, updates: Sequence[Update]) -> None:
        batch = [(update, json.dumps(update.to_dict())) for update in updates]
        while True:
            try:
                await self.intake.accept(batch)
                return
            except DB_ERRORS as exc:
                log.warning("cannot store updates, not confirming them to Telegram: %r", exc)
                await asyncio.sleep(RETRY_SECONDS)

    async def confirm(self) -> None:
        """On stop: tell Telegram that what was stored arrived (else it comes again)."""
        if self.offset is None:
            return
        with contextlib.suppress(TelegramError):
            await self.app.bot.get_updates(
                offset=self.offset, timeout=0, limit=1, allowed_updates=Update.ALL_TYPES
            )
