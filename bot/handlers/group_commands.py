"""Accountability groups: the bot joining/leaving, /join /leave /tally /privacy /groupset."""

from __future__ import annotations

import functools

from telegram import Bot, ChatMember, MessageEntity, Update, User
from telegram.constants import ChatType

from bot.app_types import Context
from bot.core import render
from bot.core.domain import Chat
from bot.core.group_args import PRIVACY_HELP, parse_groupset, parse_privacy
from bot.core.parsing import ParseError
from bot.core.tally_text import TallyText
from bot.handlers.common import command_args, now, reply, sender, use
from bot.usecases import membership as groups

GREETING = (
    "Hi all! I keep this group honest about sales volume: the direct ask is the step people "
    "skip.\n/join to be counted in the weekly tally (Fridays 17:00 by default), then log here "
    "or in a private chat with me: /ask 3. /privacy sets what the group sees of you; /tally "
    "shows this week so far."
)
GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)
ANONYMOUS_ADMIN_ID = 1087968824
"""Telegram's GroupAnonymousBot: messages of anonymous admins come from it."""


def group_chat(update: Update) -> Chat | None:
    chat = update.effective_chat
    if chat is None or chat.type not in GROUP_TYPES:
        return None
    return Chat(chat.id, chat.title or "")


async def bot_membership(update: Update, context: Context) -> None:
    change = update.my_chat_member
    chat = group_chat(update)
    if change is None or chat is None:
        return
    present = change.new_chat_member.status in (
        ChatMember.MEMBER,
        ChatMember.ADMINISTRATOR,
        ChatMember.OWNER,
    )
    if not present:
        await context.bot_data.db.run(functools.partial(groups.bot_removed, chat=chat))
        return
    greet = await context.bot_data.db.run(
        functools.partial(
            groups.bot_added,
            chat=chat,
            default_tz=context.bot_data.settings.default_timezone,
            now=now(context),
        )
    )
    if greet:
        await context.bot.send_message(chat.chat_id, GREETING)


async def migrated(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    await context.bot_data.db.run(
        functools.partial(groups.migrate, old_id=message.chat.id, new_id=message.migrate_to_chat_id)
    )


async def join(update: Update, context: Context) -> None:
    chat = group_chat(update)
    if chat is None:
        await reply(update, "/join works inside an accountability group: add me to one.")
        return
    new = await use(update, context, groups.join, chat=chat)
    name = sender(update, context).first_name
    await reply(update, f"Welcome, {name}! You're in the tally." if new else "You're already in.")


async def leave(update: Update, context: Context) -> None:
    chat = group_chat(update)
    if chat is None:
        await reply(update, "/leave works inside a group.")
        return
    left = await context.bot_data.db.run(
        functools.partial(groups.leave, sender=sender(update, context), chat=chat)
    )
    await reply(update, "You've left the tally. Your own log stays." if left else "You weren't in.")


async def privacy(update: Update, context: Context) -> None:
    choice = parse_privacy(command_args(update))
    if isinstance(choice, ParseError):
        await reply(update, choice.message)
        return
    chat = group_chat(update)
    changed = await use(update, context, groups.set_privacy, chat=chat, choice=choice)
    where = "this group" if chat else f"your {changed} group{'s' if changed != 1 else ''}"
    if chat is None and changed == 0:
        await reply(update, "You haven't joined any group yet. " + PRIVACY_HELP)
        return
    what = (
        choice.level.value if choice.level else ("mention on" if choice.mention else "no mention")
    )
    await reply(update, f"Privacy for {where}: {what}.")


async def tally(update: Update, context: Context) -> None:
    chat = group_chat(update)
    if chat is None:
        await reply(update, "/tally works inside a group. Privately, try /week.")
        return
    text = await context.bot_data.db.run(
        functools.partial(
            groups.on_demand_tally,
            chat=chat,
            default_tz=context.bot_data.settings.default_timezone,
            now=now(context),
        )
    )
    await send_tally(context.bot, chat.chat_id, text)


async def send_tally(bot: Bot, chat_id: int, tally: TallyText) -> None:
    entities = [
        MessageEntity(
            MessageEntity.TEXT_MENTION,
            mention.offset,
            mention.length,
            user=User(mention.user_id, "member", is_bot=False),
        )
        for mention in tally.mentions
    ]
    await bot.send_message(chat_id, render.fit(tally.text), entities=entities or None)


async def is_admin(update: Update, context: Context) -> bool:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return False
    if message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous admin posting as the group
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER)


async def groupset(update: Update, context: Context) -> None:
    chat = group_chat(update)
    if chat is None:
        await reply(update, "/groupset works inside a group, for its admins.")
        return
    if not await is_admin(update, context):
        await reply(update, "Sorry — only this group's admins can change its settings.")
        return
    values = parse_groupset(command_args(update))
    if isinstance(values, ParseError):
        await reply(update, values.message)
        return
    settings, slot = await context.bot_data.db.run(
        functools.partial(
            groups.configure,
            chat=chat,
            values=values,
            default_tz=context.bot_data.settings.default_timezone,
            now=now(context),
        )
    )
    when = (
        render.next_nudge(slot.at, settings.tz).replace("Next nudge", "Next tally").split(",")[0]
        if slot
        else "Scheduled tally off (/tally still works)."
    )
    saved = f"Saved. Group timezone {settings.tz}, target {settings.weekly_target} asks a week."
    await reply(update, f"{saved}\n{when}")
