"""What sellers type, end to end: real Updates through the Application, the fake Bot API, the
database (SQLite and PostgreSQL). Logs are stored, doubts become one-tap buttons that log once,
everything else gets its own reply and stores nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.core import reader_replies as replies
from bot.core.reader import RemarkKind
from bot.runtime.fake_telegram import ApiCall
from tests.handlers.test_entries import logged, notices, sent_message
from tests.harness import BotHarness, texts

ANN, BO = 1001, 2002
THU = dt.date(2026, 11, 26)
GROUP = -1001234567890

TEXT_LOGS: list[tuple[str, list[tuple[str, int, str | None]], dt.date]] = [
    ("asked Sarah to buy", [("ask", 1, "Sarah")], THU),
    ("pitched 3 people", [("ask", 3, None)], THU),
    ("sent 2 proposals", [("ask", 2, None)], THU),
    ("three asks", [("ask", 3, None)], THU),
    ("2 asks 🔥", [("ask", 2, None)], THU),
    ("asked 2, got 1 yes", [("ask", 2, None), ("yes", 1, None)], THU),
    ("had coffee with Tom", [("nurture", 1, "Tom")], THU),
    ("Bob said no", [("no", 1, "Bob")], THU),
    ("got a yes from Acme!", [("yes", 1, "Acme")], THU),
    ("asked 2 on Friday", [("ask", 2, None)], dt.date(2026, 11, 20)),
    ("yesterday 3 asks and 2 leads", [("ask", 3, None), ("lead", 2, None)], THU - dt.timedelta(1)),
    ("as\u200bked Zoë #networking", [("ask", 1, "Zoë")], THU),
]


async def test_a_weekday_counts_in_the_users_own_week(bot: BotHarness) -> None:
    # 23:30 on Thursday in UTC is already Friday in Tokyo: "on Friday" is today there.
    await bot.send("/tz Asia/Tokyo")
    bot.clock.advance(hours=11, minutes=30)
    await bot.send("asked 2 on Friday")
    [row] = await bot.entries()
    assert row.local_date == dt.date(2026, 11, 27)


NOT_LOGGED: list[tuple[str, str]] = [
    ("need to ask 3 tomorrow", replies.REMARKS[RemarkKind.PLAN]),
    ("should ask more", replies.REMARKS[RemarkKind.WISH]),
    ("didn't ask anyone", replies.REMARKS[RemarkKind.NEGATION]),
    ("no asks today", replies.REMARKS[RemarkKind.NEGATION]),
    ("will follow up next week", replies.REMARKS[RemarkKind.PLAN]),
    ("hi", replies.REMARKS[RemarkKind.GREETING]),
    ("thanks!", replies.REMARKS[RemarkKind.THANKS]),
    ("a few asks", replies.REMARKS[RemarkKind.VAGUE]),
    ("Tom asked me for a quote", replies.REMARKS[RemarkKind.OTHER]),
    ("the weather is nice", replies.HINT),
]


@pytest.mark.parametrize(("text", "answer"), NOT_LOGGED, ids=[t for t, _ in NOT_LOGGED])
async def test_what_was_not_done_is_never_logged(bot: BotHarness, text: str, answer: str) -> None:
    assert await bot.send(text) == [answer]
    assert await bot.entries(include_deleted=True) == []


async def test_a_progress_question_shows_todays_pace_and_the_next_step(bot: BotHarness) -> None:
    await bot.send("asked 2")
    [answer] = await bot.send("what should I do today?")
    assert answer.startswith("Today, Thu 26 Nov\nAsks: 2 of 5 — 3 to go\n")
    assert "\nNext step: " in answer
    assert logged(*await bot.entries()) == [("ask", 2, None)]


# --- doubtful readings: one tap --------------------------------------------------------------


def buttons(calls: list[ApiCall]) -> list[tuple[str, str]]:
    message = sent_message(calls)
    return [(b["text"], b["callback_data"]) for [b] in message["reply_markup"]["inline_keyboard"]]


async def press(bot: BotHarness, calls: list[ApiCall], text: str, **kw: Any) -> list[ApiCall]:
    data = dict(buttons(calls))[text]
    return await bot.process(bot.updates.callback(sent_message(calls), data, **kw))


async def doubt(bot: BotHarness, text: str, **kw: Any) -> tuple[Any, list[ApiCall]]:
    update = bot.updates.message(text, date=bot.clock(), **kw)
    return update, await bot.process(update)


async def test_a_doubt_offers_each_reading_and_stores_nothing(bot: BotHarness) -> None:
    _, calls = await doubt(bot, "did 3 today")
    assert texts(calls) == [replies.DOUBT]
    offered = buttons(calls)
    assert [label for label, _ in offered] == [
        "Log 3 asks",
        "Log 3 touches",
        "Log 3 leads",
        "Neither",
    ]
    assert all(len(data.encode()) <= 64 for _, data in offered)
    assert await bot.entries(include_deleted=True) == []


async def test_a_press_logs_that_reading_once_for_the_original_message(bot: BotHarness) -> None:
    original, calls = await doubt(bot, "emailed Tom")
    first = await press(bot, calls, "Log 1 touch — Tom")
    assert notices(first) == [""]
    assert texts(first) == [
        "✅ Logged: 1 nurture touch (Tom).\nToday: 0 of 5 asks — 5 to go.",
        "✅ Log 1 touch — Tom",
    ]
    [row] = await bot.entries()
    assert (row.kind, row.count, row.who, row.local_date) == ("nurture", 1, "Tom", THU)
    assert (row.source_chat_id, row.source_message_id) == (ANN, original.message.message_id)
    again = await press(bot, calls, "Log 1 ask — Tom")
    assert texts(again)[0].startswith("Already logged")
    assert logged(*await bot.entries()) == [("nurture", 1, "Tom")]


async def test_the_logged_reply_undoes_the_whole_choice(bot: BotHarness) -> None:
    _, calls = await doubt(bot, "3")
    done = await press(bot, calls, "Log 3 asks")
    [confirmation] = [c for c in done if c.method == "sendMessage"]
    [[undo]] = confirmation.result["reply_markup"]["inline_keyboard"]
    await bot.process(bot.updates.callback(confirmation.result, undo["callback_data"]))
    assert await bot.entries() == []


async def test_neither_logs_nothing(bot: BotHarness) -> None:
    _, calls = await doubt(bot, "met Sam")
    pressed = await press(bot, calls, "Neither")
    assert notices(pressed) == ["Nothing logged."]
    assert texts(pressed) == [replies.NEITHER_DONE]
    assert await bot.entries(include_deleted=True) == []


async def test_only_the_writer_may_choose(bot: BotHarness) -> None:
    _, calls = await doubt(bot, "did 3 today")
    pressed = await press(bot, calls, "Log 3 asks", user_id=BO, first_name="Bo")
    assert notices(pressed) == ["Only the person who wrote it can choose."]
    assert await bot.entries(BO, include_deleted=True) == []
    assert await bot.entries(include_deleted=True) == []


@pytest.mark.parametrize("data", ["lg:", "lg:rt:7:0::z3", "lg:rt:7:9::a1", "lg:" + "9" * 61])
async def test_tampered_choices_are_refused(bot: BotHarness, data: str) -> None:
    _, calls = await doubt(bot, "did 3 today")
    pressed = await bot.process(bot.updates.callback(sent_message(calls), data))
    assert notices(pressed) == ["That button has expired."]
    assert await bot.entries(include_deleted=True) == []


async def test_a_doubt_in_a_group_reply_is_for_its_writer_only(bot: BotHarness) -> None:
    _, calls = await doubt(bot, "did 2", chat_id=GROUP, reply_to_bot=True)
    refused = await press(bot, calls, "Log 2 asks", user_id=BO, first_name="Bo")
    assert notices(refused) == ["Only the person who wrote it can choose."]
    await press(bot, calls, "Log 2 asks")
    [row] = await bot.entries()
    assert (row.kind, row.count, row.source_chat_id) == ("ask", 2, GROUP)


async def test_small_talk_in_a_group_gets_no_reply(bot: BotHarness) -> None:
    assert await bot.send("thanks!", chat_id=GROUP, reply_to_bot=True) == []
    assert await bot.send("need to ask 3", chat_id=GROUP, reply_to_bot=True) == []


# --- commands read the same way --------------------------------------------------------------

COMMANDS: list[tuple[str, list[tuple[str, int, str | None]], dt.date]] = [
    ("/ask 3 today", [("ask", 3, None)], THU),
    ("/ask 3 asks", [("ask", 3, None)], THU),
    ("/ask 2 on Friday", [("ask", 2, None)], dt.date(2026, 11, 20)),
    ("/ask Acme, Beta", [("ask", 1, "Acme"), ("ask", 1, "Beta")], THU),
    ("/ask 2 Acme, Inc.", [("ask", 2, "Acme, Inc.")], THU),
    ("/yes Tom 🎉", [("yes", 1, "Tom")], THU),
    ("/lead 2 yesterday #expo", [("lead", 2, None)], THU - dt.timedelta(1)),
]


LOGS = TEXT_LOGS + COMMANDS


@pytest.mark.parametrize(("text", "stored", "day"), LOGS, ids=[t for t, _, _ in LOGS])
async def test_everyday_words_and_commands_read_like_text_are_logged(
    bot: BotHarness, text: str, stored: list[tuple[str, int, str | None]], day: dt.date
) -> None:
    [reply] = await bot.send(text)
    assert reply.startswith("✅ Logged")
    rows = await bot.entries()
    assert logged(*rows) == stored
    assert {row.local_date for row in rows} == {day}


async def test_a_command_for_tomorrow_is_refused(bot: BotHarness) -> None:
    [reply] = await bot.send("/ask 3 tomorrow")
    assert "I log what's done" in reply
    assert await bot.entries(include_deleted=True) == []
