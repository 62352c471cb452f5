"""Updates the bot never acts on, and what happens when handling an update fails."""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError, OperationalError
from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.app_types import Context
from bot.core.domain import Chat
from bot.handlers.common import now, reply, use_for_chat
from bot.usecases import membership

log = logging.getLogger(__name__)

ADMIN_COMMANDS = ("/groupset", "/tally")

APOLOGY = "Sorry — something went wrong on my side and nothing was saved. Please send it again."
DB_DOWN = (
    "Sorry — I can't reach my database right now, so nothing was saved. Try again in a minute."
)


async def drop_foreign(update: Update, _context: Context) -> None:
    """Channel posts, other bots and updates without a person are ignored by design."""
    if update.channel_post or update.edited_channel_post:
        raise ApplicationHandlerStop
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        # Anonymous admins post as the group itself: they may run the admin commands only.
        words = (message.text or "").split()
        command = words[0].split("@")[0].lower() if words else ""
        if message.sender_chat.id == message.chat.id and command in ADMIN_COMMANDS:
            return
        raise ApplicationHandlerStop
    user = update.effective_user
    if user is None or user.is_bot:
        raise ApplicationHandlerStop


async def on_error(update: object, context: Context) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(update, Update) and await _telegram_said_no(update, context, error):
        return
    log.error("update %s failed: %r", update_id, error, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    # asyncpg raises a bare ConnectionRefusedError (an OSError) when it cannot connect.
    text = DB_DOWN if isinstance(error, OperationalError | DBAPIError | OSError) else APOLOGY
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text[:200], show_alert=True)
        else:
            await reply(update, text)
    except TelegramError as exc:
        log.warning("could not apologise for update %s: %r", update_id, exc)


async def _telegram_said_no(update: Update, context: Context, error: object) -> bool:
    """Replies Telegram refuses for good: a blocked bot (403) or a chat that is gone marks
    the user blocked (no more nudges) or the group inactive; a group that became a
    supergroup is moved to its new id. The entry itself was committed before the reply."""
    chat = update.effective_chat
    if chat is None:
        return False
    gone = isinstance(error, Forbidden) or (
        isinstance(error, BadRequest) and "chat not found" in error.message.lower()
    )
    if isinstance(error, ChatMigrated):
        await use_for_chat(context, membership.migrate, old_id=chat.id, new_id=error.new_chat_id)
    elif gone and chat.type == ChatType.PRIVATE:
        await use_for_chat(context, membership.bot_blocked, user_id=chat.id, now=now(context))
    elif gone:
        await use_for_chat(context, membership.bot_removed, chat=Chat(chat.id, chat.title or ""))
    else:
        return False
    log.info(
        "update %s: Telegram refused the reply to chat %s: %r", update.update_id, chat.id, error
    )
    return True
