"""Load scenarios against a real `salesbot run` process and the fake Bot API over HTTP
(bot_api_http.py, bot_process.py), shared by the process-level tests and `bench/intake.py`:
a flood from one user while another chats, and kill -9 under a steady load followed by a
restart. Each returns its figures. Times are this process's monotonic clock (an edge: two
processes, real time)."""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models import Entry, InboxUpdate
from bot.runtime.webhook import SECRET_HEADER
from tests.harness import WEBHOOK_PATH, WEBHOOK_SECRET, free_port
from tests.reliability.bot_api_http import TOKEN, HttpBotApi, message_update, start_server
from tests.reliability.bot_process import BotProcess, salesbot

JSON = dict[str, Any]
COUNTED = re.compile(r": (\d+) of \d+ asks")  # "Today: 3 of 5 asks" or "Tue 14 Nov: 3 of …"
FLOODER, OTHER = 7001, 7002
FIRST_USER = 10_000


@dataclass(frozen=True)
class Figures:
    tried: int
    lost: int  # stored nowhere: no entry for it
    duplicated: int  # entry rows beyond one per message
    unanswered: int  # no reply for it (replies are at least once)
    worst_s: float  # from Telegram having it to its first reply
    p99_s: float
    rate: float  # updates answered a second, from the first one available to the last reply


@dataclass(frozen=True)
class FloodFigures:
    other: Figures  # the other user's messages
    flood_stored: int  # the flooder's updates in the inbox (done or waiting)
    flood_answered: int
    slow_downs: int  # "slow down" notices the flooder got
    stop_s: float  # SIGTERM with the flood's backlog → exit
    exit_code: int


@dataclass(frozen=True)
class Sent:
    chat_id: int
    text: str
    at: float


@dataclass
class TimedBotApi(HttpBotApi):
    """The HTTP fake, noting when each update became available and each message was sent."""

    sent: list[Sent] = field(default_factory=list)
    made_available: dict[int, float] = field(default_factory=dict)
    _ids: int = 0

    def asks(self, users: Sequence[int], per_user: int) -> list[JSON]:
        """`/ask 1` from each user in turn, `per_user` rounds (not yet delivered)."""
        updates = []
        for _ in range(per_user):
            for user in users:
                self._ids += 1
                updates.append(message_update(self._ids, "/ask 1", user, f"U{user}"))
        return updates

    def push(self, updates: Sequence[JSON]) -> None:
        """Telegram now holds these for the bot (by getUpdates)."""
        now = time.perf_counter()
        for update in updates:
            self.made_available[update["update_id"]] = now
        self.updates.extend(updates)
        self.arrived.set()

    async def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        code, body = await super().answer(method, params)
        if method == "sendMessage" and code == 200:
            self.sent.append(Sent(int(params["chat_id"]), str(params["text"]), time.perf_counter()))
        return code, body

    def texts_to(self, chat_id: int) -> list[str]:
        return [sent.text for sent in self.sent if sent.chat_id == chat_id]


async def waiting_for(
    condition: Callable[[], object | Awaitable[object]], seconds: float, what: str, bot: BotProcess
) -> None:
    deadline = time.perf_counter() + seconds
    while True:
        value = condition()
        if isinstance(value, Awaitable):
            value = await value
        if value:
            return
        assert bot.process.returncode is None, f"the bot exited before {what}: {bot.stderr[-20:]}"
        assert time.perf_counter() < deadline, f"no {what} within {seconds} s: {bot.stderr[-20:]}"
        await asyncio.sleep(0.05)


async def count_rows(
    database_url: str, chat_ids: Collection[int] | None = None
) -> tuple[int, int, int]:
    """(entry rows, distinct source messages — of these chats, if given — and inbox rows
    handled, of all chats)."""
    entries = select(Entry.source_chat_id, Entry.source_message_id)
    if chat_ids is not None:
        entries = entries.where(Entry.source_chat_id.in_(chat_ids))
    rows, sources = entries.subquery(), entries.distinct().subquery()
    handled = select(func.count()).where(InboxUpdate.done_at.is_not(None))
    db = Database(database_url)
    try:
        return await db.run(
            lambda s: (
                s.execute(select(func.count()).select_from(rows)).scalar_one(),
                s.execute(select(func.count()).select_from(sources)).scalar_one(),
                s.execute(handled).scalar_one(),
            )
        )
    finally:
        await db.dispose()


async def stored(database_url: str, chat_id: int) -> int:
    db = Database(database_url)
    try:
        statement = select(func.count()).where(InboxUpdate.chat_key == chat_id)
        return int(await db.run(lambda s: s.execute(statement).scalar_one()))
    finally:
        await db.dispose()


def answers(api: TimedBotApi, updates: Sequence[JSON]) -> list[float | None]:
    """For each `/ask 1`, seconds until the first reply saying it was the user's k-th ask
    that day (its own reply, even if the update was replayed), or None."""
    first_reply: dict[tuple[int, int], float] = {}
    for sent in api.sent:
        if match := COUNTED.search(sent.text):
            first_reply.setdefault((sent.chat_id, int(match[1])), sent.at)
    nth: dict[int, int] = defaultdict(int)
    latencies: list[float | None] = []
    for update in updates:
        chat = update["message"]["chat"]["id"]
        nth[chat] += 1
        replied = first_reply.get((chat, nth[chat]))
        made = api.made_available[update["update_id"]]
        latencies.append(None if replied is None else replied - made)
    return latencies


