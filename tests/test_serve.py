"""Webhook mode over real HTTP on loopback, health check, shutdown and the 409 exit."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import ColumnElement, func, select

from bot.app import build_application
from bot.config import Settings
from bot.db.engine import Database
from bot.db.models import Entry, InboxUpdate
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.serve import EXIT_CONFLICT, Shutdown, serve
from bot.runtime.webhook import SECRET_HEADER
from tests.harness import WEBHOOK_PATH, WEBHOOK_SECRET, FakeClock, until, webhook_server
from tests.scripted_telegram import ScriptedTelegram

RIGHT = {SECRET_HEADER: WEBHOOK_SECRET}


async def test_webhook_rejects_a_wrong_secret_and_serves_health(settings: Settings) -> None:
    async with webhook_server(settings) as run:
        [registered] = run.api.calls_to("setWebhook")
        assert registered.params["secret_token"] == WEBHOOK_SECRET
        updates = UpdateFactory(run.application.bot, api=run.api)
        body = json.dumps(updates.message("/ask 2").to_dict())

        wrong = await run.client.post(WEBHOOK_PATH, content=body, headers={SECRET_HEADER: "no"})
        missing = await run.client.post(WEBHOOK_PATH, content=body)
        assert (wrong.status_code, missing.status_code) == (403, 403)

        right = await run.client.post(WEBHOOK_PATH, content=body, headers=RIGHT)
        assert right.status_code == 200
        await until(lambda: run.api.sent_texts())
        health = await run.client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {
            "ok": True,
            "database": "reachable",
            "tick_age_s": health.json()["tick_age_s"],
            "updates": "webhook",
            "receiving": True,
        }

        count = await run.application.bot_data.db.run(
            lambda s: s.execute(select(func.count()).select_from(Entry)).scalar_one()
        )
        assert count == 1  # only the request with the right secret was processed
        assert await run.exit_code() == 0


async def test_a_second_poller_gets_409_and_exits_with_a_clear_message(
    settings: Settings, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    api = ScriptedTelegram(clock)
    api.fail_next("getUpdates", 409, "Conflict: terminated by other getUpdates request", times=50)
    application = build_application(settings, request=api, clock=clock, rate_limited=False)
    code = await asyncio.wait_for(serve(application, settings, Shutdown()), 20)
    assert code == EXIT_CONFLICT
    assert any("another instance is polling" in r.getMessage() for r in caplog.records)


async def test_a_stop_signal_leaves_what_it_did_not_finish_for_the_next_start(
    settings: Settings,
) -> None:
    """SIGTERM/SIGINT call Shutdown.signal(): an update Telegram got a 200 for is either
    handled (stored and answered) before the process exits or left in the inbox, and the
    next start handles it: 20 entries and 20 answers in all, none twice."""
    async with webhook_server(settings) as run:
        updates = UpdateFactory(run.application.bot, api=run.api)
        for n in range(20):
            body = json.dumps(updates.message("/ask 1", user_id=5000 + n).to_dict())
            response = await run.client.post(WEBHOOK_PATH, content=body, headers=RIGHT)
            assert response.status_code == 200
        run.shutdown.signal()
        assert await asyncio.wait_for(run.server, 20) == 0
        answered_first = len(run.api.sent_texts())
    assert await count_rows(settings, InboxUpdate.done_at.is_(None)) == 20 - answered_first
    async with webhook_server(settings) as run:
        await until(lambda: len(run.api.sent_texts()) == 20 - answered_first)
        assert await run.exit_code() == 0
    assert await count_rows(settings, Entry.id.is_not(None)) == 20
    assert await count_rows(settings, InboxUpdate.done_at.is_not(None)) == 20


async def count_rows(settings: Settings, where: ColumnElement[bool]) -> int:
    db = Database(settings.database_url)
    try:
        return int(
            await db.run(lambda s: s.execute(select(func.count()).where(where)).scalar_one())
        )
    finally:
        await db.dispose()
