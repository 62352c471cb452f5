"""The hot path of `/ask`: logging a private message in a few raw driver statements.

`services.log` through the ORM costs about 0.35 ms of SQLAlchemy per transaction (plus a
thread hop on SQLite) against 0.035 ms for the same statements on the driver. The common
case — a known, unblocked user logging in a private chat, no answer to match, not an edit —
therefore runs here, on the driver:

* SQLite: one `BEGIN IMMEDIATE` transaction on the event loop thread, on a connection from
  SQLAlchemy's pool kept for this path, with a busy timeout of 0: if another connection
  holds the write lock, nothing waits on the loop; the caller falls back to the ORM path,
  which waits on its own thread.
* PostgreSQL: autocommit statements on asyncpg's own pool. The local day stays a Python
  rule (`domain.entry_day`; in SQL it would use PostgreSQL's time zone data, which can
  disagree with Python's), so the day is worked out for the deployment's default zone,
  where most users are, and one statement reads the profile and, if the user is in that
  zone, inserts the entries and returns the day's tally: one round trip. For a user in
  another zone it inserts nothing, and the same statement runs again with the day worked
  out in the zone it read. A statement is its own transaction, so the entries are committed
  before the reply is sent.

Anything else — a new or blocked user, a changed first name, nothing inserted (a
re-delivered update) — returns None and the caller runs `services.log`, which handles every
case. Driver errors are raised as SQLAlchemy's `DBAPIError`, like the ORM path's.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection

from bot.db.dialect import sqlite_storage
from bot.db.entries import Logged, Source
from bot.db.models import UtcDateTime
from bot.db.users import PROFILE_COLUMNS, Profile, profile_from
from bot.domain import Kind, Tally, entry_day
from bot.parsing import EntryDraft

PROFILE_NAMES = tuple(column.name for column in PROFILE_COLUMNS)
_PROFILE_LIST = ", ".join(PROFILE_NAMES)
SQLITE_PROFILE = f"SELECT {_PROFILE_LIST} FROM users WHERE id = ?"
SQLITE_INSERT = (
    "INSERT INTO entries (user_id, kind, count, who, local_date, created_at, "
    "source_chat_id, source_message_id, source_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING"
)
SQLITE_DAY_TALLY = (
    "SELECT kind, sum(count) FROM entries "
    "WHERE user_id = ? AND local_date = ? AND deleted_at IS NULL GROUP BY kind"
)
_PROFILE_OUT = ", ".join(f"profile.{name}" for name in PROFILE_NAMES)
POSTGRES_LOG = f"""
WITH profile AS (
    SELECT {_PROFILE_LIST} FROM users WHERE id = $1
), usable AS (
    SELECT 1 FROM profile WHERE tz = $9 AND blocked_at IS NULL AND first_name = $10
), inserted AS (
    INSERT INTO entries (user_id, kind, count, who, local_date, created_at,
                         source_chat_id, source_message_id, source_seq)
    SELECT $1, draft.kind, draft.count, draft.who, $5, $6, $7, $8, draft.seq - 1
    FROM usable, unnest($2::varchar[], $3::integer[], $4::varchar[])
         WITH ORDINALITY AS draft(kind, count, who, seq)
    ON CONFLICT DO NOTHING
    RETURNING kind, count
), day AS (
    SELECT kind, sum(count)::bigint AS total, count(*) FILTER (WHERE fresh) AS fresh
    FROM (
        SELECT kind, count, false AS fresh FROM entries, usable
        WHERE user_id = $1 AND local_date = $5 AND deleted_at IS NULL
        UNION ALL
        SELECT kind, count, true FROM inserted
    ) AS stored
    GROUP BY kind
)
SELECT {_PROFILE_OUT}, day.kind AS day_kind, day.total AS day_total, day.fresh AS day_fresh
FROM profile LEFT JOIN day ON true
"""
"""The profile, and — only if the user is in zone $9, the one day $5 was worked out in,
unblocked and still named $10 — the entries inserted and the day's tally, in one
statement: one row per kind logged that day, each with the profile; the profile alone
when nothing was inserted. The snapshot does not see its own inserts, so the inserted
rows are added to the stored ones explicitly. WITH ORDINALITY numbers the drafts from 1;
source_seq counts from 0, as in `entries.log_entries`."""


@dataclass(frozen=True)
class QuickLog:
    """One private message's entries, as `services.log` would take them."""

    user_id: int
    first_name: str
    likely_tz: str  # the deployment's default zone: most users keep it
    drafts: tuple[EntryDraft, ...]
    days_back: int
    source: Source
    sent_at: dt.datetime
    now: dt.datetime


def eligible(drafts: Sequence[EntryDraft]) -> bool:
    """Drafts the quick path can store: an answer naming someone may close a pending ask,
    which only the ORM path does."""
    return bool(drafts) and not any(
        draft.kind in (Kind.YES, Kind.NO) and draft.who for draft in drafts
    )


def usable_profile(row: Mapping[str, Any] | None, first_name: str) -> Profile | None:
    """The profile when the row needs no update (exists, not blocked, same name)."""
    if row is None or row["blocked_at"] is not None or row["first_name"] != first_name[:64]:
        return None
    return profile_from(row)


def logged(quick: QuickLog, day: dt.date, counts: dict[Kind, int], inserted: int) -> Logged | None:
    """None when nothing was inserted: a re-delivered message goes the ORM way, which reads
    the tally after the other delivery committed."""
    if inserted == 0:
        return None
    return Logged(
        day=day,
        drafts=quick.drafts,
        day_tally=Tally.from_counts(counts),
        duplicate=False,
        answered=(),
    )


def day_of(profile: Profile, quick: QuickLog) -> dt.date:
    return entry_day(quick.sent_at, ZoneInfo(profile.tz), quick.days_back)


