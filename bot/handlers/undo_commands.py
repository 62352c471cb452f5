"""/undo and the undo button — in a group only what the member logged there — and the answer
to any button the bot no longer knows."""

from __future__ import annotations

from telegram import MaybeInaccessibleMessage, Message, Update

from bot.app_types import Context
from bot.core import callbacks, render
from bot.core.callbacks import UndoPress
from bot.core.domain import Source, Undone
from bot.handlers.common import now, reply, sender, use
from bot.handlers.group_replies import DONE, clear_reaction, group_chat, react
from bot.usecases import logbook as services
from bot.usecases import membership

UNKNOWN_BUTTON = "That button is no longer active."


async def undo(update: Update, context: Context) -> None:
    chat = group_chat(update)
    if chat is not None:
        await undo_in_group(update, context)
        return
    message = update.effective_message
    assert message is not None
    by = Source(chat_id=message.chat_id, message_id=message.message_id)
    removed = await use(update, context, services.undo_last, by=by)
    if not removed:
        await reply(update, "Nothing to undo yet.")
        return
    await reply(update, undone_text(removed))


async def undo_in_group(update: Update, context: Context) -> None:
    """Replying to one of your logs undoes that one, else your latest log in this group. The
    group sees a 👌 and the ✍ gone, never what was removed."""
    message, chat = update.effective_message, group_chat(update)
    assert message is not None
    assert chat is not None
    replied = message.reply_to_message
    target = None
    if replied is not None and replied.from_user is not None:
        if replied.from_user.id != sender(update, context).user_id:
            if replied.from_user.id != context.bot.id:
                await reply(update, f"Only {replied.from_user.first_name} can undo that.")
                return
        else:
            target = replied.message_id
    by = Source(chat_id=message.chat_id, message_id=message.message_id)
    target, removed = await use(
        update, context, membership.undo_in_group, chat=chat, message_id=target, by=by
    )
    if not removed:
        await reply(update, "Nothing of yours to undo in this group.")
        return
    await react(update, DONE, fallback="↩️ Undone.")
    if target is not None:  # (None: this /undo handled again, its log's ✍ already gone)
        await clear_reaction(context, chat.chat_id, target)


def _usable(message: MaybeInaccessibleMessage | None) -> Message | None:
    return message if isinstance(message, Message) else None


async def undo_pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    press = callbacks.parse_callback(query.data)
    message = _usable(query.message)
    if (
        not isinstance(press, UndoPress)
        or message is None
        or callbacks.expired(message.date, now(context), callbacks.UNDO_BUTTON_LIFE)
    ):
        await query.answer(callbacks.EXPIRED)
        return
    source = Source(chat_id=message.chat.id, message_id=press.message_id)
    result = await use(update, context, membership.undo_pressed, source=source)
    if result.author is not None:
        await query.answer(f"Only {result.author} can undo this.")
        return
    if not result.undone:
        await query.answer("Already undone.")
        return
    await query.answer("Undone.")
    await query.edit_message_text(undone_text(result.undone))


def undone_text(removed: list[Undone]) -> str:
    """What one message's undo removed, a line per entry."""
    return render.fit("\n".join(render.undone(u.kind, u.count, u.who, u.day) for u in removed))


async def unknown_button(update: Update, _context: Context) -> None:
    """Every press gets an answer, or the client's spinner turns until it times out."""
    query = update.callback_query
    if query is not None:
        await query.answer(UNKNOWN_BUTTON)
