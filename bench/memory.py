"""Memory of a running bot with 100,000 users and 3,000,000 entries: RSS, and per-user state.

What is measured
    The resident memory (Linux `/proc/self/status`: VmRSS now, VmHWM the peak so far) of
    the real application — `build_application(settings, request=FakeTelegram, clock=NOW,
    rate_limited=False)` inside `running(app)` — on a database holding 100,000 users and
    3,000,000 entries (`--users`, `--entries`), while it handles 20,000 updates
    (`--updates`) from 5,000 distinct users (`--active`) and one nudge tick with about
    3,000 users due. Goal: RSS stays under 150 MB, and no per-user state accumulates in
    process memory.

    The bot runs in a fresh subprocess, so the seeding (done by this process) counts for
    nothing. Phases, each ending with `gc.collect()` and a reading of VmRSS, VmHWM and
    the number of objects the garbage collector tracks (`gc.get_objects()`, plus those
    `running` moved to the permanent generation with `gc.freeze()`):
    * interpreter + imports: the child after importing what `salesbot run` loads (PTB,
      SQLAlchemy, alembic, tornado via `bot.runtime.serve`; not matplotlib, which the bot imports
      on the first /chart), before building anything. This script's own extra imports
      are small (argparse, json, subprocess, the fake; bench/common.py brings no further
      module); asyncpg is imported only by the parent, to seed PostgreSQL.
    * upgrade_to_head on start: as `salesbot run` does (a no-op here, already at head, but
      it loads alembic's environment and the async driver).
    * app started: after `running(app)` (DB engine, JobQueue, the command menu sent).
      The app's own minute job is removed: only the measured tick below sends nudges.
    * warm-up: 1,000 updates from 250 seeded users who are not among the 5,000 (code paths,
      SQLAlchemy's compiled-statement cache, zone and parser caches are filled).
    * 4 rounds of 5,000 updates. Round r brings 1,250 users not seen before, each sending
      four messages: "/ask 2", "2 leads, 3 touches", "/today", and "/stats" or "/week"
      (alternately), the 5,000 messages of a round shuffled (fixed seed). Per-user state
      kept in memory would make the object count grow by a multiple of 1,250 per round.
      Each update is a fresh `Update` from `UpdateFactory.message`, built just before
      `await application.process_update(update)` (one at a time) and dropped after.
    * after one nudge tick: `await bot.jobs.send_due_nudges(app)` at NOW, when every 33rd
      user is due (pace nudges, the weekly digest riding on the week's first due slot, and
      follow-ups for named asks still unanswered).
    * after one /chart: not in the mix above, but any user may ask for a chart once in a
      while, and the first one imports matplotlib (and numpy) for the rest of the process's
      life: this row is the steady state of a bot whose users use every command.
    Afterwards the object types that grew most between the end of the warm-up and the end of
    the last round are listed, with the size of PTB's `user_data` / `chat_data` (PTB's own
    per-user store; the bot is meant to leave it empty).

    The fake Telegram is the harness, not the bot: it is trimmed so that it holds nothing
    per message — it tallies calls (method, success, error apologies) instead of keeping
    each one, and it does not remember sent texts for later edits (no message is edited
    here). It still counts message ids per chat (5,000 small ints). Every round checks that
    each update got exactly one successful reply, none of them an error apology, and that
    no ERROR was logged.

The seeded data
    NOW is Wednesday 2025-06-11 13:00:30 UTC (15:00:30 in the UTC+2 zones). Users
    1,000,001.. with remind time 15:00, Monday-Friday, ask target 5, follow-ups after 3
    days, created 400 days before NOW; zones spread over seven (every 33rd user, the due
    ones, in the four UTC+2 zones, so their 15:00 nudge is on time). A due user's
    next_nudge_at is that slot (13:00 UTC today), everybody else's the next 15:00 slot
    after NOW. Entries per user follow an exponential distribution (mean 30, some users
    hundreds, many a handful), local days over the last 365 days; kinds ask 40 %, lead
    15 %, nurture 25 %, yes 7 %, no 13 %, counts 1-4, 15 % of asks to a named person, 1 %
    undone. Rows go in ordered by time within blocks of 2,000 users (so one user's
    entries are spread over the table as in real use) with distinct source message ids.
    SQLite (default): the migrated temp file is filled with the `sqlite3` module directly
    (executemany, one transaction per 250,000 rows, synchronous off while seeding): seed
    data, not the code under test. The values are written in the form SQLAlchemy writes
    them (ISO text dates, 'YYYY-MM-DD HH:MM:SS.ffffff' UTC datetimes).
    PostgreSQL (`--postgres [URL]`, optional): `downgrade_to_base` + `upgrade_to_head`,
    the same rows by COPY (asyncpg `copy_records_to_table`), ANALYZE, the same child run;
    reset again at the end (left empty, at head).

Run: `python bench/memory.py [--users N] [--entries N] [--updates N] [--active N]
[--postgres [URL]] [--markdown]`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import gc
import importlib
import json
import logging
import math
import operator
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy
import telegram
from common import (
    DEFAULT_POSTGRES,
    asyncpg_dsn,
    machine_note,
    memory_kb,
    postgres_url,
    reset_postgres,
    show_table,
    sqlite_url,
    without_jobs,
)
from telegram.request import BaseRequest, RequestData

from bot.app import build_application, running
from bot.app_types import BotApp
from bot.config import load_settings
from bot.core.domain import local_day, workdays_from_mask
from bot.core.schedule import Plan, latest_due, next_slot, times_from_text
from bot.db.migrate import upgrade_to_head
from bot.handlers.guards import APOLOGY, DB_DOWN
from bot.jobs import send_due_nudges
from bot.runtime.fake_telegram import FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.telegram_json import JSON, ChatId

DEFAULT_USERS = 100_000
DEFAULT_ENTRIES = 3_000_000
DEFAULT_UPDATES = 20_000
DEFAULT_ACTIVE = 5_000
GOAL_MB = 150.0

NOW = dt.datetime(2025, 6, 11, 13, 0, 30, tzinfo=dt.UTC)  # Wednesday, 15:00:30 at UTC+2
ON_TIME_ZONES = ("Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Africa/Johannesburg")
OTHER_ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo")
ZONES = ON_TIME_ZONES + OTHER_ZONES
DUE_EVERY = 33
FIRST_USER_ID = 1_000_001
REMIND_TIMES = "15:00"
WORKDAYS = 0b0011111
ASK_TARGET = 5
FOLLOWUP_DAYS = 3
HISTORY_DAYS = 365
MEAN_ENTRIES = 30
FIRST_SEED_MESSAGE_ID = 1_000_000
USER_BLOCK = 2_000
SQLITE_TRANSACTION_ROWS = 250_000
KINDS = ("ask", "lead", "nurture", "yes", "no")
KIND_WEIGHTS = (40, 15, 25, 7, 13)
NAMED_ASK_SHARE = 0.15
UNDONE_SHARE = 0.01
NAMES = ("Acme", "Globex", "Initech", "Umbrella", "Zoë Müller", "Hooli", "Stark", "Wayne")

WARMUP_USERS = 250
WARMUP_UPDATES = 1_000
ROUNDS = 4
MESSAGES = ("/ask 2", "2 leads, 3 touches", "/today")
LAST_MESSAGES = ("/stats", "/week")
CHECK_EVERY = 100

HEADERS = ("phase", "VmRSS MB", "VmHWM MB", "gc objects", "Δ objects", "updates/s")
MB_KB = 1024

# --- seeding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    users: int
    entries: int
    due: int
    seconds: float
    size_mb: float | None = None


def sqlite_datetime(moment: dt.datetime) -> str:
    """How SQLAlchemy stores a DateTime on SQLite: UTC wall time, microseconds, no zone."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def zone_plan(tz: str) -> Plan:
    return Plan(
        tz=ZoneInfo(tz),
        workdays=workdays_from_mask(WORKDAYS),
        times=times_from_text(REMIND_TIMES),
    )


