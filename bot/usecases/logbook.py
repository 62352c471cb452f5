"""Use cases, each one transaction: handlers call exactly one of these per update.

Every function takes the ORM `Session` first and is run by `Database.run` (handlers reach
them through `bot.handlers.common.use`). `log` is the one way an entry is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.answer_match import Press
from bot.core.domain import (
    Chat,
    Sender,
    Source,
    Tally,
    Targets,
    Undone,
    entry_day,
    local_day,
    week_start,
)
from bot.core.parsing import LogRequest
from bot.db import answer_store
from bot.db import entry_store as entries
from bot.db import group_store as db_groups
from bot.db import nudge_store as nudges
from bot.db import user_store as users
from bot.db.entry_store import Logged
from bot.db.user_store import Profile

STATS_RECENT_DAYS = 14


@dataclass(frozen=True)
class LogOutcome:
    profile: Profile
    logged: Logged
    today: dt.date


@dataclass(frozen=True)
class PeriodView:
    profile: Profile
    first: dt.date
    last: dt.date
    tally: Tally


@dataclass(frozen=True)
class WeekView(PeriodView):
    weekly_targets: Targets


@dataclass(frozen=True)
class StatsView:
    profile: Profile
    lifetime: Tally
    since: dt.date | None
    recent: Tally


def profile_of(session: Session, sender: Sender, now: dt.datetime) -> Profile:
    return users.ensure_user(session, sender.user_id, sender.first_name, sender.default_tz, now)


def log(
    session: Session,
    sender: Sender,
    request: LogRequest,
    source: Source,
    sent_at: dt.datetime,
    now: dt.datetime,
    *,
    replace: bool = False,
    group: Chat | None = None,
) -> LogOutcome:
    """Log what one message said, for the local day it was sent on (minus `yesterday`).
    Logging in a group makes the sender a member of it."""
    profile = profile_of(session, sender, now)
    if group is not None:
        db_groups.ensure_group(session, group.chat_id, group.title, sender.default_tz, now)
        db_groups.join(session, group.chat_id, sender.user_id, now)
    tz = ZoneInfo(profile.tz)
    day = entry_day(sent_at, tz, request.days_back)
    logged = entries.log_entries(
        session,
        profile.user_id,
        request.entries,
        day,
        source,
        now,
        replace=replace,
        tags=request.tags,
    )
    return LogOutcome(profile=profile, logged=logged, today=local_day(now, tz))


def pick_answered_ask(
    session: Session, sender: Sender, now: dt.datetime, answer_id: int, ask_id: int
) -> tuple[Press, str]:
    """One of several pending asks a named answer fitted, picked with a button."""
    profile_of(session, sender, now)
    return answer_store.close_chosen(session, sender.user_id, answer_id, ask_id)


def undo_last(session: Session, sender: Sender, now: dt.datetime, by: Source) -> list[Undone]:
    """/undo (`by` its message): what the sender's last message logged."""
    profile_of(session, sender, now)
    return entries.undo_last(session, sender.user_id, now, by)


def undo_message(
    session: Session, sender: Sender, source: Source, now: dt.datetime
) -> list[Undone]:
    profile_of(session, sender, now)
    return entries.undo_source(session, sender.user_id, source, now)


def day_view(session: Session, sender: Sender, now: dt.datetime) -> PeriodView:
    """Today's tally and targets (the building block of `history.today`)."""
    profile = profile_of(session, sender, now)
    day = local_day(now, ZoneInfo(profile.tz))
    return PeriodView(profile, day, day, entries.tally(session, profile.user_id, day, day))


def week(session: Session, sender: Sender, now: dt.datetime) -> WeekView:
    """This local week (Monday to Sunday) against daily targets times the user's workdays."""
    profile = profile_of(session, sender, now)
    first = week_start(local_day(now, ZoneInfo(profile.tz)))
    last = first + dt.timedelta(days=6)
    return WeekView(
        profile,
        first,
        last,
        entries.tally(session, profile.user_id, first, last),
        weekly_targets=profile.targets.times(len(profile.workdays)),
    )


def stats(session: Session, sender: Sender, now: dt.datetime) -> StatsView:
    profile = profile_of(session, sender, now)
    day = local_day(now, ZoneInfo(profile.tz))
    recent_first = day - dt.timedelta(days=STATS_RECENT_DAYS - 1)
    return StatsView(
        profile=profile,
        lifetime=entries.lifetime_tally(session, profile.user_id),
        since=entries.first_day(session, profile.user_id),
        recent=entries.tally(session, profile.user_id, recent_first, day),
    )


def start(session: Session, sender: Sender, now: dt.datetime) -> Profile:
    return profile_of(session, sender, now)


def set_targets(
    session: Session,
    sender: Sender,
    now: dt.datetime,
    targets: tuple[int | None, int | None, int | None],
) -> Targets:
    profile_of(session, sender, now)
    return users.set_targets(session, sender.user_id, *targets)


def set_timezone(session: Session, sender: Sender, now: dt.datetime, tz: str) -> dt.datetime:
    """Store the timezone; return the local time there now."""
    profile_of(session, sender, now)
    users.update_settings(session, sender.user_id, tz=tz)
    nudges.reschedule(session, sender.user_id, now)
    return now.astimezone(ZoneInfo(tz))
