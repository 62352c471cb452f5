"""The user's own data: /chart, /export, /forget (with a confirmation button)."""

from __future__ import annotations

import asyncio
import functools
import tempfile

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.app_types import Context
from bot.core.parsing import ParseError
from bot.core.setting_args import parse_chart_span
from bot.handlers.common import command_args, reply, use
from bot.usecases import account as privacy
from bot.usecases import history

DEFAULT_CHART_WEEKS = 8


async def chart(update: Update, context: Context) -> None:
    args = command_args(update)
    weeks = parse_chart_span(args) if args else DEFAULT_CHART_WEEKS
    if isinstance(weeks, ParseError):
        await reply(update, weeks.message)
        return
    data = await use(update, context, history.chart_weeks, weeks=weeks)
    if not data.points:
        await reply(update, "Nothing to chart yet — log an ask (/ask) and check back.")
        return
    # matplotlib costs ~0.7 s to import, so only the first /chart pays it. Rendering takes
    # ~130 ms of CPU: off the event loop, so other updates keep flowing.
    from bot.core.chart import render_weeks

    png = await asyncio.to_thread(render_weeks, data.points, data.weekly_ask_target, data.title)
    message = update.effective_message
    assert message is not None
    span = "week" if weeks == 1 else f"{weeks} weeks"
    caption = f"Asks, leads and touches per week — last {span}."
    await message.reply_photo(png, caption=caption, filename="salesbot-chart.png")


async def export(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    # Rows stream from the database into a file; PTB then reads it once for the upload.
    with tempfile.NamedTemporaryFile(prefix="salesbot-export-", suffix=".csv") as out:
        count = await use(update, context, history.export_mine, out=out)
        out.seek(0)
        await message.reply_document(
            out, filename="salesbot-entries.csv", caption=f"{count} entries (UTF-8 CSV)."
        )


FORGET_PREFIX = "forget:"


async def forget(update: Update, _context: Context) -> None:
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Delete everything", callback_data=f"{FORGET_PREFIX}yes"),
                InlineKeyboardButton("Cancel", callback_data=f"{FORGET_PREFIX}no"),
            ]
        ]
    )
    await reply(
        update,
        "This deletes everything I know about you: every entry, your settings, group "
        "memberships and reminders. It can't be undone. Sure?",
        buttons,
    )


async def forget_pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    if query.data != f"{FORGET_PREFIX}yes":
        await query.answer("Cancelled.")
        await query.edit_message_text("Cancelled — nothing was deleted.")
        return
    removed = await context.bot_data.db.run(
        functools.partial(privacy.forget, user_id=query.from_user.id)
    )
    await query.answer("Deleted.")
    await query.edit_message_text(
        f"Done: {removed} entries and everything else about you are deleted. /start begins fresh."
    )
