"""Inline-button data: how each button is written, and how pressed data is read back. Pure.

Telegram hands back whatever a client sends as callback data (up to 64 bytes), so data is
read strictly: a known prefix, a known action and a value from the short list the bot
itself offers; anything else is None, which the handlers answer as an expired button.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

UNDO_PREFIX = "undo:"
NUDGE_PREFIX = "nudge:"
FORGET_PREFIX = "forget:"
ANSWER_PREFIX = "answer:"
REASK_PREFIX = "reask:"
MAX_MESSAGE_ID = 2**31 - 1
NUDGE_ASKS = (1, 3)
"""The +N asks buttons a nudge carries: the only counts a press may log."""
SNOOZE_MINUTES = 60
NUDGE_BUTTON_LIFE = dt.timedelta(days=1)
UNDO_BUTTON_LIFE = dt.timedelta(days=7)
EXPIRED = "That button has expired."
MAX_DATA_BYTES = 64


@dataclass(frozen=True)
class UndoPress:
    message_id: int
    """The member's message whose entries the button removes."""


@dataclass(frozen=True)
class NudgeAsks:
    count: int


@dataclass(frozen=True)
class NudgeSnooze:
    minutes: int


@dataclass(frozen=True)
class ForgetPress:
    confirmed: bool


@dataclass(frozen=True)
class AnswerPick:
    """Several pending asks fit a named answer: this one is it."""

    answer_id: int
    ask_id: int


Press = UndoPress | NudgeAsks | NudgeSnooze | ForgetPress | AnswerPick


def undo_data(message_id: int) -> str:
    return f"{UNDO_PREFIX}{message_id}"


def nudge_asks_data(count: int) -> str:
    return f"{NUDGE_PREFIX}ask:{count}"


def snooze_data(minutes: int = SNOOZE_MINUTES) -> str:
    return f"{NUDGE_PREFIX}snooze:{minutes}"


def reask_data(decision: str, part: int, entry_id: int) -> str:
    """A re-ask row's button: the decision's letter (a, l, n), the part of the message its
    ask is logged as, and the named no's entry id (read back by the re-ask handler)."""
    return f"{REASK_PREFIX}{decision}:{part}:{entry_id}"


def forget_data(confirmed: bool) -> str:
    return f"{FORGET_PREFIX}{'yes' if confirmed else 'no'}"


def answer_pick_data(answer_id: int, ask_id: int) -> str:
    return f"{ANSWER_PREFIX}{answer_id}:{ask_id}"


def _number(text: str) -> int | None:
    """Plain ASCII digits without a leading zero, as the bot writes them (ids fit 18)."""
    if not text.isascii() or not text.isdigit() or text.startswith("0") or len(text) > 18:
        return None
    return int(text)


def parse_callback(data: str | None) -> Press | None:
    """The button pressed, or None for data the bot never sends."""
    if data is None or len(data.encode("utf-8", "surrogatepass")) > MAX_DATA_BYTES:
        return None
    if data.startswith(UNDO_PREFIX):
        message_id = _number(data.removeprefix(UNDO_PREFIX))
        return UndoPress(message_id) if message_id and message_id <= MAX_MESSAGE_ID else None
    if data.startswith(NUDGE_PREFIX):
        action, _, value = data.removeprefix(NUDGE_PREFIX).partition(":")
        number = _number(value)
        if action == "ask" and number in NUDGE_ASKS:
            return NudgeAsks(number)
        if action == "snooze" and number == SNOOZE_MINUTES:
            return NudgeSnooze(number)
        return None
    if data.startswith(ANSWER_PREFIX):
        answer, _, ask = data.removeprefix(ANSWER_PREFIX).partition(":")
        answer_id, ask_id = _number(answer), _number(ask)
        return AnswerPick(answer_id, ask_id) if answer_id and ask_id else None
    if data in (forget_data(True), forget_data(False)):
        return ForgetPress(data == forget_data(True))
    return None


def expired(sent_at: dt.datetime, now: dt.datetime, life: dt.timedelta) -> bool:
    """A button on a message sent at `sent_at` (Telegram's date, UTC) is too old at `now`."""
    return now - sent_at > life
