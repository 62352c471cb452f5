"""The nudge tick at scale: selection + claim against a naive loop, and delivery at 30 msg/s.

What is measured
    1. One tick's *selection + claim* for 1k, 10k and 100k users (`--sizes`) on SQLite and
       PostgreSQL, about 3 % of them due (every 33rd user). It is the loop `send_due_nudges`
       runs before sending: `bot.db.nudge_store.claim_due(session, now=NOW, limit=CLAIM_BATCH)`,
       each call one `Database.run` transaction, repeated until a call looks at fewer than
       `bot.jobs.CLAIM_BATCH` (500) users. Sending and recording are not part of it.
    2. Delivery of 1,000 nudges (`--messages`) through the whole tick, `send_due_nudges(app)`,
       with PTB's `AIORateLimiter` (30 messages/s overall, `max_retries=3`) against the
       in-process `FakeTelegram`: messages per second against Telegram's 30/s, and whether
       every due user got exactly one message.

Rows of the tick table
    * ours: the loop above. Per call: one indexed range query on `next_nudge_at` (FOR UPDATE
      SKIP LOCKED on PostgreSQL), the schedule maths in Python for those rows only, one
      executemany UPDATE, one grouped "asks today" query, one follow-up query, and multi-row
      INSERT ... ON CONFLICT DO NOTHING RETURNING statements (digest, pace, follow-ups).
    * naive, written here, in one `Database.run` transaction: load every column of every
      user, keep in Python those with `next_nudge_at <= now` and not blocked, load the asks
      of everybody on the days in play and every unanswered named ask (also no per-user
      filter), decide in Python with the same maths (`nudges.plan_of`, `latest_due`,
      `next_slot`, `worth_sending`), then write one statement per change: an UPDATE of
      next_nudge_at per due user, an INSERT ... ON CONFLICT DO NOTHING per nudge. It is the
      cheapest load-everything version: Core rows, not ORM objects; prebuilt Core statements
      on the session's connection; no per-user SELECT.
    Before timing, both run once on the same seeded state, and the script asserts that they
    claim the same (user, kind) pairs, write the same nudges rows and move every due user's
    `next_nudge_at` to the same instant. "due" is users with next_nudge_at <= NOW, "claimed"
    the nudges claimed (one user can have a digest, a pace nudge and a follow-up).

The seeded data
    Users 1..N: remind_times "15:00", workdays 31 (Mon-Fri), ask_target 5, follow-ups after
    3 days, weekly digest on; time zones spread over seven zones. NOW is Wednesday 2025-06-11
    13:00:30 UTC, 30 s after 15:00 in the four UTC+2 zones. A due user's `next_nudge_at` is
    its latest 15:00 slot <= NOW: nine in ten due users are in a UTC+2 zone (on time: sent if
    behind), one in ten in London, New York or Tokyo (a slot missed hours ago: moved on, not
    sent). Everybody else is due at some instant in the next five days. Every third due user
    has logged 1-7 asks today (3 of 7 of them are on pace: no pace nudge), every fifth has an
    unanswered ask to a named client four days ago (a follow-up), and three in four already
    got this week's digest on Monday (a seeded nudges row; the fourth gets it now). Rows go
    in with Core executemany in chunks of 10,000. PostgreSQL gets ANALYZE after seeding
    (what autovacuum would have done); SQLite gets none (the bot never runs it).

How
    SQLite: a fresh migrated temp file per size (the bot's own engine: WAL, one worker
    thread). PostgreSQL (`--postgres URL`, default `$TEST_DATABASE_URL`): `downgrade_to_base`
    + `upgrade_to_head` before each size, and once more at the end (left empty at head).
    Claiming changes the data, so before every run (untimed) the nudges claimed at NOW are
    deleted, the due users' `next_nudge_at` is put back and, on SQLite, the WAL is
    checkpointed as the bot's minute job does after each tick (`settle`).
    Ours and naive alternate,
    `--runs` times each (default 7), timed with `time.perf_counter()` around the awaited
    calls. Median and p95 (nearest rank: with 7 runs, the slowest) in milliseconds. Goal:
    ours under 100 ms at 100k users.

Delivery rows (SQLite only: the database does a few transactions per 500 messages and is
not the bottleneck)
    1,000 users due on time, none on pace, digest off: exactly one message (a pace nudge)
    each. `build_application(settings, request=FakeTelegram(<NOW>), clock=<NOW>,
    rate_limited=True)` inside `running(app)`; the app's own minute job is removed so that
    only the measured tick sends. Timed: `await send_due_nudges(app)` (per batch of 500:
    claim, the nudge texts, send with 32 in flight, record). msgs/s = successful sendMessage
    calls / seconds; lost = due users with no successful sendMessage, duplicated = users with
    more than one; "429s" counts refused sendMessage requests.
    * no 429s: the fake never refuses.
    * injected 429s: every 50th sendMessage request is answered 429 "retry after 1"
      (`FakeTelegram.fail_next`, `retry_after=1`), 20 over the run. This is the default
      second row: sporadic flood errors at deterministic points, so every run pays the same
      number of retries and the row measures what each 429 costs.
    * with `--strict-window`, also a Telegram-like server limit:
      `FakeTelegram.rate_limit(burst=30, retry_after=1)` refuses a send once 30 were
      accepted in the last second, a strict sliding window. How many 429s that provokes
      depends on timing (the client's leaky bucket lets bursts of up to 30 through).
    The client's limiter is a leaky bucket (aiolimiter) that starts empty, so the first 30
    messages go at once: the ideal for 1,000 is about 1000 / (970 / 30) = 30.9/s (103 %).

Run: `python bench/nudges.py [--sizes 1000,10000,100000] [--runs N] [--postgres URL]
[--messages N] [--skip-delivery] [--strict-window] [--markdown]`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import gc
import logging
import math
import os
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy
import telegram
from common import (
    DEFAULT_POSTGRES,
    fresh_sqlite,
    machine_note,
    median_ms,
    p95_ms,
    postgres_url,
    reset_postgres,
    sqlite_url,
    table,
    without_jobs,
)
from sqlalchemy import Connection, bindparam, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import Session
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.app import build_application, running
from bot.config import load_settings
from bot.core.domain import Kind, local_day, week_start
from bot.core.schedule import Plan, latest_due, next_slot, times_from_text, worth_sending
from bot.db import nudge_store as nudges
from bot.db.dialect import per_dialect
from bot.db.engine import Database
from bot.db.migrate import upgrade_to_head
from bot.db.models import Base, Entry, Nudge, User
from bot.jobs import CLAIM_BATCH, send_due_nudges
from bot.runtime.fake_telegram import FakeTelegram

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_RUNS = 7
DEFAULT_MESSAGES = 1_000
GOAL_MS = 100.0
TELEGRAM_RATE = 30.0
GOAL_SHARE = 0.95

NOW = dt.datetime(2025, 6, 11, 13, 0, 30, tzinfo=dt.UTC)  # a Wednesday, 15:00:30 at UTC+2
ON_TIME_ZONES = ("Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Africa/Johannesburg")
MISSED_ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo")
ZONES = ON_TIME_ZONES + MISSED_ZONES
DUE_EVERY = 33  # ~3 % of users are due
REMIND_TIMES = "15:00"
WORKDAYS = 0b0011111
ASK_TARGET = 5
FOLLOWUP_DAYS = 3
CHUNK = 10_000
INJECT_EVERY = 50
TICK_HEADERS = (
    "backend",
    "users",
    "due",
    "claimed",
    "ours median ms",
    "ours p95 ms",
    "naive median ms",
    "naive p95 ms",
    "speed-up",
)
DELIVERY_HEADERS = (
    "scenario",
    "messages",
    "seconds",
    "msgs/s",
    "% of 30/s",
    "429s",
    "lost",
    "duplicated",
)

ClaimKey = tuple[int, str]  # (user id, "pace" | "followup" | "digest")
NudgeKey = tuple[int, dt.date, str]  # (user id, local date, slot)


# --- seeding ---------------------------------------------------------------------------------


@functools.cache
def zone_plan(tz: str) -> Plan:
    return Plan(
        tz=ZoneInfo(tz),
        workdays=frozenset(day for day in range(7) if WORKDAYS >> day & 1),
        times=times_from_text(REMIND_TIMES),
    )


@functools.cache
def last_slot_at(tz: str) -> dt.datetime:
    """The latest 15:00 workday slot at or before NOW in `tz`: a due user's next_nudge_at."""
    slot = latest_due(zone_plan(tz), NOW - dt.timedelta(days=5), NOW)
    assert slot is not None
    return slot.at


