import asyncio
import datetime as dt

import pytest

from bot.jobs import send_due_nudges
from tests.harness import BotHarness


async def test_nudge_once_when_behind_and_buttons_log_once(bot: BotHarness) -> None:
    await bot.send("/start")
    await bot.send("/ask 2")
    bot.clock.now = dt.datetime(2026, 11, 26, 14, 59, tzinfo=dt.UTC)
    assert (await send_due_nudges(bot.app)).claimed == 0
    bot.clock.now = dt.datetime(2026, 11, 26, 15, 0, 30, tzinfo=dt.UTC)
    bot.api.clear()
    report = await send_due_nudges(bot.app)
    assert (report.claimed, report.sent) == (1, 1)
    [call] = bot.api.calls_to("sendMessage")
    assert call.params["text"].startswith("⏰ 2 of 5 asks today — 3 to go.")
    assert (await send_due_nudges(bot.app)).claimed == 0
    press = bot.updates.callback(call.result, "nudge:ask:3")
    calls = await bot.process(press)
    assert [c.params["text"] for c in calls if c.method == "editMessageText"] == [
        "✅ Logged from this reminder. Today: 5 of 5 asks — target hit 🎯."
    ]
    await bot.process(bot.updates.callback(call.result, "nudge:ask:3"))
    assert sum(e.count for e in await bot.entries()) == 5


async def test_failed_sends_wait_for_the_next_tick_even_past_one_batch(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Released claims are not re-claimed in the same tick: a tick whose every send fails
    ends (it used to spin on them when there were more than a batch), and the next one
    delivers each nudge once."""
    monkeypatch.setattr("bot.jobs.CLAIM_BATCH", 2)
    for user in range(1, 6):
        await bot.send("/start", user_id=user, first_name=f"U{user}")
    bot.clock.now = dt.datetime(2026, 11, 26, 15, 0, 10, tzinfo=dt.UTC)
    bot.api.clear()
    bot.api.fail_next("sendMessage", 500, "Internal Server Error", times=5)
    report = await asyncio.wait_for(send_due_nudges(bot.app), 10)
    assert (report.claimed, report.sent, report.failed) == (5, 0, 5)
    assert len(bot.api.calls_to("sendMessage")) == 5

    bot.clock.now += dt.timedelta(minutes=1)
    bot.api.clear()
    report = await send_due_nudges(bot.app)
    assert (report.sent, report.failed) == (5, 0)
    assert sorted(int(c.params["chat_id"]) for c in bot.api.calls_to("sendMessage")) == [
        1,
        2,
        3,
        4,
        5,
    ]
