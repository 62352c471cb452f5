"""Starting up against Telegram: network failures retried with backoff (bounded), and any
failure that still stops the start told in one line, never with the token in it."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.config import Settings

T = TypeVar("T")

log = logging.getLogger(__name__)

BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 30.0)
"""Seconds before each new attempt: eight attempts over about 90 s, then give up (the
container's restart policy or systemd takes over from there)."""
MAX_RETRY_AFTER = 60.0


class Stopped(Exception):
    """A stop signal arrived while waiting to try again."""


async def with_backoff(
    call: Callable[[], Awaitable[T]],
    what: str,
    stop: asyncio.Event,
    delays: Sequence[float] = BACKOFF,
) -> T:
    """`call()`, tried again after each network failure or 429 while `delays` last."""
    for attempt, delay in enumerate((*delays, None), start=1):
        try:
            return await call()
        except (NetworkError, RetryAfter) as exc:
            if delay is None:
                raise
            if isinstance(exc, RetryAfter):
                wait = exc.retry_after  # a timedelta: bot/__init__.py sets PTB_TIMEDELTA
                seconds = wait.total_seconds() if isinstance(wait, dt.timedelta) else wait
                delay = min(float(seconds), MAX_RETRY_AFTER)
            log.warning(
                "%s failed (attempt %d of %d): %s; trying again in %gs",
                what,
                attempt,
                len(delays) + 1,
                exc.message,
                delay,
            )
        try:
            await asyncio.wait_for(stop.wait(), delay)
        except TimeoutError:
            continue
        raise Stopped
    raise AssertionError("unreachable")


def startup_problem(exc: BaseException, settings: Settings) -> str:
    """One line saying why the bot stopped; no token, no secret, no traceback."""
    api = urlsplit(settings.telegram_api_url).netloc
    if isinstance(exc, InvalidToken):
        return (
            f"Telegram ({api}) rejected the bot token: check TELEGRAM_BOT_TOKEN "
            "(from @BotFather), and TELEGRAM_API_URL if you set it"
        )
    if isinstance(exc, NetworkError):
        return f"cannot reach Telegram at {api}: {exc.message}"
    if isinstance(exc, TelegramError):
        return f"Telegram refused to start the bot: {exc.message}"
    if isinstance(exc, SQLAlchemyError):
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return f"database failure: {reason}"
    first_line = (str(exc).splitlines() or [""])[0]
    return f"stopped by an unexpected error: {type(exc).__name__}: {first_line}"
