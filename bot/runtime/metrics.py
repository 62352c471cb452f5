"""Prometheus metrics of this process, and the heartbeats /healthz reads.

One set per process (prometheus-client's default registry, which also carries the process
collector: CPU, memory, open files). Label values come from fixed lists only — never from
what a user typed — so a flood of made-up commands cannot grow the series.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import weakref
from collections.abc import Callable
from typing import Any

from prometheus_client import REGISTRY, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy.exc import SQLAlchemyError
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from bot.core.catalogue import ALIASES, BY_NAME

__all__ = ["CONTENT_TYPE_LATEST", "exposition"]

UPDATES = Counter(
    "salesbot_updates", "Updates handled, by command and outcome", ["command", "outcome"]
)
UPDATE_SECONDS = Histogram(
    "salesbot_update_seconds",
    "Time to handle one update, from its start to its last reply",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
NUDGES = Counter("salesbot_nudges", "Nudges claimed, and how each went", ["event"])
TALLIES = Counter("salesbot_tallies", "Scheduled group tallies, by outcome", ["outcome"])
TELEGRAM_ERRORS = Counter(
    "salesbot_telegram_errors", "Bot API calls that failed, by kind of error", ["kind"]
)
DATABASE_ERRORS = Counter(
    "salesbot_database_errors", "Database failures that cost an update or a tick", ["where"]
)
UPDATES_WAITING = Gauge(
    "salesbot_updates_waiting", "Updates stored in the inbox and not yet being handled"
)

COMMANDS = frozenset({"/start", *(f"/{name}" for name in (*BY_NAME, *ALIASES))})
_FAILED: contextvars.ContextVar[bool] = contextvars.ContextVar("update_failed", default=False)


def command_label(kind: str) -> str:
    """`bot.app.update_kind` mapped onto a fixed set of label values."""
    if kind.startswith("/"):
        return kind.lower() if kind.lower() in COMMANDS else "/other"
    if kind.startswith("button:"):
        return "button"
    return kind


def start_update() -> contextvars.Token[bool]:
    return _FAILED.set(False)


def finish_update(token: contextvars.Token[bool], kind: str, seconds: float) -> None:
    outcome = "error" if _FAILED.get() else "ok"
    _FAILED.reset(token)
    UPDATES.labels(command_label(kind), outcome).inc()
    UPDATE_SECONDS.observe(seconds)


def update_failed(error: object) -> None:
    """Called from Application.process_error: inside an update's task it marks that update."""
    _FAILED.set(True)
    if is_database_error(error):
        DATABASE_ERRORS.labels("update").inc()


def is_database_error(error: object) -> bool:
    # asyncpg raises a bare OSError (ConnectionRefusedError) when it cannot connect.
    return isinstance(error, SQLAlchemyError | OSError)


class Heartbeats:
    """When an application's minute tick and its last successful getUpdates happened, by
    the application's own clock (the injected one in tests)."""

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        self.clock = clock
        self.started = clock()
        self.tick: dt.datetime | None = None
        self.poll: dt.datetime | None = None

    def beat_tick(self) -> None:
        self.tick = self.clock()

    def beat_poll(self) -> None:
        self.poll = self.clock()

    def age(self, beat: dt.datetime | None) -> float:
        """Seconds since `beat` (since the start when it never happened)."""
        return (self.clock() - max(beat or self.started, self.started)).total_seconds()


_HEARTBEATS: weakref.WeakKeyDictionary[object, Heartbeats] = weakref.WeakKeyDictionary()


def heartbeats(application: object) -> Heartbeats:
    return _HEARTBEATS[application]


def attach(application: Any, requests: tuple[MeteredRequest, ...]) -> None:
    """Give a built application its heartbeats, on its clock, fed by its requests."""
    beats = Heartbeats(lambda: application.bot_data.clock())
    _HEARTBEATS[application] = beats
    for request in requests:
        request.beats = beats


_INTAKES: weakref.WeakSet[Any] = weakref.WeakSet()


def count_waiting(intake: Any) -> None:
    """Report `intake.queued` (updates stored and not yet started) as updates waiting."""
    _INTAKES.add(intake)


UPDATES_WAITING.set_function(lambda: sum(intake.queued for intake in _INTAKES))


ERROR_KINDS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    429: "flood_wait",
}


def error_kind(status: int) -> str:
    return ERROR_KINDS.get(status, "server_error" if status >= 500 else "other")


class MeteredRequest(BaseRequest):
    """The Bot API edge: every failed call counted by kind (each 429 the rate limiter
    retries included), and the time of the last successful getUpdates noted for /healthz.
    Wraps any BaseRequest: PTB's HTTPXRequest, or the fake one of the tests and console."""

    def __init__(self, inner: BaseRequest) -> None:
        self.inner = inner
        self.beats: Heartbeats | None = None

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        try:
            status, payload = await self.inner.do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        except TimedOut:
            TELEGRAM_ERRORS.labels("timeout").inc()
            raise
        except Exception:
            TELEGRAM_ERRORS.labels("network").inc()
            raise
        if status >= 300:
            TELEGRAM_ERRORS.labels(error_kind(status)).inc()
        elif url.endswith("/getUpdates") and self.beats is not None:
            self.beats.beat_poll()
        return status, payload


def exposition() -> bytes:
    return generate_latest(REGISTRY)
