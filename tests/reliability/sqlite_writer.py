"""One bot process hammering a shared SQLite file (used by test_sqlite_processes.py).

    python -m tests.reliability.sqlite_writer DATABASE_URL FIRST_USER_ID COUNT GO_FILE

Builds the real Application on DATABASE_URL with the fake Bot API, prints "ready", waits
for GO_FILE to exist (so that both processes start writing at the same moment), then
processes COUNT `/ask 1` updates from distinct users as fast as it can and prints one JSON
line: how many updates were processed, replies delivered, apologies sent, ERROR records
logged (with their messages). Exits 0 only when nothing went wrong.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from pathlib import Path

from bot.app import build_application, running
from bot.config import load_settings
from bot.handlers.guards import APOLOGY, DB_DOWN
from bot.runtime.fake_telegram import FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from tests.harness import START, FakeClock

CONCURRENCY = 8


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


async def main(url: str, first_user: int, count: int, go: Path) -> int:
    errors = Errors()
    logging.getLogger().addHandler(errors)
    clock = FakeClock(START)
    api = FakeTelegram(clock)
    settings = load_settings(database_url=url, telegram_bot_token=None)
    app = build_application(
        settings, request=api, clock=clock, rate_limited=False, concurrent_updates=True
    )
    async with running(app):
        assert app.job_queue is not None
        for job in app.job_queue.jobs():
            job.enabled = False
        factory = UpdateFactory(app.bot, api=api)
        updates = [
            factory.message("/ask 1", user_id=first_user + i, first_name=f"W{first_user + i}")
            for i in range(count)
        ]
        api.clear()
        print("ready", flush=True)
        # As long as the test waits for the other process to be ready (a loaded machine can
        # take a while to import and start it).
        async with asyncio.timeout(120):
            while not await asyncio.to_thread(go.exists):  # noqa: ASYNC110 - other process
                await asyncio.sleep(0.005)
        started = time.perf_counter()
        gate = asyncio.Semaphore(CONCURRENCY)

        async def process(update: object) -> None:
            async with gate:
                await app.process_update(update)

        await asyncio.gather(*(process(update) for update in updates))
        elapsed = time.perf_counter() - started
    replies = [c for c in api.calls if c.method == "sendMessage" and c.error_code is None]
    sorry = [c for c in replies if c.params.get("text") in (APOLOGY, DB_DOWN)]
    summary = {
        "processed": len(updates),
        "replies": len(replies),
        "apologies": len(sorry),
        "errors": errors.messages[:20],
        "error_count": len(errors.messages),
        "seconds": round(elapsed, 3),
    }
    print(json.dumps(summary), flush=True)
    ok = not errors.messages and not sorry and len(replies) == count
    return 0 if ok else 1


if __name__ == "__main__":
    database_url, first, how_many, go_file = sys.argv[1:5]
    sys.exit(asyncio.run(main(database_url, int(first), int(how_many), Path(go_file))))
