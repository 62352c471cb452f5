"""Bad input gets a specific reply and changes nothing; foreign updates are ignored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from telegram import Update

from bot.db.models import Base
from bot.runtime.fake_telegram import ApiCall
from tests.harness import BotHarness, texts

NEWCOMER = 3003
GROUP = -1001234567890
LONG_NAME = "Acme " * 1000
TOO_LONG = ("too long", "1000 characters")

# Each bad input and what its reply must say: the input itself or the limit it broke, and
# what to send instead.
BAD_INPUT: list[tuple[str, tuple[str, ...]]] = [
    ("/ask banana", ("“banana”", "number", "/ask 3", "/ask 1 Banana")),
    ("/ask -2", ("“-2”", "negative")),
    ("/ask 0", ("0 asks", "at least 1", "/ask 2")),
    ("/ask 100000", ("“100000”", "1000 max")),
    ("/ask 1001", ("“1001”", "1000 max")),
    ("/ask 1.5", ("“1.5”", "whole number", "/ask 2")),
    ("/lead -1", ("“-1”", "negative")),
    ("/touch 0", ("0 touches", "at least 1")),
    ("0 asks", ("0 asks", "at least 1", "2 asks")),
    ("5000 asks", ("“5000”", "1000 max")),
    ("/target abc", ("“abc”", "number", "/target 5")),
    ("/target 0", ("at least 1 ask", "/target 5")),
    ("/target leads", ("“leads”", "needs a number", "/target 5 leads 2")),
    ("/tz Mars/Phobos", ("“Mars/Phobos”", "timezone", "/tz Europe/Berlin")),
    ("/tz Berln", ("“Berln”", "did you mean Europe/Berlin", "/tz Europe/Berlin")),
    ("/tz EST", ("EST", "no summer time", "/tz America/New_York")),
    ("x" * 5000, TOO_LONG),
    ("/ask 1 " + LONG_NAME, TOO_LONG),
    ("/ask 1 " + "B" * 121, ("121 characters", "120")),
    ("/foo", ("/foo", "/help")),
    ("/foo" + "o" * 5000, ("/foooooo", "/help")),
    ("the weather is nice", ("“asked Sarah”", "/help")),
]


async def snapshot(bot: BotHarness) -> dict[str, Any]:
    """Every row of every table, to compare before and after."""

    def read(session: Any) -> dict[str, Any]:
        state: dict[str, Any] = {}
        for table in Base.metadata.sorted_tables:
            count = session.execute(select(func.count()).select_from(table)).scalar_one()
            rows = session.execute(select(table)).all()
            state[table.name] = (count, sorted(map(repr, rows)))
        return state

    return await bot.query(read)


def replies_fit(calls: list[ApiCall]) -> None:
    for call in calls:
        assert call.error_code is None, (call.method, call.error_code)
        if call.method in ("sendMessage", "editMessageText"):
            assert 0 < len(str(call.params["text"])) <= 4096


async def seed(bot: BotHarness) -> None:
    """A user with some history, so that "nothing changed" is not trivially true."""
    await bot.send("/ask 2 Acme")
    await bot.send("/target 4 leads 1")
    await bot.send("/tz Europe/Berlin")


async def test_bad_input_gets_a_specific_reply_and_changes_nothing(bot: BotHarness) -> None:
    await seed(bot)
    before = await snapshot(bot)
    for text, says in BAD_INPUT:
        calls = await bot.process(bot.updates.message(text, date=bot.clock()))

        [reply] = texts(calls)
        missing = [fragment for fragment in says if fragment not in reply]
        assert missing == [], f"{text[:30]!r} got {reply!r}"
        assert "\n" not in reply
        assert len(reply) <= 200
        replies_fit(calls)
        assert await snapshot(bot) == before, text[:30]


async def test_bad_inputs_get_different_replies(bot: BotHarness) -> None:
    replies = [await bot.send(text) for text, _ in BAD_INPUT if not text.startswith("/foo")]
    assert all(len(reply) == 1 for reply in replies)
    distinct = {reply[0] for reply in replies}
    assert len(distinct) == len(replies) - 1  # only the two too-long messages say the same


async def test_bad_input_from_a_newcomer_does_not_register_them(bot: BotHarness) -> None:
    before = await snapshot(bot)
    for text in ("/ask banana", "/target abc", "/tz Mars/Phobos", "/foo", "hi there", "0 asks"):
        replies = await bot.send(text, user_id=NEWCOMER, first_name="Cy")
        assert len(replies) == 1, text
    assert await snapshot(bot) == before


LONG_INPUT = [
    "/help " + "x" * 5000,
    "/tz " + "Mars/" * 1000,
    "/target " + "9" * 5000,
    "/ask " + "9" * 5000,
    "/ask " + "٣" * 5000,
    "/no " + "x" * 200,
    " ".join(["ask"] * 500),
    ", ".join(["1 ask"] * 11),
]


async def test_long_input_gets_a_short_reply_and_changes_nothing(bot: BotHarness) -> None:
    await seed(bot)
    before = await snapshot(bot)
    for text in LONG_INPUT:
        calls = await bot.process(bot.updates.message(text, date=bot.clock()))
        assert len(texts(calls)) == 1, text[:30]
        assert len(texts(calls)[0]) <= 200, text[:30]
        replies_fit(calls)
        assert await snapshot(bot) == before, text[:30]


async def test_sticker_and_photo_get_a_hint_and_store_nothing(bot: BotHarness) -> None:
    await seed(bot)
    before = await snapshot(bot)
    sticker = await bot.process(bot.updates.sticker())
    photo = await bot.process(bot.updates.photo(caption="3 asks"))
    assert texts(sticker) == texts(photo)
    [hint] = texts(sticker)
    assert "/ask 3" in hint
    assert "\n" not in hint
    assert await snapshot(bot) == before


async def test_messages_from_bots_are_ignored(bot: BotHarness) -> None:
    before = await snapshot(bot)
    for text in ("/ask 3", "3 asks", "/start", "/foo", "hello"):
        update = bot.updates.message(text, user_id=7777, first_name="Robo", is_bot=True)
        assert await bot.process(update) == []
    assert await snapshot(bot) == before


async def test_channel_posts_are_ignored(bot: BotHarness) -> None:
    before = await snapshot(bot)
    for text in ("/ask 3", "3 asks", "/start", "hello"):
        assert await bot.process(bot.updates.channel_post(text)) == []
    assert await snapshot(bot) == before


async def test_a_command_addressed_to_this_bot_works(bot: BotHarness) -> None:
    assert await bot.send("/ask@salesbot_bot 2") == [
        "✅ Logged: 2 asks.\nToday: 2 of 5 asks — 3 to go."
    ]
    assert [(row.kind, row.count, row.who) for row in await bot.entries()] == [("ask", 2, None)]


@pytest.mark.parametrize("chat_id", [None, GROUP], ids=["private", "group"])
async def test_a_command_addressed_to_another_bot_is_ignored(
    bot: BotHarness, chat_id: int | None
) -> None:
    before = await snapshot(bot)
    assert await bot.send("/ask@otherbot 2", chat_id=chat_id) == []
    assert await snapshot(bot) == before


async def test_edits_with_bad_input_keep_what_was_logged(bot: BotHarness) -> None:
    original = bot.updates.message("/ask 3", date=bot.clock())
    await bot.process(original)
    before = await snapshot(bot)
    calls = await bot.process(bot.updates.edited(original, "/ask banana"))
    [reply] = texts(calls)
    assert "“banana”" in reply
    assert await snapshot(bot) == before


async def test_an_update_without_a_message_is_ignored(bot: BotHarness) -> None:
    update = Update.de_json({"update_id": 99}, bot.app.bot)
    before = await snapshot(bot)
    assert await bot.process(update) == []
    assert await snapshot(bot) == before
