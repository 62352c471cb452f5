"""Who is in the group, as Telegram reports it: the bot added or removed, people joining
(invited to /join once) and leaving (out of the tally), a group becoming a supergroup."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram import User as TelegramUser

from bot.app_types import Context
from bot.core import group_text
from bot.core.domain import Chat
from bot.handlers.common import now, use_for_chat, use_for_group
from bot.handlers.group_replies import group_chat
from bot.usecases import membership

PRESENT = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED)


async def bot_membership(update: Update, context: Context) -> None:
    change = update.my_chat_member
    chat = group_chat(update)
    if change is None or chat is None:
        return
    if change.new_chat_member.status not in PRESENT[:3]:
        await use_for_chat(context, membership.bot_removed, chat=chat)
        return
    greet = await use_for_group(
        context,
        membership.bot_added,
        chat,
    )
    if greet:
        await context.bot.send_message(chat.chat_id, group_text.GREETING)


async def migrated(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    await use_for_chat(
        context, membership.migrate, old_id=message.chat.id, new_id=message.migrate_to_chat_id
    )


async def member_changed(update: Update, context: Context) -> None:
    """A `chat_member` update (the bot must be an admin to get them)."""
    change = update.chat_member
    chat = group_chat(update)
    if change is None or chat is None:
        return
    person = change.new_chat_member.user
    was = change.old_chat_member.status in PRESENT
    is_now = change.new_chat_member.status in PRESENT
    if was and not is_now:
        await _left(context, chat, person)
    elif is_now and not was:
        await _joined(context, chat, [person])


async def members_joined(update: Update, context: Context) -> None:
    """The "X joined the group" service message."""
    message, chat = update.effective_message, group_chat(update)
    if message is not None and chat is not None:
        await _joined(context, chat, list(message.new_chat_members))


async def member_left(update: Update, context: Context) -> None:
    """The "X left the group" service message."""
    message, chat = update.effective_message, group_chat(update)
    if message is not None and chat is not None and message.left_chat_member is not None:
        await _left(context, chat, message.left_chat_member)


async def _left(context: Context, chat: Chat, person: TelegramUser) -> None:
    if person.is_bot:
        return  # the bot itself: my_chat_member says so
    await use_for_chat(
        context, membership.left_chat, chat=chat, user_id=person.id, now=now(context)
    )


async def _joined(context: Context, chat: Chat, people: list[TelegramUser]) -> None:
    humans = {person.id: person.first_name for person in people if not person.is_bot}
    if not humans:
        return
    invited = await use_for_group(
        context,
        membership.newcomers,
        chat,
        user_ids=list(humans),
    )
    if invited:
        await context.bot.send_message(
            chat.chat_id, group_text.invitation([humans[uid] for uid in invited])
        )
