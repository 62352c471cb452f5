"""A known user's private logs take the quick log path (raw driver statements); the rest
take `services.log`. Whichever path a message takes, what is stored and shown is the same."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from bot.core.domain import Kind
from bot.core.parsing import EntryDraft
from bot.db.entry_store import Source
from bot.db.models import Entry, User
from bot.db.quicklog import QuickLog
from tests.harness import BotHarness, texts

ANN = 1001
BOB = 1002


def stored(rows: list[Entry]) -> list[tuple[object, ...]]:
    """An entry's fields apart from its own id and the message it came from."""
    return [
        (e.kind, e.count, e.who, e.local_date, e.source_chat_id, e.source_seq, e.deleted_at)
        for e in rows
    ]


async def nudge_state(bot: BotHarness) -> Any:
    statement = select(User.blocked_at, User.next_nudge_at).where(User.id == ANN)
    return await bot.query(lambda session: session.execute(statement).one())


async def test_a_known_users_log_is_stored_like_a_first_log(bot: BotHarness) -> None:
    first = await bot.send("2 leads, 4 touches yesterday", user_id=ANN)  # new user: ORM path
    second = await bot.send("2 leads, 4 touches yesterday", user_id=ANN)  # known: quick path

    rows = await bot.entries(ANN)
    assert stored(rows[:2]) == stored(rows[2:])
    assert [e.source_seq for e in rows] == [0, 1, 0, 1]
    assert [e.created_at for e in rows[:2]] == [e.created_at for e in rows[2:]]
    assert first == second  # the pace line counts asks: none were logged


async def test_a_known_users_message_delivered_twice_is_logged_once(bot: BotHarness) -> None:
    await bot.send("/start", user_id=ANN)
    update = bot.updates.message("/ask 3 Acme", user_id=ANN, first_name="Ann", date=bot.clock())

    first = texts(await bot.process(update))
    again = texts(await bot.process(update))

    assert first[0].startswith("✅ Logged: 3 asks")
    assert again[0].startswith("Already logged: 3 asks")
    assert [(e.kind, e.count, e.who) for e in await bot.entries(ANN)] == [("ask", 3, "Acme")]


async def test_logging_again_after_blocking_the_bot_resumes_nudges(bot: BotHarness) -> None:
    await bot.send("/ask 1", user_id=ANN)
    bot.api.blocked = {ANN}
    await bot.send("/ask 1", user_id=ANN)  # logged; the reply gets 403: Ann is marked blocked
    blocked = await nudge_state(bot)
    bot.api.blocked = set()

    answer = await bot.send("/ask 2", user_id=ANN)

    back = await nudge_state(bot)
    assert blocked.blocked_at is not None
    assert blocked.next_nudge_at is None
    assert back.blocked_at is None
    assert back.next_nudge_at is not None
    assert answer[0].startswith("✅ Logged: 2 asks.")
    assert sum(e.count for e in await bot.entries(ANN)) == 1 + 1 + 2


async def test_a_changed_first_name_is_stored_when_logging(bot: BotHarness) -> None:
    await bot.send("/ask 1", user_id=ANN, first_name="Ann")
    renamed = await bot.send("/ask 1", user_id=ANN, first_name="Annie")

    [user] = await bot.rows(select(User.first_name).where(User.id == ANN))
    assert user.first_name == "Annie"
    assert len(await bot.entries(ANN)) == 2
    assert renamed[0].startswith("✅ Logged: 1 ask.")


async def test_users_in_the_default_and_in_another_zone_log_on_their_own_days(
    bot: BotHarness,
) -> None:
    """On PostgreSQL a user in the default zone (UTC here) is logged in one round trip, a
    user elsewhere in two: the day must be the user's own either way. At 18:00 UTC on
    Thursday 26 November it is already 08:00 on Friday in Kiritimati."""
    thursday, friday = dt.date(2026, 11, 26), dt.date(2026, 11, 27)
    bot.clock.advance(hours=6)
    await bot.send("/ask 1", user_id=ANN)  # a new user: the ORM path, in the default zone
    await bot.send("/tz Pacific/Kiritimati", user_id=ANN)
    ann = await bot.send("/ask 2", user_id=ANN)
    await bot.send("/ask 3", user_id=BOB, first_name="Bob")
    bob = await bot.send("/ask 4", user_id=BOB, first_name="Bob")

    assert [(e.count, e.local_date) for e in await bot.entries(ANN)] == [(1, thursday), (2, friday)]
    assert [(e.count, e.local_date) for e in await bot.entries(BOB)] == [
        (3, thursday),
        (4, thursday),
    ]
    assert ann == ["✅ Logged: 2 asks.\nToday: 2 of 5 asks — 3 to go."]  # Friday's only
    assert bob == ["✅ Logged: 4 asks.\nToday: 7 of 5 asks — target hit 🎯."]


