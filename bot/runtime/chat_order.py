"""Updates of different chats at once, those of one chat one after another.

PTB's default handles one update at a time: a /chart rendering for 150 ms, or a commit
waiting for the disk, holds up every other user. Its plain concurrent mode lets a user's
/undo overtake the /ask sent just before it. `InChatOrder` does both right: up to
`max_concurrent_updates` updates run at once, but an update waits for the earlier updates
of its chat (or, without a chat, of its user), in the order Telegram delivered them.

A chat's turn-keeper lives only while that chat has updates in flight: nothing per user
stays in memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


@dataclass
class _Turns:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    holders: int = 0  # updates of the chat running or waiting


class InChatOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, _Turns] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = order_key(update)
        if key is None:
            await coroutine
            return
        turns = self._chats.setdefault(key, _Turns())
        turns.holders += 1
        try:
            async with turns.lock:  # asyncio.Lock wakes its waiters first come, first served
                await coroutine
        finally:
            turns.holders -= 1
            if not turns.holders:
                del self._chats[key]

    @property
    def chats_in_flight(self) -> int:
        return len(self._chats)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def order_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None
