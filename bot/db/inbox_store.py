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
from bot.db.models import InboxUpdate, UtcDateTime

INBOX = cast(Table, InboxUpdate.__table__)
"""Inserted through Core: the ORM's bulk insert cost 2-3x as much."""


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
