"""Reading back: /today, /week, /stats."""

from __future__ import annotations

from telegram import Update

from bot.app_types import Context
from bot.core import cycle_text, render
from bot.handlers.common import reply, use
from bot.usecases import history
from bot.usecases import logbook as services


async def today(update: Update, context: Context) -> None:
    view, insight = await use(update, context, history.today)
    workday = view.first.weekday() in view.profile.workdays
    text = render.today(view.first, view.tally, view.profile.targets, workday=workday)
    capacity = f"\n{cycle_text.CAPACITY_LINE}" if insight.at_capacity else ""
    await reply(update, f"{text}\n{render.streak(insight.streak)}{capacity}")


async def week(update: Update, context: Context) -> None:
    view = await use(update, context, services.week)
    await reply(update, render.week(view.first, view.last, view.tally, view.weekly_targets))


async def stats(update: Update, context: Context) -> None:
    view, insight = await use(update, context, history.stats)
    text = render.stats(view.lifetime, view.since, view.recent, services.STATS_RECENT_DAYS)
    if insight.reasks[0]:
        text += "\n" + cycle_text.reask_counts(*insight.reasks)
    await reply(update, f"{text}\n\n{render.streak(insight.streak)}\n{render.leak(insight.leak)}")
