"""Webhook mode over real HTTP on loopback, health check, and the 409 Conflict exit."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func, select

from bot.app import build_application
from bot.config import Settings, load_settings
from bot.db.engine import Database
from bot.db.models import Entry
from bot.fake_telegram import FakeTelegram, UpdateFactory
from bot.serve import EXIT_CONFLICT, Shutdown, serve
from bot.webhook import SECRET_HEADER

SECRET = "s3cret-token_1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def until(condition: Callable[[], object]) -> None:
    async with asyncio.timeout(5):
        while not condition():  # noqa: ASYNC110 - the server runs in another task
            await asyncio.sleep(0.02)


async def test_webhook_rejects_a_wrong_secret_and_serves_health(settings: Settings) -> None:
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
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base) as client:
        await until(lambda: api.calls_to("setWebhook"))
        [registered] = api.calls_to("setWebhook")
        assert registered.params["secret_token"] == SECRET
        updates = UpdateFactory(application.bot, api=api)
        body = json.dumps(updates.message("/ask 2").to_dict())

        wrong = await client.post("/telegram/hook", content=body, headers={SECRET_HEADER: "nope"})
        missing = await client.post("/telegram/hook", content=body)
        assert (wrong.status_code, missing.status_code) == (403, 403)

        right = await client.post("/telegram/hook", content=body, headers={SECRET_HEADER: SECRET})
        assert right.status_code == 200
        await until(lambda: api.sent_texts())
        health = await client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"ok": True, "database": "reachable"}

        count = await application.bot_data.db.run(
            lambda s: s.execute(select(func.count()).select_from(Entry)).scalar_one()
        )
        assert count == 1  # only the request with the right secret was processed
    shutdown.requested.set()
    assert await asyncio.wait_for(server, 10) == 0


async def test_a_second_poller_gets_409_and_exits_with_a_clear_message(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    api = FakeTelegram()
    api.fail_next("getUpdates", 409, "Conflict: terminated by other getUpdates request", times=50)
    application = build_application(settings, request=api, rate_limited=False)
    code = await asyncio.wait_for(serve(application, settings, Shutdown()), 20)
    assert code == EXIT_CONFLICT
    assert any("another instance is polling" in r.getMessage() for r in caplog.records)


async def test_a_stop_signal_finishes_the_updates_in_flight(settings: Settings) -> None:
    """SIGTERM/SIGINT call Shutdown.signal(): updates already taken are still answered and
    stored before the process exits (a second signal would exit at once)."""
    port = free_port()
    webhook = load_settings(
        database_url=settings.database_url,
        webhook_url="https://bot.example.org/hook",
        webhook_secret=SECRET,
        webhook_listen=f"127.0.0.1:{port}",
    )
    api = FakeTelegram()
    application = build_application(webhook, request=api, rate_limited=False)
    shutdown = Shutdown()
    server = asyncio.create_task(serve(application, webhook, shutdown))
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        await until(lambda: api.calls_to("setWebhook"))
        updates = UpdateFactory(application.bot, api=api)
        for n in range(20):
            body = json.dumps(updates.message("/ask 1", user_id=5000 + n).to_dict())
            response = await client.post("/hook", content=body, headers={SECRET_HEADER: SECRET})
            assert response.status_code == 200
    shutdown.signal()
    assert await asyncio.wait_for(server, 20) == 0
    assert len(api.sent_texts()) == 20  # every update taken was answered
    db = Database(settings.database_url)
    try:
        count = await db.run(
            lambda s: s.execute(select(func.count()).select_from(Entry)).scalar_one()
        )
    finally:
        await db.dispose()
    assert count == 20
