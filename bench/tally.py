"""The weekly group tally for a big group: the bot's query + render against a naive loop.

What is measured
    Wall time of building one group's weekly tally text, database query included, for a
    group of `--members` members (default 1,000), each with a week of entries: every day of
    the group's current week an ask, a lead, a nurture touch and an answer (yes or no) —
    28,000 entries for 1,000 members, plus the users and group_members rows.

Rows
    * bot: `bot.usecases.membership.week_tally(session, chat_id, title, now)` through
      `bot.db.engine.Database.run` — one transaction: the group's settings, then one
      grouped query over members ⟕ entries, then the pure `bot.core.tally_text.render_tally`.
    * bot, scheduled: the same call with `weakest=True`, as the scheduled weekly tally runs
      it: one more grouped query (the group's daily totals over two weeks) for the
      "Weakest stage" line. Shown for information; the goal applies to the first row.
    * naive: written here, also one `Database.run` transaction: the member list, then one
      query per member for that member's entries of the week (summed in Python), then the
      same `render_tally`. The classic N+1 shape.
    Both produce the same text (checked before timing).

How
    SQLite: a fresh temp file migrated with `upgrade_to_head` (WAL, the bot's own engine
    set-up). PostgreSQL (`--postgres URL`, default `$TEST_DATABASE_URL`): `downgrade_to_base`
    + `upgrade_to_head` on that database, seeded, `ANALYZE`d (autovacuum would do that soon
    after such a bulk load; without statistics the planner guesses 5 rows and sorts 28,000),
    and left at head (the seeded rows stay).
    Each method runs twice untimed (warm caches, pools), then `--runs` times (default 20),
    each timed with `time.perf_counter()` around the awaited `Database.run` call. The table
    shows median and p95 (nearest rank) in milliseconds. The goal for the bot's method is a
    median under 100 ms on both backends.

Run: `python bench/tally.py [--members N] [--runs N] [--postgres URL] [--markdown]`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy
from common import machine_note, median_ms, p95_ms, postgres_url, reset_postgres, sqlite_url, table
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from bot.core.domain import Kind, Privacy, Tally, local_day, week_start
from bot.core.tally_text import MemberTally, TallyText, render_tally
from bot.db import group_store as db_groups
from bot.db.engine import Database
from bot.db.migrate import upgrade_to_head
from bot.db.models import Entry, Group, GroupMember, User
from bot.usecases import membership as groups

GROUP_ID = -1001000000001
TITLE = "Benchmark closers"
FIRST_USER_ID = 5_000_000
NOW = dt.datetime(2026, 11, 27, 16, 0, tzinfo=dt.UTC)  # Friday, just before the tally
WARMUP = 2
GOAL_MS = 100.0
HEADERS = ("backend", "method", "median ms", "p95 ms", "members")
PRIVACY = (Privacy.FULL, Privacy.FULL, Privacy.TOTALS, Privacy.HIDDEN)

Service = Callable[[Session], TallyText]


# --- seeding -----------------------------------------------------------------------------------


def seed(session: Session, members: int) -> int:
    """One group, `members` members, a week of entries each; returns the number of entries."""
    session.execute(
        insert(Group).values(id=GROUP_ID, title=TITLE, tz="Europe/Berlin", created_at=NOW)
    )
    ids = range(FIRST_USER_ID, FIRST_USER_ID + members)
    session.execute(
        insert(User),
        [
            {"id": uid, "first_name": f"Seller {uid - FIRST_USER_ID:04d}", "tz": "Europe/Berlin"}
            | {"created_at": NOW}
            for uid in ids
        ],
    )
    session.execute(
        insert(GroupMember),
        [
            {
                "group_id": GROUP_ID,
                "user_id": uid,
                "privacy": PRIVACY[uid % len(PRIVACY)].value,
                "mention": uid % 10 == 0,
                "joined_at": NOW,
            }
            for uid in ids
        ],
    )
    monday = week_start(local_day(NOW, ZoneInfo("Europe/Berlin")))
    entries = []
    for uid in ids:
        for offset in range(7):
            day = monday + dt.timedelta(days=offset)
            answer = Kind.YES if (uid + offset) % 3 == 0 else Kind.NO
            for kind, count in (
                (Kind.ASK, 1 + (uid + offset) % 6),
                (Kind.LEAD, 1 + uid % 4),
                (Kind.NURTURE, 1 + offset % 3),
                (answer, 1),
            ):
                entries.append(
                    {
                        "user_id": uid,
                        "kind": kind.value,
                        "count": count,
                        "local_date": day,
                        "created_at": NOW,
                    }
                )
    session.execute(insert(Entry), entries)
    return len(entries)


# --- the two methods ---------------------------------------------------------------------------


def bot_tally(session: Session) -> TallyText:
    """What the bot runs for /tally: settings, one grouped query, render."""
    return groups.week_tally(session, GROUP_ID, TITLE, NOW)


def naive_tally(session: Session) -> TallyText:
    """The N+1 version: one query per member for their entries, then the same render."""
    settings = db_groups.get(session, GROUP_ID)
    assert settings is not None
    first = week_start(local_day(NOW, ZoneInfo(settings.tz)))
    last = first + dt.timedelta(days=6)
    people = session.execute(
        select(User.id, User.first_name, GroupMember.privacy, GroupMember.mention)
        .join(GroupMember, GroupMember.user_id == User.id)
        .where(GroupMember.group_id == GROUP_ID)
    ).all()
    members = []
    for user_id, name, privacy, mention in people:
        rows = session.execute(
            select(Entry.kind, Entry.count).where(
                Entry.user_id == user_id,
                Entry.local_date >= first,
                Entry.local_date <= last,
                Entry.deleted_at.is_(None),
            )
        ).all()
        counts: dict[Kind, int] = {}
        for kind, count in rows:
            counts[Kind(kind)] = counts.get(Kind(kind), 0) + count
        members.append(
            MemberTally(user_id, name, Privacy(privacy), mention, Tally.from_counts(counts))
        )
    return render_tally(TITLE, first, last, members, settings.weekly_target)


def scheduled_tally(session: Session) -> TallyText:
    """The scheduled weekly tally: the same plus the group's weakest stage (one more query)."""
    return groups.week_tally(session, GROUP_ID, TITLE, NOW, weakest=True)


