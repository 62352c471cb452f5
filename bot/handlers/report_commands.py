"""Reading back: /today, /week, /stats — the text, and the handlers that send it."""

from __future__ import annotations

from telegram import Update

from bot.core import render
from bot.handlers.common import Context, reply, use
from bot.usecases import history
from bot.usecases import logbook as services


async def today_text(update: Update, context: Context) -> str:
    view, insight = await use(update, context, history.today)
    text = render.today(view.first, view.tally, view.profile.targets)
    return f"{text}\n{render.streak(insight.streak)}"


async def week_text(update: Update, context: Context) -> str:
    view = await use(update, context, services.week)
    return render.week(view.first, view.last, view.tally, view.weekly_targets)


async def stats_text(update: Update, context: Context) -> str:
    view, insight = await use(update, context, history.stats)
    text = render.stats(view.lifetime, view.since, view.recent, services.STATS_RECENT_DAYS)
    return f"{text}\n\n{render.streak(insight.streak)}\n{render.leak(insight.leak)}"


async def today(update: Update, context: Context) -> None:
    await reply(update, await today_text(update, context))


async def week(update: Update, context: Context) -> None:
    await reply(update, await week_text(update, context))


async def stats(update: Update, context: Context) -> None:
    await reply(update, await stats_text(update, context))
