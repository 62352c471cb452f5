"""Tagged entries: the per-tag counts behind /tags, the nudges' leak line and the digest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.domain import Kind
from bot.db.dialect import among
from bot.db.models import Entry


def tag_rows(
    session: Session, user_id: int, first: dt.date, last: dt.date
) -> list[tuple[str | None, Kind, int]]:
    """(stored tags, kind, count) over local days first..last, undone entries left out."""
    rows = session.execute(
        select(Entry.tags, Entry.kind, func.sum(Entry.count))
        .where(
            Entry.user_id == user_id,
            Entry.local_date >= first,
            Entry.local_date <= last,
            Entry.deleted_at.is_(None),
        )
        .group_by(Entry.tags, Entry.kind)
    ).all()
    return [(tags, Kind(kind), int(total)) for tags, kind, total in rows]


def tagged_days(
    session: Session, user_ids: list[int], first: dt.date, last: dt.date
) -> dict[int, list[tuple[dt.date, str, Kind, int]]]:
    """Per user, (day, stored tags, kind, count) of tagged entries on days first..last."""
    rows = session.execute(
        select(Entry.user_id, Entry.local_date, Entry.tags, Entry.kind, func.sum(Entry.count))
        .where(
            among(session, Entry.user_id, user_ids),
            Entry.local_date >= first,
            Entry.local_date <= last,
            Entry.tags.is_not(None),
            Entry.deleted_at.is_(None),
        )
        .group_by(Entry.user_id, Entry.local_date, Entry.tags, Entry.kind)
    ).all()
    found: dict[int, list[tuple[dt.date, str, Kind, int]]] = defaultdict(list)
    for user_id, day, tags, kind, total in rows:
        found[user_id].append((day, tags or "", Kind(kind), int(total)))
    return found