def user_row(
    user_id: int, tz: str, next_nudge_at: dt.datetime, digest: bool = True
) -> dict[str, Any]:
    return {
        "id": user_id,
        "first_name": f"User {user_id}",
        "tz": tz,
        "ask_target": ASK_TARGET,
        "workdays": WORKDAYS,
        "remind_times": REMIND_TIMES,
        "followup_days": FOLLOWUP_DAYS,
        "digest_enabled": digest,
        "next_nudge_at": next_nudge_at,
        "created_at": NOW - dt.timedelta(days=30),
    }


def entry_row(user_id: int, count: int, day: dt.date, who: str | None = None) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "kind": Kind.ASK.value,
        "count": count,
        "who": who,
        "local_date": day,
        "created_at": NOW - dt.timedelta(hours=1),
    }


@dataclass
class Seed:
    users: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    nudges: list[dict[str, Any]] = field(default_factory=list)

    @property
    def due(self) -> list[dict[str, Any]]:
        """Primary key and original next_nudge_at of the due users: what a reset restores."""
        return [
            {"id": u["id"], "next_nudge_at": u["next_nudge_at"]}
            for u in self.users
            if u["next_nudge_at"] <= NOW
        ]


def tick_seed(size: int) -> Seed:
    """`size` users, every DUE_EVERY-th due; entries for some of the due ones."""
    seed = Seed()
    due_seen = 0
    for index in range(size):
        user_id = index + 1
        if index % DUE_EVERY:
            tz = ZONES[index % len(ZONES)]
            later = dt.timedelta(minutes=1 + (index * 7919) % (5 * 24 * 60))
            seed.users.append(user_row(user_id, tz, NOW + later))
            continue
        due_seen += 1
        missed = due_seen % 10 == 0
        tz = MISSED_ZONES[due_seen % 3] if missed else ON_TIME_ZONES[due_seen % 4]
        seed.users.append(user_row(user_id, tz, last_slot_at(tz)))
        today = NOW.astimezone(ZoneInfo(tz)).date()
        if due_seen % 3 == 0:
            seed.entries.append(entry_row(user_id, 1 + due_seen % 7, today))
        if due_seen % 5 == 0:
            old = today - dt.timedelta(days=FOLLOWUP_DAYS + 1)
            seed.entries.append(entry_row(user_id, 1, old, who=f"Client {user_id}"))
        if due_seen % 4:
            seed.nudges.append(monday_digest(user_id, today))
    return seed


