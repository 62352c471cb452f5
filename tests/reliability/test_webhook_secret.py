"""Fault 10: requests to the webhook with a wrong secret (real HTTP on loopback).

The server set-up is tests.harness.webhook_server; this test is about
what a forged or stale request leaves behind: nothing at all.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.db.models import Entry, InboxUpdate, User
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.webhook import SECRET_HEADER
from tests.harness import WEBHOOK_PATH, until, webhook_server
from tests.harness import WEBHOOK_SECRET as SECRET

WRONG_SECRETS = ("nope", SECRET.upper(), SECRET[:-1], SECRET + "x", "")


async def test_webhook_with_a_wrong_secret_is_refused_and_processes_nothing(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: POSTs to the webhook path with a wrong, near-miss or missing secret token.
    Expected: each gets 403, no update is stored or processed (no inbox row, no entry, no
    user row, no message sent); the same update with the right secret is then processed,
    and once only (one entry, one reply) even when Telegram retries it."""
    async with webhook_server(settings) as run:
        application, api, client = run.application, run.api, run.client
        api.clear()
        updates = UpdateFactory(application.bot, api=api)
        bodies = [
            json.dumps(updates.message(text, user_id=4242).to_dict())
            for text in ("/ask 2", "/start", "3 asks")
        ]

        codes = [
            (await client.post(WEBHOOK_PATH, content=body, headers=headers)).status_code
            for body in bodies
            for headers in [{SECRET_HEADER: wrong} for wrong in WRONG_SECRETS] + [{}]
        ]
        await asyncio.sleep(0.2)  # anything wrongly queued would be processed by now
        sent_meanwhile = list(api.calls)

        async def rows() -> tuple[int, ...]:
            return await application.bot_data.db.run(
                lambda s: tuple(
                    s.execute(select(func.count()).select_from(table)).scalar_one()
                    for table in (InboxUpdate, Entry, User)
                )
            )

        after_forgeries = await rows()

        right = {SECRET_HEADER: SECRET}
        accepted = [
            (await client.post(WEBHOOK_PATH, content=bodies[0], headers=right)).status_code
            for _ in range(2)  # Telegram retrying the same update
        ]
        await until(lambda: api.sent_texts(4242))
        await asyncio.sleep(0.2)  # a second reply would be out by now
        after_right = await rows()
        replies = api.sent_texts(4242)
        exit_code = await run.exit_code()

    assert codes == [403] * len(codes)
    assert len(codes) == len(bodies) * (len(WRONG_SECRETS) + 1)
    assert sent_meanwhile == []
    assert after_forgeries == (0, 0, 0)
    assert accepted == [200, 200]
    assert after_right == (1, 1, 1)
    assert len(replies) == 1
    assert exit_code == 0
    rejected = [r for r in caplog.records if "wrong or missing secret" in r.getMessage()]
    assert len(rejected) == len(codes)
