"""The user's own data: /chart, /export, /forget (with a confirmation button)."""

from __future__ import annotations

import asyncio
import tempfile

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.app_types import Context
from bot.core import callbacks
from bot.core.parsing import ParseError
from bot.core.setting_args import parse_chart_span
from bot.handlers.common import command_args, reply, use, use_for_chat
from bot.usecases import account as privacy
from bot.usecases import history


async def chart(update: Update, context: Context) -> None:
    args = command_args(update)
    weeks = parse_chart_span(args) if args else history.DEFAULT_CHART_WEEKS
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

    so_far = (data.this_week, data.target_to_date)
    png = await asyncio.to_thread(
        render_weeks, data.points, data.weekly_ask_target, data.title, so_far
    )
    message = update.effective_message
    assert message is not None
    asks = data.points[data.this_week].asks
    caption = (
        f"Asks, leads and touches per week, {data.span}. This week so far: {asks} of "
        f"{data.target_to_date} asks by today ({data.weekly_ask_target} for the week)."
    )
    filename = f"salesbot-chart-{data.made:%Y-%m-%d-%H%M}.png"
    await message.reply_photo(png, caption=caption, filename=filename)


async def export(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    choice = command_args(update).lower()
    if choice not in ("", "all"):
        await reply(update, "/export gives your entries as CSV; /export all adds undone ones.")
        return
    # Rows stream from the database into a file; PTB then reads it once for the upload.
    with tempfile.NamedTemporaryFile(prefix="salesbot-export-", suffix=".csv") as out:
        summary, made = await use(
            update, context, history.export_mine, out=out, with_undone=choice == "all"
        )
        out.seek(0)
        name = f"salesbot-entries{'-all' if choice else ''}-{made:%Y-%m-%d}.csv"
        await message.reply_document(out, filename=name, caption=summary.caption())


FORGET_PREFIX = callbacks.FORGET_PREFIX


async def forget(update: Update, _context: Context) -> None:
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Delete everything", callback_data=callbacks.forget_data(True)
                ),
                InlineKeyboardButton("Cancel", callback_data=callbacks.forget_data(False)),
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
    press = callbacks.parse_callback(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if (
        not isinstance(press, callbacks.ForgetPress)
        or message is None
        or message.chat.id != query.from_user.id  # only ever asked in the user's private chat
    ):
        await query.answer(callbacks.EXPIRED)
        return
    if not press.confirmed:
        await query.answer("Cancelled.")
        await query.edit_message_text("Cancelled — nothing was deleted.")
        return
    removed = await use_for_chat(context, privacy.forget, user_id=query.from_user.id)
    await query.answer("Deleted.")
    await query.edit_message_text(
        f"Done: {removed} entries and everything else about you are deleted. /start begins fresh."
    )