METHODS: tuple[tuple[str, Service], ...] = (
    ("bot: week_tally (grouped query + render)", bot_tally),
    ("naive: query per member + render", naive_tally),
    ("bot: week_tally + weakest stage (scheduled)", scheduled_tally),
)


# --- measuring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    backend: str
    method: str
    samples: tuple[float, ...]
    """Seconds per run."""
    members: int

    @property
    def median_ms(self) -> float:
        return median_ms(self.samples)

    @property
    def p95_ms(self) -> float:
        return p95_ms(self.samples)


def analyze(session: Session) -> None:
    """Planner statistics, as autovacuum gathers them soon after a bulk load in production."""
    session.execute(text("ANALYZE"))


async def timed(db: Database, service: Service, runs: int) -> tuple[float, ...]:
    for _ in range(WARMUP):
        await db.run(service)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await db.run(service)
        samples.append(time.perf_counter() - started)
    return tuple(samples)


async def measure(backend: str, url: str, members: int, runs: int) -> list[Result]:
    db = Database(url)
    try:
        entries = await db.run(functools.partial(seed, members=members))
        print(f"{backend}: seeded {members} members, {entries} entries", flush=True)
        if db.dialect == "postgresql":
            await db.run(analyze)
        ours, theirs = await db.run(bot_tally), await db.run(naive_tally)
        if ours != theirs:
            raise SystemExit(f"{backend}: the naive tally differs from the bot's")
        if len(ours.text) > 4096:
            raise SystemExit(f"{backend}: the tally is {len(ours.text)} characters long")
        return [
            Result(backend, name, await timed(db, service, runs), members)
            for name, service in METHODS
        ]
    finally:
        await db.dispose()


def run_all(members: int, runs: int, postgres: str | None) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-tally-") as directory:
        url = sqlite_url(Path(directory) / "tally.db")
        upgrade_to_head(url)  # runs its own event loop: outside asyncio.run
        results += asyncio.run(measure("SQLite", url, members, runs))
    if postgres is not None:
        pg_url, reason = postgres_url(postgres)
        if pg_url is None:
            print(f"PostgreSQL skipped: {reason}")
        else:
            reset_postgres(pg_url)
            results += asyncio.run(measure("PostgreSQL", pg_url, members, runs))
    return results


# --- reporting ---------------------------------------------------------------------------------


def table_rows(results: Sequence[Result]) -> list[tuple[str, ...]]:
    return [
        (r.backend, r.method, f"{r.median_ms:.1f}", f"{r.p95_ms:.1f}", str(r.members))
        for r in results
    ]


def verdicts(results: Sequence[Result]) -> list[str]:
    lines = []
    by_backend: dict[str, dict[str, Result]] = {}
    for result in results:
        by_backend.setdefault(result.backend, {})[result.method] = result
    for backend, methods in by_backend.items():
        ours, naive = (methods[name] for name, _ in METHODS[:2])
        status = "met" if ours.median_ms < GOAL_MS else "MISSED"
        speedup = naive.median_ms / ours.median_ms
        lines.append(
            f"{backend}: goal < {GOAL_MS:.0f} ms {status} "
            f"(median {ours.median_ms:.1f} ms; {speedup:.1f}× faster than the naive loop)"
        )
    return lines


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=1000, help="group size (default 1000)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per row (default 20)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="PostgreSQL URL (reset to an empty schema!); default $TEST_DATABASE_URL",
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.members < 1 or args.runs < 1:
        raise SystemExit("--members and --runs must be at least 1")
    results = run_all(args.members, args.runs, args.postgres)
    rows = table_rows(results)
    print()
    print(table(HEADERS, rows, args.markdown, left=2))
    print()
    for line in verdicts(results):
        print(line)
    print(machine_note(f"SQLAlchemy {sqlalchemy.__version__}"))


if __name__ == "__main__":
    main()
