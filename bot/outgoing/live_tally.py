"""A group's tally as Telegram messages: sent with its mentions, pinned where the bot may,
recorded as the week's live tally (the one /tally refreshes), and edited in place."""

from __future__ import annotations

import datetime as dt
import functools
import logging

from telegram import Bot, Message, MessageEntity, User
from telegram.error import BadRequest, TelegramError

from bot.core import render
from bot.core.tally_text import TallyText
from bot.db.engine import Database
from bot.usecases import group_tally

log = logging.getLogger(__name__)


def _entities(tally: TallyText) -> list[MessageEntity] | None:
    entities = [
        MessageEntity(
            MessageEntity.TEXT_MENTION,
            mention.offset,
            mention.length,
            user=User(mention.user_id, "member", is_bot=False),
        )
        for mention in tally.mentions
    ]
    return entities or None


async def send_tally(bot: Bot, chat_id: int, tally: TallyText) -> Message:
    return await bot.send_message(chat_id, render.fit(tally.text), entities=_entities(tally))


async def pin(bot: Bot, chat_id: int, message_id: int) -> None:
    """Pin quietly where the bot may; elsewhere Telegram says no, and that's fine."""
    try:
        await bot.pin_chat_message(chat_id, message_id, disable_notification=True)
    except TelegramError as exc:
        log.debug("tally not pinned in chat %s: %r", chat_id, exc)


async def post_live(
    bot: Bot, db: Database, chat_id: int, tally: TallyText, week: dt.date, at: dt.datetime
) -> Message:
    """Post a week's tally, pin it, and make it the one /tally refreshes."""
    message = await send_tally(bot, chat_id, tally)
    await pin(bot, chat_id, message.message_id)
    await db.run(
        functools.partial(
            group_tally.record_live,
            chat_id=chat_id,
            week=week,
            message_id=message.message_id,
            now=at,
        )
    )
    return message


async def edit_live(bot: Bot, chat_id: int, message_id: int, tally: TallyText) -> bool:
    """Refresh the live message; False when it is gone (deleted, too old to edit)."""
    try:
        await bot.edit_message_text(
            render.fit(tally.text), chat_id, message_id, entities=_entities(tally)
        )
    except BadRequest as exc:
        return "not modified" in exc.message.lower()
    return True
