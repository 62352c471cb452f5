"""Fault 7: the bot restarts across a nudge time and across the weekly group tally time."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from bot.config import Settings
from bot.db.models import GroupReport, Nudge
from bot.jobs import send_due_nudges, send_due_tallies
from bot.runtime.fake_telegram import ApiCall
from tests.harness import BotHarness, FakeClock
from tests.reliability.helpers import apologies, delivered, fetch, nudges_per_chat, started, utc

ANN, BOB = 1001, 1002
GROUP = -1001234567890
NUDGE_DUE = utc(2026, 11, 26, 15)  # Thursday 15:00, the default nudge time
TALLY_DUE = utc(2026, 11, 27, 17)  # Friday 17:00, the default weekly tally


async def tick(bot: BotHarness, at: dt.datetime) -> None:
    """What the minute job does: nudges, then tallies."""
    bot.clock.now = at
    await send_due_nudges(bot.app)
    await send_due_tallies(bot.app)


def tallies(calls: list[ApiCall]) -> int:
    return sum(1 for chat, _text in delivered(calls) if chat == GROUP)


async def test_a_restart_over_the_nudge_and_the_tally_time_sends_each_once(
    settings: Settings, clock: FakeClock
) -> None:
    """Fault: the process stops just before a nudge is due and again just before the weekly
    tally, and a new process on the same database starts after each was due (and is itself
    restarted right after sending). Expected: the overdue nudge and the overdue tally are each
    sent exactly once, by the first tick after the restart; no later process repeats them."""
    calls: list[ApiCall] = []

    async with started(settings, clock) as first:
        await first.send("/start", user_id=ANN, first_name="Ann")
        await first.send("/ask 1", user_id=ANN, first_name="Ann")
        await first.send("/start", user_id=BOB, first_name="Bob")  # else no private nudges
        await first.process(
            first.updates.my_chat_member(GROUP, old_status="left", new_status="member")
        )
        await first.process(first.updates.message("/ask 2", user_id=BOB, chat_id=GROUP))
        first.api.clear()
        for at in (utc(2026, 11, 26, 14, 58), utc(2026, 11, 26, 14, 59)):
            await tick(first, at)
        calls += first.api.calls
    # down over 15:00; back at 15:03
    async with started(settings, clock) as second:
        await tick(second, NUDGE_DUE + dt.timedelta(minutes=3))
        nudged_at_restart = nudges_per_chat(second.api.calls)
        await tick(second, NUDGE_DUE + dt.timedelta(minutes=4))
        calls += second.api.calls
    async with started(settings, clock) as third:  # restarted right after sending
        await tick(third, NUDGE_DUE + dt.timedelta(minutes=5))
        await tick(third, NUDGE_DUE + dt.timedelta(days=1, seconds=30))  # Friday's nudge
        await tick(third, TALLY_DUE - dt.timedelta(minutes=1))
        calls += third.api.calls
    # down over Friday 17:00; back at 17:02
    async with started(settings, clock) as fourth:
        await tick(fourth, TALLY_DUE + dt.timedelta(minutes=2))
        tallied_at_restart = tallies(fourth.api.calls)
        calls += fourth.api.calls
    async with started(settings, clock) as fifth:
        for minutes in (3, 4, 60):
            await tick(fifth, TALLY_DUE + dt.timedelta(minutes=minutes))
        calls += fifth.api.calls
        nudge_rows = await fetch(fifth, select(Nudge.user_id, Nudge.local_date, Nudge.slot))
        reports = await fetch(fifth, select(GroupReport.group_id, GroupReport.week))

    assert nudged_at_restart == {ANN: 1, BOB: 1}
    per_day = Counter(
        (chat, day) for chat, day, slot in (tuple(r) for r in nudge_rows) if slot == "15:00"
    )
    # Thursday's overdue nudge once each; Friday's 15:00 nudge (both still behind) once each.
    assert per_day == Counter(
        {
            (ANN, dt.date(2026, 11, 26)): 1,
            (BOB, dt.date(2026, 11, 26)): 1,
            (ANN, dt.date(2026, 11, 27)): 1,
            (BOB, dt.date(2026, 11, 27)): 1,
        }
    )
    assert nudges_per_chat(calls) == {ANN: 2, BOB: 2}
    assert tallied_at_restart == 1
    assert tallies(calls) == 1
    assert [tuple(r) for r in reports] == [(GROUP, dt.date(2026, 11, 23))]
    sent = delivered(calls)
    assert len(sent) == len(set(sent)), "a message went out twice"
    assert apologies(calls) == []
