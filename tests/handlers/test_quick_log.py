"""A known user's private logs take the quick log path (raw driver statements); the rest
take `services.log`. Whichever path a message takes, what is stored and shown is the same."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.db.models import Entry, User
from tests.harness import BotHarness, texts

ANN = 1001


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
    await bot.send("/ask 1", user_id=ANN, first_name="Annie")

    [user] = await bot.rows(select(User.first_name).where(User.id == ANN))
    assert user.first_name == "Annie"
    assert len(await bot.entries(ANN)) == 2
