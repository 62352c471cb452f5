"""How the bot answers a member inside a group: a reaction instead of a reply, short lines
that carry none of the member's numbers, and personal answers sent privately."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.constants import ChatType, ReactionEmoji
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.app_types import Context, Handler
from bot.core import group_text
from bot.core.domain import Chat
from bot.handlers.common import reply, sender, use
from bot.usecases import membership
from bot.usecases.membership import Contact

log = logging.getLogger(__name__)

LOGGED = ReactionEmoji.WRITING_HAND
DONE = ReactionEmoji.OK_HAND_SIGN


async def contact(update: Update, context: Context, chat: Chat) -> Contact:
    """Before logging in a group: the person and group known, a first-timer joined."""
    return await use(update, context, membership.group_contact, chat=chat)


async def react(update: Update, emoji: str | None, fallback: str | None = None) -> None:
    """A reaction on the member's message (None clears it). Groups may allow only some
    reactions, or none: then the short `fallback` line instead."""
    message = update.effective_message
    if message is None:
        return
    try:
        await message.set_reaction(emoji)
    except BadRequest as exc:
        log.info("reaction refused in chat %s: %s", message.chat_id, exc.message)
        if fallback:
            await reply(update, fallback)


async def acknowledge_log(update: Update, context: Context, contact: Contact) -> None:
    """A group log: a ✍ reaction; a short line only for someone outside the tally, or for
    a newcomer the bot cannot write to privately yet (said once, when first met)."""
    name = sender(update, context).first_name
    await react(update, LOGGED, fallback="✅ Logged.")
    if not contact.in_tally:
        await reply(update, group_text.not_in_tally(name))
    elif contact.new_person:
        await reply(update, group_text.private_chat_hint(name, context.bot.username))


async def near_miss(update: Update, _context: Context) -> None:
    """A reply to the bot that reads like a log but isn't one: say so, in one line."""
    message = update.effective_message
    if message is not None and group_text.looks_like_log(message.text or ""):
        await reply(update, group_text.NEAR_MISS)


async def send_privately(update: Update, context: Context, text: str) -> bool:
    """Send `text` to the member's private chat; False when Telegram won't (no chat yet)."""
    user = sender(update, context)
    try:
        await context.bot.send_message(user.user_id, text)
    except Forbidden:
        return False
    except BadRequest as exc:
        if "chat not found" in exc.message.lower():
            return False
        raise
    await use(update, context, membership.opened_private_chat)
    return True


def answered_privately(compose: Callable[[Update, Context], Awaitable[str]]) -> Handler:
    """A personal command sent in a group: the answer goes to the private chat, the group
    sees a 👌 (or how to open a private chat)."""

    async def handle(update: Update, context: Context) -> None:
        chat = group_chat(update)
        if chat is not None:  # meet them as a group member, not as a private-chat user
            await use(update, context, membership.group_contact, chat=chat, join=False)
        text = await compose(update, context)
        if await send_privately(update, context, text):
            await react(update, DONE, fallback="📬 Sent you that privately.")
            return
        name = sender(update, context).first_name
        await reply(update, group_text.private_chat_hint(name, context.bot.username))

    handle.__name__ = f"private_{getattr(compose, '__name__', 'answer')}"
    return handle


GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)


def group_chat(update: Update) -> Chat | None:
    """The group (or supergroup) an update comes from; None for anything else."""
    chat = update.effective_chat
    if chat is None or chat.type not in GROUP_TYPES:
        return None
    return Chat(chat.id, chat.title or "")


async def clear_reaction(context: Context, chat_id: int, message_id: int) -> None:
    try:
        await context.bot.set_message_reaction(chat_id, message_id)
    except TelegramError as exc:
        log.info("could not clear the reaction in chat %s: %r", chat_id, exc)
