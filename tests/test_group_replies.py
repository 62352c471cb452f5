"""What a member sees in a group when they log, ask for help, use personal commands or undo:
quiet, short, and nothing beyond what their group privacy shows (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

from bot.runtime.fake_telegram import ApiCall
from tests.group_helpers import (
    ANN,
    BOB,
    GROUP,
    OTHER_GROUP,
    add_bot,
    reactions,
    replying,
    say,
    say_calls,
    sent_to,
)
from tests.harness import BotHarness, texts

PERSONAL_NUMBERS = re.compile(r"Today|of \d+ asks|to go|target hit|Topsecret|\d+ leads?")


def group_sends(calls: list[ApiCall]) -> list[str]:
    return [str(c.params["text"]) for c in sent_to(calls, GROUP)]


async def test_a_log_gets_a_reaction_and_no_message_for_a_known_member(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/start", chat_id=None)  # Ann has a private chat with the bot
    await say(bot, ANN, "/ask 8", chat_id=None)  # private logs: her day pace is private
    for text, reply_to_bot in (("/ask 2", False), ("3 asks, 2 leads", True), ("/no Acme", False)):
        calls = await say_calls(bot, ANN, text, reply_to_bot=reply_to_bot)
        message_id = calls[0].params["message_id"]
        assert reactions(calls) == [(message_id, "✍")]
        assert texts(calls) == []
    assert sum(e.count for e in await bot.entries(ANN.id) if e.kind == "ask") == 13


async def test_a_newcomer_is_told_once_how_to_open_a_private_chat(bot: BotHarness) -> None:
    await add_bot(bot)
    [hint] = group_sends(await say_calls(bot, BOB, "/ask 2"))
    assert "t.me/salesbot_bot?start=" in hint
    assert not PERSONAL_NUMBERS.search(hint)
    assert len(hint) < 200
    assert group_sends(await say_calls(bot, BOB, "/ask 1")) == []  # once


async def test_a_refused_reaction_falls_back_to_one_short_line(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/start", chat_id=None)
    bot.api.fail_next("setMessageReaction", 400, "Bad Request: REACTION_INVALID")
    assert group_sends(await say_calls(bot, ANN, "/ask 4")) == ["✅ Logged."]
    assert sum(e.count for e in await bot.entries(ANN.id)) == 4


async def test_start_and_help_in_a_group_are_short_and_about_the_group(bot: BotHarness) -> None:
    await add_bot(bot)
    for command in ("/start", "/help", "/start@salesbot_bot"):
        [text] = await say(bot, ANN, command)
        assert len(text) < 500
        for part in ("/join", "/privacy", "/tally", "reply to me", "/groupset"):
            assert part in text, (command, part)
        assert "Or just type" not in text
    [ask_help] = await say(bot, ANN, "/help ask")
    assert "/ask" in ask_help
    [private] = await say(bot, ANN, "/help", chat_id=None)
    assert private != (await say(bot, ANN, "/help"))[0]


async def test_a_near_miss_reply_to_the_bot_gets_one_line(bot: BotHarness) -> None:
    await add_bot(bot)
    for near_miss in ("askd a few", "3 akss", "did some asks", "I asked loads of people"):
        calls = await say_calls(bot, ANN, near_miss, reply_to_bot=True)
        assert reactions(calls) == [], near_miss
        [hint] = group_sends(calls)
        assert "nothing" in hint.lower(), (near_miss, hint)
        assert "\n" not in hint
    assert await bot.entries(ANN.id) == []
    assert await say(bot, ANN, "thanks, great bot", reply_to_bot=True) == []
    assert await say(bot, ANN, "askd 3") == []  # not a reply to the bot: chatter
    # Read by the same reader as a private chat: "3 asks today!" logs.
    assert reactions(await say_calls(bot, ANN, "3 asks today!", reply_to_bot=True))


async def test_personal_reports_asked_in_a_group_are_answered_privately(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/start", chat_id=None)
    await say(bot, ANN, "/lead 3 Topsecret Ltd", chat_id=None)
    await say(bot, ANN, "/ask 2")
    for command in ("/today", "/week", "/stats"):
        calls = await say_calls(bot, ANN, command)
        assert group_sends(calls) == []
        [private] = [c.params["text"] for c in sent_to(calls, ANN.id)]
        assert "ask" in private.lower()
        assert [emoji for _, emoji in reactions(calls)] == ["👌"]
    # No private chat possible (blocked, or never opened): a pointer, none of the numbers.
    bot.api.blocked.add(BOB.id)
    await say(bot, BOB, "/ask 5")
    [pointer] = group_sends(await say_calls(bot, BOB, "/today"))
    assert "t.me/salesbot_bot" in pointer
    assert not PERSONAL_NUMBERS.search(pointer)


async def test_personal_settings_in_a_group_point_to_the_private_chat(bot: BotHarness) -> None:
    await add_bot(bot)
    for command in ("/target 9", "/tz Europe/Berlin", "/remind 10:00", "/pending", "/chart"):
        [answer] = await say(bot, ANN, command)
        assert "private" in answer, command
    assert not [c for c in bot.api.calls if c.method == "sendPhoto"]


async def test_undo_in_a_group_removes_only_what_was_logged_there(bot: BotHarness) -> None:
    await add_bot(bot)
    await add_bot(bot, OTHER_GROUP)
    await say(bot, ANN, "/lead 3 Topsecret Ltd", chat_id=None)
    await say(bot, ANN, "/ask 2")
    await say(bot, ANN, "/ask 1", chat_id=OTHER_GROUP)
    await say(bot, ANN, "/ask 4", chat_id=OTHER_GROUP)  # her latest log, and elsewhere
    calls = await say_calls(bot, ANN, "/undo")
    assert group_sends(calls) == []  # a 👌, and the ✍ taken off the undone message
    assert [emoji for _, emoji in reactions(calls)] == ["👌", None]
    left = sorted((e.kind, e.count, e.source_chat_id) for e in await bot.entries(ANN.id))
    assert left == [("ask", 1, OTHER_GROUP), ("ask", 4, OTHER_GROUP), ("lead", 3, ANN.id)]
    [nothing] = await say(bot, ANN, "/undo")
    assert "Nothing of yours" in nothing
    assert "Topsecret" not in nothing
    assert len(await bot.entries(ANN.id)) == 3


async def test_a_group_undo_handled_twice_removes_one_log_only(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 2")
    await say(bot, ANN, "/ask 3")
    undo = bot.updates.message(
        "/undo", user_id=ANN.id, first_name=ANN.name, chat_id=GROUP, date=bot.clock()
    )

    await bot.process(undo)
    again = await bot.process(undo)  # replayed after a crash

    assert group_sends(again) == []
    assert [emoji for _, emoji in reactions(again)] == ["👌"]
    assert [(e.kind, e.count) for e in await bot.entries(ANN.id)] == [("ask", 2)]


async def test_undo_replying_to_a_log_undoes_that_one_and_only_your_own(bot: BotHarness) -> None:
    await add_bot(bot)
    first = await say_calls(bot, ANN, "/ask 2")
    await say(bot, ANN, "/ask 5")
    bob = await say_calls(bot, BOB, "/ask 1")
    calls = await bot.process(replying(bot, ANN, "/undo", first[0].params["message_id"], ANN))
    assert (first[0].params["message_id"], None) in reactions(calls)
    assert sorted(e.count for e in await bot.entries(ANN.id)) == [5]
    # Replying /undo to Bob's log: Ann can't undo it.
    bob_log = bob[0].params["message_id"]
    [refused] = texts(await bot.process(replying(bot, ANN, "/undo", bob_log, BOB)))
    assert refused == "Only Bob can undo that."
    assert [e.count for e in await bot.entries(BOB.id)] == [1]