def monday_digest(user_id: int, today: dt.date) -> dict[str, Any]:
    """This week's digest, already sent with Monday's nudge."""
    monday = week_start(today)
    return {
        "user_id": user_id,
        "local_date": monday,
        "slot": nudges.DIGEST_SLOT,
        "sent_at": NOW - dt.timedelta(days=(today - monday).days),
    }


def delivery_seed(messages: int) -> Seed:
    """`messages` users due on time with nothing logged today and the weekly digest off:
    exactly one message (a pace nudge) each."""
    seed = Seed()
    for index in range(messages):
        tz = ON_TIME_ZONES[index % len(ON_TIME_ZONES)]
        seed.users.append(user_row(index + 1, tz, last_slot_at(tz), digest=False))
    return seed


def chunks(rows: Sequence[dict[str, Any]], size: int = CHUNK) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_seed(session: Session, seed: Seed) -> None:
    for chunk in chunks(seed.users):
        session.execute(insert(User), chunk)
    for chunk in chunks(seed.entries):
        session.execute(insert(Entry), chunk)
    for chunk in chunks(seed.nudges):
        session.execute(insert(Nudge), chunk)
    if session.get_bind().dialect.name == "postgresql":
        for table in ("users", "entries", "nudges"):
            session.execute(text(f"ANALYZE {table}"))


