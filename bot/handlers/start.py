"""Greeting, help, and the replies for everything the bot does not understand."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.app_types import Context
from bot.core import catalogue as commands
from bot.core import group_text, introductions, render
from bot.handlers.common import command_args, reply, use
from bot.usecases import membership

GROUPS_PAYLOAD = "groups"
"""t.me/<bot>?start=groups opens a private chat that explains the group features."""


async def start(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        await reply(update, group_text.GROUP_HELP)  # e.g. just added via ?startgroup=
        return
    profile = await use(update, context, membership.opened_private_chat)
    if context.args and context.args[0].lower() == GROUPS_PAYLOAD:
        link = f"https://t.me/{context.bot.username}?startgroup=join"
        await reply(update, introductions.group_features(link))
        return
    times = profile.remind_times.replace(",", ", ")
    nudges = (
        f"If you're behind, I nudge you at {times} on {render.workdays_label(profile.workdays)}"
        if times
        else "Nudges are off"
    )
    await reply(
        update, introductions.welcome(profile.first_name, profile.tz, profile.targets.asks, nudges)
    )


async def help_command(update: Update, context: Context) -> None:
    topic = command_args(update)
    if not topic:
        await reply(update, commands.help_overview())
        return
    text = commands.help_for(topic.split()[0])
    if text is None:
        await reply(update, f"I have no command “{topic[:40]}”. /help lists them all.")
        return
    await reply(update, text)


async def unknown_command(update: Update, context: Context) -> None:
    message = update.effective_message
    name = (message.text or "").split()[0] if message and message.text else "that"
    _command, _at, addressee = name.partition("@")
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return  # meant for another bot
    await reply(update, f"I don't know {name[:40]}. /help lists what I understand.")


async def private_only(update: Update, _context: Context) -> None:
    await reply(update, "That one is just for you — send it to me in a private chat.")


async def not_text(update: Update, _context: Context) -> None:
    await reply(update, "I only read text. Log with /ask 3 or type “3 asks”.")
