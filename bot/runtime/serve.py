"""Serving on Telegram: long polling (default) or webhook, with graceful shutdown.

Either way updates go through the inbox (`bot.runtime.intake`): stored before Telegram is
told they arrived, handled from there. SIGTERM/SIGINT: stop taking updates, give those in
flight a few seconds, leave the rest in the inbox for the next start, dispose the engine.
A second signal exits at once. Two pollers with one token make Telegram answer 409
Conflict: that is reported in one line and the process exits instead of looping.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import signal
from collections.abc import Callable

import tornado.httpserver
from telegram import Update

from bot.app import running
from bot.app_types import BotApp
from bot.config import Settings
from bot.runtime.health import serving_health
from bot.runtime.intake import Intake
from bot.runtime.polling import Poller
from bot.runtime.startup import Stopped, with_backoff
from bot.runtime.webhook import webhook_server

log = logging.getLogger(__name__)

EXIT_CONFLICT = 3


class Shutdown:
    """The first signal asks for a graceful stop; the second one ends the process now."""

    def __init__(self) -> None:
        self.requested = asyncio.Event()
        self.exit_code = 0

    def signal(self) -> None:
        if self.requested.is_set():
            log.warning("second signal: exiting now")
            os._exit(1)
        log.info("stopping: finishing the updates in flight")
        self.requested.set()

    def fail(self, code: int) -> None:
        self.exit_code = code
        self.requested.set()

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.signal)


async def serve(application: BotApp, settings: Settings, shutdown: Shutdown | None = None) -> int:
    """Serve until a signal (or `shutdown.requested`); return the process exit code."""
    if shutdown is None:
        shutdown = Shutdown()
        shutdown.install()
    try:  # Telegram unreachable at start: try again for a while before giving up
        await with_backoff(application.bot.initialize, "connecting to Telegram", shutdown.requested)
    except Stopped:
        return shutdown.exit_code
    async with running(application), serving_health(application, settings):
        intake = Intake(application)
        await intake.start()
        try:
            if settings.webhook_url:
                server = await _start_webhook(application, settings, shutdown, intake)
                await shutdown.requested.wait()
                server.stop()
            else:
                await _poll_until(shutdown, Poller(application, intake, _conflict(shutdown)))
        finally:
            await intake.stop()
    return shutdown.exit_code


def _conflict(shutdown: Shutdown) -> Callable[[], None]:
    return functools.partial(shutdown.fail, EXIT_CONFLICT)


async def _poll_until(shutdown: Shutdown, poller: Poller) -> None:
    polling = asyncio.create_task(poller.run(), name="polling")
    stop = asyncio.create_task(shutdown.requested.wait())
    await asyncio.wait((polling, stop), return_when=asyncio.FIRST_COMPLETED)
    for task in (polling, stop):
        task.cancel()
    results = await asyncio.gather(polling, stop, return_exceptions=True)
    if isinstance(results[0], Exception):
        log.error("polling stopped: %r", results[0])
        shutdown.fail(1)
    await poller.confirm()


async def _start_webhook(
    application: BotApp, settings: Settings, shutdown: Shutdown, intake: Intake
) -> tornado.httpserver.HTTPServer:
    assert settings.webhook_url is not None
    assert settings.webhook_secret is not None  # required with WEBHOOK_URL by Settings
    url, secret = settings.webhook_url, settings.webhook_secret.get_secret_value()
    server = webhook_server(application, intake, url, secret)
    server.listen(settings.listen_port, settings.listen_host)

    async def register() -> bool:
        return await application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=Update.ALL_TYPES
        )

    with contextlib.suppress(Stopped):  # a stop signal while retrying: serve() winds down
        await with_backoff(register, "registering the webhook", shutdown.requested)
    log.info(
        "webhook server on %s, Telegram posts to %s", settings.webhook_listen, settings.webhook_url
    )
    return server
