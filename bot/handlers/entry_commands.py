"""Logging handlers: /ask /lead /nurture /yes /no and plain text read by the reader (with
one-tap choices when in doubt). /undo and its button: `undo_commands`."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.app_types import Context, Handler
from bot.core import callbacks, cycle_text, group_text, render
from bot.core import reader_replies as replies
from bot.core.answer_match import Answered, Press
from bot.core.domain import Kind, Source
from bot.core.log_args import parse_command
from bot.core.parsing import LogRequest, NotALog, ParseError
from bot.core.reader import Certain, Doubtful, Reading, Remark, RemarkKind, names_weekday, read
from bot.handlers import group_replies
from bot.handlers.common import command_args, edit_text, reply, use
from bot.handlers.group_replies import group_chat
from bot.usecases import history
from bot.usecases import logbook as services


def undo_button(message_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("↩️ undo", callback_data=callbacks.undo_data(message_id))]]
    )


def log_buttons(message_id: int, answers: tuple[Answered, ...]) -> InlineKeyboardMarkup:
    """The undo button, and a button per pending ask where a named answer fitted several."""
    rows = [
        [
            InlineKeyboardButton(
                name, callback_data=callbacks.answer_pick_data(answer.answer_id, ask)
            )
        ]
        for answer in answers
        for ask, name in answer.choices
    ]
    return InlineKeyboardMarkup([*rows, *undo_button(message_id).inline_keyboard])


async def log_and_reply(update: Update, context: Context, request: LogRequest) -> None:
    message = update.effective_message
    assert message is not None
    chat = group_chat(update)
    contact = await group_replies.contact(update, context, chat) if chat else None
    outcome = await use(
        update,
        context,
        services.log,
        request=request,
        source=Source(chat_id=message.chat_id, message_id=message.message_id),
        sent_at=message.date,
        replace=update.edited_message is not None,
        group=chat,
    )
    if contact is not None:  # in a group: a reaction, none of the member's numbers
        await group_replies.acknowledge_log(update, context, contact)
        return
    logged = outcome.logged
    text = render.logged(
        [(draft.kind, draft.count, draft.who) for draft in logged.drafts],
        logged.day,
        outcome.today,
        logged.day_tally,
        outcome.profile.targets,
        duplicate=logged.duplicate,
        answers=logged.answers,
        workday=logged.day.weekday() in outcome.profile.workdays,
    )
    if request.tags:  # (private chats only: tags are private)
        text += "\n" + cycle_text.tagged(request.tags)
    await reply(update, text, log_buttons(message.message_id, logged.answers))


async def answer_picked(update: Update, context: Context) -> None:
    """A press on one of the pending asks a named answer fitted: that ask is closed, once."""
    query = update.callback_query
    assert query is not None
    press = callbacks.parse_callback(query.data)
    button = query.message
    if not isinstance(press, callbacks.AnswerPick) or not isinstance(button, Message):
        await query.answer(callbacks.EXPIRED)
        return
    outcome, name = await use(
        update, context, services.pick_answered_ask, answer_id=press.answer_id, ask_id=press.ask_id
    )
    if outcome is Press.GONE:
        await query.answer("That answer or ask is no longer there.")
        return
    if outcome is Press.ALREADY:
        await query.answer(f"Already answered: your ask to {name}.")
        return
    await query.answer(f"Answer recorded for {name}.")
    kept = [
        row
        for row in (button.reply_markup.inline_keyboard if button.reply_markup else ())
        if not any(str(b.callback_data).startswith(callbacks.ANSWER_PREFIX) for b in row)
    ]
    await edit_text(
        query, f"{button.text}\nAnswer recorded for {name}.", InlineKeyboardMarkup(kept)
    )


async def weekday_for(update: Update, context: Context, text: str) -> int:
    """The sender's local weekday, looked up only when `text` names a weekday."""
    if not names_weekday(text):
        return 0
    view = await use(update, context, services.day_view)
    return view.first.weekday()


