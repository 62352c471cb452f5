"""Durable, fair intake: every update goes through the inbox table, and chats take turns.

`accept` stores updates (polling: one getUpdates batch; webhook: one POST) before Telegram
is told they arrived; `salesbot run` confirms only after it returns. The dispatcher then
hands the oldest waiting update of each chat to `Application.process_update`, up to `slots`
chats at once, and marks it done once handled. So:

- a chat's updates run one after another, in the order Telegram sent them, and a chat
  holds at most one slot: its waiting updates stay in the inbox, never in a slot or in
  memory (memory is bounded by `slots`, whatever the backlog);
- the flood guard (`bot.core.flood`) lets a user or chat past its burst only about once a
  second; its excess waits in the inbox while other chats go on, and it is told once;
- on start, updates left unfinished by a crash are simply the oldest waiting ones;
- on stop, updates in flight get `drain_seconds` to finish; the rest stay for next time;
- with several instances on one database, each chat is leased to one of them at a time
  (`inbox_leases`, renewed every round, lapsing `inbox_store.LEASE` after a crash), so a chat's
  updates are handed out once and in order whichever instance stored them.

Replies are at least once (an update handled but not yet marked done when the process
dies is handled again); entries are exactly once (unique on source chat + message).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import logging
import secrets
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.error import TelegramError

from bot.app_types import BotApp
from bot.core.flood import FloodGuard, slow_down
from bot.db import inbox_store as inbox
from bot.db.inbox_store import Arrival
from bot.runtime import metrics

log = logging.getLogger(__name__)

JSON = dict[str, Any]

SLOTS = 16
"""Chats handled at once (PostgreSQL's pool is 10 + 10 connections)."""
DRAIN_SECONDS = 5.0
"""On stop: how long updates in flight may take, well inside a 10 s stop grace period."""
LOOKAHEAD = 4
"""Waiting updates read per free slot: the extra ones are other chats' heads, or skipped."""
RESCAN_SECONDS = 1.0
"""Also look at the inbox this often: rows another process stored, and resting chats."""
RETRY_SECONDS = 1.0
MAX_WAITING = 50_000
"""Stop taking updates from Telegram past this many waiting (it keeps them for 24 h)."""
KEEP_DONE = dt.timedelta(hours=1)
"""Handled updates are remembered this long, so a redelivery is not handled twice."""
TIDY_SECONDS = 60.0

DB_ERRORS = (SQLAlchemyError, OSError)


def arrival(data: JSON) -> Arrival:
    """An update's JSON as Telegram sent it, with the keys the dispatcher orders it by: the
    chat of its payload (or of the payload's message, for a button), else its sender. Read
    from the JSON, not from PTB's objects: parsing was ≈ 0.45 ms an update, 20× the rest of
    storing it, and that is what a flood's backlog costs before anyone else is reached."""
    update_id = data.get("update_id")
    if not isinstance(update_id, int):
        raise ValueError("an update without an integer update_id")
    payload = next((v for k, v in data.items() if k != "update_id" and isinstance(v, dict)), {})
    message = payload.get("message")
    chat = payload.get("chat") or (message.get("chat") if isinstance(message, dict) else None)
    chat_id = _id_of(chat)
    user_id = _id_of(payload.get("from") or payload.get("user"))
    key = chat_id if chat_id is not None else user_id if user_id is not None else 0
    return Arrival(update_id, key, user_id, json.dumps(data, ensure_ascii=False))


def _id_of(peer: object) -> int | None:
    value = peer.get("id") if isinstance(peer, dict) else None
    return value if isinstance(value, int) else None


class Intake:
    def __init__(
        self,
        application: BotApp,
        *,
        slots: int = SLOTS,
        guard: FloodGuard | None = None,
        drain_seconds: float = DRAIN_SECONDS,
    ) -> None:
        self.app = application
        self.slots = slots
        self.guard = guard or FloodGuard()
        self.drain_seconds = drain_seconds
        self.waiting = 0  # an estimate, for backpressure and metrics
        self._running: dict[int, asyncio.Task[None]] = {}  # chat key → its update in flight
        self._handled: dict[int, int] = {}  # chat key → its update handled, not yet marked done
        self._resting: dict[int, float] = {}  # chat key → when its flood guard lets it go
        self._notices: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._stopping = False
        self._runner: asyncio.Task[None] | None = None
        self.owner = secrets.token_hex(8)  # this instance, in `inbox_leases`
        metrics.count_waiting(self)

    @property
    def full(self) -> bool:
        """Too much waiting: take no more from Telegram for now."""
        return self.waiting >= MAX_WAITING

    @property
    def queued(self) -> int:
        """Stored and not yet started (an estimate)."""
        return max(0, self.waiting - self.in_flight)

    @property
    def in_flight(self) -> int:
        return len(self._running) + len(self._handled)

    async def accept(self, updates: Sequence[JSON]) -> None:
        """Store updates (Telegram's JSON) durably; once this returns they may be confirmed.
        ValueError: one is not an update."""
        arrivals = [arrival(update) for update in updates]
        stored = functools.partial(inbox.store, arrivals=arrivals, now=self._now())
        self.waiting += await self.app.bot_data.db.run(stored)
        self._wake.set()

    async def start(self) -> None:
        self.waiting = await self.app.bot_data.db.run(inbox.waiting)
        if self.waiting:
            log.info("%s updates waiting in the inbox from before: handling them", self.waiting)
        self._runner = asyncio.create_task(self._run(), name="intake")

    async def stop(self) -> None:
        """Start nothing new; give updates in flight `drain_seconds`, then cancel them (they
        stay in the inbox for the next start)."""
        self._stopping = True
        self._wake.set()
        if self._runner is not None:
            await self._runner
        tasks = [*self._running.values(), *self._notices]
        late: set[asyncio.Task[None]] = set()
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=self.drain_seconds)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if late:
            log.warning("stopped with %s updates in flight: they run again on start", len(late))
        try:
            await self._settle_and_read(0)
        except DB_ERRORS as exc:
            log.warning("could not mark the last updates done: they run again on start: %r", exc)

    def _now(self) -> dt.datetime:
        return self.app.bot_data.clock()

    async def _run(self) -> None:
        tidied = time.monotonic()
        while not self._stopping:
            self._wake.clear()
            try:
                await self._dispatch()
                if time.monotonic() - tidied >= TIDY_SECONDS:
                    tidied = time.monotonic()
                    await self._tidy()
            except DB_ERRORS as exc:
                log.warning("cannot read the inbox, retrying: %r", exc)
                await self._pause(RETRY_SECONDS)
                continue
            except Exception:  # a bug must not stop every chat for good
                log.exception("dispatching failed, retrying")
                await self._pause(RETRY_SECONDS)
                continue
            await self._pause(self._next_look())

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._wake.wait()

    def _next_look(self) -> float:
        now = time.monotonic()
        return max(0.0, min([RESCAN_SECONDS, *(at - now for at in self._resting.values())]))

    async def _dispatch(self) -> None:
        """Mark what was handled done, and start the oldest waiting update of each free
        chat while slots are free. Each round settles or starts or rests something, or
        finds nothing to do and ends."""
        while not self._stopping:
            free = self.slots - len(self._running)
            if free <= 0 and not self._handled:
                return
            now = time.monotonic()
            self._resting = {key: at for key, at in self._resting.items() if at > now}
            settled, heads = await self._settle_and_read(LOOKAHEAD * max(free, 0))
            if not settled and not heads:
                return
            for head in heads:
                if len(self._running) < self.slots:
                    self._start_or_rest(head, now)

    async def _settle_and_read(self, limit: int) -> tuple[int, list[Arrival]]:
        """One transaction: mark the handled updates done (their chats are free from then
        on), then read up to `limit` waiting updates of chats neither running nor resting.
        Until then a handled update's chat waits: it must not be handled twice."""
        handled = dict(self._handled)
        heads = await self.app.bot_data.db.run(
            functools.partial(
                inbox.settle_and_read,
                done=handled,
                held=self._running.keys() | self._resting.keys(),
                owner=self.owner,
                now=self._now(),
                limit=limit,
                stopping=self._stopping,
            )
        )
        for key in handled:
            del self._handled[key]
        self.waiting = max(0, self.waiting - len(handled))
        return len(handled), heads

    def _start_or_rest(self, head: Arrival, now: float) -> None:
        keys = {head.chat_key} if head.user_id is None else {head.chat_key, head.user_id}
        verdict = self.guard.take(keys, now)
        if verdict.wait:
            self._resting[head.chat_key] = now + verdict.wait
            if verdict.notify:
                self._tell(head.chat_key)
        else:
            self._running[head.chat_key] = asyncio.create_task(self._handle(head))

    async def _handle(self, head: Arrival) -> None:
        try:
            await self._process(head)
            self._handled[head.chat_key] = head.update_id
        finally:
            del self._running[head.chat_key]
            self._wake.set()

    async def _process(self, head: Arrival) -> None:
        try:
            update = Update.de_json(json.loads(head.payload), self.app.bot)
        except (ValueError, TypeError, KeyError) as exc:
            log.error("update %s in the inbox is unreadable, skipped: %r", head.update_id, exc)
            return
        try:
            await self.app.process_update(update)
        except Exception:  # the error handler has its turn inside; this is anything else
            log.exception("update %s failed outside its handlers", head.update_id)

    def _tell(self, chat_key: int) -> None:
        if chat_key == 0:
            return
        task = asyncio.create_task(self._slow_down(chat_key))
        self._notices.add(task)
        task.add_done_callback(self._notices.discard)

    async def _slow_down(self, chat_key: int) -> None:
        try:
            waiting = await self.app.bot_data.db.run(
                functools.partial(inbox.waiting, chat_key=chat_key)
            )
            log.info("flood guard: chat %s sends too fast, %s updates wait", chat_key, waiting)
            await self.app.bot.send_message(chat_key, slow_down(waiting))
        except (TelegramError, *DB_ERRORS) as exc:
            log.warning("could not tell chat %s to slow down: %r", chat_key, exc)

    async def _tidy(self) -> None:
        self.guard.forget_idle(time.monotonic())
        before = self._now() - KEEP_DONE
        await self.app.bot_data.db.run(functools.partial(inbox.prune, done_before=before))
