"""The numbers behind a group's tally: everyone in it, their week, their past asks per day,
and the team's numbers per day and privacy level. What a group may see of them is decided
in `bot.core.group_week`, not here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.domain import Kind, Privacy, Tally
from bot.core.group_week import HISTORY_DAYS, GroupWeek, MemberHistory
from bot.core.insights import LEAK_WINDOW_DAYS
from bot.db.models import Entry, GroupMember, User

_DAY = dt.timedelta(days=1)


def _in_tally(chat_id: int) -> tuple[Any, ...]:
    return (GroupMember.group_id == chat_id, GroupMember.left_at.is_(None))


def _entries(chat_id: int, first: dt.date, last: dt.date) -> tuple[Any, ...]:
    return (
        *_in_tally(chat_id),
        Entry.local_date >= first,
        Entry.local_date <= last,
        Entry.deleted_at.is_(None),
    )


def group_week(
    session: Session,
    chat_id: int,
    title: str,
    first: dt.date,
    today: dt.date,
    target: int,
    workdays: frozenset[int],
) -> GroupWeek:
    """The week starting `first`, read on `today`: the members, then three grouped queries
    with few rows per member (this week per kind, past asks per day, the team per day and
    privacy level)."""
    members = session.execute(
        select(
            GroupMember.user_id,
            User.first_name,
            GroupMember.privacy,
            GroupMember.mention,
            User.capacity,
        )
        .join(User, User.id == GroupMember.user_id)
        .where(*_in_tally(chat_id))
    ).all()
    week = _week(session, chat_id, first, today)
    past = _past_asks(session, chat_id, first)
    return GroupWeek(
        title=title,
        first=first,
        today=today,
        weekly_target=target,
        workdays=workdays,
        members=[
            MemberHistory(
                uid,
                name,
                Privacy(privacy),
                bool(mention),
                Tally.from_counts(week.get(uid, {})),
                past.get(uid, {}),
                capacity,
            )
            for uid, name, privacy, mention, capacity in members
        ],
        team_days=_team_days(session, chat_id, today),
    )


_JOINED = (GroupMember, GroupMember.user_id == Entry.user_id)


def _week(
    session: Session, chat_id: int, first: dt.date, today: dt.date
) -> dict[int, dict[Kind, int]]:
    week: dict[int, dict[Kind, int]] = {}
    for user_id, kind, total in session.execute(
        select(Entry.user_id, Entry.kind, func.sum(Entry.count))
        .join(*_JOINED)
        .where(*_entries(chat_id, first, today))
        .group_by(Entry.user_id, Entry.kind)
    ):
        week.setdefault(user_id, {})[Kind(kind)] = int(total)
    return week


def _past_asks(session: Session, chat_id: int, first: dt.date) -> dict[int, dict[dt.date, int]]:
    past: dict[int, dict[dt.date, int]] = {}
    for user_id, day, total in session.execute(
        select(Entry.user_id, Entry.local_date, func.sum(Entry.count))
        .join(*_JOINED)
        .where(*_entries(chat_id, first - HISTORY_DAYS * _DAY, first - _DAY))
        .where(Entry.kind == Kind.ASK.value)
        .group_by(Entry.user_id, Entry.local_date)
    ):
        past.setdefault(user_id, {})[day] = int(total)
    return past


def _team_days(
    session: Session, chat_id: int, today: dt.date
) -> dict[Privacy, dict[dt.date, Tally]]:
    team: dict[Privacy, dict[dt.date, dict[Kind, int]]] = {}
    for privacy, day, kind, total in session.execute(
        select(GroupMember.privacy, Entry.local_date, Entry.kind, func.sum(Entry.count))
        .join(*_JOINED)
        .where(*_entries(chat_id, today - (LEAK_WINDOW_DAYS - 1) * _DAY, today))
        .group_by(GroupMember.privacy, Entry.local_date, Entry.kind)
    ):
        team.setdefault(Privacy(privacy), {}).setdefault(day, {})[Kind(kind)] = int(total)
    return {
        privacy: {day: Tally.from_counts(kinds) for day, kinds in days.items()}
        for privacy, days in team.items()
    }