def log_command(kind: Kind) -> Handler:
    async def handle(update: Update, context: Context) -> None:
        args = command_args(update)
        request = parse_command(kind, args, await weekday_for(update, context, args))
        if isinstance(request, ParseError):
            await reply(update, request.message)
            return
        await log_and_reply(update, context, request)

    handle.__name__ = f"log_{kind.value}"
    return handle


async def quick_log(update: Update, context: Context) -> None:
    message = update.effective_message
    text = (message.text or "") if message else ""
    reading = read(text, await weekday_for(update, context, text))
    if isinstance(reading, Remark) and reading.kind is RemarkKind.QUESTION:
        view, insight = await use(update, context, history.today)
        workday = view.first.weekday() in view.profile.workdays
        targets, leak = view.profile.targets, insight.leak
        answer = replies.progress(view.first, view.tally, targets, leak, workday=workday)
        await reply(update, answer)
    elif isinstance(reading, Remark):
        await reply(update, replies.REMARKS[reading.kind])
    elif isinstance(reading, NotALog):
        await reply(update, replies.HINT)
    else:
        await act_on(update, context, reading)


async def act_on(update: Update, context: Context, reading: Reading) -> None:
    """Log a certain reading, offer the readings of a doubtful one, or explain an error."""
    if isinstance(reading, Certain):
        await log_and_reply(update, context, reading.request)
    elif isinstance(reading, Doubtful):
        await offer(update, reading)
    elif isinstance(reading, ParseError):
        await reply(update, reading.message)


async def reply_log(update: Update, context: Context) -> None:
    """In a group, plain text counts only as a reply to the bot; there, logs, doubts, errors
    and near-misses (it reads like a log, yet nothing is logged) are answered, never small
    talk."""
    message = update.effective_message
    replied = message.reply_to_message if message else None
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return
    text = (message.text or "") if message else ""
    reading = read(text, await weekday_for(update, context, text))
    if isinstance(reading, Certain | Doubtful | ParseError):
        await act_on(update, context, reading)
    elif isinstance(reading, NotALog):  # looked like a log to the member: say it wasn't
        await group_replies.near_miss(update, context)
    elif isinstance(reading, Remark) and reading.kind in group_text.NEAR_MISS_REMARKS:
        await reply(update, replies.REMARKS[reading.kind])  # "did some asks": how many?


async def offer(update: Update, reading: Doubtful) -> None:
    """One button per reading and "Neither"; nothing is stored until one is pressed."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    rows = []
    for request in reading.candidates:
        data = replies.encode(user.id, message.message_id, request)
        if data is None:  # a reading too long for a button: say the command instead
            example = replies.example_command(reading.candidates[0])
            await reply(update, replies.DOUBT_TYPE.format(example=example))
            return
        rows.append([InlineKeyboardButton(replies.label(request), callback_data=data)])
    neither = replies.encode(user.id, message.message_id, None)
    rows.append([InlineKeyboardButton("Neither", callback_data=neither)])
    await reply(update, replies.DOUBT, InlineKeyboardMarkup(rows))


async def choice_pressed(update: Update, context: Context) -> None:
    """A press on a doubtful reading logs it for the message it answered: once, because the
    entries carry that message as their source, like every other log of it."""
    query = update.callback_query
    assert query is not None
    choice = replies.decode(query.data or "")
    button = query.message
    if choice is None or not isinstance(button, Message):
        await query.answer("That button has expired.")
        return
    if query.from_user.id != choice.user_id:
        await query.answer("Only the person who wrote it can choose.")
        return
    if choice.request is None:
        await query.answer("Nothing logged.")
        await edit_text(query, replies.NEITHER_DONE)
        return
    original = Update.de_json(
        {
            "update_id": update.update_id,
            "message": {
                "message_id": choice.message_id,
                "date": int(button.date.timestamp()),
                "chat": button.chat.to_dict(),
                "from": query.from_user.to_dict(),
            },
        },
        context.bot,
    )
    await query.answer()
    await log_and_reply(original, context, choice.request)
    await edit_text(query, f"✅ {replies.label(choice.request)}")
