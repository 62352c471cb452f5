"""Entries: logging (idempotent per source message), edits, undo, answers and tallies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from bot.core.answer_match import Answered
from bot.core.domain import Kind, Source, Tally, Undone
from bot.core.parsing import EntryDraft
from bot.core.paths import tags_text
from bot.db.answer_store import answer_pending
from bot.db.dialect import among, dialect_of, per_dialect
from bot.db.models import Entry

_ENTRIES = Entry.__table__
_INSERT = per_dialect(
    lambda insert: insert(_ENTRIES).on_conflict_do_nothing().returning(_ENTRIES.c.id)
)
_TALLY = (
    select(_ENTRIES.c.kind, func.sum(_ENTRIES.c.count))
    .where(
        _ENTRIES.c.user_id == bindparam("user_id"),
        _ENTRIES.c.local_date >= bindparam("first"),
        _ENTRIES.c.local_date <= bindparam("last"),
        _ENTRIES.c.deleted_at.is_(None),
    )
    .group_by(_ENTRIES.c.kind)
)


@dataclass(frozen=True)
class Logged:
    day: dt.date
    drafts: tuple[EntryDraft, ...]
    day_tally: Tally
    duplicate: bool
    answers: tuple[Answered, ...]
    """What each named yes or no did to the pending asks."""


def log_entries(
    session: Session,
    user_id: int,
    drafts: tuple[EntryDraft, ...],
    day: dt.date,
    source: Source,
    now: dt.datetime,
    *,
    replace: bool = False,
    tags: tuple[str, ...] = (),
) -> Logged:
    """Store the drafts for `day`, tagged with `tags`. `replace` swaps what an edited message
    logged before. An untagged answer takes the tags of the ask it answers."""
    if replace:
        session.execute(
            delete(Entry).where(
                Entry.source_chat_id == source.chat_id,
                Entry.source_message_id == source.message_id,
                Entry.user_id == user_id,
            )
        )
    inserted = 0
    answers: list[Answered] = []
    connection = session.connection()
    statement = _INSERT[dialect_of(session)]
    for seq, draft in enumerate(drafts):
        result = connection.execute(
            statement,
            {
                "user_id": user_id,
                "kind": draft.kind.value,
                "count": draft.count,
                "who": draft.who,
                "tags": tags_text(tags),
                "local_date": day,
                "created_at": now,
                "source_chat_id": source.chat_id,
                "source_message_id": source.message_id,
                "source_seq": source.part + seq,
                "answered_by_id": None,
                "deleted_at": None,
            },
        )
        entry_id = result.scalar_one_or_none()
        if entry_id is None:
            continue
        inserted += 1
        if draft.kind in (Kind.YES, Kind.NO) and draft.who:
            answers.append(answer_pending(session, user_id, draft.who, entry_id, tagged=bool(tags)))
    return Logged(
        day=day,
        drafts=drafts,
        day_tally=tally(session, user_id, day, day),
        duplicate=inserted == 0 and bool(drafts),
        answers=tuple(answers),
    )


def undo_last(session: Session, user_id: int, now: dt.datetime, by: Source) -> list[Undone]:
    """Soft-delete what the user's most recent log stored — every entry of that one message,
    as its undo button does (history is kept) — and say what it was. `by` is the /undo
    message: handled again, it answers the same and removes nothing more."""
    again = undone_by(session, user_id, by)
    if again:
        return again
    row = session.execute(
        select(Entry.id, Entry.source_chat_id, Entry.source_message_id)
        .where(Entry.user_id == user_id, Entry.deleted_at.is_(None))
        .order_by(Entry.created_at.desc(), Entry.id.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        return []
    if row.source_chat_id is None or row.source_message_id is None:
        return _undo(session, [Entry.id == row.id], now, by)
    last = Source(row.source_chat_id, row.source_message_id)
    return undo_source(session, user_id, last, now, by)


def undo_source(
    session: Session, user_id: int, source: Source, now: dt.datetime, by: Source | None = None
) -> list[Undone]:
    """Soft-delete what one message logged (the `undo` button; /undo, `by` its message);
    nothing twice."""
    return _undo(
        session,
        [
            Entry.user_id == user_id,
            Entry.source_chat_id == source.chat_id,
            Entry.source_message_id == source.message_id,
        ],
        now,
        by,
    )


def undone_by(session: Session, user_id: int, by: Source) -> list[Undone]:
    """What the /undo message `by` removed before (nothing if it is new)."""
    rows = session.execute(
        select(Entry.kind, Entry.count.label("amount"), Entry.who, Entry.local_date)
        .where(
            Entry.undone_by_chat_id == by.chat_id,
            Entry.undone_by_message_id == by.message_id,
            Entry.user_id == user_id,
        )
        .order_by(Entry.id)
    ).all()
    return [Undone(Kind(r.kind), r.amount, r.who, r.local_date) for r in rows]


def _undo(
    session: Session, where: list[ColumnElement[bool]], now: dt.datetime, by: Source | None
) -> list[Undone]:
    rows = session.execute(
        select(Entry.id, Entry.kind, Entry.count.label("amount"), Entry.who, Entry.local_date)
        .where(*where, Entry.deleted_at.is_(None))
        .order_by(Entry.id)
    ).all()
    _soft_delete(session, [row.id for row in rows], now, by)
    return [Undone(Kind(r.kind), r.amount, r.who, r.local_date) for r in rows]


def _soft_delete(
    session: Session, entry_ids: list[int], now: dt.datetime, by: Source | None
) -> None:
    if not entry_ids:
        return
    undone: dict[str, object] = {"deleted_at": now}
    if by is not None:
        undone |= {"undone_by_chat_id": by.chat_id, "undone_by_message_id": by.message_id}
    session.execute(update(Entry).where(Entry.id.in_(entry_ids)).values(undone))
    # An undone answer re-opens the ask it answered.
    session.execute(
        update(Entry).where(Entry.answered_by_id.in_(entry_ids)).values(answered_by_id=None)
    )


def tally(session: Session, user_id: int, first: dt.date, last: dt.date) -> Tally:
    """Counts per kind for local days first..last (inclusive), ignoring undone entries."""
    rows = session.connection().execute(_TALLY, {"user_id": user_id, "first": first, "last": last})
    return Tally.from_counts({Kind(kind): int(total) for kind, total in rows})


def lifetime_tally(session: Session, user_id: int) -> Tally:
    return tally(session, user_id, dt.date.min, dt.date.max)


def first_days(session: Session, user_ids: list[int]) -> dict[int, dt.date]:
    """Each user's first local day with an entry (users with none are absent)."""
    rows = session.execute(
        select(Entry.user_id, func.min(Entry.local_date))
        .where(among(session, Entry.user_id, user_ids), Entry.deleted_at.is_(None))
        .group_by(Entry.user_id)
    )
    return {user_id: day for user_id, day in rows}


def first_day(session: Session, user_id: int) -> dt.date | None:
    return first_days(session, [user_id]).get(user_id)


def pending_asks(session: Session, user_id: int) -> list[tuple[str, dt.date]]:
    """Named asks with no yes/no yet, oldest first: (who, local day)."""
    rows = session.execute(
        select(Entry.who, Entry.local_date)
        .where(
            Entry.user_id == user_id,
            Entry.kind == Kind.ASK.value,
            Entry.who.is_not(None),
            Entry.answered_by_id.is_(None),
            Entry.deleted_at.is_(None),
        )
        .order_by(Entry.local_date, Entry.id)
    ).all()
    return [(who or "", day) for who, day in rows]


def last_message_ids(session: Session) -> dict[int, int]:
    """The highest message id stored per source chat: where a chat seen in an earlier run of
    the console (which numbers its own messages) must go on counting."""
    rows = session.execute(
        select(Entry.source_chat_id, func.max(Entry.source_message_id)).group_by(
            Entry.source_chat_id
        )
    )
    return {chat: last for chat, last in rows if chat is not None and last is not None}
