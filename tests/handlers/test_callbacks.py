"""Button presses as Telegram delivers them, with forged data too: caps, kinds, ownership and
age checked; every press answered, none with a database error (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.core.callbacks import parse_callback
from bot.jobs import send_due_nudges
from bot.runtime.fake_telegram import ApiCall
from tests.group_helpers import ANN, BOB, GROUP, add_bot, say, say_calls
from tests.harness import BotHarness

NUDGE_AT = dt.datetime(2026, 11, 26, 15, 0, 30, tzinfo=dt.UTC)


def answers(calls: list[ApiCall]) -> list[str]:
    return [str(c.params.get("text", "")) for c in calls if c.method == "answerCallbackQuery"]


async def nudge_message(bot: BotHarness) -> dict[str, Any]:
    await say(bot, ANN, "/start", chat_id=None)
    await say(bot, ANN, "/ask 1", chat_id=None)
    bot.clock.now = NUDGE_AT
    mark = len(bot.api.calls)
    assert (await send_due_nudges(bot.app)).sent == 1
    [call] = [c for c in bot.api.calls[mark:] if c.method == "sendMessage"]
    message: dict[str, Any] = call.result
    return message


async def press(
    bot: BotHarness, message: dict[str, Any], data: str, who: Any = ANN
) -> list[ApiCall]:
    return await bot.process(
        bot.updates.callback(message, data, user_id=who.id, first_name=who.name)
    )


async def asks(bot: BotHarness) -> int:
    return sum(e.count for e in await bot.entries(ANN.id) if e.kind == "ask")


@pytest.mark.parametrize(
    "data",
    [
        "nudge:ask:5000",
        "nudge:ask:2",
        "nudge:ask:03",
        "nudge:ask:-1",
        "nudge:ask:３",
        "nudge:ask:99999999999999999999999",
        "nudge:snooze:99999",
        "nudge:lead:1",
        "nudge:",
    ],
)
async def test_forged_nudge_data_logs_nothing(bot: BotHarness, data: str) -> None:
    message = await nudge_message(bot)
    calls = await press(bot, message, data)
    assert answers(calls) == ["That button has expired."]
    assert await asks(bot) == 1
    assert not [c for c in calls if c.method in ("sendMessage", "editMessageText")]


async def test_a_real_nudge_button_logs_once_for_its_owner_only(bot: BotHarness) -> None:
    message = await nudge_message(bot)
    assert answers(await press(bot, message, "nudge:ask:3")) == ["Logged!"]
    assert await asks(bot) == 4
    # Someone else pressing a button of Ann's private chat (forged): nothing.
    assert answers(await press(bot, message, "nudge:ask:3", BOB)) == ["That button has expired."]
    assert await bot.entries(BOB.id) == []
    assert answers(await press(bot, message, "nudge:ask:3")) == [
        "Already logged from this reminder."
    ]
    # A day later the reminder's buttons have expired.
    bot.clock.advance(days=1, minutes=1)
    assert answers(await press(bot, message, "nudge:ask:1")) == ["That button has expired."]
    assert await asks(bot) == 4


@pytest.mark.parametrize(
    "data", ["undo:99999999999999999999", "undo:0", "undo:-5", "undo:1e3", "undo:", "undo:٣"]
)
async def test_forged_undo_data_gets_a_short_answer_not_a_database_error(
    bot: BotHarness, data: str
) -> None:
    calls = await say_calls(bot, ANN, "/ask 3", chat_id=None)
    [sent] = [c.result for c in calls if c.method == "sendMessage"]
    answer = await press(bot, sent, data)
    assert answers(answer) == ["That button has expired."]
    assert await asks(bot) == 3


async def test_another_members_undo_press_says_whose_it_is(bot: BotHarness) -> None:
    await add_bot(bot)
    log = (await say_calls(bot, ANN, "/ask 3"))[0].params["message_id"]
    # An undo button on a bot message in the group (as group logs carried before).
    message = {
        "message_id": bot.api.next_message_id(GROUP),
        "date": int(bot.clock().timestamp()),
        "chat": {"id": GROUP, "type": "supergroup", "title": "G"},
        "text": "✅ Logged: 3 asks.",
    }
    assert answers(await press(bot, message, f"undo:{log}", BOB)) == ["Only Ann can undo this."]
    assert await asks(bot) == 3
    assert answers(await press(bot, message, f"undo:{log}", ANN)) == ["Undone."]
    assert await asks(bot) == 0


async def test_forget_pressed_outside_the_owners_private_chat_deletes_nothing(
    bot: BotHarness,
) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3", chat_id=None)
    in_group = {
        "message_id": bot.api.next_message_id(GROUP),
        "date": int(bot.clock().timestamp()),
        "chat": {"id": GROUP, "type": "supergroup", "title": "G"},
        "text": "…",
    }
    assert answers(await press(bot, in_group, "forget:yes")) == ["That button has expired."]
    assert await asks(bot) == 3


@pytest.mark.parametrize("data", ["reading:ask:3", "tally:refresh", "x" * 64, "", "undo"])
async def test_unknown_buttons_are_answered_so_no_spinner_hangs(bot: BotHarness, data: str) -> None:
    calls = await say_calls(bot, ANN, "/ask 3", chat_id=None)
    [sent] = [c.result for c in calls if c.method == "sendMessage"]
    answer = await press(bot, sent, data)
    assert len(answers(answer)) == 1
    assert "database" not in answers(answer)[0]
    assert await asks(bot) == 3


def test_data_the_bot_writes_reads_back_and_nothing_else_does() -> None:
    from bot.core import callbacks

    for written in (
        callbacks.undo_data(2**31 - 1),
        callbacks.nudge_asks_data(1),
        callbacks.nudge_asks_data(3),
        callbacks.snooze_data(),
        callbacks.forget_data(True),
        callbacks.forget_data(False),
    ):
        assert parse_callback(written) is not None, written
        assert len(written.encode()) <= 64
    for forged in ("undo:2147483648", "forget:YES", "forget:yes ", "nudge:ask:1 ", None):
        assert parse_callback(forged) is None, forged
