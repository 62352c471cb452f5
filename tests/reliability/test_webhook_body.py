"""Fault 11: oversized and forged webhook requests (real HTTP on loopback).

The secret and the declared size are checked when the headers arrive: a client that
announces 2 MB and sends none of it gets its 413 (or 403) at once, so a flood of large
bodies costs no memory. A chunked body is cut off at the limit too.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot.config import Settings, load_settings
from bot.db.models import Entry, InboxUpdate
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.logs import REDACTED_SECRET, configure_logging
from bot.runtime.webhook import BODY_LIMIT, SECRET_HEADER
from tests.harness import WEBHOOK_PATH, WEBHOOK_SECRET, WebhookRun, until, webhook_server


async def raw_request(port: int, head: str, body: bytes = b"") -> bytes:
    """Send `head` (and `body`), then read whatever the server answers within 5 s."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head.encode() + body)
        await writer.drain()
        async with asyncio.timeout(5):
            return await reader.read(4096)
    finally:
        writer.close()


def head(secret: str, length: int | None) -> str:
    size = f"Content-Length: {length}\r\n" if length is not None else ""
    chunked = "" if length is not None else "Transfer-Encoding: chunked\r\n"
    return (
        f"POST {WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"{SECRET_HEADER}: {secret}\r\nContent-Type: application/json\r\n{size}{chunked}\r\n"
    )


def padded(run: WebhookRun, size: int) -> bytes:
    """A valid update's JSON padded with spaces to exactly `size` bytes."""
    update = UpdateFactory(run.application.bot, api=run.api).message("/ask 1", user_id=4343)
    body = json.dumps(update.to_dict()).encode()
    return body + b" " * (size - len(body))


async def entries(run: WebhookRun, table: type[Entry | InboxUpdate] = Entry) -> int:
    count: int = await run.application.bot_data.db.run(
        lambda s: s.execute(select(func.count()).select_from(table)).scalar_one()
    )
    return count


async def test_an_announced_oversized_body_is_refused_before_it_is_sent(
    settings: Settings,
) -> None:
    async with webhook_server(settings) as run:
        port = run.client.base_url.port
        assert port is not None
        big_right = await raw_request(port, head(WEBHOOK_SECRET, 2 * 1024 * 1024))
        big_wrong = await raw_request(port, head("forged", 90 * 1024 * 1024))
        chunk = b"x" * (BODY_LIMIT + 10)
        chunked = await raw_request(
            port, head(WEBHOOK_SECRET, None), f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        )
        await asyncio.sleep(0.2)
        queued, stored = await entries(run, InboxUpdate), await entries(run)

    assert big_right.startswith(b"HTTP/1.1 413"), big_right[:80]
    assert big_wrong.startswith(b"HTTP/1.1 403"), big_wrong[:80]
    assert chunked.startswith(b"HTTP/1.1 413"), chunked[:80]
    assert (queued, stored) == (0, 0)


async def test_a_body_of_exactly_the_limit_is_served_and_one_byte_more_is_not(
    settings: Settings,
) -> None:
    right = {SECRET_HEADER: WEBHOOK_SECRET, "Content-Type": "application/json"}
    async with webhook_server(settings) as run:
        at_limit = await run.client.post(
            WEBHOOK_PATH, content=padded(run, BODY_LIMIT), headers=right
        )
        await until(lambda: run.api.sent_texts(4343))
        over = await run.client.post(
            WEBHOOK_PATH, content=padded(run, BODY_LIMIT + 1), headers=right
        )
        await asyncio.sleep(0.2)
        stored = await entries(run)

    assert at_limit.status_code == 200
    assert over.status_code == 413
    assert stored == 1


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """Logging as `salesbot run` sets it up at DEBUG, with the webhook secret, into a buffer."""
    configured = load_settings(
        telegram_bot_token="123456789:AAH-secret_Token-value-0123456789abc",
        webhook_url=f"https://bot.example.org{WEBHOOK_PATH}",
        webhook_secret=WEBHOOK_SECRET,
        log_level="DEBUG",
    )
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging(configured)
    buffer = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    yield buffer
    root.handlers[:], _ = saved
    root.setLevel(saved[1])


async def test_the_webhook_secret_never_reaches_the_debug_log(
    settings: Settings, debug_log: io.StringIO
) -> None:
    async with webhook_server(settings) as run:
        await run.client.post(WEBHOOK_PATH, content=b"{}", headers={SECRET_HEADER: "nope"})
    text = debug_log.getvalue()
    assert "setWebhook" in text  # PTB logged the call with its parameters
    assert WEBHOOK_SECRET not in text
    assert REDACTED_SECRET in text
