"""Logging handlers: /ask /lead /nurture /yes /no, plain-text quick logs, /undo and its button."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.app_types import Context, Handler
from bot.core import cycle_text, render
from bot.core.domain import Kind, Source
from bot.core.parsing import LogRequest, NotALog, ParseError, parse_command, parse_quick_log
from bot.handlers.common import command_args, reply, use
from bot.handlers.group_commands import group_chat
from bot.usecases import logbook as services

UNDO_PREFIX = "undo:"
QUICK_LOG_HINT = (
    "I log asks, leads, touches and answers — try “3 asks”, “2 leads, 4 touches” or "
    "“no from Acme”. /help lists everything."
)


def undo_button(message_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("↩️ undo", callback_data=f"{UNDO_PREFIX}{message_id}")]]
    )


async def log_and_reply(update: Update, context: Context, request: LogRequest) -> None:
    message = update.effective_message
    assert message is not None
    outcome = await use(
        update,
        context,
        services.log,
        request=request,
        source=Source(chat_id=message.chat_id, message_id=message.message_id),
        sent_at=message.date,
        replace=update.edited_message is not None,
        group=group_chat(update),
    )
    logged = outcome.logged
    text = render.logged(
        [(draft.kind, draft.count, draft.who) for draft in logged.drafts],
        logged.day,
        outcome.today,
        logged.day_tally,
        outcome.profile.targets,
        duplicate=logged.duplicate,
        answered=logged.answered,
    )
    if request.tags and group_chat(update) is None:  # tags are private
        text += "\n" + cycle_text.tagged(request.tags)
    await reply(update, text, undo_button(message.message_id))


def log_command(kind: Kind) -> Handler:
    async def handle(update: Update, context: Context) -> None:
        request = parse_command(kind, command_args(update))
        if isinstance(request, ParseError):
            await reply(update, request.message)
            return
        await log_and_reply(update, context, request)

    handle.__name__ = f"log_{kind.value}"
    return handle


async def quick_log(update: Update, context: Context) -> None:
    message = update.effective_message
    request = parse_quick_log(message.text or "" if message else "")
    if isinstance(request, NotALog):
        await reply(update, QUICK_LOG_HINT)
    elif isinstance(request, ParseError):
        await reply(update, request.message)
    else:
        await log_and_reply(update, context, request)


async def reply_log(update: Update, context: Context) -> None:
    """In a group, plain text counts only as a reply to the bot (and only if it parses)."""
    message = update.effective_message
    replied = message.reply_to_message if message else None
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return
    request = parse_quick_log(message.text or "" if message else "")
    if isinstance(request, ParseError):
        await reply(update, request.message)
    elif isinstance(request, LogRequest):
        await log_and_reply(update, context, request)


async def undo(update: Update, context: Context) -> None:
    removed = await use(update, context, services.undo_last)
    if removed is None:
        await reply(update, "Nothing to undo yet.")
        return
    await reply(update, render.undone(removed.kind, removed.count, removed.who, removed.day))


async def undo_pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    message = query.message
    message_id = query.data.removeprefix(UNDO_PREFIX)
    if message is None or not message_id.isdigit():
        await query.answer("That button has expired.")
        return
    source = Source(chat_id=message.chat.id, message_id=int(message_id))
    removed = await use(update, context, services.undo_message, source=source)
    if not removed:
        await query.answer("Already undone.")
        return
    await query.answer("Undone.")
    text = "\n".join(render.undone(u.kind, u.count, u.who, u.day) for u in removed)
    await query.edit_message_text(render.fit(text))
