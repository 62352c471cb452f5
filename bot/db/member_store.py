"""Group members in the database: joining, leaving, privacy, invitations, whose log is whose.

A member who leaves keeps their row, marked `left_at`: their privacy survives a rejoin, and
logging in the group does not bring them back silently (only /join does).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.core.domain import Privacy
from bot.db import user_store as users
from bot.db.dialect import insert_ignoring_duplicates
from bot.db.models import Entry, GroupInvite, GroupMember, User


@dataclass(frozen=True)
class Membership:
    privacy: Privacy
    mention: bool
    in_tally: bool


def membership(session: Session, chat_id: int, user_id: int) -> Membership | None:
    row = session.execute(
        select(GroupMember.privacy, GroupMember.mention, GroupMember.left_at).where(
            GroupMember.group_id == chat_id, GroupMember.user_id == user_id
        )
    ).one_or_none()
    if row is None:
        return None
    return Membership(Privacy(row.privacy), bool(row.mention), row.left_at is None)


def join(session: Session, chat_id: int, user_id: int, now: dt.datetime) -> bool:
    """Add a first-time member with their default privacy; True when added. Someone who
    left (or was removed) stays out: logging in the group calls this too."""
    return _insert(session, chat_id, user_id, now, left_at=None)


def _insert(
    session: Session, chat_id: int, user_id: int, now: dt.datetime, left_at: dt.datetime | None
) -> bool:
    privacy, mention = users.group_defaults(session, user_id)
    inserted = session.execute(
        insert_ignoring_duplicates(session, GroupMember)
        .values(
            group_id=chat_id,
            user_id=user_id,
            joined_at=now,
            privacy=privacy,
            mention=mention,
            left_at=left_at,
        )
        .returning(GroupMember.user_id)
    ).scalar_one_or_none()
    return inserted is not None


def rejoin(session: Session, chat_id: int, user_id: int, now: dt.datetime) -> bool:
    """/join: add, or bring back someone who left; True when they were not in the tally."""
    if join(session, chat_id, user_id, now):
        return True
    back = session.execute(
        update(GroupMember)
        .where(
            GroupMember.group_id == chat_id,
            GroupMember.user_id == user_id,
            GroupMember.left_at.is_not(None),
        )
        .values(left_at=None, joined_at=now)
        .returning(GroupMember.user_id)
    ).scalar_one_or_none()
    return back is not None


def leave(session: Session, chat_id: int, user_id: int, now: dt.datetime) -> bool:
    """Out of the tally (privacy kept); True when they were in it."""
    left = session.execute(
        update(GroupMember)
        .where(
            GroupMember.group_id == chat_id,
            GroupMember.user_id == user_id,
            GroupMember.left_at.is_(None),
        )
        .values(left_at=now)
        .returning(GroupMember.user_id)
    ).scalar_one_or_none()
    return left is not None


def set_privacy(
    session: Session, user_id: int, chat_id: int, now: dt.datetime, **values: Any
) -> Membership:
    """Privacy/mention in one group. Someone not in its tally keeps the choice for when they
    /join, without joining."""
    _insert(session, chat_id, user_id, now, left_at=now)
    session.execute(
        update(GroupMember)
        .where(GroupMember.group_id == chat_id, GroupMember.user_id == user_id)
        .values(**values)
    )
    found = membership(session, chat_id, user_id)
    assert found is not None
    return found


def set_default_privacy(session: Session, user_id: int, **values: Any) -> int:
    """Privacy/mention for every group, now and later; the number of tallies the user is in."""
    defaults = {("group_" + name): value for name, value in values.items()}
    session.execute(update(User).where(User.id == user_id).values(**defaults))
    session.execute(update(GroupMember).where(GroupMember.user_id == user_id).values(**values))
    return int(
        session.execute(
            select(func.count())
            .select_from(GroupMember)
            .where(GroupMember.user_id == user_id, GroupMember.left_at.is_(None))
        ).scalar_one()
    )


def members_named(session: Session, chat_id: int, name: str) -> list[tuple[int, str]]:
    """Members in the tally whose first name is `name` (any case)."""
    rows = session.execute(
        select(User.id, User.first_name)
        .join(GroupMember, GroupMember.user_id == User.id)
        .where(GroupMember.group_id == chat_id, GroupMember.left_at.is_(None))
    ).all()
    wanted = name.strip().casefold()
    return [(int(uid), str(first)) for uid, first in rows if first.casefold() == wanted]


def invite_once(session: Session, chat_id: int, user_ids: list[int], now: dt.datetime) -> list[int]:
    """Of the newcomers, those never invited here and never in this group's roster."""
    known = set(
        session.execute(
            select(GroupMember.user_id).where(
                GroupMember.group_id == chat_id, GroupMember.user_id.in_(user_ids)
            )
        ).scalars()
    )
    invited = []
    for user_id in user_ids:
        if user_id in known:
            continue
        new = session.execute(
            insert_ignoring_duplicates(session, GroupInvite)
            .values(group_id=chat_id, user_id=user_id, invited_at=now)
            .returning(GroupInvite.user_id)
        ).scalar_one_or_none()
        if new is not None:
            invited.append(user_id)
    return invited


def last_logged_message(session: Session, chat_id: int, user_id: int) -> int | None:
    """The user's latest message in this chat that still has entries."""
    return session.execute(
        select(Entry.source_message_id)
        .where(
            Entry.user_id == user_id,
            Entry.source_chat_id == chat_id,
            Entry.deleted_at.is_(None),
            Entry.source_message_id.is_not(None),
        )
        .order_by(Entry.created_at.desc(), Entry.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def author_of(session: Session, chat_id: int, message_id: int) -> tuple[int, str] | None:
    """Who logged entries from this message (undone ones too), with their first name."""
    row = session.execute(
        select(Entry.user_id, User.first_name)
        .join(User, User.id == Entry.user_id)
        .where(Entry.source_chat_id == chat_id, Entry.source_message_id == message_id)
        .limit(1)
    ).one_or_none()
    return None if row is None else (int(row.user_id), str(row.first_name))
