"""Long polling that confirms an update to Telegram only once it is stored.

Telegram counts every update below the `offset` of a getUpdates call as delivered and drops
it. PTB's Updater moves the offset on as soon as it has the updates in memory, so a crash
lost them; here the offset moves on only after `Intake.accept` has stored the batch. A batch
stored but not yet confirmed when the process dies comes again and is recognised by its
update id.

getUpdates goes through `Bot.do_api_request`, which hands back Telegram's JSON, not
`Bot.get_updates`, which parses every update into PTB objects (≈ 0.45 ms each here, then
≈ 0.35 ms to turn them back into JSON): the inbox stores the JSON, and the objects are built
once, when an update is handled. PTB warns that get_updates exists; that one warning is
silenced below.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.error import Conflict, TelegramError
from telegram.warnings import PTBUserWarning

from bot.app_types import BotApp
from bot.runtime.intake import DB_ERRORS, JSON, RETRY_SECONDS, Intake

log = logging.getLogger(__name__)

RAW_GET_UPDATES = r"Please use 'Bot\.getUpdates' instead of 'Bot\.do_api_request"
warnings.filterwarnings("ignore", RAW_GET_UPDATES, PTBUserWarning)

POLL_TIMEOUT = 10
"""Seconds Telegram holds a getUpdates open while there is nothing new."""
READ_MARGIN = 5.0
"""Seconds to wait for Telegram's answer beyond the long poll itself."""
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
                updates = await self._get_updates(POLL_TIMEOUT)
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
                self.offset = int(updates[-1]["update_id"]) + 1

    async def _get_updates(self, wait: int, **more: Any) -> list[JSON]:
        wanted = {"timeout": wait, "allowed_updates": Update.ALL_TYPES, **more}
        if self.offset is not None:
            wanted["offset"] = self.offset
        updates = await self.app.bot.do_api_request(
            "getUpdates", api_kwargs=wanted, read_timeout=wait + READ_MARGIN
        )
        return list(updates)

    async def _store(self, updates: list[JSON]) -> None:
        while True:
            try:
                await self.intake.accept(updates)
                return
            except DB_ERRORS as exc:
                log.warning("cannot store updates, not confirming them to Telegram: %r", exc)
                await asyncio.sleep(RETRY_SECONDS)

    async def confirm(self) -> None:
        """On stop: tell Telegram that what was stored arrived (else it comes again)."""
        if self.offset is None:
            return
        with contextlib.suppress(TelegramError):
            await self._get_updates(0, limit=1)
