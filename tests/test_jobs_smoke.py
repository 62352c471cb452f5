import datetime as dt

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
