"""The weekly private digest: once a week with the first reminder, /digest off stops it."""

from __future__ import annotations

import datetime as dt

from bot.jobs import send_due_nudges
from tests.harness import BotHarness, texts

MONDAY_15 = dt.datetime(2026, 11, 30, 15, 0, 20, tzinfo=dt.UTC)


async def test_digest_once_a_week_with_last_weeks_numbers(bot: BotHarness) -> None:
    await bot.send("/start")
    await bot.send("/ask 4")
    await bot.send("/no Acme")
    await bot.send("/lead 2")
    await bot.send("/lead 5")
    await bot.send("/undo")  # an undone entry counts nowhere
    bot.clock.now = MONDAY_15
    bot.api.clear()
    await send_due_nudges(bot.app)
    sent = texts(bot.api.calls)
    digests = [t for t in sent if t.startswith("🗓")]
    assert len(digests) == 1
    digest = digests[0]
    assert "Your week, Mon 23 Nov – Sun 29 Nov" in digest
    assert "Asks: 4 of 25 — 21 to go" in digest
    assert "Leads: 2" in digest
    assert "Answers: 0 yes, 1 no" in digest
    assert "Answer rate: 25%" in digest
    assert "Streak:" in digest
    assert any(t.startswith("⏰ 0 of 5 asks today") for t in sent)  # the pace nudge too

    bot.clock.now = MONDAY_15 + dt.timedelta(minutes=1)
    bot.api.clear()
    await send_due_nudges(bot.app)
    assert texts(bot.api.calls) == []


async def test_new_users_get_no_digest_and_digest_off_stops_it(bot: BotHarness) -> None:
    bot.clock.now = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)  # joins on Monday
    await bot.send("/start")
    bot.clock.now = MONDAY_15
    await send_due_nudges(bot.app)
    assert not [t for t in texts(bot.api.calls) if t.startswith("🗓")]

    assert (await bot.send("/digest off"))[0] == "Weekly digest off."
    bot.clock.now = MONDAY_15 + dt.timedelta(days=7)
    bot.api.clear()
    await send_due_nudges(bot.app)
    sent = texts(bot.api.calls)
    assert sent
    assert not [t for t in sent if t.startswith("🗓")]
