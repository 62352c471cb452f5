"""The quick log path on PostgreSQL: autocommit statements on a few asyncpg connections.

The local day stays a Python rule (`domain.entry_day`; in SQL it would use PostgreSQL's
time zone data, which can disagree with Python's), so the day is worked out for the
deployment's default zone, where most users are, and one statement reads the profile and,
if the user is in that zone, inserts the entries and returns the day's tally: one round
trip. For a user in another zone it inserts nothing, and the same statement runs again
with the day worked out in the zone it read. A statement is its own transaction, so the
entries are committed before the reply is sent.

Messages that arrive while the connections are busy are logged together (`Batcher`): one
statement, `POSTGRES_LOG_MANY`, for all of them, and one commit. A lone message takes
`POSTGRES_LOG`, the same work for one user, which was 0.2–0.45 ms faster than the group
statement with a group of one (p50 of 500 sequential calls each, measured ad hoc). If a
group's statement fails, each message of the group is tried again on its own, so that one
bad message cannot cost the others their log.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any

from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.domain import Kind
from bot.db.batcher import Batcher
from bot.db.driver_pool import DriverPool
from bot.db.entry_store import Logged
from bot.db.quicklog import (
    PROFILE_LIST,
    PROFILE_NAMES,
    QuickLog,
    day_of,
    logged,
    usable_profile,
)
from bot.db.user_store import Profile

Done = tuple[Profile, Logged] | None
"""The profile and what was logged; None: the caller runs `services.log`."""
Outcome = tuple[Profile | None, Logged | None]
"""One statement's word on one message: the usable profile (None for a stranger, a blocked
or renamed user) and what was logged (None unless the user is in the statement's zone and
something was inserted)."""

MAX_GROUP = 64
"""Messages logged by one statement at most."""

_PROFILE_OUT = ", ".join(f"profile.{name}" for name in PROFILE_NAMES)
POSTGRES_LOG = f"""
WITH profile AS (
    SELECT {PROFILE_LIST} FROM users WHERE id = $1
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

_USERS_OUT = ", ".join(f"users.{name}" for name in PROFILE_NAMES)
POSTGRES_LOG_MANY = f"""
WITH message AS (
    SELECT * FROM unnest($1::integer[], $2::bigint[], $3::date[], $4::timestamptz[],
                         $5::bigint[], $6::bigint[], $7::varchar[], $8::varchar[])
         AS message(item, user_id, day, created_at, chat_id, message_id, tz, first_name)
), profile AS (
    SELECT message.item, {_USERS_OUT} FROM message JOIN users ON users.id = message.user_id
), usable AS (
    SELECT message.* FROM message JOIN profile USING (item)
    WHERE profile.tz = message.tz AND profile.blocked_at IS NULL
      AND profile.first_name = message.first_name
), inserted AS (
    INSERT INTO entries (user_id, kind, count, who, local_date, created_at,
                         source_chat_id, source_message_id, source_seq)
    SELECT usable.user_id, draft.kind, draft.count, draft.who, usable.day,
           usable.created_at, usable.chat_id, usable.message_id, draft.seq
    FROM usable JOIN unnest($9::integer[], $10::varchar[], $11::integer[], $12::varchar[],
                            $13::smallint[]) AS draft(item, kind, count, who, seq) USING (item)
    ON CONFLICT DO NOTHING
    RETURNING user_id, kind, count
), day AS (
    SELECT usable.item, stored.kind, sum(stored.count)::bigint AS total,
           count(*) FILTER (WHERE stored.fresh) AS fresh
    FROM usable CROSS JOIN LATERAL (
        SELECT kind, count, false AS fresh FROM entries
        WHERE entries.user_id = usable.user_id AND local_date = usable.day
          AND deleted_at IS NULL
        UNION ALL
        SELECT kind, count, true FROM inserted WHERE inserted.user_id = usable.user_id
    ) AS stored
    GROUP BY usable.item, stored.kind
)
SELECT profile.*, day.kind AS day_kind, day.total AS day_total, day.fresh AS day_fresh
FROM profile LEFT JOIN day USING (item)
"""
"""POSTGRES_LOG for several messages of different users at once: `item` numbers the
messages ($1–$8, one element each) and ties each draft ($9–$13) to its message. One row
per message and kind logged that day, each with the message's item and profile."""


class PostgresQuickLog:
    """`connections` lanes, each flushing the messages that waited for it (see `Batcher`)
    on its own asyncpg connection (`DriverPool`: SQLAlchemy's checkout costs more than a
    round trip, asyncpg's pool a tenth of the path's CPU)."""

    def __init__(self, engine: AsyncEngine, connections: int) -> None:
        self._engine = engine
        self._pool: DriverPool[Any] = DriverPool(self._connect, connections)
        self._groups: Batcher[QuickLog, Done] = Batcher(
            self._flush, key=attrgetter("user_id"), lanes=connections, max_batch=MAX_GROUP
        )

    async def _connect(self) -> Any:
        import asyncpg  # type: ignore[import-untyped]

        args, kwargs = self._engine.dialect.create_connect_args(self._engine.url)
        return await asyncpg.connect(*args, **kwargs)

    async def __call__(self, quick: QuickLog) -> Done:
        return await self._groups.submit(quick)

    async def _flush(self, quicks: Sequence[QuickLog]) -> Sequence[Done | BaseException]:
        return await self._pool.run(functools.partial(self._log_all, quicks=quicks))

    async def _log_all(
        self, connection: Any, quicks: Sequence[QuickLog]
    ) -> Sequence[Done | BaseException]:
        """The group's statement, then each message's own where the group's did not do it
        all (a user in another zone; every message when the group's statement failed):
        an error there is that message's alone."""
        import asyncpg

        driver_errors = (asyncpg.PostgresError, asyncpg.InterfaceError)
        firsts: Sequence[Outcome | None] = [None] * len(quicks)
        if len(quicks) > 1:
            try:
                firsts = await _log_group(connection, quicks)
            except driver_errors as exc:
                if connection.is_closed():  # the connection, not a message: all fail alike
                    raise self._as_dbapi(exc) from exc
        results: list[Done | BaseException] = []
        for quick, first in zip(quicks, firsts, strict=True):
            try:
                results.append(await _finish(connection, quick, first))
            except driver_errors as exc:
                results.append(self._as_dbapi(exc))
        return results

    def _as_dbapi(self, exc: Exception) -> StatementError:
        """The driver's error as SQLAlchemy's, like the ORM path raises it."""
        import asyncpg

        error = DBAPIError.instance(
            None, None, exc, asyncpg.PostgresError, dialect=self._engine.dialect
        )
        error.__cause__ = exc
        return error

    async def close(self) -> None:
        await self._groups.close()
        await self._pool.close()


async def _finish(connection: Any, quick: QuickLog, first: Outcome | None) -> Done:
    """A message's outcome in the likely zone — `first`, or one round trip now — and, for
    a user found elsewhere, a second round trip in the zone it read."""
    if first is None:
        first = await _log_in_zone(connection, quick, quick.likely_tz)
    profile, result = first
    if profile is not None and profile.tz != quick.likely_tz:
        profile, result = await _log_in_zone(connection, quick, profile.tz)
    return None if profile is None or result is None else (profile, result)


async def _log_in_zone(connection: Any, quick: QuickLog, tz: str) -> Outcome:
    """POSTGRES_LOG with the day of zone `tz`."""
    day, drafts = day_of(quick, tz), quick.drafts
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
    return _outcome(quick, tz, day, rows)


async def _log_group(connection: Any, quicks: Sequence[QuickLog]) -> list[Outcome]:
    """POSTGRES_LOG_MANY, each message with the day of the likely zone."""
    days = [day_of(quick, quick.likely_tz) for quick in quicks]
    drafts = [
        (item, seq, draft)
        for item, quick in enumerate(quicks)
        for seq, draft in enumerate(quick.drafts)
    ]
    rows = await connection.fetch(
        POSTGRES_LOG_MANY,
        list(range(len(quicks))),
        [quick.user_id for quick in quicks],
        days,
        [quick.now for quick in quicks],
        [quick.source.chat_id for quick in quicks],
        [quick.source.message_id for quick in quicks],
        [quick.likely_tz for quick in quicks],
        [quick.first_name[:64] for quick in quicks],
        [item for item, _seq, _draft in drafts],
        [draft.kind.value for _item, _seq, draft in drafts],
        [draft.count for _item, _seq, draft in drafts],
        [draft.who for _item, _seq, draft in drafts],
        [seq for _item, seq, _draft in drafts],
    )
    by_item: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_item[row["item"]].append(row)
    return [
        _outcome(quick, quick.likely_tz, days[item], by_item[item])
        for item, quick in enumerate(quicks)
    ]


def _outcome(quick: QuickLog, tz: str, day: dt.date, rows: Sequence[Mapping[str, Any]]) -> Outcome:
    """One message's rows of either statement: its usable profile, and what was logged if
    the user is in zone `tz`."""
    profile = usable_profile(rows[0] if rows else None, quick.first_name)
    if profile is None or profile.tz != tz:
        return profile, None
    counts = {Kind(row["day_kind"]): int(row["day_total"]) for row in rows if row["day_kind"]}
    return profile, logged(quick, day, counts, sum(row["day_fresh"] or 0 for row in rows))
