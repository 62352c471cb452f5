"""The inbox: updates stored as Telegram delivered them, handled from here, marked done.

An update is stored (one statement per getUpdates batch or webhook POST) before Telegram is
told it arrived, so a crash at any moment leaves it here or still at Telegram. The
dispatcher reads only the oldest waiting update of each chat it may start now (the partial
index `ix_inbox_pending` holds waiting updates only, in order), so a chat's backlog stays on
disk and never in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import BigInteger, Table, Text, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from bot.db.dialect import among, dialect_of
from bot.db.models import InboxLease, InboxUpdate, UtcDateTime

INBOX = cast(Table, InboxUpdate.__table__)
"""Inserted through Core: the ORM's bulk insert cost 2-3x as much."""
LEASES = cast(Table, InboxLease.__table__)
LEASE = dt.timedelta(seconds=5)
"""How long a chat stays with an instance without a renewal (each dispatch round renews):
what a crashed instance's chats wait before another instance takes them."""


@dataclass(frozen=True, slots=True)
class Arrival:
    """One update as received: its id, who it belongs to, and its JSON."""

    update_id: int
    chat_key: int  # the chat's id, else the user's, else 0: one chat's updates run in order
    user_id: int | None
    payload: str


def store(session: Session, arrivals: Sequence[Arrival], now: dt.datetime) -> int:
    """Store updates not seen before (a redelivered one is ignored); return how many were new.

    One statement either way. PostgreSQL: the batch as four arrays, unnested (one round
    trip; a multi-row executemany took twice as long, and a flood's backlog is stored
    before anyone else's update is reached). SQLite: executemany, in process anyway."""
    if not arrivals:
        return 0
    if dialect_of(session) == "postgresql":
        columns = {
            "update_ids": [arrival.update_id for arrival in arrivals],
            "chat_keys": [arrival.chat_key for arrival in arrivals],
            "user_ids": [arrival.user_id for arrival in arrivals],
            "payloads": [arrival.payload for arrival in arrivals],
        }
        return len(session.execute(_STORE_UNNESTED, {**columns, "now": now}).all())
    rows = [
        {
            "update_id": arrival.update_id,
            "chat_key": arrival.chat_key,
            "user_id": arrival.user_id,
            "payload": arrival.payload,
            "received_at": now,
        }
        for arrival in arrivals
    ]
    statement = sqlite.insert(INBOX).on_conflict_do_nothing().returning(INBOX.c.update_id)
    return len(session.execute(statement, rows).all())


def _store_unnested() -> Any:
    batch = (
        func.unnest(
            bindparam("update_ids", type_=ARRAY(BigInteger)),
            bindparam("chat_keys", type_=ARRAY(BigInteger)),
            bindparam("user_ids", type_=ARRAY(BigInteger)),
            bindparam("payloads", type_=ARRAY(Text)),
        )
        .table_valued("update_id", "chat_key", "user_id", "payload")
        .render_derived()
    )
    rows = select(*batch.c, bindparam("now", type_=UtcDateTime))
    names = ["update_id", "chat_key", "user_id", "payload", "received_at"]
    return (
        postgresql.insert(INBOX)
        .from_select(names, rows)
        .on_conflict_do_nothing()
        .returning(INBOX.c.update_id)
    )


_STORE_UNNESTED = _store_unnested()


def next_heads(session: Session, *, exclude: Collection[int], limit: int) -> list[Arrival]:
    """The oldest waiting update of some chats not in `exclude` (busy or resting), oldest
    first: at least one when any waits, at most `limit`.

    It walks the waiting updates in order on `ix_inbox_pending` and keeps each chat's first,
    so it costs what lies before the first `limit` eligible rows (a resting flood's backlog
    is skipped on the index), never a pass over every chat's backlog."""
    oldest = (
        select(InboxUpdate.update_id, InboxUpdate.chat_key)
        .where(InboxUpdate.done_at.is_(None))
        .order_by(InboxUpdate.update_id)
        .limit(limit)
    )
    if exclude:
        oldest = oldest.where(~among(session, InboxUpdate.chat_key, exclude))
    heads: dict[int, int] = {}
    for update_id, chat_key in session.execute(oldest):
        heads.setdefault(chat_key, update_id)
    if not heads:
        return []
    rows = session.execute(
        select(
            InboxUpdate.update_id,
            InboxUpdate.chat_key,
            InboxUpdate.user_id,
            InboxUpdate.payload,
        )
        .where(among(session, InboxUpdate.update_id, heads.values()))
        .order_by(InboxUpdate.update_id)
    ).all()
    return [Arrival(*row) for row in rows]


