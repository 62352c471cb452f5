"""Reading back: /today, /week, /stats."""

from __future__ import annotations

import functools

from telegram import Update

from bot import history, render, services
from bot.handlers.common import Context, now, reply, sender


async def today(update: Update, context: Context) -> None:
    view, insight = await context.bot_data.db.run(
        functools.partial(history.today, sender=sender(update, context), now=now(context))
    )
    text = render.today(view.first, view.tally, view.profile.targets)
    await reply(update, f"{text}\n{render.streak(insight.streak)}")


async def week(update: Update, context: Context) -> None:
    view = await context.bot_data.db.run(
        functools.partial(services.week, sender=sender(update, context), now=now(context))
    )
    await reply(update, render.week(view.first, view.last, view.tally, view.weekly_targets))


async def stats(update: Update, context: Context) -> None:
    view, insight = await context.bot_data.db.run(
        functools.partial(history.stats, sender=sender(update, context), now=now(context))
    )
    text = render.stats(view.lifetime, view.since, view.recent, services.STATS_RECENT_DAYS)
    await reply(update, f"{text}\n\n{render.streak(insight.streak)}\n{render.leak(insight.leak)}")
