"""Groups in the database: settings, the weekly tally's schedule, its reminder and its live
message. Members are in `member_store`, the tally's numbers in `tally_store`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.core.domain import Kind, workdays_from_mask
from bot.core.schedule import GRACE, Slot, next_weekly
from bot.db.dialect import insert_ignoring_duplicates
from bot.db.member_store import join as join  # logging in a group joins through here
from bot.db.models import Entry, Group, GroupMember, GroupReport
from bot.db.nudge_store import aware


@dataclass(frozen=True)
class GroupSettings:
    chat_id: int
    title: str
    tz: str
    weekly_target: int
    tally_weekday: int
    tally_time: dt.time
    tally_enabled: bool
    active: bool
    next_tally_at: dt.datetime | None
    workdays: frozenset[int]
    live_week: dt.date | None
    live_message_id: int | None
    live_at: dt.datetime | None


@dataclass(frozen=True)
class ClaimedTally:
    chat_id: int
    report_id: int
    slot: Slot


def _settings(row: Any) -> GroupSettings:
    return GroupSettings(
        chat_id=row.id,
        title=row.title,
        tz=row.tz,
        weekly_target=row.weekly_target,
        tally_weekday=row.tally_weekday,
        tally_time=dt.time.fromisoformat(row.tally_time),
        tally_enabled=row.tally_enabled,
        active=row.active,
        next_tally_at=aware(row.next_tally_at),
        workdays=workdays_from_mask(row.workdays),
        live_week=row.live_week,
        live_message_id=row.live_message_id,
        live_at=aware(row.live_at),
    )


def get(session: Session, chat_id: int) -> GroupSettings | None:
    row = session.execute(select(Group).where(Group.id == chat_id)).scalar_one_or_none()
    return None if row is None else _settings(row)


def ensure_group(
    session: Session, chat_id: int, title: str, default_tz: str, now: dt.datetime
) -> bool:
    """Make the group known and active; True when it is new or was inactive (greet then)."""
    inserted = session.execute(
        insert_ignoring_duplicates(session, Group)
        .values(id=chat_id, title=title[:128], tz=default_tz, created_at=now)
        .returning(Group.id)
    ).scalar_one_or_none()
    if inserted is not None:
        reschedule(session, chat_id, now)
        return True
    reactivated = session.execute(
        update(Group)
        .where(Group.id == chat_id, Group.active.is_(False))
        .values(active=True, title=title[:128])
        .returning(Group.id)
    ).scalar_one_or_none()
    if reactivated is not None:
        reschedule(session, chat_id, now)
    return reactivated is not None


def deactivate(session: Session, chat_id: int) -> None:
    """The bot left or was removed: scheduled tallies stop."""
    session.execute(
        update(Group).where(Group.id == chat_id).values(active=False, next_tally_at=None)
    )


def update_settings(session: Session, chat_id: int, now: dt.datetime, **values: Any) -> Slot | None:
    session.execute(update(Group).where(Group.id == chat_id).values(**values))
    return reschedule(session, chat_id, now)


def reschedule(session: Session, chat_id: int, now: dt.datetime) -> Slot | None:
    settings = get(session, chat_id)
    slot = reminder = None
    if settings is not None and settings.active and settings.tally_enabled:
        slot = next_weekly(settings.tally_weekday, settings.tally_time, ZoneInfo(settings.tz), now)
        reminder = next_reminder(settings, now)
    session.execute(
        update(Group)
        .where(Group.id == chat_id)
        .values(next_tally_at=slot.at if slot else None, next_reminder_at=reminder)
    )
    return slot


REMINDER_AHEAD = dt.timedelta(hours=1)
"""The reminder naming who hasn't logged goes out this long before the scheduled tally."""


def next_reminder(settings: GroupSettings, now: dt.datetime) -> dt.datetime:
    """The first reminder instant after `now` whose tally is still ahead."""
    tz = ZoneInfo(settings.tz)
    tally = next_weekly(settings.tally_weekday, settings.tally_time, tz, now + REMINDER_AHEAD)
    return tally.at - REMINDER_AHEAD


def claim_due_reminders(session: Session, now: dt.datetime) -> list[tuple[GroupSettings, Slot]]:
    """Groups whose reminder is due, each with the tally it announces; each claimed once
    (a compare-and-set on next_reminder_at, so two instances never both send)."""
    due = session.execute(
        select(Group).where(
            Group.next_reminder_at <= now, Group.active.is_(True), Group.tally_enabled.is_(True)
        )
    ).scalars()
    claimed = []
    for group in list(due):
        settings = _settings(group)
        was = group.next_reminder_at
        won = session.execute(
            update(Group)
            .where(Group.id == group.id, Group.next_reminder_at == was)
            .values(next_reminder_at=next_reminder(settings, now))
            .returning(Group.id)
        ).scalar_one_or_none()
        # The reminder due now: the first one after an hour ago (a tick may be late, or
        # the row stale after downtime); none once its tally has started.
        current = next_reminder(settings, now - REMINDER_AHEAD)
        if won is not None and current <= now:
            tally_at = current + REMINDER_AHEAD
            day = tally_at.astimezone(ZoneInfo(settings.tz)).date()
            claimed.append((settings, Slot(tally_at, day, settings.tally_time.strftime("%H:%M"))))
    return claimed


def record_live(
    session: Session, chat_id: int, week: dt.date, message_id: int | None, now: dt.datetime
) -> None:
    """The week's tally message that /tally refreshes (None: refreshing is under way)."""
    session.execute(
        update(Group)
        .where(Group.id == chat_id)
        .values(live_week=week, live_message_id=message_id, live_at=now)
    )


