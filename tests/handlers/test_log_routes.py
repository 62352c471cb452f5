"""The routes a message takes through the one write path (`logbook.log`): a new user, a
known one, a blocked one coming back, a renamed one, another zone, messages arriving
together. What is stored and shown must not depend on the route."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from sqlalchemy import select

from bot.db.models import Entry, User
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
    first = await bot.send("2 leads, 4 touches yesterday", user_id=ANN)  # a new user
    second = await bot.send("2 leads, 4 touches yesterday", user_id=ANN)  # a known user

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
    """Thirty known users log at once, one of them twice, one in another zone: each user
    gets their own entries and tally, and a user's second message a tally that counts the
    first. At 18:00 UTC on Thursday it is 08:00 on Friday in Kiritimati."""
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
