"""Users: find-or-create on every update, and the settings a user changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from bot.core.domain import Targets, workdays_from_mask
from bot.db import nudge_store as nudges
from bot.db import reask_store
from bot.db.dialect import insert_ignoring_duplicates
from bot.db.models import Entry, GroupInvite, GroupMember, Nudge, Pause, User


@dataclass(frozen=True)
class Profile:
    """What handlers and renderers need to know about a user."""

    user_id: int
    first_name: str
    tz: str
    targets: Targets
    workdays: frozenset[int]
    remind_times: str


MAX_NAME = 64
"""Telegram allows 64 characters in a first name; the column holds as many."""
_USERS = User.__table__
PROFILE_COLUMNS = (
    _USERS.c.id,
    _USERS.c.first_name,
    _USERS.c.tz,
    _USERS.c.ask_target,
    _USERS.c.lead_target,
    _USERS.c.nurture_target,
    _USERS.c.workdays,
    _USERS.c.remind_times,
    _USERS.c.blocked_at,
)
_PROFILE = select(*PROFILE_COLUMNS).where(_USERS.c.id == bindparam("user_id"))
_PROFILE_MANY = select(*PROFILE_COLUMNS).where(
    _USERS.c.id.in_(bindparam("user_ids", expanding=True))
)


def ensure_user(
    session: Session,
    user_id: int,
    first_name: str,
    default_tz: str,
    now: dt.datetime,
    *,
    private: bool = True,
) -> Profile:
    """The user's profile, creating the user on first contact (safe under concurrency).
    `private`: the first contact is in a private chat (else a group: no private nudges
    until they open one, see `opened_private_chat`)."""
    name = first_name[:MAX_NAME]
    row = session.connection().execute(_PROFILE, {"user_id": user_id}).one_or_none()
    if row is None:
        session.execute(
            insert_ignoring_duplicates(session, User).values(
                id=user_id,
                first_name=name,
                tz=default_tz,
                created_at=now,
                private_chat_at=now if private else None,
            )
        )
        row = session.connection().execute(_PROFILE, {"user_id": user_id}).one()
        nudges.reschedule(session, user_id, now)
    elif row.blocked_at is not None or row.first_name != name:
        # Talking to us again means they unblocked the bot: nudges resume.
        session.execute(
            update(User).where(User.id == user_id).values(blocked_at=None, first_name=name)
        )
        if row.blocked_at is not None:
            nudges.reschedule(session, user_id, now)
    return dataclasses.replace(_to_profile(row), first_name=name)


def get_profiles(session: Session, user_ids: list[int]) -> dict[int, Profile]:
    if not user_ids:
        return {}
    rows = session.execute(_PROFILE_MANY, {"user_ids": user_ids})
    return {row.id: _to_profile(row) for row in rows}


def _to_profile(row: Any) -> Profile:
    return profile_from(row._mapping)


def profile_from(row: Mapping[str, Any]) -> Profile:
    """A profile from the PROFILE_COLUMNS of a users row, by column name."""
    return Profile(
        user_id=row["id"],
        first_name=row["first_name"],
        tz=row["tz"],
        targets=Targets(
            asks=row["ask_target"], leads=row["lead_target"], nurtures=row["nurture_target"]
        ),
        workdays=workdays_from_mask(row["workdays"]),
        remind_times=row["remind_times"],
    )


def set_targets(
    session: Session, user_id: int, asks: int | None, leads: int | None, nurtures: int | None
) -> Targets:
    values = {
        name: value
        for name, value in (
            ("ask_target", asks),
            ("lead_target", leads),
            ("nurture_target", nurtures),
        )
        if value is not None
    }
    session.execute(update(User).where(User.id == user_id).values(**values))
    row = session.execute(
        select(User.ask_target, User.lead_target, User.nurture_target).where(User.id == user_id)
    ).one()
    return Targets(asks=row.ask_target, leads=row.lead_target, nurtures=row.nurture_target)


def update_settings(session: Session, user_id: int, **values: object) -> None:
    session.execute(update(User).where(User.id == user_id).values(**values))


def opened_private_chat(session: Session, user_id: int, now: dt.datetime) -> bool:
    """The user talks to the bot privately: nudges become possible. True the first time."""
    opened = session.execute(
        update(User)
        .where(User.id == user_id, User.private_chat_at.is_(None))
        .values(private_chat_at=now)
        .returning(User.id)
    ).scalar_one_or_none()
    if opened is not None:
        nudges.reschedule(session, user_id, now)
    return opened is not None


def group_defaults(session: Session, user_id: int) -> tuple[str, bool]:
    """(privacy, mention) a group membership starts with."""
    row = session.execute(
        select(User.group_privacy, User.group_mention).where(User.id == user_id)
    ).one()
    return str(row.group_privacy), bool(row.group_mention)


def timezone_of(session: Session, user_id: int) -> str | None:
    """The user's timezone; None for someone the bot has never met."""
    return session.execute(select(User.tz).where(User.id == user_id)).scalar_one_or_none()


def exists(session: Session, user_id: int) -> bool:
    return session.execute(select(User.id).where(User.id == user_id)).first() is not None


@dataclass(frozen=True)
class NudgeSettings:
    """The settings of a user's nudges beyond the profile."""

    followup_days: int
    digest_enabled: bool
    paused_until: dt.date | None
    snoozed_until: dt.datetime | None


def nudge_settings(session: Session, user_id: int) -> NudgeSettings:
    row = session.execute(
        select(
            User.followup_days, User.digest_enabled, User.paused_until, User.snoozed_until
        ).where(User.id == user_id)
    ).one()
    return NudgeSettings(row[0], row[1], row[2], nudges.aware(row[3]))


@dataclass(frozen=True)
class CycleSettings:
    """The settings of the seller's whole cycle (issue 17): capacity, re-asks, /goal."""

    capacity: int | None
    reask_days: int
    yes_goal: int | None


def cycle_settings(session: Session, user_id: int) -> CycleSettings:
    row = session.execute(
        select(User.capacity, User.reask_days, User.yes_goal).where(User.id == user_id)
    ).one()
    return CycleSettings(row.capacity, row.reask_days, row.yes_goal)


def add_pause(session: Session, user_id: int, first_day: dt.date, resume_day: dt.date) -> None:
    session.add(Pause(user_id=user_id, first_day=first_day, resume_day=resume_day))


def end_pauses(session: Session, user_id: int, today: dt.date) -> None:
    """A pause still running ends today: today itself counts as paused no longer."""
    session.execute(
        update(Pause)
        .where(Pause.user_id == user_id, Pause.resume_day > today)
        .values(resume_day=today)
    )
    session.execute(
        delete(Pause).where(Pause.user_id == user_id, Pause.resume_day <= Pause.first_day)
    )


def forget_user(session: Session, user_id: int) -> int:
    """Delete every row about the user; return how many entries went. Others are untouched."""
    session.execute(delete(Nudge).where(Nudge.user_id == user_id))
    session.execute(delete(GroupMember).where(GroupMember.user_id == user_id))
    session.execute(delete(GroupInvite).where(GroupInvite.user_id == user_id))
    session.execute(delete(Pause).where(Pause.user_id == user_id))
    reask_store.forget(session, user_id)
    session.execute(update(Entry).where(Entry.user_id == user_id).values(answered_by_id=None))
    removed = session.execute(delete(Entry).where(Entry.user_id == user_id)).rowcount  # type: ignore[attr-defined]
    session.execute(delete(User).where(User.id == user_id))
    return int(removed)