def migrate(session: Session, old_id: int, new_id: int) -> None:
    """A group became a supergroup: move settings, members and reports to the new id."""
    old = session.execute(select(Group).where(Group.id == old_id)).scalar_one_or_none()
    if old is None:
        return
    settings = {
        "tz": old.tz,
        "weekly_target": old.weekly_target,
        "tally_weekday": old.tally_weekday,
        "tally_time": old.tally_time,
        "tally_enabled": old.tally_enabled,
        "active": old.active,
        "next_tally_at": old.next_tally_at,
        "workdays": old.workdays,
        "next_reminder_at": old.next_reminder_at,
    }
    # The supergroup may already be known (someone spoke there first): the old settings win.
    session.execute(
        insert_ignoring_duplicates(session, Group).values(
            id=new_id, title=old.title, created_at=old.created_at, **settings
        )
    )
    session.execute(update(Group).where(Group.id == new_id).values(**settings))
    # Members' choices in the old group win over a membership made in the new one.
    moving = select(GroupMember.user_id).where(GroupMember.group_id == old_id)
    session.execute(
        delete(GroupMember).where(
            GroupMember.group_id == new_id, GroupMember.user_id.in_(moving.scalar_subquery())
        )
    )
    session.execute(
        update(GroupMember).where(GroupMember.group_id == old_id).values(group_id=new_id)
    )
    old_weeks = select(GroupReport.week).where(GroupReport.group_id == old_id)
    session.execute(
        delete(GroupReport).where(
            GroupReport.group_id == new_id, GroupReport.week.in_(old_weeks.scalar_subquery())
        )
    )
    session.execute(
        update(GroupReport).where(GroupReport.group_id == old_id).values(group_id=new_id)
    )
    session.execute(delete(Group).where(Group.id == old_id))


_TALLYING = (Group.active.is_(True), Group.tally_enabled.is_(True))
"""Groups the tick considers at their next_tally_at: the claim and `next_tally_due` agree."""


def next_tally_due(session: Session) -> dt.datetime | None:
    """The earliest moment `claim_due_tallies` or `claim_due_reminders` would claim at."""
    live = (Group.active.is_(True), Group.tally_enabled.is_(True))
    tally = session.execute(select(func.min(Group.next_tally_at)).where(*_TALLYING)).scalar()
    reminder = session.execute(select(func.min(Group.next_reminder_at)).where(*live)).scalar()
    moments = [moment for moment in (tally, reminder) if moment is not None]
    return aware(min(moments)) if moments else None


def claim_due_tallies(session: Session, now: dt.datetime, limit: int = 100) -> list[ClaimedTally]:
    """Claim the weekly tallies due at `now`: one report row per group and week, once."""
    rows = (
        session.execute(
            select(Group)
            .where(Group.next_tally_at <= now, *_TALLYING)
            .order_by(Group.next_tally_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        .scalars()
        .all()
    )
    claimed = []
    for group in rows:
        settings = _settings(group)
        tz = ZoneInfo(settings.tz)
        due = settings.next_tally_at
        assert due is not None
        due = due if due.tzinfo else due.replace(tzinfo=dt.UTC)
        slot = Slot(due, due.astimezone(tz).date(), settings.tally_time.strftime("%H:%M"))
        upcoming = next_weekly(settings.tally_weekday, settings.tally_time, tz, now)
        group.next_tally_at = upcoming.at
        if now - due > GRACE * 3:
            continue
        week = slot.day - dt.timedelta(days=slot.day.weekday())
        report_id = session.execute(
            insert_ignoring_duplicates(session, GroupReport)
            .values(group_id=group.id, week=week, sent_at=now)
            .returning(GroupReport.id)
        ).scalar_one_or_none()
        if report_id is not None:
            claimed.append(ClaimedTally(group.id, report_id, slot))
    return claimed


def release_tally(session: Session, claimed: ClaimedTally) -> None:
    session.execute(delete(GroupReport).where(GroupReport.id == claimed.report_id))
    session.execute(
        update(Group).where(Group.id == claimed.chat_id).values(next_tally_at=claimed.slot.at)
    )


def daily_totals(
    session: Session, chat_id: int, first: dt.date, last: dt.date
) -> dict[dt.date, dict[Kind, int]]:
    """The whole group's counts per local day and kind (members' entries summed)."""
    return _member_sums(session, chat_id, first, last, by=Entry.local_date)


def _member_sums(
    session: Session, chat_id: int, first: dt.date, last: dt.date, by: Any
) -> dict[Any, dict[Kind, int]]:
    """Sums per `by` (a member, a day) and kind over the group's members' entries."""
    rows = session.execute(
        select(by, Entry.kind, func.sum(Entry.count))
        .join(GroupMember, GroupMember.user_id == Entry.user_id)
        .where(
            GroupMember.group_id == chat_id,
            Entry.local_date >= first,
            Entry.local_date <= last,
            Entry.deleted_at.is_(None),
        )
        .group_by(by, Entry.kind)
    ).all()
    sums: dict[Any, dict[Kind, int]] = {}
    for key, kind, total in rows:
        sums.setdefault(key, {})[Kind(kind)] = int(total)
    return sums


def titles(session: Session) -> dict[int, str]:
    """Every group's title by chat id (the console names the chats it prints for)."""
    return {chat_id: title for chat_id, title in session.execute(select(Group.id, Group.title))}
