"""Logging end to end: /ask /lead /nurture /touch /yes /no, quick logs, undo, edits, duplicates."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from telegram import Update

from bot.app import running
from bot.config import Settings
from bot.core import reader_replies as replies
from bot.db.models import Entry, User
from bot.runtime.fake_telegram import ApiCall
from tests.harness import BotHarness, FakeClock, texts

ANN = 1001
THU = dt.date(2026, 11, 26)  # the fixture clock's day (UTC)
HINT = replies.HINT


def logged(*rows: Any) -> list[tuple[str, int, str | None]]:
    return [(row.kind, row.count, row.who) for row in rows]


def sent_message(calls: list[ApiCall]) -> dict[str, Any]:
    """The message the bot sent in reply (what a button press refers to)."""
    sends = [call for call in calls if call.method == "sendMessage" and call.error_code is None]
    assert len(sends) == 1, [call.method for call in calls]
    result: dict[str, Any] = sends[0].result
    return result


def undo_data(message: dict[str, Any]) -> str:
    [[button]] = message["reply_markup"]["inline_keyboard"]
    assert button["text"] == "↩️ undo"
    data: str = button["callback_data"]
    return data


async def press_undo(bot: BotHarness, calls: list[ApiCall], **kw: Any) -> list[ApiCall]:
    message = sent_message(calls)
    return await bot.process(bot.updates.callback(message, undo_data(message), **kw))


def notices(calls: list[ApiCall]) -> list[str]:
    return [
        str(call.params.get("text", ""))
        for call in calls
        if call.method == "answerCallbackQuery" and call.error_code is None
    ]


# --- commands --------------------------------------------------------------------------------


COMMANDS: list[tuple[str, str, list[tuple[str, int, str | None]]]] = [
    ("/ask", "✅ Logged: 1 ask.\nToday: 1 of 5 asks — 4 to go.", [("ask", 1, None)]),
    ("/ask 3", "✅ Logged: 3 asks.\nToday: 3 of 5 asks — 2 to go.", [("ask", 3, None)]),
    (
        "/ask 1000",
        "✅ Logged: 1000 asks.\nToday: 1000 of 5 asks — target hit 🎯.",
        [("ask", 1000, None)],
    ),
    (
        "/ask Acme",
        "✅ Logged: 1 ask — Acme.\nToday: 1 of 5 asks — 4 to go.",
        [("ask", 1, "Acme")],
    ),
    (
        "/ask 2 to Acme Corp",
        "✅ Logged: 2 asks — Acme Corp.\nToday: 2 of 5 asks — 3 to go.",
        [("ask", 2, "Acme Corp")],
    ),
    (
        "/ask 1 banana",
        "✅ Logged: 1 ask — banana.\nToday: 1 of 5 asks — 4 to go.",
        [("ask", 1, "banana")],
    ),
    (
        "/lead 2 Acme",
        "✅ Logged: 2 leads (Acme).\nToday: 0 of 5 asks — 5 to go.",
        [("lead", 2, "Acme")],
    ),
    ("/lead", "✅ Logged: 1 lead.\nToday: 0 of 5 asks — 5 to go.", [("lead", 1, None)]),
    (
        "/nurture coffee with Bob",
        "✅ Logged: 1 nurture touch (coffee with Bob).\nToday: 0 of 5 asks — 5 to go.",
        [("nurture", 1, "coffee with Bob")],
    ),
    (
        "/touch 3",
        "✅ Logged: 3 nurture touches.\nToday: 0 of 5 asks — 5 to go.",
        [("nurture", 3, None)],
    ),
    (
        "/yes Acme",
        "✅ Logged: 1 yes — Acme.\nNo ask to Acme was waiting for an answer.\n"
        "Today: 0 of 5 asks — 5 to go.",
        [("yes", 1, "Acme")],
    ),
    (
        "/no",
        "✅ Logged: 1 no.\nA no is progress: it is an answer.\nToday: 0 of 5 asks — 5 to go.",
        [("no", 1, None)],
    ),
]


async def test_log_commands_reply_and_store(bot: BotHarness) -> None:
    for user_id, (command, reply, stored) in enumerate(COMMANDS, start=5000):
        assert await bot.send(command, user_id=user_id) == [reply], command
        rows = await bot.entries(user_id)
        assert logged(*rows) == stored, command
        assert all(row.local_date == THU for row in rows)
        assert all(row.deleted_at is None and row.answered_by_id is None for row in rows)


async def test_every_confirmation_carries_an_undo_button_for_its_message(bot: BotHarness) -> None:
    update = bot.updates.message("/ask 2", date=bot.clock())
    message = sent_message(await bot.process(update))
    assert update.message is not None
    assert undo_data(message) == f"undo:{update.message.message_id}"
    assert len(undo_data(message).encode()) <= 64


async def test_separate_messages_add_up(bot: BotHarness) -> None:
    await bot.send("/ask 2")
    await bot.send("/ask 2")
    assert await bot.send("/ask") == ["✅ Logged: 1 ask.\nToday: 5 of 5 asks — target hit 🎯."]
    assert logged(*await bot.entries()) == [("ask", 2, None), ("ask", 2, None), ("ask", 1, None)]


async def test_users_are_kept_apart(bot: BotHarness) -> None:
    await bot.send("/ask 4", user_id=ANN)
    assert await bot.send("/ask", user_id=2002, first_name="Bo") == [
        "✅ Logged: 1 ask.\nToday: 1 of 5 asks — 4 to go."
    ]
    assert logged(*await bot.entries(ANN)) == [("ask", 4, None)]
    assert logged(*await bot.entries(2002)) == [("ask", 1, None)]


async def test_names_are_stored_as_typed(bot: BotHarness) -> None:
    longest = "B" * 120
    await bot.send("/ask Müller & Söhne 🚀")  # emoji are never part of a name (issue 15)
    await bot.send("/lead 1 Robert'); DROP TABLE entries;--")
    await bot.send(f"/no {longest}")
    assert logged(*await bot.entries()) == [
        ("ask", 1, "Müller & Söhne"),
        ("lead", 1, "Robert'); DROP TABLE entries;--"),
        ("no", 1, longest),
    ]


async def test_telegram_ids_beyond_32_bits(bot: BotHarness) -> None:
    big = 7_123_456_789
    assert await bot.send("/ask 2", user_id=big) == [
        "✅ Logged: 2 asks.\nToday: 2 of 5 asks — 3 to go."
    ]
    [row] = await bot.entries(big)
    assert (row.user_id, row.source_chat_id, row.count) == (big, big, 2)


# --- quick logs ------------------------------------------------------------------------------


QUICK_LOGS: list[tuple[str, str, list[tuple[str, int, str | None]]]] = [
    ("3 asks", "✅ Logged: 3 asks.\nToday: 3 of 5 asks — 2 to go.", [("ask", 3, None)]),
    ("asked 2", "✅ Logged: 2 asks.\nToday: 2 of 5 asks — 3 to go.", [("ask", 2, None)]),
    ("ask", "✅ Logged: 1 ask.\nToday: 1 of 5 asks — 4 to go.", [("ask", 1, None)]),
    (
        "2 leads, 4 touches",
        "✅ Logged: 2 leads, 4 nurture touches.\nToday: 0 of 5 asks — 5 to go.",
        [("lead", 2, None), ("nurture", 4, None)],
    ),
    (
        "1 no",
        "✅ Logged: 1 no.\nA no is progress: it is an answer.\nToday: 0 of 5 asks — 5 to go.",
        [("no", 1, None)],
    ),
    (
        "yes from Acme",
        "✅ Logged: 1 yes — Acme.\nNo ask to Acme was waiting for an answer.\n"
        "Today: 0 of 5 asks — 5 to go.",
        [("yes", 1, "Acme")],
    ),
]


async def test_quick_logs_in_a_private_chat(bot: BotHarness) -> None:
    for user_id, (text, reply, stored) in enumerate(QUICK_LOGS, start=5000):
        assert await bot.send(text, user_id=user_id) == [reply], text
        rows = await bot.entries(user_id)
        assert logged(*rows) == stored, text
        assert [row.source_seq for row in rows] == list(range(len(stored)))


async def test_text_that_is_not_a_log_gets_the_hint_and_logs_nothing(bot: BotHarness) -> None:
    for text in ("the weather is nice", "no thanks", "yes please", "3 apples", "Sarah"):
        assert await bot.send(text) == [HINT], text
    assert await bot.entries(include_deleted=True) == []


async def test_quick_logs_are_for_private_chats_only(bot: BotHarness) -> None:
    assert await bot.send("3 asks", chat_id=-1001234567890) == []
    assert await bot.entries(include_deleted=True) == []


# --- /undo and the undo button ---------------------------------------------------------------


async def test_undo_removes_the_last_entry_and_keeps_history(bot: BotHarness) -> None:
    await bot.send("/lead 2")
    await bot.send("/ask 3")
    assert await bot.send("/undo") == ["↩️ Removed 3 asks from Thu 26 Nov."]
    assert logged(*await bot.entries()) == [("lead", 2, None)]
    history = await bot.entries(include_deleted=True)
    assert [(row.kind, row.deleted_at is not None) for row in history] == [
        ("lead", False),
        ("ask", True),
    ]
    assert await bot.send("/undo") == ["↩️ Removed 2 leads from Thu 26 Nov."]
    assert await bot.send("/undo") == ["Nothing to undo yet."]
    assert len(await bot.entries(include_deleted=True)) == 2
    [today] = await bot.send("/today")
    assert today.splitlines()[:2] == ["Today, Thu 26 Nov", "Asks: 0 of 5 — 5 to go"]


async def test_undo_removes_the_whole_last_message_as_its_button_does(bot: BotHarness) -> None:
    await bot.send("/ask 1")
    await bot.send("2 leads, 4 touches")

    assert await bot.send("/undo") == [
        "↩️ Removed 2 leads from Thu 26 Nov.\n↩️ Removed 4 nurture touches from Thu 26 Nov."
    ]
    assert logged(*await bot.entries()) == [("ask", 1, None)]
    assert await bot.send("/undo") == ["↩️ Removed 1 ask from Thu 26 Nov."]


async def test_an_undo_handled_twice_removes_one_message_only(bot: BotHarness) -> None:
    """A crash after /undo's commit but before its update is marked done replays it: the
    replay answers the same and removes nothing more."""
    await bot.send("/ask 1")
    await bot.send("/lead 2")
    undo = bot.updates.message("/undo", date=bot.clock())

    first = texts(await bot.process(undo))
    again = texts(await bot.process(undo))

    assert first == again == ["↩️ Removed 2 leads from Thu 26 Nov."]
    assert logged(*await bot.entries()) == [("ask", 1, None)]
    assert await bot.send("/undo") == ["↩️ Removed 1 ask from Thu 26 Nov."]


async def test_undo_with_nothing_logged(bot: BotHarness) -> None:
    assert await bot.send("/undo") == ["Nothing to undo yet."]


async def test_undo_only_touches_my_entries(bot: BotHarness) -> None:
    await bot.send("/ask 3", user_id=ANN)
    assert await bot.send("/undo", user_id=2002, first_name="Bo") == ["Nothing to undo yet."]
    assert logged(*await bot.entries(ANN)) == [("ask", 3, None)]


async def test_undo_button_removes_exactly_that_message(bot: BotHarness) -> None:
    await bot.send("/ask 3")
    pair = await bot.process(bot.updates.message("2 leads, 4 touches", date=bot.clock()))
    await bot.send("/ask 1")

    calls = await press_undo(bot, pair)

    assert notices(calls) == ["Undone."]
    assert texts(calls) == [
        "↩️ Removed 2 leads from Thu 26 Nov.\n↩️ Removed 4 nurture touches from Thu 26 Nov."
    ]
    edit = [call for call in calls if call.method == "editMessageText"]
    assert edit[0].params["message_id"] == sent_message(pair)["message_id"]
    assert logged(*await bot.entries()) == [("ask", 3, None), ("ask", 1, None)]


async def test_undo_button_pressed_twice_removes_once(bot: BotHarness) -> None:
    first = await bot.process(bot.updates.message("/ask 3", date=bot.clock()))
    await press_undo(bot, first)
    again = await press_undo(bot, first)
    assert notices(again) == ["Already undone."]
    assert texts(again) == []
    assert await bot.entries() == []
    assert len(await bot.entries(include_deleted=True)) == 1


async def test_undo_button_of_someone_else_removes_nothing(bot: BotHarness) -> None:
    calls = await bot.process(bot.updates.message("/ask 3", date=bot.clock()))
    await press_undo(bot, calls, user_id=2002, first_name="Bo")
    assert logged(*await bot.entries(ANN)) == [("ask", 3, None)]


async def test_undo_button_with_a_forged_payload_is_refused(bot: BotHarness) -> None:
    calls = await bot.process(bot.updates.message("/ask 3", date=bot.clock()))
    answer = await bot.process(bot.updates.callback(sent_message(calls), "undo:abc"))
    assert notices(answer) == ["That button has expired."]
    assert logged(*await bot.entries()) == [("ask", 3, None)]


# --- edits -----------------------------------------------------------------------------------


async def test_editing_a_log_command_replaces_its_entry(bot: BotHarness) -> None:
    original = bot.updates.message("/ask 3", date=bot.clock())
    await bot.process(original)

    calls = await bot.process(bot.updates.edited(original, "/ask 5"))

    assert texts(calls) == ["✅ Logged: 5 asks.\nToday: 5 of 5 asks — target hit 🎯."]
    rows = await bot.entries(include_deleted=True)
    assert logged(*rows) == [("ask", 5, None)]
    assert rows[0].deleted_at is None


async def test_editing_a_quick_log_replaces_all_it_logged(bot: BotHarness) -> None:
    original = bot.updates.message("2 leads, 4 touches", date=bot.clock())
    await bot.process(original)
    await bot.process(bot.updates.edited(original, "3 asks"))
    assert logged(*await bot.entries(include_deleted=True)) == [("ask", 3, None)]


async def test_an_edit_keeps_the_day_the_message_was_sent(bot: BotHarness) -> None:
    original = bot.updates.message("/ask 3", date=bot.clock())
    await bot.process(original)
    bot.clock.advance(days=1)

    calls = await bot.process(bot.updates.edited(original, "/ask 4"))

    assert texts(calls) == ["✅ Logged for Thu 26 Nov: 4 asks.\nThu 26 Nov: 4 of 5 asks — 1 to go."]
    rows = await bot.entries(include_deleted=True)
    assert [(row.count, row.local_date) for row in rows] == [(4, THU)]


async def test_an_edit_delivered_twice_still_leaves_one_entry(bot: BotHarness) -> None:
    original = bot.updates.message("/ask 3", date=bot.clock())
    await bot.process(original)
    edit = bot.updates.edited(original, "/ask 5")
    await bot.process(edit)
    await bot.process(edit)
    assert logged(*await bot.entries(include_deleted=True)) == [("ask", 5, None)]


async def test_the_undo_button_removes_what_the_edit_logged(bot: BotHarness) -> None:
    original = bot.updates.message("/ask 3", date=bot.clock())
    confirmation = await bot.process(original)
    await bot.process(bot.updates.edited(original, "/ask 5"))

    calls = await press_undo(bot, confirmation)

    assert texts(calls) == ["↩️ Removed 5 asks from Thu 26 Nov."]
    assert await bot.entries() == []


async def test_editing_one_message_leaves_the_others_alone(bot: BotHarness) -> None:
    await bot.send("/ask 2")
    original = bot.updates.message("/ask 3", date=bot.clock())
    await bot.process(original)
    await bot.process(bot.updates.edited(original, "/ask 1"))
    assert logged(*await bot.entries(include_deleted=True)) == [("ask", 2, None), ("ask", 1, None)]


# --- duplicates ------------------------------------------------------------------------------


async def test_the_same_update_twice_is_stored_once(bot: BotHarness) -> None:
    update = bot.updates.message("/ask 3", date=bot.clock())
    first = texts(await bot.process(update))
    again = texts(await bot.process(update))
    redelivered = Update.de_json(update.to_dict(), bot.app.bot)
    third = texts(await bot.process(redelivered))

    assert first == ["✅ Logged: 3 asks.\nToday: 3 of 5 asks — 2 to go."]
    assert again == third == ["Already logged: 3 asks.\nToday: 3 of 5 asks — 2 to go."]
    assert logged(*await bot.entries(include_deleted=True)) == [("ask", 3, None)]


async def test_a_quick_log_delivered_twice_is_stored_once(bot: BotHarness) -> None:
    update = bot.updates.message("2 leads, 4 touches", date=bot.clock())
    await bot.process(update)
    await bot.process(update)
    assert logged(*await bot.entries(include_deleted=True)) == [
        ("lead", 2, None),
        ("nurture", 4, None),
    ]


async def test_100_concurrent_copies_of_an_update_are_stored_once(
    settings: Settings, clock: FakeClock
) -> None:
    harness = BotHarness(settings, clock, concurrent_updates=True)
    async with running(harness.app):
        harness.api.clear()
        update = harness.updates.message("/ask 3", date=clock())

        await asyncio.gather(*(harness.app.process_update(update) for _ in range(100)))

        replies = Counter(harness.api.sent_texts())
        assert replies == {
            "✅ Logged: 3 asks.\nToday: 3 of 5 asks — 2 to go.": 1,
            "Already logged: 3 asks.\nToday: 3 of 5 asks — 2 to go.": 99,
        }
        assert logged(*await harness.entries(include_deleted=True)) == [("ask", 3, None)]
        users = await harness.rows(select(User.id).where(User.id == ANN))
        assert len(users) == 1


async def test_100_concurrent_first_messages_from_different_users(
    settings: Settings, clock: FakeClock
) -> None:
    harness = BotHarness(settings, clock, concurrent_updates=True)
    async with running(harness.app):
        updates = [
            harness.updates.message("/ask 2", user_id=5000 + n, first_name=f"U{n}", date=clock())
            for n in range(100)
        ]
        await asyncio.gather(*(harness.app.process_update(update) for update in updates))
        statement = (
            select(func.count(Entry.id), func.sum(Entry.count), func.count(func.distinct(User.id)))
            .select_from(Entry)
            .join(User, User.id == Entry.user_id)
            .where(User.id.between(5000, 5099))
        )
        totals = await harness.query(lambda session: tuple(session.execute(statement).one()))
        assert totals == (100, 200, 100)


# --- the ledger: answers close pending asks --------------------------------------------------


async def test_a_no_answers_the_pending_ask_and_undo_reopens_it(bot: BotHarness) -> None:
    await bot.send("/ask Acme")
    assert await bot.send("/no acme") == [
        "✅ Logged: 1 no — acme.\nAnswer recorded for Acme.\n"
        "A no is progress: it is an answer.\nToday: 1 of 5 asks — 4 to go."
    ]
    ask, answer = await bot.entries()
    assert (ask.kind, answer.kind) == ("ask", "no")
    assert ask.answered_by_id == answer.id

    assert await bot.send("/undo") == ["↩️ Removed 1 no — acme from Thu 26 Nov."]
    [ask] = await bot.entries()
    assert ask.answered_by_id is None


async def test_undo_button_on_an_answer_reopens_the_ask(bot: BotHarness) -> None:
    await bot.send("/ask Acme")
    calls = await bot.process(bot.updates.message("yes from ACME", date=bot.clock()))
    assert texts(calls)[0].startswith("✅ Logged: 1 yes — ACME.\nAnswer recorded for Acme.\n")
    [ask, _] = await bot.entries()
    assert ask.answered_by_id is not None

    await press_undo(bot, calls)

    [ask] = await bot.entries()
    assert ask.answered_by_id is None


async def test_an_answer_closes_the_latest_pending_ask_to_that_name(bot: BotHarness) -> None:
    await bot.send("/ask Acme")
    await bot.send("/ask Bolt")
    await bot.send("/ask Acme")
    await bot.send("/no Acme")
    first_acme, bolt, second_acme, no = await bot.entries()
    assert second_acme.answered_by_id == no.id
    assert first_acme.answered_by_id is None
    assert bolt.answered_by_id is None

    await bot.send("/yes acme")
    first_acme, _, _, _, yes = await bot.entries()
    assert first_acme.answered_by_id == yes.id

    replies = await bot.send("/yes Acme")
    assert "Answer recorded" not in replies[0]


async def test_an_answer_without_a_pending_ask_is_logged_and_says_so(bot: BotHarness) -> None:
    assert await bot.send("/yes Zed") == [
        "✅ Logged: 1 yes — Zed.\nNo ask to Zed was waiting for an answer.\n"
        "Today: 0 of 5 asks — 5 to go."
    ]
    assert logged(*await bot.entries()) == [("yes", 1, "Zed")]


async def test_an_undone_ask_is_not_answered(bot: BotHarness) -> None:
    await bot.send("/ask Acme")
    await bot.send("/undo")
    replies = await bot.send("/no Acme")
    assert "Answer recorded" not in replies[0]
    [undone] = [row for row in await bot.entries(include_deleted=True) if row.kind == "ask"]
    assert undone.answered_by_id is None


async def test_editing_an_answer_to_another_name_reopens_the_first_ask(bot: BotHarness) -> None:
    await bot.send("/ask Acme")
    await bot.send("/ask Bolt")
    original = bot.updates.message("/no Acme", date=bot.clock())
    await bot.process(original)

    calls = await bot.process(bot.updates.edited(original, "/no Bolt"))

    assert "Answer recorded for Bolt." in texts(calls)[0]
    acme, bolt, no = await bot.entries(include_deleted=True)
    assert (no.kind, no.who) == ("no", "Bolt")
    assert acme.answered_by_id is None
    assert bolt.answered_by_id == no.id
