"""/tally: one live tally message per group and week — posted (and pinned if the bot may),
then refreshed in place at most every few minutes, with a short pointer to it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Bot, ReplyParameters, Update
from telegram.error import BadRequest

from bot.app_types import Context
from bot.handlers.common import now, reply, use_for_chat, use_for_group
from bot.handlers.group_replies import group_chat
from bot.outgoing.live_tally import edit_live, post_live
from bot.usecases import group_tally
from bot.usecases.group_tally import Action, TallyRequest


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
    request = await use_for_group(
        context,
        group_tally.on_demand,
        chat,
    )
    bot, chat_id = context.bot, chat.chat_id
    if request.action is Action.EDIT:
        assert request.tally is not None
        assert request.message_id is not None
        refreshed = await edit_live(bot, chat_id, request.message_id, request.tally)
        if refreshed and await _point(bot, chat_id, request):
            return
    elif request.action is Action.POINT and await _point(bot, chat_id, request):
        return
    if request.tally is None:  # the pointed-to message is gone: a fresh tally after all
        request = await use_for_chat(context, group_tally.fresh, chat=chat, now=now(context))
    assert request.tally is not None
    await post_live(bot, context.bot_data.db, chat_id, request.tally, request.week, now(context))
