"""/stats and /chart on two years of history, and /export of 100,000 entries: time and memory.

What is measured
    1. Latency of `/stats`, `/chart` (the default 8 weeks) and `/chart 52w` (a year: the
       longest chart the command accepts, as `parse_duration` stops at 365 days although
       the handler would draw up to 104 weeks) for one user with two years (730 local
       days) of daily entries, end to end: a fresh `Update` from `UpdateFactory.message`
       into `application.process_update`, the reply answered by `FakeTelegram`. 5 warm-ups,
       then N=50 timed (`--samples`), one `time.perf_counter()` pair around each call;
       p50/p99 in ms (interpolated percentiles). Two parts of the same work, timed alone N=50 times
       after 5 warm-ups:
       * service: the command's one `Database.run` transaction (`history.stats` or
         `history.chart_weeks`: the queries and the Python over their rows);
       * render: `bot.core.chart.render_weeks` on the very `ChartData` the chart command gets,
         called directly (the handler runs it in a worker thread). "render share" is render
         p50 over the command's p50: what the rest (query, PTB, upload to the fake) leaves.
    2. `/export` of a user with 100,000 entries, through `process_update` as above: the bot
       streams rows (`yield_per=2000`) through `csv.writer` into a temp file, and PTB reads
       that file once for the upload. Against it a naive baseline written here: every row
       in a list (`.all()`), the whole CSV in a `str` (`csv.writer` on `io.StringIO`), then
       encoded to `bytes` and uploaded (same cells, same BOM). The baseline is a bench-only
       `/naive_export` command added to the same application (in a handler group before the
       bot's), so both go through `process_update` and the same fake upload. Both documents
       the fake received must be byte-identical (SHA-256), or the row is flagged.
       Each variant runs in a fresh subprocess (so neither inherits the other's heap, and,
       as in the bot until its first /chart, matplotlib is not loaded), which builds the
       app, exports a 20-entry user once (code paths warmed), then:
       * RSS: `/proc/self/status` VmRSS before; VmHWM reset to the current RSS (write 5 to
         `/proc/self/clear_refs`) just before the export, read after it: the process's real
         peak during the export (C allocations, SQLite's page cache and the uploaded bytes
         included). "peak − before" is what the export added at its worst.
       * time: `--export-runs` more exports (default 5), median and range in seconds.
       * tracemalloc: one more export with `tracemalloc` on (Python allocations only, all
         threads; it slows the run, hence a separate run): peak minus the traced memory at
         the start.
       The CSV size is that of the document the fake received. The uploaded bytes are held
       once in any case: PTB reads a file handle whole (`InputFile`), and the fake keeps
       what it receives until `FakeTelegram.clear()`, as a real upload buffer would.

The seeded data (identical on both backends)
    Time zone Europe/Berlin; the clock is fixed at NOW, Wednesday 2025-06-11 15:00:30 local.
    * user 1001 ("Ann"), the /stats and /chart user: 730 days up to today. Workdays: 1-3
      ask entries (1-4 each, 15 % to a named person, some names non-ASCII), a lead entry on
      70 % of days, nurture on 80 %, a yes on 20 %, a no on 40 %; weekends: a nurture touch
      on a quarter of them. A two-week holiday (a `pauses` row, no entries) last August. 1 %
      of entries are undone (`deleted_at` set). About 2,200 entries.
    * user 2002: 100,000 entries spread over the same 730 days (kinds weighted towards asks,
      20 % of asks named, 1 % undone): the /export user.
    * user 3003: 20 entries, for the warm-up export.
    Entries carry distinct source message ids above 1,000,000 (the fake's start at 1), so
    the unique source index is filled as in real use. Seeded with Core executemany (chunks
    of 10,000) in one `Database.run` per table; PostgreSQL gets ANALYZE afterwards (what
    autovacuum would do), SQLite nothing (the bot never runs ANALYZE).

Backends
    SQLite: a fresh migrated temp file (the bot's own engine: WAL, one worker thread).
    PostgreSQL (`--postgres URL`, default `$TEST_DATABASE_URL`): `downgrade_to_base` +
    `upgrade_to_head` before seeding and once more at the end (left empty, at head).

Run: `python bench/insights.py [--samples N] [--export-runs N] [--postgres URL] [--no-postgres]
[--markdown]`.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import functools
import gc
import hashlib
import importlib.metadata
import io
import json
import logging
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy
import telegram
from common import (
    DEFAULT_POSTGRES,
    machine_note,
    memory_kb,
    percentile_ms,
    postgres_url,
    reset_postgres,
    show_table,
    sqlite_url,
    without_jobs,
)
from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import ApplicationHandlerStop, CommandHandler

from bot.app import build_application, running
from bot.app_types import BotApp, Context
from bot.config import load_settings
from bot.core.domain import Kind, Sender, local_day
from bot.core.export_csv import HEADER, neutralise
from bot.db.engine import Database
from bot.db.migrate import upgrade_to_head
from bot.db.models import Base, Entry, User
from bot.handlers.guards import APOLOGY, DB_DOWN
from bot.runtime.fake_telegram import FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from bot.usecases import history

DEFAULT_SAMPLES = 50
DEFAULT_EXPORT_RUNS = 5
WARMUP = 5

NOW = dt.datetime(2025, 6, 11, 13, 0, 30, tzinfo=dt.UTC)  # Wednesday 15:00:30 in Berlin
TZ = "Europe/Berlin"
ZONE = ZoneInfo(TZ)
TODAY = local_day(NOW, ZONE)
DAYS = 730
HOLIDAY = (dt.date(2024, 8, 5), dt.date(2024, 8, 19))  # first day, resume day

STATS_USER, STATS_NAME = 1001, "Ann"
EXPORT_USER, EXPORT_NAME = 2002, "Bo"
SMALL_USER, SMALL_NAME = 3003, "Cy"
EXPORT_ENTRIES = 100_000
SMALL_ENTRIES = 20
FIRST_SEED_MESSAGE_ID = 1_000_000
CHUNK = 10_000
UNDONE_SHARE = 0.01
NAMES = (
    "Acme",
    "Globex",
    "Initech",
    "Zoë Müller",
    "Łukasz & Co",
    "北京贸易",
    "Café Olé 🚀",
    "=HYPERLINK(1)",
    "Smith, Jones",
    'The "Big" Deal',
)
KINDS = (Kind.ASK, Kind.LEAD, Kind.NURTURE, Kind.YES, Kind.NO)
KIND_WEIGHTS = (5, 2, 3, 1, 2)

STREAMED, NAIVE = "streamed", "naive"
COMMANDS = {STREAMED: "/export", NAIVE: "/naive_export"}
REPORT_COMMANDS = (("/stats", 0), ("/chart", 8), ("/chart 52w", 52))  # (command, weeks)

REPORT_HEADERS = (
    "backend",
    "command",
    "N",
    "p50 ms",
    "p99 ms",
    "service p50 ms",
    "render p50 ms",
    "render share",
)
EXPORT_HEADERS = (
    "backend",
    "export",
    "rows",
    "CSV MB",
    "time p50 s (min–max)",
    "tracemalloc peak MB",
    "VmRSS before MB",
    "VmHWM during MB",
    "peak − before MB",
    "VmRSS after MB",
)

Row = dict[str, Any]
MB = 1024 * 1024


# --- seeding ---------------------------------------------------------------------------------


class History:
    """Entry rows for one user, in the order they are logged, with distinct source ids."""

    def __init__(self, user_id: int, seed: int) -> None:
        self.user_id = user_id
        self.rng = random.Random(seed)
        self.rows: list[Row] = []

    def add(self, day: dt.date, kind: Kind, count: int, who: str | None = None) -> None:
        rng = self.rng
        local = dt.datetime.combine(
            day, dt.time(rng.randint(8, 19), rng.randint(0, 59), rng.randint(0, 59)), ZONE
        )
        created_at = local.astimezone(dt.UTC)
        undone = rng.random() < UNDONE_SHARE
        self.rows.append(
            {
                "user_id": self.user_id,
                "kind": kind.value,
                "count": count,
                "who": who,
                "local_date": day,
                "created_at": created_at,
                "source_chat_id": self.user_id,
                "source_message_id": FIRST_SEED_MESSAGE_ID + len(self.rows),
                "source_seq": 0,
                "answered_by_id": None,
                "deleted_at": created_at + dt.timedelta(minutes=2) if undone else None,
            }
        )

    def named(self, share: float) -> str | None:
        return self.rng.choice(NAMES) if self.rng.random() < share else None


def daily_history() -> list[Row]:
    """Two years of the /stats user's working life, one local day at a time."""
    entries = History(STATS_USER, seed=1)
    rng = entries.rng
    for offset in range(DAYS - 1, -1, -1):
        day = TODAY - dt.timedelta(days=offset)
        if HOLIDAY[0] <= day < HOLIDAY[1]:
            continue
        if day.weekday() >= 5:
            if rng.random() < 0.25:
                entries.add(day, Kind.NURTURE, rng.randint(1, 3))
            continue
        for _ in range(rng.randint(1, 3)):
            entries.add(day, Kind.ASK, rng.randint(1, 4), entries.named(0.15))
        if rng.random() < 0.7:
            entries.add(day, Kind.LEAD, rng.randint(1, 3))
        if rng.random() < 0.8:
            entries.add(day, Kind.NURTURE, rng.randint(1, 5), entries.named(0.1))
        if rng.random() < 0.2:
            entries.add(day, Kind.YES, 1, entries.named(0.5))
        if rng.random() < 0.4:
            entries.add(day, Kind.NO, rng.randint(1, 2), entries.named(0.3))
    return entries.rows


