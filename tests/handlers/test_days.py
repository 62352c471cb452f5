"""Which local day an entry counts for: /tz, the 03:00 rollover, `yesterday`, /today and /week."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import running
from bot.config import load_settings
from bot.db.models import Entry, User
from tests.harness import BotHarness, FakeClock

BERLIN = ZoneInfo("Europe/Berlin")
ANN, BO = 1001, 2002


def instant(day: dt.date, hour: int, minute: int = 0, tz: ZoneInfo = BERLIN) -> dt.datetime:
    """A wall-clock time in `tz`, as the UTC instant the clock and Telegram use."""
    local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    return local.astimezone(dt.UTC)


def today_text(label: str, asks: int) -> str:
    pace = f"{asks} of 5 — {5 - asks} to go" if asks < 5 else f"{asks} of 5 — target hit 🎯"
    return f"Today, {label}\nAsks: {pace}\nLeads: 0\nNurture touches: 0\nAnswers: 0 yes, 0 no"


def week_text(label: str, asks: int) -> str:
    return (
        f"This week, {label}\nAsks: {asks} of 25 — {25 - asks} to go\nLeads: 0\n"
        "Nurture touches: 0\nAnswers: 0 yes, 0 no"
    )


async def report(bot: BotHarness, command: str, lines: int = 5, **kw: Any) -> str:
    """The counts block of a report: its first `lines` lines (more may follow, e.g. streaks)."""
    [text] = await bot.send(command, **kw)
    assert len(text) <= 4096
    return "\n".join(text.splitlines()[:lines])


async def days_of(bot: BotHarness, user_id: int = ANN) -> list[tuple[int, dt.date]]:
    return [(row.count, row.local_date) for row in await bot.entries(user_id)]


async def test_before_0300_local_counts_for_the_previous_day(bot: BotHarness) -> None:
    await bot.send("/tz Europe/Berlin")
    friday = dt.date(2026, 11, 27)

    bot.clock.now = instant(friday, 2, 59)
    late = await bot.send("/ask")
    bot.clock.now = instant(friday, 3, 0)
    early = await bot.send("/ask 2")

    assert late == ["✅ Logged: 1 ask.\nToday: 1 of 5 asks — 4 to go."]
    assert early == ["✅ Logged: 2 asks.\nToday: 2 of 5 asks — 3 to go."]
    assert await days_of(bot) == [(1, dt.date(2026, 11, 26)), (2, friday)]


async def test_the_day_is_decided_by_when_the_message_was_sent(bot: BotHarness) -> None:
    await bot.send("/tz Europe/Berlin")
    friday = dt.date(2026, 11, 27)
    bot.clock.now = instant(friday, 3, 30)  # processed after the rollover…

    replies = await bot.send("/ask", date=instant(friday, 2, 58))  # …but sent before it

    assert replies == ["✅ Logged for Thu 26 Nov: 1 ask.\nThu 26 Nov: 1 of 5 asks — 4 to go."]
    assert await days_of(bot) == [(1, dt.date(2026, 11, 26))]


DST_CHANGES = [
    # 2026-03-29: at 02:00 CET clocks jump to 03:00 CEST.
    (dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC), dt.date(2026, 3, 28)),  # 01:59 CET
    (dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC), dt.date(2026, 3, 29)),  # 03:00 CEST
    # 2026-10-25: at 03:00 CEST clocks go back to 02:00 CET, so 02:30 happens twice.
    (dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC), dt.date(2026, 10, 24)),  # 02:30 CEST
    (dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC), dt.date(2026, 10, 24)),  # 02:30 CET
    (dt.datetime(2026, 10, 25, 2, 0, tzinfo=dt.UTC), dt.date(2026, 10, 25)),  # 03:00 CET
]


async def test_dst_changes_in_berlin(bot: BotHarness) -> None:
    for user_id, (utc_time, expected) in enumerate(DST_CHANGES, start=5000):
        bot.clock.now = utc_time
        await bot.send("/tz Europe/Berlin", user_id=user_id)
        await bot.send("/ask", user_id=user_id)
        assert await days_of(bot, user_id) == [(1, expected)], utc_time


async def test_far_timezones_at_the_same_instant_give_different_days(bot: BotHarness) -> None:
    await bot.send("/tz Pacific/Kiritimati", user_id=ANN)  # UTC+14
    await bot.send("/tz Etc/GMT+12", user_id=BO, first_name="Bo")  # UTC-12
    bot.clock.now = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
    # Kiritimati: Fri 27 Nov 04:00; Etc/GMT+12: Thu 26 Nov 02:00, still Wednesday's day.

    kiritimati = await bot.send("/ask", user_id=ANN)
    baker = await bot.send("/ask", user_id=BO, first_name="Bo")

    assert kiritimati == ["✅ Logged: 1 ask.\nToday: 1 of 5 asks — 4 to go."]
    assert baker == ["✅ Logged: 1 ask.\nToday: 1 of 5 asks — 4 to go."]
    assert await days_of(bot, ANN) == [(1, dt.date(2026, 11, 27))]
    assert await days_of(bot, BO) == [(1, dt.date(2026, 11, 25))]
    assert await report(bot, "/today", user_id=ANN) == today_text("Fri 27 Nov", 1)
    assert await report(bot, "/today", user_id=BO, first_name="Bo") == today_text("Wed 25 Nov", 1)


async def test_tz_is_stored_and_reported(bot: BotHarness) -> None:
    bot.clock.now = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
    assert await bot.send("/tz Pacific/Kiritimati") == [
        "Timezone set to Pacific/Kiritimati. It's Fri 27 Nov, 10:00 there."
    ]
    assert await bot.send("/tz europe/berlin") == [
        "Timezone set to Europe/Berlin. It's Thu 26 Nov, 21:00 there."
    ]
    bot.clock.now = dt.datetime(2026, 11, 27, 1, 0, tzinfo=dt.UTC)
    assert await bot.send("/tz Europe/Berlin") == [
        "Timezone set to Europe/Berlin. It's Fri 27 Nov, 02:00 there."
        " Until 03:00, entries still count for the day before."
    ]
    rows = await bot.rows(select(User.tz).where(User.id == ANN))
    assert [row.tz for row in rows] == ["Europe/Berlin"]


async def test_changing_tz_does_not_move_entries_already_logged(bot: BotHarness) -> None:
    bot.clock.now = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
    await bot.send("/ask")
    await bot.send("/tz Pacific/Kiritimati")
    await bot.send("/ask 2")
    assert await days_of(bot) == [(1, dt.date(2026, 11, 26)), (2, dt.date(2026, 11, 27))]


async def test_new_users_get_the_default_timezone(database_url: str, clock: FakeClock) -> None:
    settings = load_settings(database_url=database_url, default_timezone="Pacific/Kiritimati")
    clock.now = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
    harness = BotHarness(settings, clock)
    async with running(harness.app):
        await harness.send("/ask")
        assert await days_of(harness) == [(1, dt.date(2026, 11, 27))]
        rows = await harness.rows(select(User.tz).where(User.id == ANN))
        assert [row.tz for row in rows] == ["Pacific/Kiritimati"]


async def test_yesterday_backdates_by_one_local_day(bot: BotHarness) -> None:
    await bot.send("/tz Europe/Berlin")
    bot.clock.now = instant(dt.date(2026, 11, 27), 10, 0)

    command = await bot.send("/ask 2 yesterday")
    quick = await bot.send("3 asks yesterday")
    named = await bot.send("/ask Acme yesterday")

    assert command == ["✅ Logged for Thu 26 Nov: 2 asks.\nThu 26 Nov: 2 of 5 asks — 3 to go."]
    assert quick == ["✅ Logged for Thu 26 Nov: 3 asks.\nThu 26 Nov: 5 of 5 asks — target hit 🎯."]
    assert named == [
        "✅ Logged for Thu 26 Nov: 1 ask — Acme.\nThu 26 Nov: 6 of 5 asks — target hit 🎯."
    ]
    thursday = dt.date(2026, 11, 26)
    assert await days_of(bot) == [(2, thursday), (3, thursday), (1, thursday)]
    assert [row.who for row in await bot.entries()] == [None, None, "Acme"]
    assert await report(bot, "/today") == today_text("Fri 27 Nov", 0)


async def test_yesterday_before_0300_goes_back_from_the_counting_day(bot: BotHarness) -> None:
    await bot.send("/tz Europe/Berlin")
    bot.clock.now = instant(dt.date(2026, 11, 27), 1, 0)  # counts for Thursday
    await bot.send("/ask yesterday")
    assert await days_of(bot) == [(1, dt.date(2026, 11, 25))]


async def test_today_rolls_over_at_0300_not_at_midnight(bot: BotHarness) -> None:
    await bot.send("/tz Europe/Berlin")
    thursday, friday = dt.date(2026, 11, 26), dt.date(2026, 11, 27)
    bot.clock.now = instant(thursday, 20, 0)
    await bot.send("/ask 3")

    bot.clock.now = instant(friday, 0, 30)
    after_midnight = await report(bot, "/today")
    bot.clock.now = instant(friday, 3, 0)
    after_rollover = await report(bot, "/today")

    assert after_midnight == today_text("Thu 26 Nov", 3)
    assert after_rollover == today_text("Fri 27 Nov", 0)


async def test_today_in_utc_starts_fresh_on_the_next_day(bot: BotHarness) -> None:
    await bot.send("/ask 4")
    bot.clock.now = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
    assert await report(bot, "/today") == today_text("Fri 27 Nov", 0)


async def test_week_runs_monday_to_sunday(bot: BotHarness) -> None:
    await bot.send("/tz Europe/Berlin")
    monday, sunday = dt.date(2026, 11, 23), dt.date(2026, 11, 29)
    next_monday = dt.date(2026, 11, 30)

    bot.clock.now = instant(monday, 3, 0)
    await bot.send("/ask 1")
    bot.clock.now = instant(sunday, 23, 0)
    await bot.send("/ask 2")
    bot.clock.now = instant(next_monday, 2, 59)  # still Sunday's day
    await bot.send("/ask 3")
    assert await report(bot, "/week") == week_text("Mon 23 Nov – Sun 29 Nov", 6)

    bot.clock.now = instant(next_monday, 3, 0)
    assert await report(bot, "/week") == week_text("Mon 30 Nov – Sun 6 Dec", 0)
    await bot.send("/ask 4")
    await bot.send("/ask 5 yesterday")  # Sunday: last week
    assert await report(bot, "/week") == week_text("Mon 30 Nov – Sun 6 Dec", 4)
    assert await days_of(bot) == [
        (1, monday),
        (2, sunday),
        (3, sunday),
        (4, next_monday),
        (5, sunday),
    ]


async def test_an_entry_before_0300_on_monday_belongs_to_the_previous_week(
    bot: BotHarness,
) -> None:
    await bot.send("/tz Europe/Berlin")
    bot.clock.now = instant(dt.date(2026, 11, 30), 2, 0)
    await bot.send("/ask 2")
    assert await report(bot, "/week") == week_text("Mon 23 Nov – Sun 29 Nov", 2)
    rows = await bot.rows(select(Entry.local_date).where(Entry.user_id == ANN))
    assert [row.local_date.weekday() for row in rows] == [6]
