"""Re-asks: named no's with what became of them, the decisions the buttons record, the claim
of due re-asks for a nudge, and how many re-asks were made and turned into a yes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, delete, exists, func, select, text
from sqlalchemy.orm import Session, aliased

from bot.core.domain import Kind
from bot.core.reasks import REASKS_PER_NUDGE, DueReask, NamedNo, due_reasks
from bot.core.schedule import Slot
from bot.db.dialect import among
from bot.db.models import NAMED_NO, Entry, Nudge, Reask
from bot.db.nudge_rows import Claimed, insert_nudges

REASK_PREFIX = "reask:"
"""Nudge slot of a re-ask: with the day it fell due, each offer goes out once."""

_LATER = aliased(Entry)


def _asked_since() -> Any:
    return exists().where(
        and_(
            _LATER.user_id == Entry.user_id,
            _LATER.kind == Kind.ASK.value,
            func.lower(_LATER.who) == func.lower(Entry.who),
            _LATER.id > Entry.id,
            _LATER.deleted_at.is_(None),
        )
    )


def named_nos(
    session: Session, user_ids: list[int], no_entry_id: int | None = None
) -> dict[int, list[NamedNo]]:
    """Every named no of the users (or just `no_entry_id`), with its decision."""
    statement = (
        select(
            Entry.id,
            Entry.user_id,
            Entry.who,
            Entry.local_date,
            Reask.decision,
            Reask.not_before,
            _asked_since().label("asked_since"),
        )
        .outerjoin(Reask, Reask.no_entry_id == Entry.id)
        .where(
            among(session, Entry.user_id, user_ids),
            text(NAMED_NO),  # as written in the partial index, so the planner can use it
            Entry.deleted_at.is_(None),
        )
    )
    if no_entry_id is not None:
        statement = statement.where(Entry.id == no_entry_id)
    found: dict[int, list[NamedNo]] = defaultdict(list)
    for row in session.execute(statement):
        found[row.user_id].append(
            NamedNo(
                row.id,
                row.who or "",
                row.local_date,
                row.decision,
                row.not_before,
                bool(row.asked_since),
            )
        )
    return found


def due(session: Session, user_id: int, today: dt.date, delay_days: int) -> list[DueReask]:
    return due_reasks(named_nos(session, [user_id]).get(user_id, []), today, delay_days)


def no_tags(session: Session, no_entry_id: int) -> str | None:
    return session.execute(select(Entry.tags).where(Entry.id == no_entry_id)).scalar_one_or_none()


def decide(
    session: Session,
    no_entry_id: int,
    user_id: int,
    decision: str,
    now: dt.datetime,
    not_before: dt.date | None = None,
) -> None:
    """Record (or replace) what the user decided about re-asking one no."""
    session.execute(delete(Reask).where(Reask.no_entry_id == no_entry_id))
    session.add(
        Reask(
            no_entry_id=no_entry_id,
            user_id=user_id,
            decision=decision,
            not_before=not_before,
            decided_at=now,
        )
    )
    session.flush()


def claim_reasks(
    session: Session, sendable: dict[int, tuple[Any, Slot]], full: set[int], now: dt.datetime
) -> list[Claimed]:
    """Due re-asks for users at a reminder slot, except those at capacity (`full`): up to
    REASKS_PER_NUDGE names each, every name once per due day (a claim row per name).
    `sendable` rows carry reask_days."""
    plans = {
        uid: (slot.day, row.reask_days)
        for uid, (row, slot) in sendable.items()
        if row.reask_days > 0 and uid not in full
    }
    if not plans:
        return []
    nos = named_nos(session, list(plans))
    due_now = {uid: due_reasks(nos.get(uid, []), day, delay) for uid, (day, delay) in plans.items()}
    offered = _offered(session, due_now)
    keys: list[tuple[int, dt.date, str]] = []
    for uid, reasks in due_now.items():
        fresh = [r for r in reasks if (uid, r.due_on, _slot(r)) not in offered]
        keys += [(uid, r.due_on, _slot(r)) for r in fresh[:REASKS_PER_NUDGE]]
    claimed_ids = insert_nudges(session, keys, now)
    mine: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for (uid, _day, label), nudge_id in claimed_ids.items():
        mine[uid].append((nudge_id, label))
    claims = []
    for uid, claimed in mine.items():
        labels = {label for _id, label in claimed}
        offer = tuple(r for r in due_now[uid] if _slot(r) in labels)
        ids = tuple(nudge_id for nudge_id, _label in claimed)
        claims.append(Claimed(uid, "reask", ids, sendable[uid][1], reasks=offer))
    return claims


def _slot(reask: DueReask) -> str:
    return f"{REASK_PREFIX}{reask.entry_id}"


def _offered(session: Session, due_now: dict[int, list[DueReask]]) -> set[tuple[int, dt.date, str]]:
    slots = {_slot(r) for reasks in due_now.values() for r in reasks}
    if not slots:
        return set()
    rows = session.execute(
        select(Nudge.user_id, Nudge.local_date, Nudge.slot).where(
            among(session, Nudge.user_id, due_now), among(session, Nudge.slot, slots)
        )
    )
    return {(user_id, day, slot) for user_id, day, slot in rows}


def counts(session: Session, user_id: int, first: dt.date, last: dt.date) -> tuple[int, int]:
    """Re-asks made on days first..last (named asks to someone whose no came earlier) and
    how many of them were answered yes."""
    earlier_no = aliased(Entry)
    answer = aliased(Entry)
    had_no = exists().where(
        and_(
            earlier_no.user_id == Entry.user_id,
            earlier_no.kind == Kind.NO.value,
            func.lower(earlier_no.who) == func.lower(Entry.who),
            earlier_no.id < Entry.id,
            earlier_no.deleted_at.is_(None),
        )
    )
    row = session.execute(
        select(func.count(Entry.id), func.count(answer.id))
        .outerjoin(
            answer,
            and_(
                answer.id == Entry.answered_by_id,
                answer.kind == Kind.YES.value,
                answer.deleted_at.is_(None),
            ),
        )
        .where(
            Entry.user_id == user_id,
            Entry.kind == Kind.ASK.value,
            Entry.who.is_not(None),
            Entry.deleted_at.is_(None),
            Entry.local_date >= first,
            Entry.local_date <= last,
            had_no,
        )
    ).one()
    return int(row[0]), int(row[1])


def forget(session: Session, user_id: int) -> None:
    session.execute(delete(Reask).where(Reask.user_id == user_id))
