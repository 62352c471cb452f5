"""Accountability group commands: /join /leave /privacy /groupset, and /start and /help as
a group needs them."""

from __future__ import annotations

from telegram import ChatMember, Update

from bot.app_types import Context
from bot.core import catalogue, group_text, render
from bot.core.domain import Chat
from bot.core.group_args import Removal, parse_groupset, parse_privacy
from bot.core.parsing import ParseError
from bot.handlers.common import command_args, now, reply, sender, use, use_for_chat, use_for_group
from bot.handlers.group_replies import group_chat as group_chat  # the one definition
from bot.usecases import group_tally, membership


async def group_help(update: Update, _context: Context) -> None:
    """/start and /help in a group: short, and about the group. /help <cmd> as anywhere."""
    topic = command_args(update).split()
    text = catalogue.help_for(topic[0]) if topic else None
    await reply(update, text or group_text.GROUP_HELP)


async def join(update: Update, context: Context) -> None:
    chat = group_chat(update)
    if chat is None:
        await reply(update, "/join works inside an accountability group: add me to one.")
        return
    joined = await use(update, context, membership.join, chat=chat)
    name = sender(update, context).first_name
    lines = [f"Welcome, {name}! You're in the tally." if joined.joined else "You're already in."]
    if joined.new_person:
        lines.append(group_text.private_chat_hint(name, context.bot.username))
    await reply(update, "\n".join(lines))


async def leave(update: Update, context: Context) -> None:
    chat = group_chat(update)
    if chat is None:
        await reply(update, "/leave works inside a group.")
        return
    left = await use(update, context, membership.leave, chat=chat)
    await reply(
        update,
        "You've left the tally; your own log stays. /join to come back."
        if left
        else "You weren't in.",
    )


async def privacy(update: Update, context: Context) -> None:
    choice = parse_privacy(command_args(update))
    if isinstance(choice, ParseError):
        await reply(update, choice.message)
        return
    chat = group_chat(update)
    done = await use(update, context, membership.set_privacy, chat=chat, choice=choice)
    what = (
        choice.level.value if choice.level else ("mention on" if choice.mention else "no mention")
    )
    if chat is None:
        plural = "s" if done.groups != 1 else ""
        joined = f"your {done.groups} group{plural} and " if done.groups else ""
        await reply(update, f"Privacy for {joined}every group you join: {what}.")
        return
    if done.here is not None and not done.here.in_tally:
        await reply(update, f"Saved for when you /join: {what}. You're not in this tally now.")
        return
    await reply(update, f"Privacy for this group: {what}.")


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
    if isinstance(values, Removal):
        await remove(update, context, chat, values)
        return
    settings, slot = await use_for_group(
        context,
        group_tally.configure,
        chat,
        values=values,
    )
    when = (
        render.next_nudge(slot.at, settings.tz).replace("Next nudge", "Next tally").split(",")[0]
        if slot
        else "Scheduled tally off (/tally still works)."
    )
    saved = (
        f"Saved. Group timezone {settings.tz}, target {settings.weekly_target} asks a week "
        f"each, workdays {render.workdays_label(settings.workdays)}."
    )
    await reply(update, f"{saved}\n{when}")


async def remove(update: Update, context: Context, chat: Chat, removal: Removal) -> None:
    """/groupset remove, replying to the member's message or naming them."""
    message = update.effective_message
    replied = message.reply_to_message if message else None
    target = replied.from_user if replied is not None and not removal.name else None
    if target is None and not removal.name:
        await reply(update, "Reply to one of their messages with /groupset remove, or name them.")
        return
    found = await use_for_chat(
        context,
        membership.remove_named,
        chat=chat,
        name=target.first_name if target else removal.name,
        user_id=target.id if target else None,
        now=now(context),
    )
    if len(found) == 1:
        name = found[0][1]
        await reply(update, f"{name} is off the tally. They can /join again.")
    elif found:
        await reply(update, "Several members have that name — reply to one of their messages.")
    else:
        await reply(update, "I found no one by that name in the tally.")
