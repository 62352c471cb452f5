"""Groups in the database: membership, settings, the weekly tally query and its schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.core.domain import Kind, Privacy, Tally
from bot.core.schedule import GRACE, Slot, next_weekly
from bot.core.tally_text import MemberTally
from bot.db.dialect import insert_ignoring_duplicates
from bot.db.models import Entry, Group, GroupMember, GroupReport, User


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
        next_tally_at=row.next_tally_at,
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
    slot = None
    if settings is not None and settings.active and settings.tally_enabled:
        slot = next_weekly(settings.tally_weekday, settings.tally_time, ZoneInfo(settings.tz), now)
    session.execute(
        update(Group).where(Group.id == chat_id).values(next_tally_at=slot.at if slot else None)
    )
    return slot


def join(session: Session, chat_id: int, user_id: int, now: dt.datetime) -> bool:
    """Add the member; True when they were not a member before."""
    inserted = session.execute(
        insert_ignoring_duplicates(session, GroupMember)
        .values(group_id=chat_id, user_id=user_id, joined_at=now)
        .returning(GroupMember.user_id)
    ).scalar_one_or_none()
    return inserted is not None


def leave(session: Session, chat_id: int, user_id: int) -> bool:
    result = session.execute(
        delete(GroupMember)
        .where(GroupMember.group_id == chat_id, GroupMember.user_id == user_id)
        .returning(GroupMember.user_id)
    ).scalar_one_or_none()
    return result is not None


def set_privacy(session: Session, user_id: int, chat_id: int | None, **values: Any) -> int:
    """Set privacy/mention for one group, or for every group when chat_id is None."""
    statement = update(GroupMember).where(GroupMember.user_id == user_id)
    if chat_id is not None:
        statement = statement.where(GroupMember.group_id == chat_id)
    return int(session.execute(statement.values(**values)).rowcount)  # type: ignore[attr-defined]


def member_tallies(
    session: Session, chat_id: int, first: dt.date, last: dt.date
) -> list[MemberTally]:
    """Every member's counts for local days first..last: the members, then one query
    grouped by (member, kind) only."""
    members = session.execute(
        select(GroupMember.user_id, User.first_name, GroupMember.privacy, GroupMember.mention)
        .join(User, User.id == GroupMember.user_id)
        .where(GroupMember.group_id == chat_id)
    ).all()
    counts = _member_sums(session, chat_id, first, last, by=Entry.user_id)
    return [
        MemberTally(uid, name, Privacy(privacy), mention, Tally.from_counts(counts.get(uid, {})))
        for uid, name, privacy, mention in members
    ]


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


def claim_due_tallies(session: Session, now: dt.datetime, limit: int = 100) -> list[ClaimedTally]:
    """Claim the weekly tallies due at `now`: one report row per group and week, once."""
    rows = (
        session.execute(
            select(Group)
            .where(
                Group.next_tally_at <= now, Group.active.is_(True), Group.tally_enabled.is_(True)
            )
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
