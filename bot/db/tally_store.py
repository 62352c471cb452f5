"""The numbers behind a group's tally: every member in it, and their own per-day counts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.domain import Kind, Tally
from bot.core.group_week import MemberHistory, Privacy
from bot.db.models import Entry, GroupMember, User


def member_histories(
    session: Session, chat_id: int, first: dt.date, last: dt.date
) -> list[MemberHistory]:
    """Everyone in the tally with their counts per local day from `first` to `last`: the
    members, then one query grouped by member, day and kind. What a group may see of them
    is decided in `bot.core.group_week`, not here."""
    in_tally = (GroupMember.group_id == chat_id, GroupMember.left_at.is_(None))
    members = session.execute(
        select(GroupMember.user_id, User.first_name, GroupMember.privacy, GroupMember.mention)
        .join(User, User.id == GroupMember.user_id)
        .where(*in_tally)
    ).all()
    rows = session.execute(
        select(Entry.user_id, Entry.local_date, Entry.kind, func.sum(Entry.count))
        .join(GroupMember, GroupMember.user_id == Entry.user_id)
        .where(
            *in_tally,
            Entry.local_date >= first,
            Entry.local_date <= last,
            Entry.deleted_at.is_(None),
        )
        .group_by(Entry.user_id, Entry.local_date, Entry.kind)
    ).all()
    counts: dict[int, dict[dt.date, dict[Kind, int]]] = {}
    for user_id, day, kind, total in rows:
        counts.setdefault(user_id, {}).setdefault(day, {})[Kind(kind)] = int(total)
    return [
        MemberHistory(
            user_id=uid,
            first_name=name,
            privacy=Privacy(privacy),
            mention=bool(mention),
            days={day: Tally.from_counts(kinds) for day, kinds in counts.get(uid, {}).items()},
        )
        for uid, name, privacy, mention in members
    ]
