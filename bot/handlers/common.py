"""What every handler shares: the typed context, the sender, and replying within limits."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.config import Settings
from bot.core.render import fit
from bot.db.engine import Database
from bot.runtime.clock import Clock, system_clock
from bot.usecases.logbook import Sender

T = TypeVar("T")


class BotData:
    """Application-wide resources (PTB's bot_data): set by build_application and post_init."""

    settings: Settings
    db: Database
    clock: Clock = staticmethod(system_clock)


Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]
BotApp = Application[
    ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]
]
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


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
    message = update.effective_message
    if message is None:
        return
    if not plain_private(message):
        await message.reply_text(fit(text), reply_markup=markup)
        return
    # The request `reply_text` sends here (tests/handlers/test_reply.py checks it is the
    # same), without turning Telegram's answer into a `Message` that nobody reads: that
    # parse was about 30 % of the CPU time of an /ask (py-spy, bench/throughput.py).
    data = {"chat_id": message.chat_id, "text": fit(text), "reply_markup": markup_json(markup)}
    await message.get_bot()._post("sendMessage", data)


_BUTTON_EXTRAS = tuple(
    name for name in InlineKeyboardButton.__slots__ if name not in ("text", "callback_data")
)


def markup_json(markup: InlineKeyboardMarkup | None) -> str | InlineKeyboardMarkup | None:
    """A keyboard of plain callback buttons (all salesbot sends) as the JSON PTB would send,
    without PTB's generic `to_dict`, which was ≈ 30 µs of an /ask; any other keyboard as it
    is, for PTB to serialise (tests/handlers/test_reply.py checks both give one request)."""
    if markup is None or markup.api_kwargs:
        return markup
    rows = []
    for row in markup.inline_keyboard:
        buttons = []
        for button in row:
            if not isinstance(button.callback_data, str) or button.api_kwargs:
                return markup
            if any(getattr(button, name) is not None for name in _BUTTON_EXTRAS):
                return markup
            buttons.append({"text": button.text, "callback_data": button.callback_data})
        rows.append(buttons)
    return json.dumps({"inline_keyboard": rows})


def plain_private(message: Message) -> bool:
    """A private chat outside topics and business connections: a reply there is a plain
    sendMessage to the chat, with no quote, thread or connection to carry over."""
    return (
        message.chat.type == ChatType.PRIVATE
        and not message.is_topic_message
        and message.business_connection_id is None
        and message.direct_messages_topic is None
    )


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
    call = functools.partial(service, sender=sender(update, context), now=now(context), **kwargs)
    return await context.bot_data.db.run(call)
