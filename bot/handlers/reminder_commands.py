"""Nudge settings (/remind /workdays /pause /resume /snooze /followup), /pending, nudge buttons."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from telegram import Message, Update

from bot.app_types import Context
from bot.core import callbacks, cycle_text, render
from bot.core import settings_text as text
from bot.core.domain import Source
from bot.core.parsing import ParseError
from bot.core.setting_args import parse_duration, parse_followup, parse_times, parse_workdays
from bot.handlers.common import command_args, edit_text, now, reply, use
from bot.outgoing.keyboards import reask_buttons
from bot.usecases import cycle, reminders

NUDGE_PREFIX = callbacks.NUDGE_PREFIX


async def _show(update: Update, schedule: reminders.Schedule, head: str) -> None:
    await reply(update, f"{head}\n{render.next_nudge(schedule.next_at, schedule.tz)}")


async def remind(update: Update, context: Context) -> None:
    args = command_args(update)
    if not args:
        seen = await use(update, context, reminders.overview)
        now_set = text.remind_now(seen.profile.remind_times, seen.profile.workdays)
        await reply(update, f"{now_set}\n{render.next_nudge(seen.next_at, seen.profile.tz)}")
        return
    times = parse_times(args)
    if isinstance(times, ParseError):
        await reply(update, times.message)
        return
    schedule = await use(update, context, reminders.set_times, times=times)
    head = "Nudges off." if not times else "Nudges at " + ", ".join(f"{t:%H:%M}" for t in times)
    await _show(update, schedule, head + ("" if not times else " on your workdays while behind."))


async def workdays(update: Update, context: Context) -> None:
    days = parse_workdays(command_args(update))
    if isinstance(days, ParseError):
        await reply(update, days.message)
        return
    schedule = await use(update, context, reminders.set_workdays, days=days)
    await _show(update, schedule, f"Workdays: {render.workdays_label(days)}.")


async def pause(update: Update, context: Context) -> None:
    schedule = await use(update, context, reminders.pause, args=command_args(update))
    if isinstance(schedule, ParseError):
        await reply(update, schedule.message)
        return
    assert schedule.resumes_on is not None
    await _show(update, schedule, text.paused(schedule.resumes_on))


async def resume(update: Update, context: Context) -> None:
    schedule = await use(update, context, reminders.resume)
    await _show(update, schedule, "Welcome back — nudges are on.")


async def snooze(update: Update, context: Context) -> None:
    span = parse_duration(command_args(update) or "1h")
    if isinstance(span, ParseError):
        await reply(update, span.message)
        return
    schedule = await use(update, context, reminders.snooze, span=span)
    until = (now(context) + span).astimezone(ZoneInfo(schedule.tz))
    await _show(update, schedule, text.snoozed(until))


async def followup(update: Update, context: Context) -> None:
    days = parse_followup(command_args(update))
    if isinstance(days, ParseError):
        await reply(update, days.message)
        return
    await use(update, context, reminders.set_followup, days=days)
    text = (
        "Follow-up reminders off."
        if days == 0
        else f"I'll remind you once about a named ask still unanswered after {days} days."
    )
    await reply(update, text)


async def digest(update: Update, context: Context) -> None:
    choice = command_args(update).lower()
    if choice not in ("on", "off"):
        await reply(update, "/digest on or /digest off — the weekly note on your first reminder.")
        return
    await use(update, context, reminders.set_digest, enabled=choice == "on")
    text = (
        "Weekly digest on: last week's numbers, streak and leak, with your first reminder."
        if choice == "on"
        else "Weekly digest off."
    )
    await reply(update, text)


async def pending(update: Update, context: Context) -> None:
    view = await use(update, context, cycle.pending)
    text = render.pending(view.asks, view.today)
    if not view.reasks:
        await reply(update, text)
        return
    text += "\n\n" + cycle_text.pending_reasks(view.reasks, view.today)
    await reply(update, text, reask_buttons(view.reasks))


async def nudge_pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    press = callbacks.parse_callback(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if (
        not isinstance(press, callbacks.NudgeAsks | callbacks.NudgeSnooze)
        or message is None
        or message.chat.id != query.from_user.id  # nudges go to the user's private chat only
        or callbacks.expired(message.date, now(context), callbacks.NUDGE_BUTTON_LIFE)
    ):
        await query.answer(callbacks.EXPIRED)
        return
    if isinstance(press, callbacks.NudgeSnooze):
        span = dt.timedelta(minutes=press.minutes)
        schedule = await use(update, context, reminders.snooze, span=span)
        await query.answer("Snoozed for an hour.")
        await edit_text(query, f"😴 Snoozed. {render.next_nudge(schedule.next_at, schedule.tz)}")
        return
    nudge = Source(chat_id=message.chat.id, message_id=message.message_id)
    outcome = await use(update, context, reminders.log_from_nudge, nudge=nudge, count=press.count)
    logged = outcome.logged
    await query.answer("Already logged from this reminder." if logged.duplicate else "Logged!")
    pace = render.pace_line(logged.day_tally.asks, outcome.profile.targets.asks)
    await edit_text(query, f"✅ Logged from this reminder. Today: {pace}.")
