"""`reply` posts a private chat's plain reply itself, without parsing Telegram's answer.
Whatever the chat, Telegram must receive exactly what `Message.reply_text` would send."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden
from telegram.ext import ExtBot

from bot.core.render import fit
from bot.handlers.common import plain_private, reply
from bot.runtime.fake_telegram import ApiCall, FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from tests.harness import START, FakeClock

UNDO = InlineKeyboardMarkup([[InlineKeyboardButton("↩️ undo", callback_data="undo:7")]])
TWO_ROWS = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Mon", callback_data="d:1"), InlineKeyboardButton("Tue", "d:2")],
        [InlineKeyboardButton("✅ done", callback_data="d:ok")],
    ]
)
# Not plain callback buttons: PTB serialises these.
WITH_LINK = InlineKeyboardMarkup(
    [[InlineKeyboardButton("docs", url="https://example.com"), InlineKeyboardButton("x", "y")]]
)
WITH_ICON = InlineKeyboardMarkup(
    [[InlineKeyboardButton("go", callback_data="go", icon_custom_emoji_id="5368324170671202286")]]
)
LONG = "x" * 5000  # cut by `fit` on both paths


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[ExtBot[Any], FakeTelegram]]:
    api = FakeTelegram(FakeClock(START))
    bot: ExtBot[Any] = ExtBot("1:reply-test", request=api, get_updates_request=api)
    await bot.initialize()
    yield bot, api
    await bot.shutdown()


def message_update(factory: UpdateFactory, **changes: Any) -> Update:
    """A private text message from user 1001, with `changes` applied to its JSON."""
    original = factory.message("/ask 2")
    assert original.message is not None
    data = original.message.to_dict() | changes
    return Update.de_json({"update_id": original.update_id, "message": data}, factory.bot)


async def both_ways(
    api: FakeTelegram, update: Update, text: str, markup: InlineKeyboardMarkup | None
) -> tuple[ApiCall, ApiCall]:
    message = update.effective_message
    assert message is not None
    await reply(update, text, markup)
    await message.reply_text(fit(text), reply_markup=markup)
    ours, ptbs = api.calls[-2:]
    return ours, ptbs


GROUP = {"id": -100200, "type": "supergroup", "title": "Sellers", "is_forum": True}
CASES: dict[str, tuple[dict[str, Any], bool]] = {
    "private": ({}, True),
    "private, in a topic": ({"message_thread_id": 5, "is_topic_message": True}, False),
    "group": ({"chat": GROUP}, False),
    "group topic": ({"chat": GROUP, "message_thread_id": 5, "is_topic_message": True}, False),
    "business": ({"business_connection_id": "bc1"}, False),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("✅ Logged", UNDO),
        ("plain", None),
        (LONG, None),
        ("days", TWO_ROWS),
        ("see", WITH_LINK),
        ("go", WITH_ICON),
    ],
)
async def test_reply_sends_what_reply_text_sends(
    telegram: tuple[ExtBot[Any], FakeTelegram],
    case: str,
    text: str,
    markup: InlineKeyboardMarkup | None,
) -> None:
    bot, api = telegram
    changes, expected_plain = CASES[case]
    update = message_update(UpdateFactory(bot, api=api), **changes)
    assert isinstance(update.effective_message, Message)
    assert plain_private(update.effective_message) is expected_plain

    ours, ptbs = await both_ways(api, update, text, markup)

    assert ours.method == ptbs.method == "sendMessage"
    assert ours.params == ptbs.params
    assert len(ours.params["text"]) <= 4096


async def test_a_refused_reply_raises_like_reply_text(
    telegram: tuple[ExtBot[Any], FakeTelegram],
) -> None:
    bot, api = telegram
    update = UpdateFactory(bot, api=api).message("/ask 2", user_id=1001)
    api.blocked = {1001}

    with pytest.raises(Forbidden, match="blocked"):
        await reply(update, "✅ Logged", UNDO)
    assert [call.error_code for call in api.calls if call.method == "sendMessage"] == [403]
