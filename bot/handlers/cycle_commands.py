"""The whole cycle: /tags, /capacity, /reask, /goal, and the re-ask and goal buttons."""

from __future__ import annotations

import re
from collections.abc import Awaitable

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.app_types import Context
from bot.core import callbacks, cycle_text, render
from bot.core.cycle_args import parse_capacity, parse_goal, parse_reask, parse_tag
from bot.core.domain import MAX_COUNT, Source
from bot.core.parsing import ParseError, shorten
from bot.core.reasks import ASKED, LATER, NEVER, REASKS_PER_NUDGE
from bot.handlers.common import command_args, edit_text, reply, use
from bot.usecases import cycle
from bot.usecases.cycle import ReaskOutcome

REASK_PREFIX = callbacks.REASK_PREFIX
GOAL_PREFIX = "goal:"
_DECISIONS = {"a": ASKED, "l": LATER, "n": NEVER}
_REASK_DATA = re.compile(
    rf"{REASK_PREFIX}([aln]):([1-{REASKS_PER_NUDGE}]):([1-9][0-9]{{0,17}})", re.ASCII
)
"""Entry ids are 64-bit: 18 digits at most keeps any id we could have sent in range."""
_GOAL_DATA = re.compile(rf"{GOAL_PREFIX}([1-9][0-9]{{0,3}})", re.ASCII)


async def tags(update: Update, context: Context) -> None:
    tag = parse_tag(command_args(update))
    if isinstance(tag, ParseError):
        await reply(update, tag.message)
    elif tag is None:
        view = await use(update, context, cycle.tags_overview)
        text = cycle_text.tags_overview(
            view.per_tag, view.first, view.last, at_capacity=view.at_capacity
        )
        await reply(update, text)
    else:
        one = await use(update, context, cycle.tag_detail, tag=tag)
        text = cycle_text.tag_detail(one.tag, one.window, one.weeks, one.first, one.leak)
        await reply(update, text)


async def capacity(update: Update, context: Context) -> None:
    parsed = parse_capacity(command_args(update))
    if isinstance(parsed, ParseError):
        await reply(update, parsed.message)
        return
    limit, yeses = await use(update, context, cycle.set_capacity, capacity=parsed)
    await reply(update, cycle_text.capacity_set(limit, yeses))


async def reask(update: Update, context: Context) -> None:
    days = parse_reask(command_args(update))
    if isinstance(days, ParseError):
        await reply(update, days.message)
        return
    await use(update, context, cycle.set_reask, days=days)
    await reply(update, cycle_text.reask_set(days))


async def goal(update: Update, context: Context) -> None:
    yes_goal = parse_goal(command_args(update))
    if isinstance(yes_goal, ParseError):
        await reply(update, yes_goal.message)
        return
    proposal, limit = await use(update, context, cycle.goal, yes_goal=yes_goal)
    daily = proposal.daily_asks
    button = InlineKeyboardButton(f"Set {daily} a day", callback_data=f"{GOAL_PREFIX}{daily}")
    await reply(update, cycle_text.goal(proposal, limit), InlineKeyboardMarkup([[button]]))


async def goal_pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    match = _GOAL_DATA.fullmatch(query.data or "")
    if match is None or int(match.group(1)) > MAX_COUNT:
        await query.answer("That button has expired.")
        return
    targets = await use(update, context, cycle.set_daily_asks, asks=int(match.group(1)))
    await query.answer("Target set.")
    before = query.message.text if isinstance(query.message, Message) else None
    await edit_text(query, f"{before or ''}\n{render.targets_set(targets)}".strip())


def parse_reask_press(data: str) -> tuple[str, int, int] | None:
    """(decision, part, no entry id) from "reask:a:1:123"; None for anything we never sent."""
    match = _REASK_DATA.fullmatch(data)
    if match is None:
        return None
    action, part, entry_id = match.groups()
    return _DECISIONS[action], int(part), int(entry_id)


async def reask_pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    parsed = parse_reask_press(query.data or "")
    message = query.message
    if message is None or parsed is None:
        await query.answer("That button has expired.")
        return
    decision, part, entry_id = parsed
    outcome = await use(
        update,
        context,
        cycle.decide_reask,
        no_entry_id=entry_id,
        decision=decision,
        source=Source(message.chat.id, message.message_id, part=part),
    )
    if outcome is None:
        await query.answer("That button has expired.")
        return
    await query.answer(_notice(outcome))
    await _drop_row(query, entry_id)


def _notice(outcome: ReaskOutcome) -> str:
    who = shorten(outcome.who)
    if outcome.already:
        return f"{who} was asked again already — /yes or /no {who} when they answer."
    if outcome.decision == ASKED and outcome.logged is not None:
        asks = outcome.logged.logged.day_tally.asks
        target = outcome.logged.profile.targets.asks
        return f"Logged an ask to {who}. Today: {render.pace_line(asks, target)}."
    if outcome.decision == LATER and outcome.back_on is not None:
        return f"Not yet — {who} comes back on {render.day_label(outcome.back_on)}."
    return f"{who} won't come back. A no is still an answer."


async def _drop_row(query: CallbackQuery, entry_id: int) -> None:
    """The pressed name's row goes; the other names keep theirs."""
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    if markup is None:
        return
    rows = [
        row
        for row in markup.inline_keyboard
        if not any(str(button.callback_data).endswith(f":{entry_id}") for button in row)
    ]
    remaining = InlineKeyboardMarkup(rows) if rows else None
    await _ignoring_unchanged(query.edit_message_reply_markup(remaining))


async def _ignoring_unchanged(edit: Awaitable[object]) -> None:
    try:
        await edit
    except BadRequest as exc:
        # A re-delivered press edits to the same content: Telegram says "not modified".
        if "not modified" not in exc.message:
            raise
