"""Answers close pending asks: which ask a named yes or no is for (forgiving, by
`bot.core.answer_match`), and the press that picks one of several candidates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.answer_match import Answered, Candidates, Match, Press, match_pending, name_key
from bot.core.domain import Kind
from bot.db.models import Entry

ANSWERS = (Kind.YES.value, Kind.NO.value)


def answer_pending(
    session: Session, user_id: int, who: str, answer_id: int, *, tagged: bool
) -> Answered:
    """Close the most recent pending ask that `who` names (see `match_pending`)."""
    rows = _asks(session, user_id, pending=True)
    found = match_pending(who, [row.who for row in rows])
    if isinstance(found, Match):
        ask = next(row for row in rows if name_key(row.who) == name_key(found.name))
        _close(session, ask.id, ask.tags, answer_id, tagged=tagged)
        return Answered(who, answer_id, closed=ask.who)
    if isinstance(found, Candidates):
        latest = {name_key(row.who): row for row in reversed(rows)}  # the newest of each name
        picks = tuple((latest[name_key(name)].id, name) for name in found.names)
        return Answered(who, answer_id, choices=picks)
    earlier = match_pending(who, [row.who for row in _asks(session, user_id, pending=False)])
    if isinstance(earlier, Match):
        return Answered(who, answer_id, already=earlier.name)
    return Answered(who, answer_id, waiting=found.open)


def close_chosen(session: Session, user_id: int, answer_id: int, ask_id: int) -> tuple[Press, str]:
    """A press on one of several candidates: close that ask with that answer, once. Both must
    be the presser's and still stand; an answer closes one ask only. Returns the ask's name."""
    answer = session.execute(
        select(Entry.tags).where(
            Entry.id == answer_id,
            Entry.user_id == user_id,
            Entry.kind.in_(ANSWERS),
            Entry.deleted_at.is_(None),
        )
    ).one_or_none()
    ask = session.execute(
        select(Entry.who, Entry.tags, Entry.answered_by_id).where(
            Entry.id == ask_id,
            Entry.user_id == user_id,
            Entry.kind == Kind.ASK.value,
            Entry.deleted_at.is_(None),
        )
    ).one_or_none()
    if answer is None or ask is None:
        return Press.GONE, ""
    closed_before = session.execute(
        select(Entry.who).where(Entry.answered_by_id == answer_id).limit(1)
    ).scalar_one_or_none()
    if closed_before is not None:
        return Press.ALREADY, closed_before or ""
    if ask.answered_by_id is not None:
        return Press.ALREADY, ask.who or ""
    _close(session, ask_id, ask.tags, answer_id, tagged=bool(answer.tags))
    return Press.CLOSED, ask.who or ""


def _asks(session: Session, user_id: int, *, pending: bool) -> list[_Ask]:
    """The user's named asks still standing, newest first: pending or already answered."""
    answered = Entry.answered_by_id.is_(None) if pending else Entry.answered_by_id.is_not(None)
    rows = session.execute(
        select(Entry.id, Entry.who, Entry.tags)
        .where(
            Entry.user_id == user_id,
            Entry.kind == Kind.ASK.value,
            Entry.who.is_not(None),
            answered,
            Entry.deleted_at.is_(None),
        )
        .order_by(Entry.created_at.desc(), Entry.id.desc())
    ).all()
    return [_Ask(row.id, row.who or "", row.tags) for row in rows]


@dataclass(frozen=True)
class _Ask:
    id: int
    who: str
    tags: str | None


def _close(
    session: Session, ask_id: int, ask_tags: str | None, answer_id: int, *, tagged: bool
) -> None:
    """Mark the ask answered; an untagged answer takes the ask's tags (the yes belongs to the
    path that asked)."""
    session.execute(update(Entry).where(Entry.id == ask_id).values(answered_by_id=answer_id))
    if ask_tags and not tagged:
        session.execute(update(Entry).where(Entry.id == answer_id).values(tags=ask_tags))
