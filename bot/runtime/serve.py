"""Serving on Telegram: long polling (default) or webhook, with graceful shutdown.

SIGTERM/SIGINT: stop taking updates, finish those in flight, dispose the engine. A second
signal exits at once. Two pollers with one token make Telegram answer 409 Conflict: that is
reported in one line and the process exits instead of looping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal

import tornado.httpserver
from telegram import Update
from telegram.error import Conflict, TelegramError

from bot.app import running
from bot.app_types import BotApp
from bot.config import Settings
from bot.runtime.health import serving_health
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
        if settings.webhook_url:
            server = await _start_webhook(application, settings, shutdown)
            await shutdown.requested.wait()
            server.stop()
        else:
            await _start_polling(application, shutdown)
            await shutdown.requested.wait()
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
    return shutdown.exit_code


async def _start_polling(application: BotApp, shutdown: Shutdown) -> None:
    def on_error(error: TelegramError) -> None:
        if isinstance(error, Conflict):
            log.error(
                "another instance is polling with this bot token (Telegram 409 Conflict): "
                "run one poller per token, or use webhook mode (WEBHOOK_URL) for several"
            )
            shutdown.fail(EXIT_CONFLICT)
        else:
            log.warning("polling error, retrying: %r", error)

    assert application.updater is not None
    await application.bot.delete_webhook()
    await application.updater.start_polling(
        allowed_updates=Update.ALL_TYPES, error_callback=on_error
    )


async def _start_webhook(
    application: BotApp, settings: Settings, shutdown: Shutdown
) -> tornado.httpserver.HTTPServer:
    assert settings.webhook_url is not None
    assert settings.webhook_secret is not None  # required with WEBHOOK_URL by Settings
    url, secret = settings.webhook_url, settings.webhook_secret.get_secret_value()
    server = webhook_server(application, url, secret)
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