def bulk_history(user_id: int, count: int, seed: int) -> list[Row]:
    """`count` entries spread over the two years, oldest first."""
    entries = History(user_id, seed)
    rng = entries.rng
    days = sorted(TODAY - dt.timedelta(days=rng.randrange(DAYS)) for _ in range(count))
    for day, kind in zip(days, rng.choices(KINDS, KIND_WEIGHTS, k=count), strict=True):
        who = entries.named(0.2) if kind is Kind.ASK else None
        entries.add(day, kind, rng.randint(1, 5), who)
    return entries.rows


def user_row(user_id: int, first_name: str) -> Row:
    return {
        "id": user_id,
        "first_name": first_name,
        "tz": TZ,
        "ask_target": 5,
        "lead_target": 2,
        "nurture_target": 3,
        "workdays": 0b0011111,
        "remind_times": "10:00,15:00",
        "followup_days": 3,
        "digest_enabled": True,
        "paused_until": None,
        "snoozed_until": None,
        "blocked_at": None,
        "next_nudge_at": None,
        "created_at": dt.datetime.combine(
            TODAY - dt.timedelta(days=DAYS), dt.time(9), ZONE
        ).astimezone(dt.UTC),
    }


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def insert_rows(session: Session, name: str, rows: Sequence[Row]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table(name)), list(rows[start : start + CHUNK]))


