"""Fault 10: requests to the webhook with a wrong secret (real HTTP on loopback).

The server set-up follows tests/test_serve.py (and reuses its helpers); this test is about
what a forged or stale request leaves behind: nothing at all.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from sqlalchemy import func, select

from bot.app import build_application
from bot.config import Settings, load_settings
from bot.db.models import Entry, User
from bot.fake_telegram import FakeTelegram, UpdateFactory
from bot.serve import Shutdown, serve
from bot.webhook import SECRET_HEADER
from tests.test_serve import SECRET, free_port, until

WRONG_SECRETS = ("nope", SECRET.upper(), SECRET[:-1], SECRET + "x", "")


async def test_webhook_with_a_wrong_secret_is_refused_and_processes_nothing(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: POSTs to the webhook path with a wrong, near-miss or missing secret token.
    Expected: each gets 403, no update is queued or processed (no entry, no user row, no
    message sent); the same update with the right secret is then processed, and once only
    even when Telegram retries it."""
    port = free_port()
    webhook = load_settings(
        database_url=settings.database_url,
        webhook_url="https://bot.example.org/telegram/hook",
        webhook_secret=SECRET,
        webhook_listen=f"127.0.0.1:{port}",
    )
    api = FakeTelegram()
    application = build_application(webhook, request=api, rate_limited=False)
    shutdown = Shutdown()
    server = asyncio.create_task(serve(application, webhook, shutdown))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await until(lambda: api.calls_to("setWebhook"))
            api.clear()
            updates = UpdateFactory(application.bot, api=api)
            bodies = [
                json.dumps(updates.message(text, user_id=4242).to_dict())
                for text in ("/ask 2", "/start", "3 asks")
            ]

            codes = [
                (await client.post("/telegram/hook", content=body, headers=headers)).status_code
                for body in bodies
                for headers in [{SECRET_HEADER: wrong} for wrong in WRONG_SECRETS] + [{}]
            ]
            await asyncio.sleep(0.2)  # anything wrongly queued would be processed by now
            queued = application.update_queue.qsize()
            sent_meanwhile = list(api.calls)

            async def rows() -> tuple[int, int]:
                return await application.bot_data.db.run(
                    lambda s: (
                        s.execute(select(func.count()).select_from(Entry)).scalar_one(),
                        s.execute(select(func.count()).select_from(User)).scalar_one(),
                    )
                )

            after_forgeries = await rows()

            right = {SECRET_HEADER: SECRET}
            accepted = [
                (await client.post("/telegram/hook", content=bodies[0], headers=right)).status_code
                for _ in range(2)  # Telegram retrying the same update
            ]
            await until(lambda: len(api.sent_texts(4242)) == 2)
            after_right = await rows()
    finally:
        shutdown.requested.set()
        exit_code = await asyncio.wait_for(server, 10)

    assert codes == [403] * len(codes)
    assert len(codes) == len(bodies) * (len(WRONG_SECRETS) + 1)
    assert queued == 0
    assert sent_meanwhile == []
    assert after_forgeries == (0, 0)
    assert accepted == [200, 200]
    assert after_right == (1, 1)
    assert exit_code == 0
    rejected = [r for r in caplog.records if "wrong or missing secret" in r.getMessage()]
    assert len(rejected) == len(codes)