def reset_claims(session: Session, due: list[dict[str, Any]]) -> None:
    """Undo a tick: drop the nudges it claimed, make the due users due again (an executemany
    UPDATE by id). Seeded nudges (this week's digests) stay."""
    session.execute(delete(Nudge).where(Nudge.sent_at == NOW))
    session.execute(update(User), due)


def settle(db: Database) -> None:
    """SQLite: checkpoint the WAL (untimed), as the bot's minute job does after each tick,
    so that the reset's writes and the previous runs' do not pile up in the WAL until some
    timed commit crosses the autocheckpoint mark and copies them all. Each timed run then
    pays for its own writes."""
    if db.dialect == "sqlite":
        with sqlite3.connect(db.url.database or "") as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- the naive tick --------------------------------------------------------------------------


USERS, NUDGES = Base.metadata.tables["users"], Base.metadata.tables["nudges"]
NAIVE_MOVE = (
    update(USERS).where(USERS.c.id == bindparam("uid")).values(next_nudge_at=bindparam("at"))
)
NAIVE_NUDGE = per_dialect(
    lambda insert_for: (
        insert_for(NUDGES)
        .values(
            user_id=bindparam("uid"),
            local_date=bindparam("day"),
            slot=bindparam("slot"),
            sent_at=bindparam("now"),
        )
        .on_conflict_do_nothing()
        .returning(NUDGES.c.id)
    )
)


def naive_claim(session: Session, now: dt.datetime) -> list[ClaimKey]:
    """Load all users and what is needed about them, filter and decide in Python, then write
    one statement per change (prebuilt Core statements on the session's connection)."""
    connection = session.connection()
    due = []
    for row in connection.execute(select(USERS)).all():  # every column of every user
        since = None if row.next_nudge_at is None else utc(row.next_nudge_at)
        if row.blocked_at is None and since is not None and since <= now:
            plan = nudges.plan_of(row)
            due.append((row, plan, latest_due(plan, since, now), next_slot(plan, now)))
    sendable = [
        (row, plan, slot)
        for row, plan, slot, _ in due
        if slot is not None and worth_sending(slot, now, plan.tz)
    ]
    days = {local_day(slot.at, plan.tz) for _, plan, slot in sendable}
    asks: dict[tuple[int, dt.date], int] = {
        (user_id, day): int(total)
        for user_id, day, total in connection.execute(
            select(Entry.user_id, Entry.local_date, func.sum(Entry.count))
            .where(
                Entry.local_date.in_(days),
                Entry.kind == Kind.ASK.value,
                Entry.deleted_at.is_(None),
            )
            .group_by(Entry.user_id, Entry.local_date)
        )
    }
    pending: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for entry_id, user_id, day in connection.execute(
        select(Entry.id, Entry.user_id, Entry.local_date)
        .where(
            Entry.kind == Kind.ASK.value,
            Entry.who.is_not(None),
            Entry.answered_by_id.is_(None),
            Entry.deleted_at.is_(None),
        )
        .order_by(Entry.id)
    ):
        pending[user_id].append((entry_id, day))

    for row, _plan, _slot, upcoming in due:
        connection.execute(NAIVE_MOVE, {"uid": row.id, "at": upcoming.at if upcoming else None})
    insert_nudge = functools.partial(naive_insert, connection, now=now)
    claimed: list[ClaimKey] = []
    for row, plan, slot in sendable:
        first = nudges.first_of_week(row, slot)
        if (
            row.digest_enabled
            and first
            and insert_nudge(row.id, week_start(slot.day), nudges.DIGEST_SLOT)
        ):
            claimed.append((row.id, "digest"))
        behind = asks.get((row.id, local_day(slot.at, plan.tz)), 0) < row.ask_target
        if behind and insert_nudge(row.id, slot.day, slot.label):
            claimed.append((row.id, "pace"))
        if row.followup_days <= 0:
            continue
        followups = [
            insert_nudge(row.id, day, f"{nudges.FOLLOWUP_PREFIX}{entry_id}")
            for entry_id, day in pending[row.id]
            if (slot.day - day).days >= row.followup_days
        ]
        if any(followups):
            claimed.append((row.id, "followup"))
    return claimed