# --- SQLite ----------------------------------------------------------------------------------

_sqlite_date = sqlite_storage(Date())
_sqlite_datetime = sqlite_storage(UtcDateTime)


class SqliteQuickLog:
    """Runs on the event loop thread: a short transaction that never waits for a lock."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._pooled: PoolProxiedConnection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._pooled is None:
            pooled = self._engine.raw_connection()
            driver: sqlite3.Connection = pooled.driver_connection  # type: ignore[assignment]
            driver.execute("PRAGMA busy_timeout = 0")
            self._pooled = pooled
        return self._pooled.driver_connection  # type: ignore[return-value]

    def __call__(self, quick: QuickLog) -> tuple[Profile, Logged] | None:
        with self._driver_errors():
            connection = self._connection()
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                    return None  # another writer: the ORM path waits for it off the loop
                raise
            try:
                return self._log(connection, quick)
            finally:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")

    def _log(
        self, connection: sqlite3.Connection, quick: QuickLog
    ) -> tuple[Profile, Logged] | None:
        row = connection.execute(SQLITE_PROFILE, (quick.user_id,)).fetchone()
        values = None if row is None else dict(zip(PROFILE_NAMES, row, strict=True))
        profile = usable_profile(values, quick.first_name)
        if profile is None:
            return None
        day = day_of(profile, quick)
        stored_day, created_at = _sqlite_date(day), _sqlite_datetime(quick.now)
        inserted = 0
        for seq, draft in enumerate(quick.drafts):
            cursor = connection.execute(
                SQLITE_INSERT,
                (
                    quick.user_id,
                    draft.kind.value,
                    draft.count,
                    draft.who,
                    stored_day,
                    created_at,
                    quick.source.chat_id,
                    quick.source.message_id,
                    seq,
                ),
            )
            inserted += cursor.rowcount
        rows = connection.execute(SQLITE_DAY_TALLY, (quick.user_id, stored_day)).fetchall()
        result = logged(quick, day, {Kind(kind): int(total) for kind, total in rows}, inserted)
        if result is not None:
            connection.execute("COMMIT")
        return None if result is None else (profile, result)

    @contextmanager
    def _driver_errors(self) -> Iterator[None]:
        """sqlite3's errors as SQLAlchemy's; a failed connection is dropped from the pool."""
        try:
            yield
        except sqlite3.Error as exc:
            self.close()
            raise DBAPIError.instance(
                None, None, exc, sqlite3.Error, dialect=self._engine.dialect
            ) from exc

    def close(self) -> None:
        """Close the connection for good: with its busy timeout of 0 it must not go back
        to the pool, where the ORM path would get it."""
        pooled, self._pooled = self._pooled, None
        if pooled is not None:
            pooled.invalidate()


# --- PostgreSQL ------------------------------------------------------------------------------


class PostgresQuickLog:
    """Autocommit round trips on asyncpg's own pool (SQLAlchemy's checkout costs more than
    a round trip). Released connections skip asyncpg's reset query: the quick path leaves
    no session state behind."""

    def __init__(self, engine: AsyncEngine, max_connections: int) -> None:
        self._engine = engine
        self._max_connections = max_connections
        self._pool: Any = None
        self._opening = asyncio.Lock()

    async def _acquire(self) -> Any:
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    self._pool = await self._open()
        return self._pool.acquire()

    async def _open(self) -> Any:
        import asyncpg  # type: ignore[import-untyped]

        args, kwargs = self._engine.dialect.create_connect_args(self._engine.url)
        return await asyncpg.create_pool(
            *args, min_size=1, max_size=self._max_connections, reset=_keep_session, **kwargs
        )

    async def __call__(self, quick: QuickLog) -> tuple[Profile, Logged] | None:
        import asyncpg

        try:
            async with await self._acquire() as connection:
                return await self._log(connection, quick)
        except (asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise DBAPIError.instance(
                None, None, exc, asyncpg.PostgresError, dialect=self._engine.dialect
            ) from exc

    @staticmethod
    async def _log(connection: Any, quick: QuickLog) -> tuple[Profile, Logged] | None:
        """One round trip for a user in the likely zone; for a user elsewhere, a second in
        the zone the first one read."""
        profile, result = await _log_in_zone(connection, quick, quick.likely_tz)
        if profile is not None and profile.tz != quick.likely_tz:
            profile, result = await _log_in_zone(connection, quick, profile.tz)
        return None if profile is None or result is None else (profile, result)

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()


async def _log_in_zone(
    connection: Any, quick: QuickLog, tz: str
) -> tuple[Profile | None, Logged | None]:
    """POSTGRES_LOG with the day of zone `tz`: the usable profile (None for a stranger,
    blocked or renamed user) and what was logged (None unless the user is in `tz` and
    something was inserted)."""
    day, drafts = entry_day(quick.sent_at, ZoneInfo(tz), quick.days_back), quick.drafts
    rows = await connection.fetch(
        POSTGRES_LOG,
        quick.user_id,
        [draft.kind.value for draft in drafts],
        [draft.count for draft in drafts],
        [draft.who for draft in drafts],
        day,
        quick.now,
        quick.source.chat_id,
        quick.source.message_id,
        tz,
        quick.first_name[:64],
    )
    profile = usable_profile(rows[0] if rows else None, quick.first_name)
    if profile is None or profile.tz != tz:
        return profile, None
    counts = {Kind(row["day_kind"]): int(row["day_total"]) for row in rows if row["day_kind"]}
    return profile, logged(quick, day, counts, sum(row["day_fresh"] or 0 for row in rows))


async def _keep_session(_connection: Any) -> None:
    """asyncpg's pool `reset` hook: nothing to undo (see PostgresQuickLog)."""
