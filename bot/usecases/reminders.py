"""Reminder use cases, each one transaction: nudge settings, pending asks, nudge buttons."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.domain import Kind, Sender, Source, local_day, mask_from_workdays
from bot.core.parsing import EntryDraft, LogRequest, ParseError
from bot.core.pause_args import parse_pause
from bot.core.schedule import times_to_text
from bot.db import entry_store as entries
from bot.db import nudge_store as nudges
from bot.db import user_store as users
from bot.db.user_store import NudgeSettings, Profile
from bot.usecases import logbook
from bot.usecases.logbook import LogOutcome, profile_of


@dataclass(frozen=True)
class Schedule:
    """What a user sees after changing a nudge setting."""

    tz: str
    next_at: dt.datetime | None
    resumes_on: dt.date | None = None
    """After /pause: the first day nudges come back."""


@dataclass(frozen=True)
class Overview:
    """Every setting of a user, for /settings and the commands sent without an argument."""

    profile: Profile
    nudging: NudgeSettings
    next_at: dt.datetime | None
    today: dt.date
    cycle: users.CycleSettings


def _apply(session: Session, sender: Sender, now: dt.datetime, **values: object) -> Schedule:
    profile = profile_of(session, sender, now)
    if values:
        users.update_settings(session, sender.user_id, **values)
    slot = nudges.reschedule(session, sender.user_id, now)
    return Schedule(profile.tz, slot.at if slot else None)


def set_times(
    session: Session, sender: Sender, now: dt.datetime, times: tuple[dt.time, ...]
) -> Schedule:
    return _apply(session, sender, now, remind_times=times_to_text(times))


def set_workdays(
    session: Session, sender: Sender, now: dt.datetime, days: frozenset[int]
) -> Schedule:
    return _apply(session, sender, now, workdays=mask_from_workdays(days))


def pause(session: Session, sender: Sender, now: dt.datetime, args: str) -> Schedule | ParseError:
    profile = profile_of(session, sender, now)
    resume_on = parse_pause(args, local_day(now, ZoneInfo(profile.tz)))
    if isinstance(resume_on, ParseError):
        return resume_on
    today = local_day(now, ZoneInfo(profile.tz))
    _end_pauses(session, sender.user_id, today)
    users.add_pause(session, sender.user_id, today, resume_on)
    schedule = _apply(session, sender, now, paused_until=resume_on)
    return dataclasses.replace(schedule, resumes_on=resume_on)


def resume(session: Session, sender: Sender, now: dt.datetime) -> Schedule:
    profile = profile_of(session, sender, now)
    _end_pauses(session, sender.user_id, local_day(now, ZoneInfo(profile.tz)))
    return _apply(session, sender, now, paused_until=None, snoozed_until=None)


def _end_pauses(session: Session, user_id: int, today: dt.date) -> None:
    """A pause still running ends today: today itself counts as paused no longer."""
    users.end_pauses(session, user_id, today)


def snooze(session: Session, sender: Sender, now: dt.datetime, span: dt.timedelta) -> Schedule:
    return _apply(session, sender, now, snoozed_until=now + span)


def set_followup(session: Session, sender: Sender, now: dt.datetime, days: int) -> Schedule:
    return _apply(session, sender, now, followup_days=days)


def set_digest(session: Session, sender: Sender, now: dt.datetime, enabled: bool) -> Schedule:
    return _apply(session, sender, now, digest_enabled=enabled)


def current(session: Session, sender: Sender, now: dt.datetime) -> Schedule:
    return _apply(session, sender, now)


def overview(session: Session, sender: Sender, now: dt.datetime) -> Overview:
    profile = profile_of(session, sender, now)
    slot = nudges.reschedule(session, sender.user_id, now)
    nudging = users.nudge_settings(session, sender.user_id)
    today = local_day(now, ZoneInfo(profile.tz))
    cycle = users.cycle_settings(session, sender.user_id)
    return Overview(profile, nudging, slot.at if slot else None, today, cycle)


def pending_asks(
    session: Session, sender: Sender, now: dt.datetime
) -> tuple[list[tuple[str, dt.date]], dt.date]:
    """Named asks with no yes/no yet, oldest first, and the user's today."""
    profile = profile_of(session, sender, now)
    asks = entries.pending_asks(session, sender.user_id)
    return asks, local_day(now, ZoneInfo(profile.tz))


def log_from_nudge(
    session: Session, sender: Sender, nudge: Source, count: int, now: dt.datetime
) -> LogOutcome:
    """A nudge button: log `count` asks now, once per nudge message however often it is
    pressed (the nudge message is the entries' source)."""
    request = LogRequest((EntryDraft(Kind.ASK, count, None),), days_back=0)
    return logbook.log(session, sender, request, nudge, sent_at=now, now=now)
