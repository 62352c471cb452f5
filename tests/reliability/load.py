"""Load scenarios against a real `salesbot run` process (see bot_process.py), shared by the
process-level tests and `bench/intake.py`: a flood from one user while another chats, and
kill -9 under a steady load followed by a restart. Each returns its figures."""

from __future__ import annotations

import asyncio
import re
import signal
import statistics
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import func, select
from telegram import Bot

from bot.db.engine import Database
from bot.db.models import Entry, InboxUpdate
from bot.runtime.fake_telegram import JSON
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.webhook import SECRET_HEADER
from tests.conftest import START
from tests.harness import WEBHOOK_PATH, WEBHOOK_SECRET, free_port
from tests.reliability.bot_process import TOKEN, BotApiServer, BotProcess, eventually

COUNTED = re.compile(r": (\d+) of \d+ asks")  # "Today: 3 of 5 asks" or "Thu 26 Nov: 3 of 5 asks"
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


@dataclass(frozen=True)
class FloodFigures:
    other: Figures  # the other user's messages
    flood_stored: int  # the flooder's updates in the inbox (done or waiting)
    flood_answered: int
    slow_downs: int  # "slow down" notices the flooder got
    stop_s: float  # SIGTERM with the flood's backlog → exit
    exit_code: int


def asks(factory: UpdateFactory, users: Sequence[int], per_user: int) -> list[JSON]:
    """`/ask 1` from each user in turn, `per_user` rounds: Telegram's update JSON."""
    return [
        factory.message("/ask 1", user_id=user, first_name=f"U{user}", date=START).to_dict()
        for _ in range(per_user)
        for user in users
    ]


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


def answers(server: BotApiServer, updates: Sequence[JSON]) -> list[float | None]:
    """For each `/ask 1`, seconds until the first reply saying it was the user's k-th ask
    that day (its own reply, even if the update was replayed), or None. Messages are dated
    START, the suite's fixed day: the count is the same whatever the process's clock says."""
    first_reply: dict[tuple[int, int], float] = {}
    for sent in server.sent:
        if match := COUNTED.search(sent.text):
            first_reply.setdefault((sent.chat_id, int(match[1])), sent.at)
    nth: dict[int, int] = defaultdict(int)
    latencies: list[float | None] = []
    for update in updates:
        chat = update["message"]["chat"]["id"]
        nth[chat] += 1
        replied = first_reply.get((chat, nth[chat]))
        made = server.made_available[update["update_id"]]
        latencies.append(None if replied is None else replied - made)
    return latencies


def figures(updates: Sequence[JSON], server: BotApiServer, rows: tuple[int, int, int]) -> Figures:
    entries, distinct, _ = rows
    latencies = answers(server, updates)
    seen = sorted(latency for latency in latencies if latency is not None)
    p99 = (
        statistics.quantiles(seen, n=100, method="inclusive")[98]
        if len(seen) >= 2
        else max(seen, default=0.0)
    )
    return Figures(
        tried=len(updates),
        lost=len(updates) - distinct,
        duplicated=entries - distinct,
        unanswered=latencies.count(None),
        worst_s=max(seen, default=0.0),
        p99_s=p99,
    )


@asynccontextmanager
async def bot_against_fake_api(
    database_url: str, log: Path, *, webhook: bool = False, send_rate: float = 30
) -> AsyncIterator[tuple[BotApiServer, BotProcess, str | None]]:
    """The fake Bot API and a `salesbot run` process on it (not started); yields them and
    the webhook's URL on loopback in webhook mode."""
    server = BotApiServer()
    await server.start()
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": server.url,
        "DATABASE_URL": database_url,
        "TELEGRAM_SEND_RATE": str(send_rate),
    }
    hook = None
    if webhook:
        port = free_port()
        env |= {
            "WEBHOOK_URL": f"https://bot.example.org{WEBHOOK_PATH}",
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
        }
        hook = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    bot = BotProcess(log, **env)
    try:
        yield server, bot, hook
    finally:
        await bot.ensure_gone()
        await server.stop()


async def start(server: BotApiServer, bot: BotProcess, webhook: bool) -> None:
    """Start the process and wait until it takes updates."""
    ready = "setWebhook" if webhook else "getUpdates"
    before = server.calls(ready)
    await bot.start()
    await eventually(lambda: server.calls(ready) > before, 60, "start", bot)