def naive_insert(
    connection: Connection, user_id: int, day: dt.date, slot: str, *, now: dt.datetime
) -> bool:
    """One nudge row, unless it exists already (the unique key makes it at most once)."""
    statement = NAIVE_NUDGE[connection.dialect.name]
    params = {"uid": user_id, "day": day, "slot": slot, "now": now}
    return connection.execute(statement, params).first() is not None


# --- timing the tick -------------------------------------------------------------------------


async def ours(db: Database) -> list[ClaimKey]:
    """One tick's selection + claim: claim_due batches until a batch is not full."""
    claimed: list[ClaimKey] = []
    while True:
        seen, batch = await db.run(functools.partial(nudges.claim_due, now=NOW, limit=CLAIM_BATCH))
        claimed.extend((c.user_id, c.kind) for c in batch)
        if seen < CLAIM_BATCH:
            return claimed


async def naive(db: Database) -> list[ClaimKey]:
    return await db.run(functools.partial(naive_claim, now=NOW))


def outcome(session: Session, due_ids: list[int]) -> tuple[set[NudgeKey], dict[int, Any]]:
    """The nudges rows and the due users' next_nudge_at after a tick."""
    rows = session.execute(select(Nudge.user_id, Nudge.local_date, Nudge.slot)).all()
    moved = session.execute(select(User.id, User.next_nudge_at).where(User.id.in_(due_ids))).all()
    return {(r.user_id, r.local_date, r.slot) for r in rows}, {r.id: r.next_nudge_at for r in moved}


@dataclass
class TickResult:
    backend: str
    users: int
    due: int
    claimed: Counter[str]  # nudges per kind
    ours: list[float]
    naive: list[float]


async def same_claims(db: Database, seed: Seed) -> Counter[str]:
    """Run both once from the seeded state; they must agree. Returns the claims per kind."""
    due = seed.due
    due_ids = [u["id"] for u in due]
    results = []
    for method in (ours, naive):
        await db.run(functools.partial(reset_claims, due=due))
        claimed = await method(db)
        state = await db.run(functools.partial(outcome, due_ids=due_ids))
        results.append((claimed, state))
    (ours_claimed, ours_state), (naive_claimed, naive_state) = results
    assert len(ours_claimed) == len(set(ours_claimed)), "ours claimed a nudge twice"
    assert set(ours_claimed) == set(naive_claimed), "ours and naive claim different users"
    assert ours_state[0] == naive_state[0], "ours and naive wrote different nudges"
    assert ours_state[1] == naive_state[1], "ours and naive moved next_nudge_at differently"
    assert all(at is None or utc(at) > NOW for at in ours_state[1].values()), "still due"
    return Counter(kind for _user, kind in ours_claimed)