def analyze(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE"))


async def seed(url: str) -> tuple[int, int, float]:
    """Seed the three users; returns (entries of the /stats user, all entries, seconds)."""
    started = time.perf_counter()
    users = [
        user_row(STATS_USER, STATS_NAME),
        user_row(EXPORT_USER, EXPORT_NAME),
        user_row(SMALL_USER, SMALL_NAME),
    ]
    daily = daily_history()
    entries = [
        *daily,
        *bulk_history(EXPORT_USER, EXPORT_ENTRIES, seed=2),
        *bulk_history(SMALL_USER, SMALL_ENTRIES, seed=3),
    ]
    pause = {"user_id": STATS_USER, "first_day": HOLIDAY[0], "resume_day": HOLIDAY[1]}
    db = Database(url)
    try:
        await db.run(functools.partial(insert_rows, name="users", rows=users))
        await db.run(functools.partial(insert_rows, name="pauses", rows=[pause]))
        await db.run(functools.partial(insert_rows, name="entries", rows=entries))
        await db.run(analyze)
    finally:
        await db.dispose()
    return len(daily), len(entries), time.perf_counter() - started


# --- /stats and /chart -----------------------------------------------------------------------


class ErrorLog(logging.Handler):
    """Keeps ERROR records: the bot's error handler logs and apologises, so a failing update
    would otherwise still look like a fast reply."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        self.messages.append(f"{record.name}: {error!r}" if error else record.getMessage())


@dataclass
class ReportResult:
    backend: str
    command: str
    latencies: list[float]
    service: list[float]
    render: list[float] | None
    problems: list[str]


def fixed_clock() -> dt.datetime:
    return NOW


def bot_app(url: str, api: FakeTelegram) -> BotApp:
    settings = load_settings(database_url=url, telegram_bot_token=None)
    return build_application(settings, request=api, clock=fixed_clock, rate_limited=False)


async def timed(count: int, call: Callable[[], Awaitable[object]]) -> list[float]:
    """`WARMUP` untimed calls, then `count` timed ones (seconds each)."""
    for _ in range(WARMUP):
        await call()
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - start)
    return samples


def reply_problems(api: FakeTelegram, method: str, expected: int, errors: list[str]) -> list[str]:
    """Every timed update got exactly one reply of the expected kind and logged no error."""
    problems = []
    done = [c for c in api.calls if c.method == method and c.error_code is None]
    if len(done) != expected:
        problems.append(f"{len(done)} successful {method} for {expected} timed updates")
    apologies = sum(t in (APOLOGY, DB_DOWN) for t in api.sent_texts())
    if apologies:
        problems.append(f"{apologies} error apologies")
    if errors:
        problems.append(f"{len(errors)} errors logged, the first: {errors[0]}")
    return problems


async def measure_command(
    app: BotApp,
    api: FakeTelegram,
    errors: ErrorLog,
    backend: str,
    command: str,
    weeks: int,
    samples: int,
) -> ReportResult:
    """One command end to end, then its service call and (for a chart) the render alone."""
    from bot.core.chart import render_weeks  # as in the bot: matplotlib loads with the first chart

    factory = UpdateFactory(app.bot, api=api)
    db = app.bot_data.db
    sender = Sender(STATS_USER, STATS_NAME, "UTC")

    async def send() -> None:
        update = factory.message(command, user_id=STATS_USER, first_name=STATS_NAME, date=NOW)
        await app.process_update(update)

    api.clear()
    errors.messages.clear()
    latencies = await timed(samples, send)
    method = "sendMessage" if weeks == 0 else "sendPhoto"
    problems = reply_problems(api, method, samples + WARMUP, errors.messages)
    api.clear()
    if weeks == 0:
        stats = functools.partial(history.stats, sender=sender, now=NOW)
        service = await timed(samples, lambda: db.run(stats))
        return ReportResult(backend, command, latencies, service, None, problems)
    chart = functools.partial(history.chart_weeks, sender=sender, now=NOW, weeks=weeks)
    service = await timed(samples, lambda: db.run(chart))
    data = await db.run(chart)

    async def draw() -> None:
        render_weeks(data.points, data.weekly_ask_target, data.title)

    render = await timed(samples, draw)
    return ReportResult(backend, command, latencies, service, render, problems)


async def measure_reports(backend: str, url: str, samples: int) -> list[ReportResult]:
    api = FakeTelegram(fixed_clock)
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    try:
        async with running(bot_app(url, api)) as app:
            without_jobs(app)
            return [
                await measure_command(app, api, errors, backend, command, weeks, samples)
                for command, weeks in REPORT_COMMANDS
            ]
    finally:
        logging.getLogger().removeHandler(errors)


# --- /export ---------------------------------------------------------------------------------


def naive_csv(session: Session, user_id: int) -> tuple[bytes, int]:
    """The whole export built in memory: every row, then one str, then its bytes."""
    tz = session.execute(select(User.tz).where(User.id == user_id)).scalar_one()
    zone = ZoneInfo(tz)
    rows = session.execute(
        select(
            Entry.local_date, Entry.kind, Entry.count, Entry.who, Entry.created_at, Entry.deleted_at
        )
        .where(Entry.user_id == user_id)
        .order_by(Entry.local_date, Entry.id)
    ).all()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for day, kind, count, who, created_at, deleted_at in rows:
        moment = created_at if created_at.tzinfo else created_at.replace(tzinfo=dt.UTC)
        writer.writerow(
            (
                day.isoformat(),
                neutralise(kind),
                str(count),
                neutralise(who or ""),
                moment.astimezone(zone).isoformat(timespec="seconds"),
                "yes" if deleted_at is not None else "no",
            )
        )
    document = "\ufeff" + buffer.getvalue()
    return document.encode("utf-8", errors="replace"), len(rows)


async def naive_export(update: Update, context: Context) -> None:
    """Bench-only /naive_export: the baseline the bot's streaming export is compared with."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    document, count = await context.bot_data.db.run(functools.partial(naive_csv, user_id=user.id))
    await message.reply_document(
        document, filename="salesbot-entries.csv", caption=f"{count} entries (UTF-8 CSV)."
    )
    raise ApplicationHandlerStop  # the bot's own handlers would call it an unknown command


def reset_peak_rss() -> None:
    """Linux: make VmHWM start again from the current RSS."""
    Path("/proc/self/clear_refs").write_text("5")


async def export_child(url: str, variant: str, runs: int) -> dict[str, Any]:
    """One variant in this (fresh) process; see the module docstring for the steps."""
    api = FakeTelegram(fixed_clock)
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    command = COMMANDS[variant]
    app = bot_app(url, api)
    app.add_handler(CommandHandler("naive_export", naive_export), group=-2)
    async with running(app):
        without_jobs(app)
        factory = UpdateFactory(app.bot, api=api)

        async def export(user_id: int) -> float:
            update = factory.message(command, user_id=user_id, date=NOW)
            start = time.perf_counter()
            await app.process_update(update)
            return time.perf_counter() - start

        await export(SMALL_USER)
        api.clear()
        gc.collect()
        before = memory_kb()
        reset_peak_rss()
        first = await export(EXPORT_USER)
        during = memory_kb()
        sent = [c for c in api.calls_to("sendDocument") if c.error_code is None]
        document = sent[0].files["document"] if len(sent) == 1 else b""
        caption = str(sent[0].params.get("caption", "")) if sent else ""
        size, digest = len(document), hashlib.sha256(document).hexdigest()
        del document, sent
        api.clear()
        gc.collect()
        after = memory_kb()
        times = []
        for _ in range(runs):
            times.append(await export(EXPORT_USER))
            api.clear()
        gc.collect()
        tracemalloc.start()
        start_traced, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        await export(EXPORT_USER)
        _, peak_traced = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        api.clear()
    return {
        "first": first,
        "times": times,
        "size": size,
        "sha256": digest,
        "caption": caption,
        "traced_peak": peak_traced - start_traced,
        "rss_before": before["VmRSS"],
        "hwm_during": during["VmHWM"],
        "rss_after": after["VmRSS"],
        "errors": errors.messages[:3],
    }


@dataclass
class ExportResult:
    backend: str
    variant: str
    data: dict[str, Any]
    problems: list[str] = field(default_factory=list)


def run_export_child(backend: str, url: str, variant: str, runs: int) -> ExportResult:
    """Run `export_child` in a fresh interpreter; its last stdout line is the JSON result."""
    command = [sys.executable, __file__, "--export-child", variant, "--database", url]
    done = subprocess.run(
        [*command, "--export-runs", str(runs)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"export child ({backend}, {variant}) failed:\n{done.stderr}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    problems = [f"error logged: {message}" for message in data["errors"]]
    if not data["caption"].startswith(f"{EXPORT_ENTRIES} entries"):
        problems.append(f"unexpected caption {data['caption']!r}")
    return ExportResult(backend, variant, data, problems)


def measure_exports(backend: str, url: str, runs: int) -> list[ExportResult]:
    results = [run_export_child(backend, url, variant, runs) for variant in (STREAMED, NAIVE)]
    if len({r.data["sha256"] for r in results}) != 1:
        results[1].problems.append("the naive CSV differs from the bot's")
    return results


# --- the tables ------------------------------------------------------------------------------


def report_rows(results: Sequence[ReportResult]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for r in results:
        p50 = percentile_ms(r.latencies, 50)
        render = percentile_ms(r.render, 50) if r.render else None
        rows.append(
            (
                r.backend + (" (!)" if r.problems else ""),
                r.command,
                str(len(r.latencies)),
                f"{p50:.1f}",
                f"{percentile_ms(r.latencies, 99):.1f}",
                f"{percentile_ms(r.service, 50):.1f}",
                "—" if render is None else f"{render:.1f}",
                "—" if render is None else f"{render / p50:.0%}",
            )
        )
    return rows


def export_rows(results: Sequence[ExportResult]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for r in results:
        d = r.data
        times = d["times"]
        label = "bot /export (streamed)" if r.variant == STREAMED else "naive (whole CSV in memory)"
        rows.append(
            (
                r.backend + (" (!)" if r.problems else ""),
                label,
                f"{EXPORT_ENTRIES:,}",
                f"{d['size'] / MB:.2f}",
                f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f})",
                f"{d['traced_peak'] / MB:.1f}",
                f"{d['rss_before'] / 1024:.1f}",
                f"{d['hwm_during'] / 1024:.1f}",
                f"{(d['hwm_during'] - d['rss_before']) / 1024:.1f}",
                f"{d['rss_after'] / 1024:.1f}",
            )
        )
    return rows


# --- the run ---------------------------------------------------------------------------------


@dataclass
class BackendRun:
    backend: str
    url: str
    reports: list[ReportResult] = field(default_factory=list)
    exports: list[ExportResult] = field(default_factory=list)


def run_backend(run: BackendRun, samples: int, export_runs: int) -> None:
    daily, total, seconds = asyncio.run(seed(run.url))
    print(
        f"{run.backend}: seeded {total:,} entries in {seconds:.1f} s "
        f"(/stats user: {daily:,} entries over {DAYS} days)",
        flush=True,
    )
    run.reports = asyncio.run(measure_reports(run.backend, run.url, samples))
    run.exports = measure_exports(run.backend, run.url, export_runs)


def report(runs: Sequence[BackendRun], samples: int, export_runs: int, markdown: bool) -> None:
    reports = [r for run in runs for r in run.reports]
    exports = [r for run in runs for r in run.exports]
    show_table(
        f"/stats and /chart, 2 years of daily entries: {WARMUP} warm-ups, N={samples}",
        REPORT_HEADERS,
        report_rows(reports),
        markdown,
        left=2,
    )
    show_table(
        f"/export of {EXPORT_ENTRIES:,} entries: one fresh process per row, "
        f"time over {export_runs} runs",
        EXPORT_HEADERS,
        export_rows(exports),
        markdown,
        left=2,
    )
    problems = [(r.backend, r.command, p) for r in reports for p in r.problems]
    problems += [(r.backend, r.variant, p) for r in exports for p in r.problems]
    for backend, what, problem in problems:
        print(f"(!) {backend}, {what}: {problem}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, help="timed updates")
    parser.add_argument(
        "--export-runs", type=int, default=DEFAULT_EXPORT_RUNS, help="timed exports per row"
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES),
        help="PostgreSQL URL (reset, and left empty at head)",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--export-child", choices=(STREAMED, NAIVE), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    return parser.parse_args()


def install_logging() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def main() -> None:
    args = parse_args()
    install_logging()
    if args.export_child:
        result = asyncio.run(export_child(args.database, args.export_child, args.export_runs))
        print(json.dumps(result))
        return
    if args.samples < 2 or args.export_runs < 1:
        raise SystemExit("--samples must be at least 2 and --export-runs at least 1")
    print(
        machine_note(
            f"python-telegram-bot {telegram.__version__}",
            f"SQLAlchemy {sqlalchemy.__version__}",
            f"matplotlib {importlib.metadata.version('matplotlib')}",
            f"SQLite {sqlite3.sqlite_version}",
            load=True,
        )
    )
    postgres, reason = (None, "--no-postgres") if args.no_postgres else postgres_url(args.postgres)
    if postgres is None:
        print(f"PostgreSQL rows skipped: {reason}")
    runs: list[BackendRun] = []
    with tempfile.TemporaryDirectory(prefix="salesbot-bench-") as tmp:
        url = sqlite_url(Path(tmp) / "insights.db")
        upgrade_to_head(url)
        runs.append(BackendRun("SQLite", url))
        run_backend(runs[-1], args.samples, args.export_runs)
    if postgres is not None:
        reset_postgres(postgres)
        try:
            runs.append(BackendRun("PostgreSQL", postgres))
            run_backend(runs[-1], args.samples, args.export_runs)
        finally:
            reset_postgres(postgres)
    report(runs, args.samples, args.export_runs, args.markdown)


if __name__ == "__main__":
    main()
