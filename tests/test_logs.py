"""Logging: one line per update, JSON on request, and the bot token never in any line."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.app import build_application, running
from bot.config import Settings, load_settings
from bot.runtime.fake_telegram import FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.logs import REDACTED, configure_logging
from tests.harness import START, FakeClock

TOKEN = "123456789:AAH-secret_Token-value-0123456789abc"


@pytest.fixture
def captured(settings: Settings) -> Iterator[tuple[io.StringIO, Settings]]:
    """Configure logging as `salesbot run` does (JSON, with a token) into a buffer."""
    configured = load_settings(
        database_url=settings.database_url,
        telegram_bot_token=TOKEN,
        log_format="json",
        log_level="INFO",
    )
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging(configured)
    buffer = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    yield buffer, configured
    root.handlers[:], _ = saved
    root.setLevel(saved[1])


def lines(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_the_token_is_scrubbed_from_messages_arguments_and_tracebacks(
    captured: tuple[io.StringIO, Settings],
) -> None:
    buffer, _ = captured
    log = logging.getLogger("telegram.ext.Updater")
    log.warning("POST https://api.telegram.org/bot%s/getUpdates failed", TOKEN)
    log.error(f"plain message with bot{TOKEN}/sendMessage")
    try:
        raise RuntimeError(f"https://api.telegram.org/bot{TOKEN}/getMe")
    except RuntimeError:
        log.exception("request failed")
    text = buffer.getvalue()
    assert TOKEN not in text
    assert text.count(REDACTED) >= 3
    assert [line["level"] for line in lines(buffer)] == ["WARNING", "ERROR", "ERROR"]


async def test_one_json_line_per_update_with_id_user_command_and_duration(
    captured: tuple[io.StringIO, Settings],
) -> None:
    buffer, configured = captured
    clock = FakeClock(START)
    api = FakeTelegram(clock)
    application = build_application(configured, request=api, clock=clock, rate_limited=False)
    async with running(application):
        updates = UpdateFactory(application.bot, api=api)
        first = updates.message("/ask 3", user_id=4242)
        await application.process_update(first)
        await application.process_update(updates.message("3 asks", user_id=4242))
    update_lines = [line for line in lines(buffer) if "update_id" in line]
    assert [(line["user_id"], line["command"]) for line in update_lines] == [
        (4242, "/ask"),
        (4242, "text"),
    ]
    assert update_lines[0]["update_id"] == first.update_id
    assert all(isinstance(line["duration_ms"], float) for line in update_lines)
    assert TOKEN not in buffer.getvalue()
