"""Personal settings: /target, /tz and /settings (all of them at once)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update

from bot.app_types import Context
from bot.core import render
from bot.core import settings_text as text
from bot.core.parsing import ParseError
from bot.core.setting_args import parse_targets
from bot.core.timezone_args import parse_timezone
from bot.handlers.common import command_args, now, reply, use
from bot.usecases import logbook as services
from bot.usecases import reminders


async def target(update: Update, context: Context) -> None:
    args = command_args(update)
    if not args:
        profile = await use(update, context, services.start)
        await reply(update, text.target_now(profile.targets))
        return
    parsed = parse_targets(args)
    if isinstance(parsed, ParseError):
        await reply(update, parsed.message)
        return
    targets = await use(update, context, services.set_targets, targets=parsed)
    await reply(update, render.targets_set(targets))


async def timezone(update: Update, context: Context) -> None:
    args = command_args(update)
    if not args:
        profile = await use(update, context, services.start)
        local = now(context).astimezone(ZoneInfo(profile.tz))
        await reply(update, text.timezone_now(profile.tz, local))
        return
    tz = parse_timezone(args)
    if isinstance(tz, ParseError):
        await reply(update, tz.message)
        return
    local = await use(update, context, services.set_timezone, tz=tz)
    await reply(update, render.timezone_set(tz, local))


async def settings(update: Update, context: Context) -> None:
    seen = await use(update, context, reminders.overview)
    profile, nudging = seen.profile, seen.nudging
    local = now(context).astimezone(ZoneInfo(profile.tz))
    shown = text.settings(
        tz=profile.tz,
        local=local,
        targets=profile.targets,
        workdays=profile.workdays,
        remind_times=profile.remind_times,
        followup_days=nudging.followup_days,
        digest=nudging.digest_enabled,
        resumes_on=nudging.paused_until,
        snoozed_until=nudging.snoozed_until,
        capacity=seen.cycle.capacity,
        reask_days=seen.cycle.reask_days,
        yes_goal=seen.cycle.yes_goal,
    )
    await reply(update, f"{shown}\n{render.next_nudge(seen.next_at, profile.tz)}")
