"""The user's own data: /export, /forget (with a confirmation button)."""

from __future__ import annotations

import tempfile

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.app_types import Context
from bot.core import callbacks
from bot.handlers.common import command_args, reply, use, use_for_chat
from bot.usecases import account as privacy
from bot.usecases import history


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
