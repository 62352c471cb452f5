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

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.db.dialect import among, insert_ignoring_duplicates
from bot.db.models import InboxUpdate


@dataclass(frozen=True, slots=True)
class Arrival:
    """One update as received: its id, who it belongs to, and its JSON."""

    update_id: int
    chat_key: int  # the chat's id, else the user's, else 0: one chat's updates run in order
    user_id: int | None
    payload: str


def store(session: Session, arrivals: Sequence[Arrival], now: dt.datetime) -> int:
    """Store updates not seen before (a redelivered one is ignored); return how many were new."""
    if not arrivals:
        return 0
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
    table = InboxUpdate.__table__  # a Core insert: the ORM's bulk path cost 2-3x as much
    statement = insert_ignoring_duplicates(session, table).returning(table.c.update_id)
    return len(session.execute(statement, rows).all())


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


def mark_done(session: Session, update_id: int, now: dt.datetime) -> None:
    session.execute(
        update(InboxUpdate).where(InboxUpdate.update_id == update_id).values(done_at=now)
    )


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
