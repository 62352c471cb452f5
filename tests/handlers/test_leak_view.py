"""The leak and the streak as users see them in /stats and /today."""

from __future__ import annotations

import datetime as dt

from tests.harness import BotHarness


async def test_a_new_user_is_not_judged_on_days_before_they_started(bot: BotHarness) -> None:
    await bot.send("/ask 3")
    await bot.send("2 leads, 4 touches")
    [stats] = await bot.send("/stats")
    assert "Too little logged yet to spot a leak." in stats
    assert "The leak is the ask" not in stats


async def test_two_weeks_of_nurturing_without_asking_names_the_ask(bot: BotHarness) -> None:
    start = bot.clock.now - dt.timedelta(days=13)
    for offset in range(14):
        bot.clock.now = start + dt.timedelta(days=offset)
        await bot.send("3 leads, 6 touches")
    [stats] = await bot.send("/stats")
    assert "The leak is the ask: you are nurturing people who never get asked." in stats
    [today] = await bot.send("/today")
    assert today.endswith("Streak: none yet — hit your ask target on a workday to start one.")


async def test_a_streak_of_workdays_on_target(bot: BotHarness) -> None:
    monday = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
    for offset in range(4):  # Mon..Thu, 5 asks each
        bot.clock.now = monday + dt.timedelta(days=offset)
        await bot.send("/ask 5")
    [today] = await bot.send("/today")
    assert today.endswith("Streak: 4 workdays on target (best 4).")
