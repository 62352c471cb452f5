"""GET /healthz and GET /metrics: on the webhook server, or on HEALTH_LISTEN when polling.

/healthz answers 200 or 503 with a small JSON body: the database answers (one `SELECT 1`,
its result kept CACHE_SECONDS, so a busy prober costs at most one query that often), the
age of the last minute tick, and whether updates are coming in (polling: a getUpdates
answered lately; webhook: the application is running). Nothing sensitive in it: no URLs,
no error texts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import tornado.httpserver
import tornado.web

from bot.app_types import BotApp
from bot.config import Settings
from bot.db.probe import database_answers
from bot.runtime.metrics import CONTENT_TYPE_LATEST, exposition, heartbeats

log = logging.getLogger(__name__)

CACHE_SECONDS = 5.0
DATABASE_TIMEOUT = 2.0
TICK_STALE = 300.0
"""The tick beats every minute (and between batches of a long one): five silent minutes
mean the JobQueue is stuck."""
POLL_STALE = 90.0
"""A long poll returns every 10 s even when idle; PTB's retries back off to 30 s."""


class HealthCheck:
    """The answer of /healthz; all ages by the application's clock (`bot_data.clock`)."""

    def __init__(self, application: BotApp, mode: str) -> None:
        self.application, self.mode = application, mode
        self.beats = heartbeats(application)
        self._lock = asyncio.Lock()
        self._database: tuple[dt.datetime, bool] | None = None

    async def database_answers(self) -> bool:
        async with self._lock:  # concurrent probes wait for the one query in flight
            cached = self._database
            if cached is not None and 0 <= self.beats.age(cached[0]) < CACHE_SECONDS:
                return cached[1]
            try:
                db = self.application.bot_data.db
                await asyncio.wait_for(db.run(database_answers), DATABASE_TIMEOUT)
                answers = True
            except Exception as exc:  # any failure means "not healthy"
                log.warning("health check: the database does not answer: %r", exc)
                answers = False
            self._database = (self.beats.clock(), answers)
            return answers

    async def report(self) -> dict[str, Any]:
        database = await self.database_answers()
        tick_age = self.beats.age(self.beats.tick)
        body: dict[str, Any] = {
            "database": "reachable" if database else "unreachable",
            "tick_age_s": round(tick_age, 1),
            "updates": self.mode,
        }
        receiving = self.application.running
        if self.mode == "polling":
            poll_age = self.beats.age(self.beats.poll)
            body["poll_age_s"] = round(poll_age, 1)
            receiving = receiving and poll_age < POLL_STALE
        body["receiving"] = receiving
        body["ok"] = database and receiving and tick_age < TICK_STALE
        return body


class Health(tornado.web.RequestHandler):
    def initialize(self, check: HealthCheck) -> None:
        self.check = check

    async def get(self) -> None:
        body = await self.check.report()
        self.set_status(200 if body["ok"] else 503)
        self.set_header("Cache-Control", "no-store")
        self.finish(body)


class Metrics(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(exposition())


def routes(application: BotApp, mode: str) -> list[tuple[str, Any, dict[str, Any]]]:
    return [
        ("/healthz", Health, {"check": HealthCheck(application, mode)}),
        ("/metrics", Metrics, {}),
    ]


@asynccontextmanager
async def serving_health(application: BotApp, settings: Settings) -> AsyncIterator[None]:
    """Serve /healthz and /metrics on HEALTH_LISTEN while the bot runs (webhook mode serves
    them on the webhook server as well; a different HEALTH_LISTEN gets them too)."""
    listen = settings.health_listen
    if listen is None or (settings.webhook_url and listen == settings.webhook_listen):
        yield
        return
    mode = "webhook" if settings.webhook_url else "polling"
    server = tornado.httpserver.HTTPServer(
        tornado.web.Application(routes(application, mode), log_function=lambda _h: None)
    )
    host, _, port = listen.rpartition(":")
    server.listen(int(port), host)
    log.info("health and metrics on http://%s/healthz and /metrics", listen)
    try:
        yield
    finally:
        server.stop()
