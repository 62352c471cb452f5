"""A user's history as storage keeps it: counts per local day and kind, the pauses, and
every entry for the CSV export. Streaks, the leak, the chart and the digest read these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.domain import Kind
from bot.core.export_csv import ExportRow
from bot.core.paths import tags_of
from bot.db.dialect import among
from bot.db.models import Entry, Pause

DayCounts = dict[dt.date, dict[Kind, int]]


def day_counts(
    session: Session, user_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, DayCounts]:
    """Per user, the count of each kind on each local day first..last (days with nothing
    logged left out), undone entries left out."""
    rows = session.execute(
        select(Entry.user_id, Entry.local_date, Entry.kind, func.sum(Entry.count))
        .where(
            among(session, Entry.user_id, user_ids),
            Entry.local_date >= first,
            Entry.local_date <= last,
            Entry.deleted_at.is_(None),
        )
        .group_by(Entry.user_id, Entry.local_date, Entry.kind)
    ).all()
    counts: dict[int, DayCounts] = {}
    for user_id, day, kind, total in rows:
        counts.setdefault(user_id, {}).setdefault(day, {})[Kind(kind)] = int(total)
    return counts


def pauses(
    session: Session, user_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Per user, the pauses (first day, day nudges resume) touching days first..last."""
    found: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for user_id, start, resume in session.execute(
        select(Pause.user_id, Pause.first_day, Pause.resume_day).where(
            among(session, Pause.user_id, user_ids),
            Pause.resume_day > first,
            Pause.first_day <= last,
        )
    ):
        found.setdefault(user_id, []).append((start, resume))
    return found


def export_rows(session: Session, user_id: int, with_undone: bool) -> Iterator[ExportRow]:
    """The user's entries in day order, read in batches; the undone ones only `with_undone`."""
    statement = (
        select(
            Entry.local_date,
            Entry.kind,
            Entry.count,
            Entry.who,
            Entry.created_at,
            Entry.deleted_at,
            Entry.tags,
        )
        .where(Entry.user_id == user_id)
        .order_by(Entry.local_date, Entry.id)
        .execution_options(yield_per=2000)
    )
    if not with_undone:
        statement = statement.where(Entry.deleted_at.is_(None))
    for day, kind, count, who, created_at, deleted, tags in session.execute(statement):
        yield ExportRow(day, kind, count, who, created_at, deleted is not None, tags_of(tags))
