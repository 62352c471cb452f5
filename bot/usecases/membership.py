"""Group use cases, each one transaction: membership, privacy, settings, tallies."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.domain import Chat, Sender, Tally, Targets, local_day, week_start
from bot.core.group_args import PrivacyChoice
from bot.core.insights import LEAK_WINDOW_DAYS, DayRecord, weakest_stage
from bot.core.schedule import Slot
from bot.core.tally_text import TallyText, render_tally
from bot.db import group_store as groups
from bot.db.group_store import GroupSettings
from bot.usecases.logbook import profile_of

WORKDAYS_PER_WEEK = 5
"""Groups count Monday to Friday as workdays for the weakest-stage reading."""


def bot_added(session: Session, chat: Chat, default_tz: str, now: dt.datetime) -> bool:
    return groups.ensure_group(session, chat.chat_id, chat.title, default_tz, now)


def bot_removed(session: Session, chat: Chat) -> None:
    groups.deactivate(session, chat.chat_id)


def join(session: Session, sender: Sender, chat: Chat, now: dt.datetime) -> bool:
    profile_of(session, sender, now)
    groups.ensure_group(session, chat.chat_id, chat.title, sender.default_tz, now)
    return groups.join(session, chat.chat_id, sender.user_id, now)


def leave(session: Session, sender: Sender, chat: Chat) -> bool:
    return groups.leave(session, chat.chat_id, sender.user_id)


def set_privacy(
    session: Session, sender: Sender, chat: Chat | None, choice: PrivacyChoice, now: dt.datetime
) -> int:
    """Apply to this group (joining it) or, from a private chat, to every group joined."""
    values: dict[str, object] = {}
    if choice.level is not None:
        values["privacy"] = choice.level.value
    if choice.mention is not None:
        values["mention"] = choice.mention
    if chat is not None:
        join(session, sender, chat, now)
    return groups.set_privacy(session, sender.user_id, chat.chat_id if chat else None, **values)


def configure(
    session: Session, chat: Chat, values: dict[str, object], default_tz: str, now: dt.datetime
) -> tuple[GroupSettings, Slot | None]:
    groups.ensure_group(session, chat.chat_id, chat.title, default_tz, now)
    slot = groups.update_settings(session, chat.chat_id, now, **values)
    settings = groups.get(session, chat.chat_id)
    assert settings is not None
    return settings, slot


def week_tally(
    session: Session, chat_id: int, title: str, now: dt.datetime, weakest: bool = False
) -> TallyText:
    """This week (Monday–Sunday in the group's timezone) for every member."""
    settings = groups.get(session, chat_id)
    tz = ZoneInfo(settings.tz if settings else "UTC")
    first = week_start(local_day(now, tz))
    last = first + dt.timedelta(days=6)
    members = groups.member_tallies(session, chat_id, first, last)
    target = settings.weekly_target if settings else 25
    leak = (
        group_leak(session, chat_id, local_day(now, tz), target * len(members)) if weakest else None
    )
    return render_tally(title, first, last, members, target, leak)


def group_leak(session: Session, chat_id: int, today: dt.date, weekly_asks: int) -> str:
    """The group's weakest stage over the last two weeks, as if it were one seller."""
    first = today - dt.timedelta(days=LEAK_WINDOW_DAYS - 1)
    totals = groups.daily_totals(session, chat_id, first, today)
    days = [
        DayRecord(
            day=first + dt.timedelta(days=offset),
            tally=Tally.from_counts(totals.get(first + dt.timedelta(days=offset), {})),
            workday=(first + dt.timedelta(days=offset)).weekday() < WORKDAYS_PER_WEEK,
            paused=False,
        )
        for offset in range(LEAK_WINDOW_DAYS)
    ]
    daily_asks = math.ceil(weekly_asks / WORKDAYS_PER_WEEK)
    return weakest_stage(days, Targets(asks=max(daily_asks, 1))).short


def scheduled_tally(session: Session, chat_id: int, now: dt.datetime) -> TallyText:
    """The weekly post: this week so far — or, when it goes out on a Monday, the week that
    just ended (a Monday-morning tally of a day-old week would say nothing)."""
    settings = groups.get(session, chat_id)
    title = settings.title if settings else ""
    tz = ZoneInfo(settings.tz if settings else "UTC")
    if local_day(now, tz).weekday() == 0:
        now -= dt.timedelta(days=1)
    return week_tally(session, chat_id, title, now, weakest=True)


def on_demand_tally(session: Session, chat: Chat, default_tz: str, now: dt.datetime) -> TallyText:
    groups.ensure_group(session, chat.chat_id, chat.title, default_tz, now)
    return week_tally(session, chat.chat_id, chat.title, now)


def migrate(session: Session, old_id: int, new_id: int) -> None:
    groups.migrate(session, old_id, new_id)