GROUP = range(2001, 2031)


def name_of(user_id: int) -> str:
    return f"User {user_id}"


async def test_messages_that_arrive_together_are_each_logged_and_answered(
    bot: BotHarness,
) -> None:
    """Thirty known users log at once, one of them twice, one in another zone. On
    PostgreSQL the messages that wait for a connection are logged by one statement and one
    commit (`bot.db.batcher`); each user must still get their own entries and tally, and a
    user's second message a tally that counts the first. At 18:00 UTC on Thursday it is
    08:00 on Friday in Kiritimati."""
    bot.clock.advance(hours=6)
    kiritimati, twice = GROUP[0], GROUP[1]
    for user_id in GROUP:
        await bot.send("/ask 1", user_id=user_id, first_name=name_of(user_id))
    await bot.send("/tz Pacific/Kiritimati", user_id=kiritimati, first_name=name_of(kiritimati))
    bot.api.clear()
    message = bot.updates.message
    updates = [message("/ask 2", user_id=u, first_name=name_of(u), date=bot.clock()) for u in GROUP]
    updates.append(message("/ask 3", user_id=twice, first_name=name_of(twice), date=bot.clock()))

    await asyncio.gather(*(bot.process(update) for update in updates))

    thursday, friday = dt.date(2026, 11, 26), dt.date(2026, 11, 27)
    for user_id in GROUP[2:]:
        assert bot.api.sent_texts(user_id) == ["✅ Logged: 2 asks.\nToday: 3 of 5 asks — 2 to go."]
        assert [(e.count, e.local_date) for e in await bot.entries(user_id)] == [
            (1, thursday),
            (2, thursday),
        ]
    assert bot.api.sent_texts(twice) == [
        "✅ Logged: 2 asks.\nToday: 3 of 5 asks — 2 to go.",
        "✅ Logged: 3 asks.\nToday: 6 of 5 asks — target hit 🎯.",
    ]
    assert bot.api.sent_texts(kiritimati) == ["✅ Logged: 2 asks.\nToday: 2 of 5 asks — 3 to go."]
    assert [(e.count, e.local_date) for e in await bot.entries(kiritimati)] == [
        (1, thursday),
        (2, friday),
    ]
    if bot.app.bot_data.db.dialect == "postgresql":
        ids = [
            update.effective_message.message_id for update in updates if update.effective_message
        ]
        writers = text(
            "SELECT count(DISTINCT xmin::text) FROM entries WHERE source_message_id = ANY(:ids)"
        )
        transactions = await bot.query(lambda s: s.execute(writers, {"ids": ids}).scalar_one())
        assert transactions < len(updates) // 2  # grouped: far fewer commits than messages


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)  # groups: PostgreSQL's
async def test_one_bad_message_in_a_group_costs_the_others_nothing(bot: BotHarness) -> None:
    """A message the database refuses (a note longer than the column: the parser never lets
    one through, so it is made here) fails its group's statement; the others of the group
    are then logged one by one, and only its own caller gets the error."""
    db = bot.app.bot_data.db
    users = GROUP[:3]
    for user_id in users:
        await bot.send("/ask 1", user_id=user_id, first_name=name_of(user_id))
    notes = ["fine", "x" * 200, None]
    quicks = [
        QuickLog(
            user_id=user_id,
            first_name=name_of(user_id),
            likely_tz="UTC",
            drafts=(EntryDraft(Kind.ASK, 4, note),),
            days_back=0,
            source=Source(chat_id=user_id, message_id=90_000 + user_id),
            sent_at=bot.clock(),
            now=bot.clock(),
        )
        for user_id, note in zip(users, notes, strict=True)
    ]

    results = await asyncio.gather(*(db.quick_log(q) for q in quicks), return_exceptions=True)

    assert isinstance(results[1], DBAPIError)
    for result in (results[0], results[2]):
        assert not isinstance(result, BaseException)
        assert result is not None
        assert result[1].day_tally.asks == 5
    assert [[e.count for e in await bot.entries(user_id)] for user_id in users] == [
        [1, 4],
        [1],
        [1, 4],
    ]
