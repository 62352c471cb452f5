"""Scheduled nudges end to end: real Updates, the real tick, a fake clock, SQLite and Postgres.

`send_due_nudges(app)` is one tick of the minute job at the fake clock's "now"; tests move
the clock and tick by hand (the wall-clock job is switched off), and assert on what users
received through the fake Bot API and on the rows in the database.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import build_application, running
from bot.config import Settings
from bot.db.models import Nudge, User
from bot.jobs import TICK, nudge_tick, send_due_nudges
from bot.runtime.fake_telegram import FakeTelegram
from tests.harness import BotHarness, FakeClock
from tests.reliability.helpers import (
    aware,
    delivered,
    fetch,
    hold_ticks,
    seed_due_sellers,
    started,
    utc,
)

NUDGE, FOLLOWUP = "⏰", "📬"
MINUTE, TEN_MINUTES = dt.timedelta(minutes=1), dt.timedelta(minutes=10)
HOUR = dt.timedelta(hours=1)
ANN = 1001


THURSDAY_NOON = utc(2026, 11, 26, 12)  # the conftest clock's start


async def tick(bot: BotHarness, when: dt.datetime) -> list[tuple[int, str]]:
    """One tick at `when`; what it delivered."""
    bot.clock.now = when
    mark = len(bot.api.calls)
    await send_due_nudges(bot.app)
    return delivered(bot.api.calls[mark:])


async def tick_through(
    bot: BotHarness,
    start: dt.datetime,
    end: dt.datetime,
    every: dt.timedelta = MINUTE,
    prefix: str = NUDGE,
) -> list[tuple[dt.datetime, int]]:
    """Tick from `start` to `end`; (tick time, chat id) of each delivered text with `prefix`."""
    sent = []
    when = start
    while when <= end:
        sent += [(when, chat) for chat, text in await tick(bot, when) if text.startswith(prefix)]
        when += every
    return sent


async def user_row(bot: BotHarness, user_id: int = ANN) -> Any:
    [row] = await fetch(
        bot,
        select(User.next_nudge_at, User.blocked_at, User.snoozed_until).where(User.id == user_id),
    )
    return row


async def next_nudge_at(bot: BotHarness, user_id: int = ANN) -> dt.datetime | None:
    return aware((await user_row(bot, user_id)).next_nudge_at)


async def nudge_rows(bot: BotHarness) -> list[tuple[int, dt.date, str]]:
    rows = await fetch(
        bot, select(Nudge.user_id, Nudge.local_date, Nudge.slot).order_by(Nudge.user_id, Nudge.id)
    )
    return [(row.user_id, row.local_date, row.slot) for row in rows]


# --- pace nudges ---------------------------------------------------------------------------


async def test_behind_gets_one_nudge_naming_the_gap_and_on_target_gets_none(
    bot: BotHarness,
) -> None:
    await bot.send("/start", user_id=1001, first_name="Ann")
    await bot.send("/ask 5", user_id=1001, first_name="Ann")
    await bot.send("/start", user_id=1002, first_name="Bob")
    await bot.send("/ask 2", user_id=1002, first_name="Bob")
    bot.api.clear()

    sent = await tick_through(bot, utc(2026, 11, 26, 14, 50), utc(2026, 11, 26, 15, 10))

    assert sent == [(utc(2026, 11, 26, 15), 1002)]
    [call] = bot.api.calls_to("sendMessage")
    assert call.params["text"].splitlines()[0] == "⏰ 2 of 5 asks today — 3 to go."
    buttons = [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["+1 ask", "+3 asks", "snooze 1h"]
    assert await nudge_rows(bot) == [(1002, dt.date(2026, 11, 26), "15:00")]
    [message_id] = await bot.rows(select(Nudge.message_id))
    assert message_id == (call.result["message_id"],)
    assert await tick(bot, utc(2026, 11, 26, 15, 10)) == []
    assert await next_nudge_at(bot, 1001) == utc(2026, 11, 27, 15)
    assert await next_nudge_at(bot, 1002) == utc(2026, 11, 27, 15)


async def test_remind_two_times_nudges_twice_on_a_workday_and_never_on_saturday(
    bot: BotHarness,
) -> None:
    assert await bot.send("/remind 10:00 15:00") == [
        "Nudges at 10:00, 15:00 on your workdays while behind.\n"
        "Next nudge: Thu 26 Nov 15:00 (UTC), if you're behind."
    ]
    sent = await tick_through(bot, utc(2026, 11, 26, 13), utc(2026, 11, 29, 23), HOUR)
    assert [at for at, _chat in sent] == [
        utc(2026, 11, 26, 15),
        utc(2026, 11, 27, 10),
        utc(2026, 11, 27, 15),
    ]
    assert await next_nudge_at(bot) == utc(2026, 11, 30, 10)


async def test_remind_off_stops_nudges(bot: BotHarness) -> None:
    await bot.send("/start")
    assert await bot.send("/remind off") == ["Nudges off.\nNo nudges scheduled."]
    assert await next_nudge_at(bot) is None
    assert await tick_through(bot, utc(2026, 11, 26, 12), utc(2026, 12, 1, 23), HOUR) == []


async def test_workdays_weekend_only(bot: BotHarness) -> None:
    [reply] = await bot.send("/workdays sat-sun")
    assert reply.startswith("Workdays: ")
    assert reply.endswith("Next nudge: Sat 28 Nov 15:00 (UTC), if you're behind.")
    sent = await tick_through(bot, utc(2026, 11, 26, 13), utc(2026, 12, 2, 23), HOUR)
    assert [at for at, _chat in sent] == [utc(2026, 11, 28, 15), utc(2026, 11, 29, 15)]


async def test_a_single_workday_nudges_every_week(bot: BotHarness) -> None:
    await bot.send("/workdays mon")
    sent = await tick_through(bot, utc(2026, 11, 26, 13), utc(2026, 12, 14, 23), HOUR)
    assert [at for at, _chat in sent] == [
        utc(2026, 11, 30, 15),
        utc(2026, 12, 7, 15),
        utc(2026, 12, 14, 15),
    ]


async def test_pause_7d_means_no_nudges_for_a_week_then_they_resume(bot: BotHarness) -> None:
    [reply] = await bot.send("/pause 7d")
    assert reply.endswith("Next nudge: Thu 3 Dec 15:00 (UTC), if you're behind.")
    sent = await tick_through(bot, utc(2026, 11, 26, 13), utc(2026, 12, 4, 12), HOUR)
    assert [at for at, _chat in sent] == [utc(2026, 12, 3, 15)]


async def test_resume_ends_a_pause(bot: BotHarness) -> None:
    await bot.send("/pause 7d")
    assert await bot.send("/resume") == [
        "Welcome back — nudges are on.\nNext nudge: Thu 26 Nov 15:00 (UTC), if you're behind."
    ]
    sent = await tick_through(bot, utc(2026, 11, 26, 13), utc(2026, 11, 27, 12), HOUR)
    assert [at for at, _chat in sent] == [utc(2026, 11, 26, 15)]


async def test_snooze_2h_at_14_skips_the_15_00_nudge(bot: BotHarness) -> None:
    await bot.send("/start")
    bot.clock.now = utc(2026, 11, 26, 14)
    assert await bot.send("/snooze 2h") == [
        "Snoozed until Thu 26 Nov 16:00. /resume ends it early.\n"
        "Next nudge: Fri 27 Nov 15:00 (UTC), if you're behind."
    ]
    assert aware((await user_row(bot)).snoozed_until) == utc(2026, 11, 26, 16)
    sent = await tick_through(bot, utc(2026, 11, 26, 14), utc(2026, 11, 27, 16), TEN_MINUTES)
    assert [at for at, _chat in sent] == [utc(2026, 11, 27, 15)]


async def test_a_long_snooze_ends_and_nudges_resume(bot: BotHarness) -> None:
    [reply] = await bot.send("/snooze 10d")  # until Sunday 6 Dec 12:00
    assert reply.endswith("Next nudge: Mon 7 Dec 15:00 (UTC), if you're behind.")
    sent = await tick_through(bot, utc(2026, 11, 26, 13), utc(2026, 12, 8, 16), HOUR)
    assert [at for at, _chat in sent] == [utc(2026, 12, 7, 15), utc(2026, 12, 8, 15)]


async def test_tz_moves_the_15_00_nudge_to_20_00_utc(bot: BotHarness) -> None:
    await bot.send("/start")
    assert await bot.send("/tz America/New_York") == [
        "Timezone set to America/New_York. It's Thu 26 Nov, 07:00 there."
    ]
    assert await next_nudge_at(bot) == utc(2026, 11, 26, 20)
    sent = await tick_through(bot, utc(2026, 11, 26, 12, 10), utc(2026, 11, 27, 3), TEN_MINUTES)
    assert [at for at, _chat in sent] == [utc(2026, 11, 26, 20)]


# --- daylight saving time and zones far from UTC --------------------------------------------


@pytest.mark.parametrize(
    ("zone", "times", "day", "start", "end", "count"),
    [
        pytest.param(
            "Europe/Berlin",
            "02:30",
            dt.date(2027, 3, 28),
            utc(2027, 3, 28, 0),
            utc(2027, 3, 28, 4),
            1,
            id="berlin-spring-forward",
        ),
        pytest.param(
            "Europe/Berlin",
            "02:30",
            dt.date(2026, 10, 25),
            utc(2026, 10, 24, 22),
            utc(2026, 10, 25, 3),
            1,
            id="berlin-fall-back",
        ),
        pytest.param(
            "America/New_York",
            "01:30",
            dt.date(2026, 11, 1),
            utc(2026, 11, 1, 4),
            utc(2026, 11, 1, 8),
            1,
            id="new-york-fall-back",
        ),
        pytest.param(
            "America/New_York",
            "02:30",
            dt.date(2027, 3, 14),
            utc(2027, 3, 14, 5),
            utc(2027, 3, 14, 9),
            1,
            id="new-york-spring-forward",
        ),
        pytest.param(
            "Europe/Berlin",
            "02:30 03:15",
            dt.date(2027, 3, 28),
            utc(2027, 3, 28, 0),
            utc(2027, 3, 28, 4),
            2,
            id="berlin-spring-forward-two-times",
        ),
    ],
)
async def test_a_reminder_in_the_dst_hour_is_sent_once(
    bot: BotHarness,
    zone: str,
    times: str,
    day: dt.date,
    start: dt.datetime,
    end: dt.datetime,
    count: int,
) -> None:
    bot.clock.now = start - dt.timedelta(hours=12)
    await bot.send("/start")
    await bot.send(f"/tz {zone}")
    await bot.send(f"/remind {times}")
    await bot.send("/workdays daily")

    sent = await tick_through(bot, start, end)  # every minute

    assert len(sent) == count
    assert sorted(await nudge_rows(bot)) == [(ANN, day, label) for label in times.split()]


async def test_far_zones_are_nudged_at_their_own_utc_instant(bot: BotHarness) -> None:
    await bot.send("/tz Pacific/Kiritimati", user_id=2001, first_name="Kiri")  # UTC+14
    await bot.send("/tz Etc/GMT+12", user_id=2002, first_name="Baker")  # UTC−12
    sent = await tick_through(
        bot, utc(2026, 11, 26, 12, 10), utc(2026, 11, 26, 23, 50), TEN_MINUTES
    )
    sent += await tick_through(bot, utc(2026, 11, 27, 0), utc(2026, 11, 27, 4))
    sent += await tick_through(bot, utc(2026, 11, 27, 4, 10), utc(2026, 11, 27, 12), TEN_MINUTES)
    # 15:00 on Friday in Kiritimati; 15:00 on Thursday at UTC−12.
    assert sent == [(utc(2026, 11, 27, 1), 2001), (utc(2026, 11, 27, 3), 2002)]
    assert await nudge_rows(bot) == [
        (2001, dt.date(2026, 11, 27), "15:00"),
        (2002, dt.date(2026, 11, 26), "15:00"),
    ]


# --- nudge buttons ------------------------------------------------------------------------


async def nudge_for_ann(bot: BotHarness) -> dict[str, Any]:
    """Ann is behind at 15:00: the message she got (as Telegram returned it)."""
    await bot.send("/start")
    bot.api.clear()
    assert len(await tick(bot, utc(2026, 11, 26, 15))) == 1
    [call] = bot.api.calls_to("sendMessage")
    message: dict[str, Any] = call.result
    return message


async def test_plus_one_button_logs_once_and_shows_the_new_pace(bot: BotHarness) -> None:
    message = await nudge_for_ann(bot)
    press = bot.updates.callback(message, "nudge:ask:1")

    calls = await bot.process(press)
    assert [c.params["text"] for c in calls if c.method == "editMessageText"] == [
        "✅ Logged from this reminder. Today: 1 of 5 asks — 4 to go."
    ]
    assert [c.params.get("text") for c in calls if c.method == "answerCallbackQuery"] == ["Logged!"]
    again = await bot.process(bot.updates.callback(message, "nudge:ask:1"))
    redelivered = await bot.process(press)

    for calls in (again, redelivered):
        assert [c.params.get("text") for c in calls if c.method == "answerCallbackQuery"] == [
            "Already logged from this reminder."
        ]
    assert [(e.kind, e.count) for e in await bot.entries()] == [("ask", 1)]
    assert await tick(bot, utc(2026, 11, 26, 15, 1)) == []


async def test_snooze_button_snoozes_an_hour_and_names_the_next_nudge(bot: BotHarness) -> None:
    await bot.send("/remind 15:00 15:30 16:30")
    message = await nudge_for_ann(bot)

    calls = await bot.process(bot.updates.callback(message, "nudge:snooze:60"))

    assert [c.params.get("text") for c in calls if c.method == "answerCallbackQuery"] == [
        "Snoozed for an hour."
    ]
    assert [c.params["text"] for c in calls if c.method == "editMessageText"] == [
        "😴 Snoozed. Next nudge: Thu 26 Nov 16:30 (UTC), if you're behind."
    ]
    assert aware((await user_row(bot)).snoozed_until) == utc(2026, 11, 26, 16)
    sent = await tick_through(bot, utc(2026, 11, 26, 15, 1), utc(2026, 11, 26, 18))
    assert [at for at, _chat in sent] == [utc(2026, 11, 26, 16, 30)]


async def test_an_unknown_nudge_button_is_still_answered(bot: BotHarness) -> None:
    message = await nudge_for_ann(bot)
    calls = await bot.process(bot.updates.callback(message, "nudge:dance:1"))
    assert [c.params.get("text") for c in calls if c.method == "answerCallbackQuery"] == [
        "That button has expired."
    ]
    assert await bot.entries() == []


# --- pending asks -------------------------------------------------------------------------


async def test_an_unanswered_ask_gets_one_follow_up_at_the_first_slot_3_days_later(
    bot: BotHarness,
) -> None:
    await bot.send("/ask Acme")  # Thursday
    bot.api.clear()

    sent = await tick_through(
        bot, utc(2026, 11, 26, 13), utc(2026, 12, 3, 23), HOUR, prefix=FOLLOWUP
    )

    # Sunday is 3 days later but no workday: Monday's 15:00 slot carries the follow-up.
    assert sent == [(utc(2026, 11, 30, 15), ANN)]
    [text] = [text for _chat, text in delivered(bot.api.calls) if text.startswith(FOLLOWUP)]
    assert "• Acme — asked 4 days ago" in text
    [ask] = await bot.entries()
    assert (ANN, dt.date(2026, 11, 26), f"followup:{ask.id}") in await nudge_rows(bot)


async def test_an_answered_ask_gets_no_follow_up(bot: BotHarness) -> None:
    await bot.send("/ask Acme")
    bot.clock.now = utc(2026, 11, 27, 11)
    await bot.send("/no Acme")
    sent = await tick_through(
        bot, utc(2026, 11, 27, 12), utc(2026, 12, 3, 23), HOUR, prefix=FOLLOWUP
    )
    assert sent == []


async def test_followup_off_means_no_follow_up(bot: BotHarness) -> None:
    await bot.send("/ask Acme")
    assert await bot.send("/followup off") == ["Follow-up reminders off."]
    sent = await tick_through(
        bot, utc(2026, 11, 26, 13), utc(2026, 12, 3, 23), HOUR, prefix=FOLLOWUP
    )
    assert sent == []


async def test_pending_lists_open_asks_with_their_age(bot: BotHarness) -> None:
    await bot.send("/ask Acme")
    bot.clock.now = utc(2026, 11, 27, 12)
    await bot.send("/ask 2 Beta")
    await bot.send("/ask 3")  # nobody named: nothing to wait for
    bot.clock.now = utc(2026, 11, 28, 12)
    assert await bot.send("/pending") == [
        "Pending asks (2):\n"
        "• Acme — asked 2 days ago\n"
        "• Beta — asked yesterday\n"
        "Log the answer with /yes name or /no name."
    ]
    await bot.send("/yes acme")
    [reply] = await bot.send("/pending")
    assert reply.splitlines()[:2] == ["Pending asks (1):", "• Beta — asked yesterday"]


# --- restarts, Telegram errors, several instances -----------------------------------------


async def test_a_restart_catches_up_once_and_drops_a_stale_nudge(
    settings: Settings, clock: FakeClock
) -> None:
    async with started(settings, clock) as first:
        await first.send("/start")

    clock.now = utc(2026, 11, 26, 15, 30)
    async with started(settings, clock) as second:
        assert [text.splitlines()[0] for _chat, text in await tick(second, clock.now)] == [
            "⏰ 0 of 5 asks today — 5 to go."
        ]
        assert await tick(second, clock.now) == []
        assert await tick(second, clock.now + MINUTE) == []
        assert await next_nudge_at(second) == utc(2026, 11, 27, 15)

    clock.now = utc(2026, 11, 27, 18)  # three hours after Friday's nudge was due
    async with started(settings, clock) as third:
        assert await tick(third, clock.now) == []
        assert await next_nudge_at(third) == utc(2026, 11, 30, 15)
        assert await nudge_rows(third) == [(ANN, dt.date(2026, 11, 26), "15:00")]


async def test_429_burst_is_retried_and_403_or_missing_chat_blocks_the_user(
    bot: BotHarness, settings: Settings
) -> None:
    users = list(range(3001, 3058))
    blocked, missing = set(users[:5]), set(users[5:7])
    for user_id in users:
        await bot.send("/start", user_id=user_id, first_name=f"U{user_id}")
    bot.clock.now = utc(2026, 11, 26, 15)

    api = FakeTelegram(bot.clock)
    api.blocked, api.missing_chats = set(blocked), set(missing)
    app = build_application(settings, request=api, clock=bot.clock, rate_limited=True)
    async with running(app):
        hold_ticks(app)
        api.clear()
        api.fail_next(
            "sendMessage", 429, "Too Many Requests: retry after 1", times=5, retry_after=1
        )
        report = await send_due_nudges(app)

    assert len([c for c in api.calls if c.error_code == 429]) == 5
    assert (report.sent, report.blocked, report.failed) == (50, 7, 0)
    per_chat = Counter(chat for chat, _text in delivered(api.calls))
    reachable = [user_id for user_id in users if user_id not in blocked | missing]
    assert per_chat == Counter(dict.fromkeys(reachable, 1))
    rows = await fetch(
        bot, select(User.id, User.blocked_at, User.next_nudge_at).where(User.id >= 3001)
    )
    for row in rows:
        if row.id in blocked | missing:
            assert (aware(row.blocked_at), row.next_nudge_at) == (bot.clock.now, None)
        else:
            assert (row.blocked_at, aware(row.next_nudge_at)) == (None, utc(2026, 11, 27, 15))

    comeback = min(blocked)
    await bot.send("/start", user_id=comeback, first_name=f"U{comeback}")
    row = await user_row(bot, comeback)
    assert (row.blocked_at, aware(row.next_nudge_at)) == (None, utc(2026, 11, 27, 15))
    bot.api.clear()
    assert [chat for chat, _text in await tick(bot, utc(2026, 11, 27, 15))].count(comeback) == 1


async def test_a_failed_send_is_released_and_retried_on_the_next_tick(bot: BotHarness) -> None:
    for user_id in (1001, 1002, 1003):
        await bot.send("/start", user_id=user_id, first_name=f"U{user_id}")
    bot.clock.now = utc(2026, 11, 26, 15)
    bot.api.clear()
    bot.api.fail_next("sendMessage", 500, "Internal Server Error")

    report = await send_due_nudges(bot.app)

    assert (report.sent, report.failed) == (2, 1)
    [failed] = [int(c.params["chat_id"]) for c in bot.api.calls if c.error_code == 500]
    assert failed not in [user_id for user_id, _day, _slot in await nudge_rows(bot)]
    assert await next_nudge_at(bot, failed) == utc(2026, 11, 26, 15)

    assert [chat for chat, _text in await tick(bot, utc(2026, 11, 26, 15, 1))] == [failed]
    assert await tick(bot, utc(2026, 11, 26, 15, 2)) == []
    assert Counter(chat for chat, _text in delivered(bot.api.calls)) == Counter(
        {1001: 1, 1002: 1, 1003: 1}
    )
    assert len(await nudge_rows(bot)) == 3


async def test_two_instances_ticking_together_nudge_each_user_once(
    settings: Settings, clock: FakeClock
) -> None:
    users = range(5_000_001, 5_001_001)
    due = utc(2026, 11, 26, 15)
    async with started(settings, clock) as one, started(settings, clock) as two:
        await seed_due_sellers(one, users, due=due, created_at=THURSDAY_NOON)
        clock.now = due + dt.timedelta(seconds=30)

        reports = await asyncio.gather(send_due_nudges(one.app), send_due_nudges(two.app))

        per_chat = Counter(chat for chat, _ in delivered(one.api.calls + two.api.calls))
        assert per_chat == Counter(dict.fromkeys(users, 1))
        assert sum(report.sent for report in reports) == 1000
        [(pace_rows,)] = await one.rows(
            select(func.count()).select_from(Nudge).where(Nudge.slot == "15:00")
        )
        assert pace_rows == 1000
        [(left,)] = await one.rows(
            select(func.count()).select_from(User).where(User.next_nudge_at <= clock.now)
        )
        assert left == 0


# --- the job ------------------------------------------------------------------------------


async def test_the_nudge_job_ticks_every_minute_and_sends(bot: BotHarness) -> None:
    assert bot.app.job_queue is not None
    [job] = [job for job in bot.app.job_queue.jobs() if job.name == "nudges"]
    assert job.callback is nudge_tick
    assert job.job.trigger.interval == dt.timedelta(seconds=60) == TICK

    await bot.send("/start")
    bot.clock.now = utc(2026, 11, 26, 15)
    bot.api.clear()
    await job.run(bot.app)
    assert [chat for chat, _text in delivered(bot.api.calls)] == [ANN]
