"""/tally: one live tally message per group and week — posted (and pinned if the bot may),
then refreshed in place at most every few minutes, with a short pointer to it."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from zoneinfo import ZoneInfo

from telegram import Bot, Message, MessageEntity, ReplyParameters, Update, User
from telegram.error import BadRequest, TelegramError

from bot.app_types import Context
from bot.core import render
from bot.core.tally_text import TallyText
from bot.db.engine import Database
from bot.handlers.common import now, reply
from bot.handlers.group_replies import group_chat
from bot.usecases import group_tally
from bot.usecases.group_tally import Action, TallyRequest

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


async def _edit(bot: Bot, chat_id: int, message_id: int, tally: TallyText) -> bool:
    """Refresh the live message; False when it is gone (deleted, too old to edit)."""
    try:
        await bot.edit_message_text(
            render.fit(tally.text), chat_id, message_id, entities=_entities(tally)
        )
    except BadRequest as exc:
        return "not modified" in exc.message.lower()
    return True


async def _point(bot: Bot, chat_id: int, request: TallyRequest) -> bool:
    """A short reply to the live message; False when it is gone."""
    assert request.message_id is not None
    assert request.refreshed_at is not None
    at = request.refreshed_at.astimezone(ZoneInfo(request.tz))
    try:
        await bot.send_message(
            chat_id,
            f"☝️ This week's tally, updated at {at:%H:%M}.",
            reply_parameters=ReplyParameters(request.message_id, allow_sending_without_reply=False),
        )
    except BadRequest as exc:
        if "not found" in exc.message.lower():
            return False
        raise
    return True


async def tally(update: Update, context: Context) -> None:
    chat = group_chat(update)
    if chat is None:
        await reply(update, "/tally works inside a group. Privately, try /week.")
        return
    request = await context.bot_data.db.run(
        functools.partial(
            group_tally.on_demand,
            chat=chat,
            default_tz=context.bot_data.settings.default_timezone,
            now=now(context),
        )
    )
    bot, chat_id = context.bot, chat.chat_id
    if request.action is Action.EDIT:
        assert request.tally is not None
        assert request.message_id is not None
        refreshed = await _edit(bot, chat_id, request.message_id, request.tally)
        if refreshed and await _point(bot, chat_id, request):
            return
    elif request.action is Action.POINT and await _point(bot, chat_id, request):
        return
    db = context.bot_data.db
    if request.tally is None:  # the pointed-to message is gone: a fresh tally after all
        request = await db.run(functools.partial(group_tally.fresh, chat=chat, now=now(context)))
    assert request.tally is not None
    await post_live(bot, db, chat_id, request.tally, request.week, now(context))
