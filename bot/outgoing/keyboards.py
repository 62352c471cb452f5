"""The inline keyboards a message carries: a nudge's one-tap buttons and the re-ask rows.
The data each button holds is written and read back in `bot.core.callbacks`."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core import callbacks
from bot.core.parsing import shorten
from bot.core.reasks import REASKS_PER_NUDGE, DueReask

_BUTTON_NAME = 16


def nudge_buttons() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("+1 ask", callback_data=callbacks.nudge_asks_data(1)),
                InlineKeyboardButton("+3 asks", callback_data=callbacks.nudge_asks_data(3)),
                InlineKeyboardButton("snooze 1h", callback_data=callbacks.snooze_data()),
            ]
        ]
    )


def reask_buttons(reasks: Sequence[DueReask]) -> InlineKeyboardMarkup:
    """A row per name, numbered from 1 (the part of the message its ask is logged as)."""
    rows = []
    for part, reask in enumerate(reasks[:REASKS_PER_NUDGE], start=1):
        name = shorten(reask.who)[:_BUTTON_NAME]
        labels = {"a": f"✅ Asked again: {name}", "l": "⏳ Not yet", "n": "✖ Never"}
        rows.append(
            [
                InlineKeyboardButton(
                    label, callback_data=callbacks.reask_data(code, part, reask.entry_id)
                )
                for code, label in labels.items()
            ]
        )
    return InlineKeyboardMarkup(rows)
