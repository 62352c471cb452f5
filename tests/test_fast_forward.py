"""Fast-forward (`:at`, the simulated month) sends exactly what the minute job would have,
at the same minutes, though it steps over the minutes in which nothing is due."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.jobs import TICK, tick
from bot.runtime.clock import MovableClock
from bot.runtime.fast_forward import fast_forward, next_tick
from tests.harness import BotHarness

ANN, BOB, GROUP = 1001, 1002, -1001234
UNTIL = dt.datetime(2026, 11, 30, 10, 30, tzinfo=dt.UTC)  # Thursday noon to Monday 10:30


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.UTC)


async def every_minute(bot: BotHarness, clock: MovableClock, until: dt.datetime) -> None:
    """The reference: the minute job's every tick, one after another."""
    moment = next_tick(clock() + dt.timedelta(microseconds=1))
    while moment <= until:
        clock.move_to(moment)
        await tick(bot.app)
        moment += TICK
    clock.move_to(until)


@pytest.mark.parametrize("stepper", ["fast_forward", "every_minute"])
async def test_fast_forward_sends_what_every_tick_would_at_the_same_minutes(
    bot: BotHarness, stepper: str
) -> None:
    clock = MovableClock(bot.clock)
    bot.app.bot_data.clock = bot.api.clock = clock
    sent: list[tuple[dt.datetime, int, str]] = []
    bot.api.on_answer = lambda call: sent.extend(
        [(clock(), int(call.params["chat_id"]), str(call.params["text"]).split("\n")[0])]
        if call.method == "sendMessage"
        else []
    )
    for text, user, name, chat in (
        ("/remind 10:00 15:00", ANN, "Ann", None),
        ("/ask Acme", ANN, "Ann", None),  # a named ask: a follow-up three days on
        ("/join", BOB, "Bob", GROUP),
        ("/start", BOB, "Bob", None),  # as in Telegram: a private chat opens with /start
        ("/snooze 4h", BOB, "Bob", None),  # skips Bob's 15:00 today
    ):
        await bot.process(bot.updates.message(text, user_id=user, first_name=name, chat_id=chat))
    sent.clear()

    if stepper == "fast_forward":
        await fast_forward(bot.app, clock, UNTIL)
    else:
        await every_minute(bot, clock, UNTIL)

    assert clock() >= UNTIL
    behind = "⏰ 0 of 5 asks today — 5 to go."
    assert sorted(sent) == sorted(  # one tick's sends go out concurrently, in any order
        [
            (at(26, 15), ANN, "⏰ 1 of 5 asks today — 4 to go."),  # Bob snoozed until 16:00
            (at(27, 10), ANN, behind),
            (at(27, 15), ANN, behind),
            (at(27, 15), BOB, behind),
            (at(27, 16), GROUP, "⏰ Weekly tally at 17:00. Not logged yet this week: Bob."),
            (at(27, 17), GROUP, "📊 Group -1001234 — week of Mon 23 Nov"),  # Friday 17:00
            (at(30, 10), ANN, "🗓 Your week, Mon 23 Nov – Sun 29 Nov"),  # the first of the week
            (at(30, 10), ANN, behind),
            (at(30, 10), ANN, "📬 Still waiting for an answer:"),  # Acme, asked Thursday
        ]
    )
