"""Capacity: this week's yeses (new clients) against what the user can take on."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.domain import Kind, at_capacity, week_start
from bot.core.schedule import Slot
from bot.db.dialect import among
from bot.db.models import Entry
from bot.db.nudge_rows import Claimed, insert_nudges

CAPACITY_SLOT = "capacity"
"""Claimed on the week's Monday: at capacity, one note a week replaces the pace nudges."""


def yeses_this_week(session: Session, days: dict[int, dt.date]) -> dict[int, int]:
    """Per user, the yeses of the local week (Monday on) that contains that user's day."""
    if not days:
        return {}
    weeks = {user_id: week_start(day) for user_id, day in days.items()}
    rows = session.execute(
        select(Entry.user_id, Entry.local_date, func.sum(Entry.count))
        .where(
            among(session, Entry.user_id, days),
            Entry.local_date >= min(weeks.values()),
            Entry.local_date <= max(weeks.values()) + dt.timedelta(days=6),
            Entry.kind == Kind.YES.value,
            Entry.deleted_at.is_(None),
        )
        .group_by(Entry.user_id, Entry.local_date)
    ).all()
    yeses: dict[int, int] = defaultdict(int)
    for user_id, day, total in rows:
        if week_start(day) == weeks[user_id]:
            yeses[user_id] += int(total)
    return {user_id: yeses[user_id] for user_id in days}


def full(session: Session, sendable: dict[int, tuple[Any, Slot]]) -> set[int]:
    """Of the users at a reminder slot (users rows with `capacity`), those at capacity on
    the slot's day: they get no pushes and no re-asks."""
    capped = {uid: slot.day for uid, (row, slot) in sendable.items() if row.capacity is not None}
    yeses = yeses_this_week(session, capped)
    return {uid for uid in capped if at_capacity(yeses[uid], sendable[uid][0].capacity)}


def claim_notes(
    session: Session, behind: dict[int, tuple[Any, Slot]], now: dt.datetime
) -> list[Claimed]:
    """The capacity note for users at capacity who would have had a pace nudge: once a week."""
    keys = [(uid, week_start(slot.day), CAPACITY_SLOT) for uid, (_row, slot) in behind.items()]
    return [
        Claimed(uid, "capacity", (nudge_id,), behind[uid][1])
        for (uid, _day, _label), nudge_id in insert_nudges(session, keys, now).items()
    ]