def figures(updates: Sequence[JSON], api: TimedBotApi, rows: tuple[int, int, int]) -> Figures:
    entries, distinct, _ = rows
    latencies = answers(api, updates)
    seen = sorted(latency for latency in latencies if latency is not None)
    made = [api.made_available[update["update_id"]] for update in updates]
    replied = [at + lag for at, lag in zip(made, latencies, strict=True) if lag is not None]
    span = max(replied, default=0.0) - min(made, default=0.0)
    p99 = max(seen, default=0.0)
    if len(seen) >= 2:
        p99 = statistics.quantiles(seen, n=100, method="inclusive")[98]
    return Figures(
        tried=len(updates),
        lost=len(updates) - distinct,
        duplicated=entries - distinct,
        unanswered=latencies.count(None),
        worst_s=max(seen, default=0.0),
        p99_s=p99,
        rate=len(seen) / span if span > 0 else 0.0,
    )


@dataclass
class Setup:
    api: TimedBotApi
    env: dict[str, str]
    cwd: Path
    hook: str | None  # the webhook's URL on loopback, in webhook mode

    @asynccontextmanager
    async def bot(self) -> AsyncIterator[BotProcess]:
        """A `salesbot run` process, yielded once it takes updates."""
        ready = "setWebhook" if self.hook else "getUpdates"
        before = len(self.api.calls_to(ready))
        async with salesbot("run", cwd=self.cwd, **self.env) as bot:
            await waiting_for(lambda: len(self.api.calls_to(ready)) > before, 60, "start", bot)
            yield bot


@asynccontextmanager
async def fake_api(
    database_url: str, cwd: Path, *, webhook: bool = False, send_rate: float = 30
) -> AsyncIterator[Setup]:
    api, port = TimedBotApi(), free_port()
    server = start_server(api, port)
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        "TELEGRAM_SEND_RATE": str(send_rate),
        "LOG_LEVEL": "WARNING",
    }
    hook = None
    if webhook:
        listen = free_port()
        env |= {
            "WEBHOOK_URL": f"http://bot.example.org{WEBHOOK_PATH}",
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "WEBHOOK_LISTEN": f"127.0.0.1:{listen}",
        }
        hook = f"http://127.0.0.1:{listen}{WEBHOOK_PATH}"
    try:
        yield Setup(api, env, cwd, hook)
    finally:
        server.stop()


async def feed(setup: Setup, updates: Sequence[JSON], rate: float) -> None:
    """Hand `updates` to the bot at `rate` a second: by getUpdates, or by POSTs to the
    webhook, each retried (as Telegram does) until it gets a 200."""
    queue: asyncio.Queue[JSON] = asyncio.Queue()
    async with httpx.AsyncClient(timeout=5) as client:
        hook = setup.hook
        posters = (
            [asyncio.create_task(post(client, hook, queue)) for _ in range(16)] if hook else []
        )
        began = time.perf_counter()
        for n, update in enumerate(updates):
            if (late := began + n / rate - time.perf_counter()) > 0:
                await asyncio.sleep(late)
            if hook is None:
                setup.api.push([update])
            else:
                setup.api.made_available[update["update_id"]] = time.perf_counter()
                queue.put_nowait(update)
        await queue.join()
        for poster in posters:
            poster.cancel()


async def post(client: httpx.AsyncClient, hook: str | None, queue: asyncio.Queue[JSON]) -> None:
    assert hook is not None
    while True:
        update = await queue.get()
        while True:
            try:
                headers = {SECRET_HEADER: WEBHOOK_SECRET}
                if (await client.post(hook, json=update, headers=headers)).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.05)
        queue.task_done()


async def kill_run(
    database_url: str,
    cwd: Path,
    *,
    rate: float,
    seconds: float,
    kill_at: float,
    webhook: bool = False,
    users: int = 300,
) -> Figures:
    """`/ask 1` at `rate` a second for `seconds` from `users` users (each about once a
    second at 300/s); kill -9 at `kill_at` s, started again at once; wait until every
    update is handled, stop with SIGTERM; count what was lost, duplicated, unanswered."""
    async with fake_api(database_url, cwd, webhook=webhook, send_rate=1000) as setup:
        api = setup.api
        updates = api.asks([FIRST_USER + n for n in range(users)], int(rate * seconds) // users)
        async with setup.bot() as first:
            feeding = asyncio.create_task(feed(setup, updates, rate))
            await asyncio.sleep(kill_at)
            first.process.kill()
            await first.process.wait()
        async with setup.bot() as second:
            await feeding

            async def all_handled() -> bool:
                if api.updates or len(api.sent) < len(updates):
                    return False  # the cheap checks first: the same CPUs run the bot
                return (await count_rows(database_url))[2] == len(updates)

            await waiting_for(all_handled, 180, "end of the backlog", second)
            assert await second.stop() == 0, second.stderr[-20:]
        return figures(updates, api, await count_rows(database_url))


async def flood_run(
    database_url: str, cwd: Path, *, flood: int = 2000, others: int = 20
) -> FloodFigures:
    """One user sends `flood` /ask at once; another sends `others`, one every 0.5 s (the
    bot's own 30 messages/s pacing on); then SIGTERM with the flood's backlog waiting."""
    async with fake_api(database_url, cwd) as setup:
        api = setup.api
        flooded, other = api.asks([FLOODER], flood), api.asks([OTHER], others)
        async with setup.bot() as bot:
            api.push(flooded)
            await feed(setup, other, 2.0)
            await waiting_for(lambda: len(api.texts_to(OTHER)) >= others, 30, "replies", bot)
            began = time.perf_counter()
            code = await bot.stop()
            stop_s = time.perf_counter() - began
        texts = api.texts_to(FLOODER)
        return FloodFigures(
            other=figures(other, api, await count_rows(database_url, [OTHER])),
            flood_stored=await stored(database_url, FLOODER),
            flood_answered=sum(text.startswith("✅") for text in texts),
            slow_downs=sum(text.startswith("🐢") for text in texts),
            stop_s=stop_s,
            exit_code=code,
        )