def utc(at: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


async def measure_tick(backend: str, url: str, size: int, runs: int) -> TickResult:
    seed = tick_seed(size)
    due = seed.due
    db = Database(url)
    try:
        started = time.perf_counter()
        await db.run(functools.partial(insert_seed, seed=seed))
        seeded = time.perf_counter() - started
        claimed = await same_claims(db, seed)
        # The seed (100k user dicts) lives in this process, not in the bot's: keep it out of
        # the collector's sight as the bot's `running()` does with what it built at start,
        # or a full collection walking it lands inside some timed run.
        gc.collect()
        gc.freeze()
        samples: dict[str, list[float]] = {"ours": [], "naive": []}
        for _ in range(runs):
            for name, method in (("ours", ours), ("naive", naive)):
                await db.run(functools.partial(reset_claims, due=due))
                settle(db)
                started = time.perf_counter()
                await method(db)
                samples[name].append(time.perf_counter() - started)
    finally:
        gc.unfreeze()
        await db.dispose()
    print(f"  {backend}, {size:,} users: seeded in {seeded:.1f} s", flush=True)
    return TickResult(backend, size, len(due), claimed, samples["ours"], samples["naive"])


# --- delivery --------------------------------------------------------------------------------


class Fake(FakeTelegram):
    """FakeTelegram that notes when each sendMessage request arrived (perf_counter), and can
    answer every `inject_every`-th of them with a 429 "retry after `retry_after`"."""

    def __init__(self, inject_every: int = 0, retry_after: int = 1) -> None:
        super().__init__(fixed_clock)
        self.every, self.retry_after = inject_every, retry_after
        self.send_times: list[float] = []

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if url.endswith("/sendMessage"):
            self.send_times.append(time.perf_counter())
            if self.every and len(self.send_times) % self.every == 0:
                retry = self.retry_after
                description = f"Too Many Requests: retry after {retry}"
                self.fail_next("sendMessage", 429, description, retry_after=retry)
        return await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )


@dataclass(frozen=True)
class DeliveryScenario:
    name: str
    make_api: Callable[[], Fake]


def plain_api() -> Fake:
    return Fake()


def injecting_api() -> Fake:
    return Fake(inject_every=INJECT_EVERY)


def limited_api() -> Fake:
    api = Fake()
    api.rate_limit(burst=int(TELEGRAM_RATE), retry_after=1)
    return api


DELIVERY_SCENARIOS = (
    DeliveryScenario("no 429s", plain_api),
    DeliveryScenario(
        f"injected 429s (every {INJECT_EVERY}th send, retry after 1 s)", injecting_api
    ),
)
STRICT_WINDOW = DeliveryScenario(
    "server limit (30 sends/s sliding window, retry after 1 s)", limited_api
)


@dataclass
class DeliveryResult:
    scenario: str
    messages: int
    seconds: float
    delivered: int
    refused_429: int
    lost: int
    duplicated: int
    recorded: int
    report: str
    first_send: float  # seconds after the tick started
    last_send: float


def fixed_clock() -> dt.datetime:
    return NOW


def recorded_nudges(session: Session) -> int:
    """Nudges rows that carry the id of the message that delivered them."""
    count = session.scalar(select(func.count()).where(Nudge.message_id.is_not(None)))
    return int(count or 0)


