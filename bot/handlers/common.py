"""What every handler shares: the sender, now, the one entry point to use cases, replies."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.app_types import Context
from bot.core.domain import Chat, Sender
from bot.core.render import fit

T = TypeVar("T")


def sender(update: Update, context: Context) -> Sender:
    user = update.effective_user
    assert user is not None  # guarded: updates without a user never reach the handlers
    return Sender(
        user_id=user.id,
        first_name=user.first_name,
        default_tz=context.bot_data.settings.default_timezone,
    )


def now(context: Context) -> dt.datetime:
    return context.bot_data.clock()


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the update's chat, within Telegram's size limit."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(fit(text), reply_markup=markup)


def command_args(update: Update) -> str:
    """The raw text after the command (keeps the user's spacing inside names)."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    parts = text.split(maxsplit=1)
    if not parts or not parts[0].startswith("/"):
        return text.strip()
    return parts[1].strip() if len(parts) > 1 else ""


async def use(update: Update, context: Context, service: Callable[..., T], **kwargs: Any) -> T:
    """Run one use case for the update's sender, now, in one transaction."""
    return await use_for_chat(
        context, service, sender=sender(update, context), now=now(context), **kwargs
    )


async def use_for_chat(context: Context, service: Callable[..., T], **kwargs: Any) -> T:
    """Run one use case that acts for a chat, not for the update's sender (a group, what
    Telegram reports about a chat), in one transaction: it gets just `kwargs`. The one way
    a handler reaches storage; `use` adds the sender and now."""
    return await context.bot_data.db.run(functools.partial(service, **kwargs))


async def use_for_group(
    context: Context, service: Callable[..., T], chat: Chat, **kwargs: Any
) -> T:
    """A use case for a group chat: with the bot's default timezone (for a group seen the
    first time) and now."""
    default_tz = context.bot_data.settings.default_timezone
    return await use_for_chat(
        context, service, chat=chat, default_tz=default_tz, now=now(context), **kwargs
    )


async def edit_text(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the pressed button's message to `text`, with `markup` or dropping its buttons."""
    try:
        await query.edit_message_text(fit(text), reply_markup=markup)
    except BadRequest as exc:
        # A re-delivered press edits to the same text: Telegram says "not modified".
        if "not modified" not in exc.message:
            raise
