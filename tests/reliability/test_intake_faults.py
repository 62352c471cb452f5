"""Fault 17: the database refuses to store incoming updates (in process, both backends).

Telegram must not be told an update arrived before it is stored: by polling, the offset
stays where it was (so a stop, or a crash, leaves the updates with Telegram); by webhook,
the POST gets 503 (so Telegram sends it again). The refusal is injected at the library
edge: a SQLAlchemy event that fails every INSERT into the inbox while it is switched on.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from bot.app import build_application
from bot.app_types import BotApp
from bot.config import Settings
from bot.db.models import Entry
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.serve import Shutdown, serve
from bot.runtime.webhook import SECRET_HEADER
from tests.harness import WEBHOOK_PATH, WEBHOOK_SECRET, FakeClock, until, webhook_server
from tests.reliability.helpers import sync_engine
from tests.scripted_telegram import ScriptedTelegram

ANN, BOB = 1001, 1002


@contextmanager
def inbox_refused(app: BotApp) -> Iterator[None]:
    engine = sync_engine(app)

    def refuse(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO INBOX"):
            raise OperationalError(statement, None, Exception("disk I/O error"))

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


def stored_log(caplog: pytest.LogCaptureFixture) -> bool:
    return any("cannot store updates" in record.getMessage() for record in caplog.records)


async def test_polling_confirms_nothing_the_inbox_refused_and_the_next_start_gets_it(
    settings: Settings, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: the inbox refuses the batch getUpdates brought, and the process is stopped
    meanwhile. Expected: the updates stay with Telegram (no offset above them was sent),
    nothing was answered; the next start handles each once."""
    api = ScriptedTelegram(clock)
    first = build_application(settings, request=api, clock=clock, rate_limited=False)
    shutdown = Shutdown()
    serving = asyncio.create_task(serve(first, settings, shutdown))
    await until(lambda: api.calls_to("getUpdates"))
    updates = UpdateFactory(first.bot, api=api)
    with inbox_refused(first):
        api.updates.extend(updates.message("/ask 2", user_id=user).to_dict() for user in (ANN, BOB))
        await until(lambda: stored_log(caplog))
        shutdown.signal()
        assert await asyncio.wait_for(serving, 20) == 0
    assert [update["message"]["chat"]["id"] for update in api.updates] == [ANN, BOB]
    assert api.sent_texts() == []

    second = build_application(settings, request=api, clock=clock, rate_limited=False)
    shutdown = Shutdown()
    serving = asyncio.create_task(serve(second, settings, shutdown))
    await until(lambda: len(api.sent_texts()) == 2 and not api.updates)
    shutdown.signal()
    assert await asyncio.wait_for(serving, 20) == 0
    assert all(text.startswith("✅ Logged: 2 asks.") for text in api.sent_texts())


async def test_a_webhook_update_the_inbox_refused_gets_503_and_its_retry_is_handled(
    settings: Settings,
) -> None:
    """Fault: the inbox refuses a webhook update. Expected: 503 (Telegram will retry) and
    nothing handled; the retry, once the database is back, gets 200 and is handled once."""
    async with webhook_server(settings) as run:
        update = UpdateFactory(run.application.bot, api=run.api).message("/ask 3", user_id=ANN)
        body = json.dumps(update.to_dict())
        headers = {SECRET_HEADER: WEBHOOK_SECRET}
        with inbox_refused(run.application):
            refused = await run.client.post(WEBHOOK_PATH, content=body, headers=headers)
        await asyncio.sleep(0.2)  # anything wrongly taken would be answered by now
        answered_meanwhile = run.api.sent_texts()
        retried = await run.client.post(WEBHOOK_PATH, content=body, headers=headers)
        await until(lambda: run.api.sent_texts())
        entries = await run.application.bot_data.db.run(
            lambda s: s.execute(select(func.count()).select_from(Entry)).scalar_one()
        )
        assert await run.exit_code() == 0
    assert (refused.status_code, answered_meanwhile) == (503, [])
    assert retried.status_code == 200
    assert entries == 1