def due_slot(tz: str) -> dt.datetime:
    slot = latest_due(zone_plan(tz), NOW - dt.timedelta(days=5), NOW)
    assert slot is not None
    return slot.at


def future_slot(tz: str) -> dt.datetime:
    slot = next_slot(zone_plan(tz), NOW)
    assert slot is not None
    return slot.at


@dataclass(frozen=True)
class UserSeed:
    user_id: int
    tz: str
    next_nudge_at: dt.datetime
    due: bool


def users(count: int) -> list[UserSeed]:
    due_at = {tz: due_slot(tz) for tz in ON_TIME_ZONES}
    later = {tz: future_slot(tz) for tz in ZONES}
    seeds = []
    for index in range(count):
        user_id = FIRST_USER_ID + index
        if index % DUE_EVERY == 0:
            tz = ON_TIME_ZONES[index // DUE_EVERY % len(ON_TIME_ZONES)]
            seeds.append(UserSeed(user_id, tz, due_at[tz], True))
        else:
            tz = ZONES[index % len(ZONES)]
            seeds.append(UserSeed(user_id, tz, later[tz], False))
    return seeds


def entry_counts(users: int, entries: int, rng: random.Random) -> list[int]:
    """Entries per user: exponential (mean `entries / users`), scaled to sum to `entries`."""
    raw = [rng.expovariate(1.0) for _ in range(users)]
    scale = entries / sum(raw)
    counts = [math.floor(value * scale) for value in raw]
    for index in range(entries - sum(counts)):
        counts[index % users] += 1
    return counts


Neutral = tuple[int, int, str, int, str | None, int, bool]
"""(minute since the first day 00:00 UTC, user id, kind, count, who, message id, undone)."""


def entry_blocks(counts: Sequence[int], seed: int) -> Iterator[list[Neutral]]:
    """The entries of each block of `USER_BLOCK` users, ordered by the time they were logged.

    Logged between 06:00 and 18:00 UTC, i.e. the same calendar day in every seeded zone but
    Tokyo (where some count for the next local day; harmless here)."""
    rng = random.Random(seed)
    kinds = rng.choices(KINDS, KIND_WEIGHTS, k=sum(counts))
    taken = 0
    for first in range(0, len(counts), USER_BLOCK):
        block: list[Neutral] = []
        for index in range(first, min(first + USER_BLOCK, len(counts))):
            user_id = FIRST_USER_ID + index
            for seq in range(counts[index]):
                kind = kinds[taken]
                taken += 1
                minute = rng.randrange(HISTORY_DAYS) * 1440 + 360 + rng.randrange(720)
                who = (
                    rng.choice(NAMES) if kind == "ask" and rng.random() < NAMED_ASK_SHARE else None
                )
                undone = rng.random() < UNDONE_SHARE
                message_id = FIRST_SEED_MESSAGE_ID + seq
                block.append((minute, user_id, kind, rng.randint(1, 4), who, message_id, undone))
        block.sort(key=operator.itemgetter(0, 1, 5))  # time, user, message id: unique
        yield block


FIRST_DAY = local_day(NOW, ZoneInfo("Europe/Berlin")) - dt.timedelta(days=HISTORY_DAYS - 1)
FIRST_MIDNIGHT = dt.datetime.combine(FIRST_DAY, dt.time(0), dt.UTC)
USER_CREATED = NOW - dt.timedelta(days=400)


def seed_sqlite(path: Path, user_count: int, entry_count: int) -> Seeded:
    started = time.perf_counter()
    seeds = users(user_count)
    days = [(FIRST_DAY + dt.timedelta(days=d)).isoformat() for d in range(HISTORY_DAYS)]
    clock = [f" {m // 60:02d}:{m % 60:02d}:00.000000" for m in range(1440)]
    created = sqlite_datetime(USER_CREATED)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA cache_size = -262144")  # 256 MB while seeding only
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO users (id, first_name, tz, ask_target, lead_target, nurture_target,"
            " workdays, remind_times, followup_days, digest_enabled, next_nudge_at, created_at)"
            " VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, 1, ?, ?)",
            (
                (
                    u.user_id,
                    f"User {u.user_id}",
                    u.tz,
                    ASK_TARGET,
                    WORKDAYS,
                    REMIND_TIMES,
                    FOLLOWUP_DAYS,
                    sqlite_datetime(u.next_nudge_at),
                    created,
                )
                for u in seeds
            ),
        )
        connection.execute("COMMIT")
        insert = (
            "INSERT INTO entries (user_id, kind, count, who, local_date, created_at,"
            " source_chat_id, source_message_id, source_seq, deleted_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"
        )
        pending: list[tuple[Any, ...]] = []
        for block in entry_blocks(entry_counts(user_count, entry_count, random.Random(1)), 2):
            for minute, user_id, kind, count, who, message_id, undone in block:
                day = days[minute // 1440]
                at = day + clock[minute % 1440]
                row = (
                    user_id,
                    kind,
                    count,
                    who,
                    day,
                    at,
                    user_id,
                    message_id,
                    at if undone else None,
                )
                pending.append(row)
            if len(pending) >= SQLITE_TRANSACTION_ROWS:
                connection.execute("BEGIN")
                connection.executemany(insert, pending)
                connection.execute("COMMIT")
                pending.clear()
        connection.execute("BEGIN")
        connection.executemany(insert, pending)
        connection.execute("COMMIT")
    finally:
        connection.close()
    due = sum(u.due for u in seeds)
    size = path.stat().st_size / (1024 * 1024)
    return Seeded(user_count, entry_count, due, time.perf_counter() - started, size)


async def seed_postgres(url: str, user_count: int, entry_count: int) -> Seeded:
    import asyncpg  # type: ignore[import-untyped]  # here: the bot's process must not load it

    started = time.perf_counter()
    seeds = users(user_count)
    days = [FIRST_DAY + dt.timedelta(days=d) for d in range(HISTORY_DAYS)]
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.copy_records_to_table(
            "users",
            records=[
                (
                    u.user_id,
                    f"User {u.user_id}",
                    u.tz,
                    ASK_TARGET,
                    0,
                    0,
                    WORKDAYS,
                    REMIND_TIMES,
                    FOLLOWUP_DAYS,
                    True,
                    u.next_nudge_at,
                    USER_CREATED,
                )
                for u in seeds
            ],
            columns=[
                "id",
                "first_name",
                "tz",
                "ask_target",
                "lead_target",
                "nurture_target",
                "workdays",
                "remind_times",
                "followup_days",
                "digest_enabled",
                "next_nudge_at",
                "created_at",
            ],
        )
        columns = [
            "user_id",
            "kind",
            "count",
            "who",
            "local_date",
            "created_at",
            "source_chat_id",
            "source_message_id",
            "source_seq",
            "deleted_at",
        ]
        for block in entry_blocks(entry_counts(user_count, entry_count, random.Random(1)), 2):
            records = []
            for minute, user_id, kind, count, who, message_id, undone in block:
                at = FIRST_MIDNIGHT + dt.timedelta(minutes=minute)
                day = days[minute // 1440]
                deleted = at if undone else None
                records.append(
                    (user_id, kind, count, who, day, at, user_id, message_id, 0, deleted)
                )
            await connection.copy_records_to_table("entries", records=records, columns=columns)
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    due = sum(u.due for u in seeds)
    return Seeded(user_count, entry_count, due, time.perf_counter() - started)


# --- the bot under measurement (the child process) --------------------------------------------


class TallyingTelegram(FakeTelegram):
    """The fake Bot API, keeping counts instead of every call and no texts for edits."""

    def __init__(self) -> None:
        super().__init__(fixed_clock)
        self.tally: Counter[str] = Counter()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        answer = await super().do_request(
            url,
            method,
            request_data,
            read_timeout,
            write_timeout,
            connect_timeout,
            pool_timeout,
        )
        for call in self.calls:
            self.tally[call.method if call.error_code is None else f"{call.method} refused"] += 1
            if call.params.get("text") in (APOLOGY, DB_DOWN):
                self.tally["apologies"] += 1
        self.calls.clear()
        return answer

    def _show(self, chat_id: ChatId, raw_text: str, markup: Any, message: JSON) -> JSON:
        """Telegram keeps what the bot sent; here that would be counted as the bot's memory."""
        return message


class ErrorLog(logging.Handler):
    """Counts ERROR records (keeps the first few): a failing update still gets a reply."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if len(self.first) < 3:
            error = record.exc_info[1] if record.exc_info else None
            self.first.append(f"{record.name}: {error!r}" if error else record.getMessage())


@dataclass
class Phase:
    name: str
    rss_kb: int
    hwm_kb: int
    objects: int
    rate: float | None = None


def measure(name: str, rate: float | None = None) -> Phase:
    gc.collect()
    memory = memory_kb()
    objects = len(gc.get_objects()) + gc.get_freeze_count()  # `running` freezes start-up
    return Phase(name, memory["VmRSS"], memory["VmHWM"], objects, rate)


def type_counts() -> Counter[str]:
    gc.collect()
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def fixed_clock() -> dt.datetime:
    return NOW


def script(user_ids: Sequence[int], seed: int) -> list[tuple[int, str]]:
    """Four messages per user, the whole lot shuffled."""
    messages = [
        (user_id, text)
        for position, user_id in enumerate(user_ids)
        for text in (*MESSAGES, LAST_MESSAGES[position % 2])
    ]
    random.Random(seed).shuffle(messages)
    return messages


@dataclass
class Feed:
    app: BotApp
    api: TallyingTelegram
    factory: UpdateFactory
    errors: ErrorLog
    problems: list[str] = field(default_factory=list)

    async def run(self, label: str, messages: Sequence[tuple[int, str]]) -> float:
        """Send `messages` one update at a time; returns updates per second."""
        self.api.tally.clear()
        logged = self.errors.count
        started = time.perf_counter()
        for user_id, message in messages:
            update = self.factory.message(
                message, user_id=user_id, first_name=f"User {user_id}", date=NOW
            )
            await self.app.process_update(update)
        rate = len(messages) / (time.perf_counter() - started)
        tally = self.api.tally
        replies = tally["sendMessage"] + tally["sendPhoto"]
        if replies != len(messages):
            self.problems.append(f"{label}: {replies} replies to {len(messages)} updates")
        if tally["apologies"]:
            self.problems.append(f"{label}: {tally['apologies']} error apologies")
        if self.errors.count > logged:
            self.problems.append(f"{label}: {self.errors.count - logged} errors logged")
        return rate


def child(url: str, user_count: int, updates: int, active: int) -> dict[str, Any]:
    """The bot's process: import what `salesbot run` imports, upgrade on start, then run."""
    importlib.import_module(
        "bot.runtime.serve"
    )  # webhook server (tornado), loaded by `salesbot run`
    phases = [measure("interpreter + imports (as `salesbot run`)")]
    upgrade_to_head(url)  # what `salesbot run` does on start: here a no-op, at head already
    phases.append(measure("upgrade_to_head on start (no-op)"))
    return asyncio.run(serve(url, user_count, updates, active, phases))


async def serve(
    url: str, user_count: int, updates: int, active: int, phases: list[Phase]
) -> dict[str, Any]:
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    api = TallyingTelegram()
    settings = load_settings(database_url=url, telegram_bot_token=None)
    app = build_application(settings, request=api, clock=fixed_clock, rate_limited=False)
    async with running(app):
        without_jobs(app)  # only the measured tick may send
        phases.append(measure("app started (running)"))
        feed = Feed(app, api, UpdateFactory(app.bot, api=api), errors)
        step = max(user_count // active, 1)
        everyone = [FIRST_USER_ID + i * step for i in range(active)]
        outsiders = [FIRST_USER_ID + i * step + 1 for i in range(WARMUP_USERS)]
        warmup = script(outsiders, seed=0)[:WARMUP_UPDATES]
        rate = await feed.run("warm-up", warmup)
        phases.append(measure(f"warm-up: {len(warmup):,} updates, {WARMUP_USERS} users", rate))
        before = type_counts()
        per_round = len(everyone) // ROUNDS
        seen: set[int] = set()
        for round_ in range(ROUNDS):
            cohort = everyone[round_ * per_round : (round_ + 1) * per_round]
            messages = script(cohort, seed=round_ + 1)[: updates // ROUNDS]
            rate = await feed.run(f"round {round_ + 1}", messages)
            done = (round_ + 1) * (updates // ROUNDS)
            seen.update(user_id for user_id, _ in messages)
            phases.append(measure(f"after {done:,} updates ({len(seen):,} users)", rate))
        growth = type_counts() - before
        api.tally.clear()
        started = time.perf_counter()
        tick = await send_due_nudges(app)
        tick_seconds = time.perf_counter() - started
        sent = api.tally["sendMessage"]
        phases.append(measure(f"after one nudge tick ({tick.claimed:,} claimed, {sent:,} sent)"))
        await feed.run("chart", [(everyone[0], "/chart")])
        phases.append(measure("after one /chart (matplotlib imported)"))
        stores = {"user_data": len(app.user_data), "chat_data": len(app.chat_data)}
    return {
        "phases": [dataclasses.asdict(p) for p in phases],
        "growth": growth.most_common(8),
        "stores": stores,
        "tick": {
            "claimed": tick.claimed,
            "sent": tick.sent,
            "failed": tick.failed,
            "blocked": tick.blocked,
            "seconds": tick_seconds,
        },
        "problems": feed.problems,
        "errors": errors.first,
    }


# --- the parent: seed, run the child, report ---------------------------------------------------


@dataclass
class Run:
    backend: str
    seeded: Seeded
    result: dict[str, Any]


def run_child(url: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        url,
        "--users",
        str(args.users),
        "--updates",
        str(args.updates),
        "--active",
        str(args.active),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the bot process failed:\n{done.stderr}")
    if done.stderr.strip():
        print(done.stderr.strip(), file=sys.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def phase_rows(result: dict[str, Any]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    previous: int | None = None
    for phase in result["phases"]:
        objects = phase["objects"]
        delta = "" if previous is None else f"{objects - previous:+,}"
        rate = phase["rate"]
        rows.append(
            (
                phase["name"],
                f"{phase['rss_kb'] / MB_KB:.1f}",
                f"{phase['hwm_kb'] / MB_KB:.1f}",
                f"{objects:,}",
                delta,
                "" if rate is None else f"{rate:,.0f}",
            )
        )
        previous = objects
    return rows


def verdict(result: dict[str, Any]) -> str:
    phases = result["phases"]
    peak = max(p["hwm_kb"] for p in phases) / MB_KB
    rss = max(p["rss_kb"] for p in phases) / MB_KB
    met = "met" if peak < GOAL_MB else f"MISSED by {peak - GOAL_MB:.1f} MB"
    return (
        f"goal VmRSS < {GOAL_MB:.0f} MB: {met} (highest VmRSS at a phase end {rss:.1f} MB, "
        f"peak VmHWM {peak:.1f} MB)"
    )


def report(run: Run, markdown: bool) -> None:
    seeded, result = run.seeded, run.result
    size = f", file {seeded.size_mb:,.0f} MB" if seeded.size_mb is not None else ""
    title = (
        f"{run.backend}: {seeded.users:,} users, {seeded.entries:,} entries "
        f"(seeded in {seeded.seconds:.0f} s{size}), {seeded.due:,} due at NOW"
    )
    show_table(title, HEADERS, phase_rows(result), markdown)
    tick = result["tick"]
    print(
        f"\n{verdict(result)}\n"
        f"nudge tick: {tick['claimed']:,} claimed, {tick['sent']:,} sent, "
        f"{tick['failed']} failed, {tick['blocked']} blocked in {tick['seconds']:.1f} s\n"
        f"PTB per-user stores: user_data {result['stores']['user_data']}, "
        f"chat_data {result['stores']['chat_data']}\n"
        "object types that grew most from the end of the warm-up to the last round: "
        + (", ".join(f"{name} +{count:,}" for name, count in result["growth"]) or "none")
    )
    for problem in result["problems"] + [f"error: {e}" for e in result["errors"]]:
        print(f"(!) {problem}")


# --- the run ---------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=DEFAULT_USERS)
    parser.add_argument("--entries", type=int, default=DEFAULT_ENTRIES)
    parser.add_argument("--updates", type=int, default=DEFAULT_UPDATES, help="after warm-up")
    parser.add_argument("--active", type=int, default=DEFAULT_ACTIVE, help="distinct users")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES),
        help="also run on PostgreSQL (reset, and left empty at head)",
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.child:
        result = child(args.child, args.users, args.updates, args.active)
        print(json.dumps(result))
        return
    if not WARMUP_USERS <= args.active <= args.users // 2:
        raise SystemExit(f"--active must be between {WARMUP_USERS} and half of --users")
    if not ROUNDS <= args.updates <= args.active // ROUNDS * ROUNDS * 4:
        raise SystemExit("--updates must be between 4 and 4 × --active")
    print(
        machine_note(
            f"python-telegram-bot {telegram.__version__}",
            f"SQLAlchemy {sqlalchemy.__version__}",
            f"SQLite {sqlite3.sqlite_version}",
            load=True,
        )
    )
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="salesbot-bench-") as tmp:
        path = Path(tmp) / "memory.db"
        url = sqlite_url(path)
        upgrade_to_head(url)
        seeded = seed_sqlite(path, args.users, args.entries)
        print(f"SQLite seeded in {seeded.seconds:.0f} s; running the bot...", flush=True)
        runs.append(Run("SQLite", seeded, run_child(url, args)))
    if args.postgres is not None:
        postgres, reason = postgres_url(args.postgres)
        if postgres is None:
            print(f"PostgreSQL skipped: {reason}")
        else:
            reset_postgres(postgres)
            try:
                seeded = asyncio.run(seed_postgres(postgres, args.users, args.entries))
                print(f"PostgreSQL seeded in {seeded.seconds:.0f} s; running the bot...")
                runs.append(Run("PostgreSQL", seeded, run_child(postgres, args)))
            finally:
                reset_postgres(postgres)
    for run in runs:
        report(run, args.markdown)


if __name__ == "__main__":
    main()
