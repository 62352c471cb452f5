"""Group tally use cases, each one transaction: settings, the week's live tally, the scheduled
tally and the reminder before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import Enum
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.domain import Chat, local_day, week_start
from bot.core.group_week import WeekSummary, summarize
from bot.core.schedule import Slot
from bot.core.tally_text import TallyText, render_reminder, render_tally
from bot.db import group_store as groups
from bot.db import tally_store
from bot.db.group_store import GroupSettings

LIVE_REFRESH = dt.timedelta(minutes=5)
"""At most one full tally per group this often; /tally in between points to the last one."""


def configure(
    session: Session, chat: Chat, values: dict[str, object], default_tz: str, now: dt.datetime
) -> tuple[GroupSettings, Slot | None]:
    groups.ensure_group(session, chat.chat_id, chat.title, default_tz, now)
    slot = groups.update_settings(session, chat.chat_id, now, **values)
    settings = groups.get(session, chat.chat_id)
    assert settings is not None
    return settings, slot


def week_summary(session: Session, settings: GroupSettings, now: dt.datetime) -> WeekSummary:
    """The group's week containing `now` (Monday–Sunday in the group's timezone)."""
    today = local_day(now, ZoneInfo(settings.tz))
    week = tally_store.group_week(
        session,
        settings.chat_id,
        settings.title,
        week_start(today),
        today,
        settings.weekly_target,
        settings.workdays,
    )
    return summarize(week)


class Action(Enum):
    POST = "post"
    """No tally message this week yet (or it's gone): post one."""
    EDIT = "edit"
    """Refresh this week's message, then point to it."""
    POINT = "point"
    """Refreshed a moment ago: only point to it."""


@dataclass(frozen=True)
class TallyRequest:
    action: Action
    week: dt.date
    message_id: int | None
    tally: TallyText | None
    refreshed_at: dt.datetime | None
    tz: str


def on_demand(session: Session, chat: Chat, default_tz: str, now: dt.datetime) -> TallyRequest:
    """/tally: post this week's tally, refresh it, or (refreshed lately) point to it."""
    groups.ensure_group(session, chat.chat_id, chat.title, default_tz, now)
    settings = _settings(session, chat)
    week = week_start(local_day(now, ZoneInfo(settings.tz)))
    live = settings.live_message_id if settings.live_week == week else None
    if live is None:
        return fresh(session, chat, now)
    if settings.live_at is not None and now - settings.live_at < LIVE_REFRESH:
        return TallyRequest(Action.POINT, week, live, None, settings.live_at, settings.tz)
    tally = render_tally(week_summary(session, settings, now))
    groups.record_live(session, chat.chat_id, week, live, now)  # claims this refresh
    return TallyRequest(Action.EDIT, week, live, tally, now, settings.tz)


def fresh(session: Session, chat: Chat, now: dt.datetime) -> TallyRequest:
    """This week's tally, to post as a new message."""
    settings = _settings(session, chat)
    summary = week_summary(session, settings, now)
    return TallyRequest(Action.POST, summary.first, None, render_tally(summary), now, settings.tz)


def _settings(session: Session, chat: Chat) -> GroupSettings:
    settings = groups.get(session, chat.chat_id)
    assert settings is not None
    return replace(settings, title=chat.title or settings.title)


def record_live(
    session: Session, chat_id: int, week: dt.date, message_id: int, now: dt.datetime
) -> None:
    groups.record_live(session, chat_id, week, message_id, now)


def scheduled_tally(session: Session, chat_id: int, now: dt.datetime) -> tuple[TallyText, dt.date]:
    """The weekly post and its week: this week so far — or, when it goes out on a Monday,
    the week that just ended (a Monday-morning tally of a day-old week would say nothing)."""
    settings = groups.get(session, chat_id)
    assert settings is not None
    if local_day(now, ZoneInfo(settings.tz)).weekday() == 0:
        now -= dt.timedelta(days=1)
    summary = week_summary(session, settings, now)
    return render_tally(summary), summary.first


def reminder(
    session: Session, settings: GroupSettings, tally: Slot, now: dt.datetime
) -> TallyText | None:
    """An hour before the tally: the members in it who have shown nothing this week. None
    for a Monday tally (it reports the week that ended: nothing left to log for it)."""
    if tally.day.weekday() == 0:
        return None
    summary = week_summary(session, settings, now)
    return render_reminder(summary.not_logged, settings.tally_time)


def due_reminders(session: Session, now: dt.datetime) -> list[tuple[int, TallyText]]:
    """Claim the reminders due at `now`; the ones worth sending, per chat."""
    due = []
    for settings, slot in groups.claim_due_reminders(session, now):
        text = reminder(session, settings, slot, now)
        if text is not None:
            due.append((settings.chat_id, text))
    return due