async def measure_delivery(scenario: DeliveryScenario, url: str, messages: int) -> DeliveryResult:
    seed = delivery_seed(messages)
    db = Database(url)
    try:
        await db.run(functools.partial(insert_seed, seed=seed))
    finally:
        await db.dispose()
    api = scenario.make_api()
    settings = load_settings(database_url=url, telegram_bot_token=None)
    app = build_application(settings, request=api, clock=fixed_clock, rate_limited=True)
    async with running(app):
        without_jobs(app)  # only the measured tick may send
        api.clear()
        api.send_times.clear()
        started = time.perf_counter()
        report = await send_due_nudges(app)
        seconds = time.perf_counter() - started
        recorded = await app.bot_data.db.run(recorded_nudges)
    sends = api.calls_to("sendMessage")
    ok = Counter(int(call.params["chat_id"]) for call in sends if call.error_code is None)
    due_ids = [u["id"] for u in seed.users]
    return DeliveryResult(
        scenario=scenario.name,
        messages=messages,
        seconds=seconds,
        delivered=sum(ok.values()),
        refused_429=sum(call.error_code == 429 for call in sends),
        lost=sum(ok[user_id] == 0 for user_id in due_ids),
        duplicated=sum(ok[user_id] > 1 for user_id in due_ids),
        recorded=recorded,
        report=(
            f"claimed {report.claimed}, sent {report.sent}, blocked {report.blocked}, "
            f"failed {report.failed}"
        ),
        first_send=api.send_times[0] - started if api.send_times else math.nan,
        last_send=api.send_times[-1] - started if api.send_times else math.nan,
    )


# --- databases -------------------------------------------------------------------------------


async def server_version(url: str) -> str:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return str((await connection.execute(text("SHOW server_version"))).scalar())
    finally:
        await engine.dispose()


# --- the tables ------------------------------------------------------------------------------


def tick_rows(results: Sequence[TickResult]) -> list[tuple[str, ...]]:
    return [
        (
            r.backend,
            f"{r.users:,}",
            f"{r.due:,}",
            f"{r.claimed.total():,}",
            f"{median_ms(r.ours):.1f}",
            f"{p95_ms(r.ours):.1f}",
            f"{median_ms(r.naive):,.1f}",
            f"{p95_ms(r.naive):,.1f}",
            f"{median_ms(r.naive) / median_ms(r.ours):.1f}×",
        )
        for r in results
    ]


