"""Reading back: /today, /week, /stats — the text, and the handlers that send it — and
/chart (everything, or one tag)."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.app_types import Context
from bot.core import chart_captions, cycle_text, render
from bot.core.cycle_args import parse_chart
from bot.core.parsing import ParseError
from bot.core.paths import actions
from bot.handlers.common import command_args, reply, use
from bot.usecases import history
from bot.usecases import logbook as services
from bot.usecases.history import ChartData
from bot.usecases.tag_chart import tag_chart


async def today_text(update: Update, context: Context) -> str:
    view, insight = await use(update, context, history.today)
    workday = view.first.weekday() in view.profile.workdays
    text = render.today(view.first, view.tally, view.profile.targets, workday=workday)
    capacity = f"\n{cycle_text.CAPACITY_LINE}" if insight.at_capacity else ""
    return f"{text}\n{render.streak(insight.streak)}{capacity}"


async def week_text(update: Update, context: Context) -> str:
    view = await use(update, context, services.week)
    return render.week(view.first, view.last, view.tally, view.weekly_targets)


async def stats_text(update: Update, context: Context) -> str:
    view, insight = await use(update, context, history.stats)
    text = render.stats(view.lifetime, view.since, view.recent, services.STATS_RECENT_DAYS)
    if insight.reasks[0]:
        text += "\n" + cycle_text.reask_counts(*insight.reasks)
    return f"{text}\n\n{render.streak(insight.streak)}\n{render.leak(insight.leak)}"


async def today(update: Update, context: Context) -> None:
    await reply(update, await today_text(update, context))


async def week(update: Update, context: Context) -> None:
    await reply(update, await week_text(update, context))


async def stats(update: Update, context: Context) -> None:
    await reply(update, await stats_text(update, context))


async def chart(update: Update, context: Context) -> None:
    parsed = parse_chart(command_args(update))
    if isinstance(parsed, ParseError):
        await reply(update, parsed.message)
        return
    weeks, tag = parsed
    weeks = weeks or history.DEFAULT_CHART_WEEKS
    if tag is None:
        data = await use(update, context, history.chart_weeks, weeks=weeks)
        if not data.points:
            await reply(update, chart_captions.NOTHING_YET)
            return
        asks = data.points[data.this_week].asks
        caption = chart_captions.caption(
            data.span, asks, data.target_to_date, data.weekly_ask_target
        )
    else:
        one = await use(update, context, tag_chart, tag=tag, weeks=weeks)
        data = one.chart
        if not actions(one.total):
            span = data.span if data.points else None
            await reply(update, chart_captions.nothing_tagged(tag, span, one.tags))
            return
        caption = chart_captions.tag_caption(tag, data.span, one.total, one.this_week)
    await send_chart(update, data, caption)


async def send_chart(update: Update, data: ChartData, caption: str) -> None:
    # matplotlib costs ~0.7 s to import, so only the first /chart pays it. Rendering takes
    # ~130 ms of CPU: off the event loop, so other updates keep flowing.
    from bot.core.chart import render_weeks

    so_far = (data.this_week, data.target_to_date)
    png = await asyncio.to_thread(
        render_weeks, data.points, data.weekly_ask_target, data.title, so_far
    )
    message = update.effective_message
    assert message is not None
    filename = f"salesbot-chart-{data.made:%Y-%m-%d-%H%M}.png"
    await message.reply_photo(png, caption=caption, filename=filename)