def mark_done(session: Session, update_ids: Collection[int], now: dt.datetime) -> None:
    if update_ids:
        handled = among(session, InboxUpdate.update_id, update_ids)
        session.execute(update(InboxUpdate).where(handled).values(done_at=now))


def waiting(session: Session, chat_key: int | None = None) -> int:
    """How many updates wait (of one chat, or in all)."""
    statement = select(func.count()).select_from(InboxUpdate).where(InboxUpdate.done_at.is_(None))
    if chat_key is not None:
        statement = statement.where(InboxUpdate.chat_key == chat_key)
    return int(session.execute(statement).scalar_one())


def prune(session: Session, done_before: dt.datetime) -> int:
    """Forget updates handled before `done_before`; return how many."""
    result = session.execute(delete(InboxUpdate).where(InboxUpdate.done_at < done_before))
    return int(getattr(result, "rowcount", 0) or 0)


def claim(
    session: Session, chat_keys: Collection[int], owner: str, now: dt.datetime, until: dt.datetime
) -> set[int]:
    """Lease these chats to `owner` until `until`, where no other instance holds a live lease;
    return the chats now leased to `owner` (one statement)."""
    if not chat_keys:
        return set()
    insert = postgresql.insert if dialect_of(session) == "postgresql" else sqlite.insert
    rows = [{"chat_key": key, "owner": owner, "until": until} for key in chat_keys]
    values = insert(LEASES).values(rows)
    statement = values.on_conflict_do_update(
        index_elements=[LEASES.c.chat_key],
        set_={"owner": values.excluded.owner, "until": values.excluded.until},
        where=(LEASES.c.until < now) | (LEASES.c.owner == owner),
    ).returning(LEASES.c.chat_key)
    return set(session.execute(statement).scalars())


def renew(session: Session, chat_keys: Collection[int], owner: str, until: dt.datetime) -> None:
    if chat_keys:
        mine = (LEASES.c.owner == owner) & among(session, LEASES.c.chat_key, chat_keys)
        session.execute(update(LEASES).where(mine).values(until=until))


def release(session: Session, chat_keys: Collection[int] | None, owner: str) -> None:
    """Give up `owner`'s leases of these chats (None: all of them)."""
    if chat_keys is None:
        session.execute(delete(LEASES).where(LEASES.c.owner == owner))
    elif chat_keys:
        mine = (LEASES.c.owner == owner) & among(session, LEASES.c.chat_key, chat_keys)
        session.execute(delete(LEASES).where(mine))


def still_waiting(session: Session, update_ids: Collection[int]) -> set[int]:
    """Those of `update_ids` not yet done: read after a claim, so that an update another
    instance finished before the claim is not handled again."""
    if not update_ids:
        return set()
    statement = select(InboxUpdate.update_id).where(
        among(session, InboxUpdate.update_id, update_ids), InboxUpdate.done_at.is_(None)
    )
    return set(session.execute(statement).scalars())


def settle_and_read(
    session: Session,
    *,
    done: dict[int, int],
    held: set[int],
    owner: str,
    now: dt.datetime,
    limit: int,
    stopping: bool,
) -> list[Arrival]:
    """Mark `done` (chat key → update id) done and free those chats; renew the leases of the
    chats still `held` (running or resting); then read up to `limit` waiting updates of other
    chats and keep those whose chat this instance could lease and that are still waiting."""
    mark_done(session, done.values(), now)
    release(session, None if stopping else done.keys(), owner)
    until = now + LEASE
    renew(session, held, owner, until)
    heads = next_heads(session, exclude=held, limit=limit) if limit else []
    if not heads:
        return []
    leased = claim(session, {head.chat_key for head in heads}, owner, now, until)
    waiting = still_waiting(session, [head.update_id for head in heads if head.chat_key in leased])
    kept = [head for head in heads if head.update_id in waiting]
    release(session, leased - {head.chat_key for head in kept}, owner)
    return kept