def delivery_rows(results: Sequence[DeliveryResult]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for r in results:
        rate = r.delivered / r.seconds
        rows.append(
            (
                r.scenario,
                f"{r.messages:,}",
                f"{r.seconds:.1f}",
                f"{rate:.1f}",
                f"{rate / TELEGRAM_RATE:.1%}",
                str(r.refused_429),
                str(r.lost),
                str(r.duplicated),
            )
        )
    return rows


def tick_verdicts(results: Sequence[TickResult]) -> list[str]:
    lines = [
        f"{r.backend}, {r.users:,} users: claimed "
        + ", ".join(f"{n:,} {kind}" for kind, n in sorted(r.claimed.items()))
        for r in results
    ]
    for r in results:
        if r.users < 100_000:
            continue
        ms = median_ms(r.ours)
        verdict = "meets" if ms < GOAL_MS else f"misses by {ms - GOAL_MS:.1f} ms"
        lines.append(f"{r.backend}, {r.users:,} users: ours {ms:.1f} ms {verdict} the goal")
    return lines


def delivery_verdicts(results: Sequence[DeliveryResult]) -> list[str]:
    lines = []
    for r in results:
        share = r.delivered / r.seconds / TELEGRAM_RATE
        goal = "meets" if share >= GOAL_SHARE else "misses"
        clean = "0 lost, 0 duplicated" if not (r.lost or r.duplicated) else "NOT clean"
        lines.append(
            f"{r.scenario}: {share:.1%} of 30/s ({goal} >= 95 %), {clean}; tick: {r.report}; "
            f"{r.recorded} nudges rows with a message id; first sendMessage after "
            f"{r.first_send:.2f} s, last after {r.last_send:.2f} s"
        )
    return lines


def versions(postgres: str | None) -> list[str]:
    pg = [f"PostgreSQL {asyncio.run(server_version(postgres))}"] if postgres else []
    return [
        f"python-telegram-bot {telegram.__version__}",
        f"SQLAlchemy {sqlalchemy.__version__}",
        f"SQLite {sqlite3.sqlite_version}",
        *pg,
    ]


# --- the run ---------------------------------------------------------------------------------


class WarningCount(logging.Handler):
    """Counts WARNING+ records (failed sends, exhausted retries) for the summary."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        summary = repr(error) if error is not None else record.getMessage()
        self.messages[f"{record.levelname} {record.name}: {summary[:120]}"] += 1


def run_ticks(
    sizes: Sequence[int], runs: int, sqlite: Callable[[str], str], postgres: str | None
) -> list[TickResult]:
    results = []
    for size in sizes:
        url = sqlite(f"tick-{size}.db")
        results.append(asyncio.run(measure_tick("SQLite", url, size, runs)))
    if postgres is not None:
        for size in sizes:
            reset_postgres(postgres)
            results.append(asyncio.run(measure_tick("PostgreSQL", postgres, size, runs)))
        reset_postgres(postgres)
    return results


def run_deliveries(
    messages: int, strict_window: bool, sqlite: Callable[[str], str]
) -> list[DeliveryResult]:
    results = []
    scenarios = DELIVERY_SCENARIOS + ((STRICT_WINDOW,) if strict_window else ())
    for number, scenario in enumerate(scenarios):
        url = sqlite(f"delivery-{number}.db")
        results.append(asyncio.run(measure_delivery(scenario, url, messages)))
        print(f"  delivery: {scenario.name} done", flush=True)
    return results


def parse_sizes(raw: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in raw.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {raw!r}") from exc
    if not sizes or min(sizes) < DUE_EVERY:
        raise argparse.ArgumentTypeError(f"sizes must be at least {DUE_EVERY}")
    return sizes


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="user counts, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs per method")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES),
        help="PostgreSQL URL (reset, and left empty at head)",
    )
    parser.add_argument("--messages", type=int, default=DEFAULT_MESSAGES, help="nudges to send")
    parser.add_argument("--skip-delivery", action="store_true", help="only the tick table")
    parser.add_argument(
        "--strict-window",
        action="store_true",
        help="one more delivery row: the fake enforces 30 sends/s itself (about 35 s more)",
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.runs < 1 or args.messages < 1:
        raise SystemExit("--runs and --messages must be at least 1")
    warnings = WarningCount()
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger().addHandler(warnings)
    postgres, reason = postgres_url(args.postgres)
    print(machine_note(*versions(postgres)))
    if postgres is None:
        print(f"PostgreSQL rows skipped: {reason}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="salesbot-bench-") as tmp:
        directory = Path(tmp)
        template = directory / "template.db"
        upgrade_to_head(sqlite_url(template))

        def sqlite(name: str) -> str:
            return fresh_sqlite(template, directory, name)

        ticks = run_ticks(args.sizes, args.runs, sqlite, postgres)
        deliveries = (
            [] if args.skip_delivery else run_deliveries(args.messages, args.strict_window, sqlite)
        )
    print(
        f"\nOne tick's selection + claim at {NOW:%a %Y-%m-%d %H:%M:%S} UTC, "
        f"CLAIM_BATCH={CLAIM_BATCH}, {args.runs} timed runs each (ours and naive alternate)\n"
    )
    print(table(TICK_HEADERS, tick_rows(ticks), args.markdown))
    for line in tick_verdicts(ticks):
        print(f"  {line}")
    if deliveries:
        print(
            f"\nDelivery through send_due_nudges + AIORateLimiter (30/s, max_retries=3), "
            f"SQLite, {args.messages:,} due users\n"
        )
        print(table(DELIVERY_HEADERS, delivery_rows(deliveries), args.markdown))
        for line in delivery_verdicts(deliveries):
            print(f"  {line}")
    if warnings.messages:
        print("\nWarnings and errors logged during the run:")
        for message, times in warnings.messages.most_common(10):
            print(f"  {times:>5} × {message}")
    print(f"\nTotal run time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