async def feed(
    server: BotApiServer, updates: Sequence[JSON], rate: float, hook: str | None
) -> None:
    """Hand `updates` to the bot at `rate` a second: by getUpdates, or by POSTs to the
    webhook, each retried (as Telegram does) until it gets a 200."""
    queue: asyncio.Queue[JSON] = asyncio.Queue()
    async with httpx.AsyncClient(timeout=5) as client:
        posters = (
            [asyncio.create_task(post(client, hook, queue)) for _ in range(16)] if hook else []
        )
        began = time.perf_counter()
        for n, update in enumerate(updates):
            if (late := began + n / rate - time.perf_counter()) > 0:
                await asyncio.sleep(late)
            if hook is None:
                server.push([update])
            else:
                server.made_available[update["update_id"]] = time.perf_counter()
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
                response = await client.post(
                    hook, json=update, headers={SECRET_HEADER: WEBHOOK_SECRET}
                )
                if response.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.05)
        queue.task_done()


async def kill_run(
    database_url: str,
    log: Path,
    *,
    rate: float,
    seconds: float,
    kill_at: float,
    webhook: bool = False,
    users: int = 300,
) -> Figures:
    """`/ask 1` at `rate` a second for `seconds` from `users` users (each about once a
    second at 300/s); kill -9 at `kill_at` s, start again at once; wait until every update
    is handled, stop with SIGTERM; count what was lost, duplicated and left unanswered."""
    async with bot_against_fake_api(database_url, log, webhook=webhook, send_rate=1000) as (
        server,
        bot,
        hook,
    ):
        factory = UpdateFactory(Bot(TOKEN), api=server.api)
        updates = asks(
            factory, [FIRST_USER + n for n in range(users)], int(rate * seconds) // users
        )
        await start(server, bot, webhook)
        feeding = asyncio.create_task(feed(server, updates, rate, hook))
        await asyncio.sleep(kill_at)
        bot.kill()
        await bot.exit_code(10)
        await start(server, bot, webhook)
        await feeding

        async def all_handled() -> bool:
            if server.unconfirmed or len(server.sent) < len(updates):
                return False  # cheap checks first: the database is read by the same CPUs
            return (await count_rows(database_url))[2] == len(updates)

        await eventually(all_handled, 180, "end of the backlog", bot)
        bot.signal(signal.SIGTERM)
        assert await bot.exit_code(15) == 0, bot.output()
        return figures(updates, server, await count_rows(database_url))


async def flood_run(
    database_url: str, log: Path, *, flood: int = 2000, others: int = 20
) -> FloodFigures:
    """One user sends `flood` /ask at once; another sends `others`, one every 0.5 s; then
    SIGTERM with the flood's backlog still waiting."""
    async with bot_against_fake_api(database_url, log) as (server, bot, _):
        factory = UpdateFactory(Bot(TOKEN), api=server.api)
        flooded = asks(factory, [FLOODER], flood)
        other = asks(factory, [OTHER], others)
        await start(server, bot, webhook=False)
        server.push(flooded)
        await feed(server, other, 2.0, None)
        await eventually(lambda: len(server.texts_to(OTHER)) >= others, 30, "replies", bot)
        began = time.perf_counter()
        bot.signal(signal.SIGTERM)
        code = await bot.exit_code(30)
        stop_s = time.perf_counter() - began
        flood_texts = [sent.text for sent in server.texts_to(FLOODER)]
        return FloodFigures(
            other=figures(other, server, await count_rows(database_url, [OTHER])),
            flood_stored=await stored(database_url, FLOODER),
            flood_answered=sum(text.startswith("✅") for text in flood_texts),
            slow_downs=sum(text.startswith("🐢") for text in flood_texts),
            stop_s=stop_s,
            exit_code=code,
        )


async def stored(database_url: str, chat_id: int) -> int:
    db = Database(database_url)
    try:
        statement = select(func.count()).where(InboxUpdate.chat_key == chat_id)
        return int(await db.run(lambda s: s.execute(statement).scalar_one()))
    finally:
        await db.dispose()
