"""Settings as users expect them (issue 15): /settings shows all, the commands sent alone show
the current value, pauses and snoozes say until when, settings read like people write them.
Real Updates, fake Bot API, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.db.models import User
from tests.harness import BotHarness


async def user_row(bot: BotHarness) -> User:
    rows = await bot.rows(select(User).where(User.id == 1001))
    row: User = rows[0][0]
    return row


async def test_settings_shows_every_setting(bot: BotHarness) -> None:
    await bot.send("/tz Europe/Berlin")
    await bot.send("/target 10 asks 1 leads")
    await bot.send("/remind 9am 3:30 PM")
    await bot.send("/followup off")
    await bot.send("/pause until Dec 24")
    await bot.send("/capacity 4")
    await bot.send("/reask 6w")
    [shown] = await bot.send("/settings")
    assert shown.splitlines() == [
        "⚙️ Your settings",
        "Timezone: Europe/Berlin — Thu 26 Nov, 13:00 now (/tz)",
        "Daily target: 10 asks, 1 lead (/target)",
        "Workdays: Mon–Fri (/workdays)",
        "Nudges: at 09:00, 15:30, while behind (/remind)",
        "Follow-up on unanswered asks: off (/followup)",
        "Weekly digest: on (/digest)",
        "Capacity: 4 new clients a week (/capacity)",
        "Re-asks: a no comes back after 6 weeks (/reask)",
        "Yes goal: not set (/goal)",
        "Paused until Thu 24 Dec (/resume)",
        "Next nudge: Fri 25 Dec 09:00 (Europe/Berlin), if you're behind.",
    ]


async def test_commands_alone_show_the_current_value(bot: BotHarness) -> None:
    await bot.send("/target 3 leads 1")
    [target] = await bot.send("/target")
    assert target.startswith("🎯 Daily target: 3 asks, 1 lead.\n")
    [zone] = await bot.send("/tz")
    assert zone.startswith("Your timezone: UTC — it's Thu 26 Nov, 12:00 there.")
    [remind] = await bot.send("/remind")
    assert remind.startswith("Nudges at 15:00 on Mon–Fri, only while you're behind.")
    assert (await user_row(bot)).lead_target == 1


async def test_settings_shows_the_cycle_settings_off_and_set(bot: BotHarness) -> None:
    await bot.send("/reask off")
    [off] = await bot.send("/settings")
    assert "Capacity: not set (/capacity)" in off.splitlines()
    assert "Re-asks: off (/reask)" in off.splitlines()
    await bot.send("/reask 10d")
    [on] = await bot.send("/settings")
    assert "Re-asks: a no comes back after 10 days (/reask)" in on.splitlines()


async def test_pause_and_snooze_say_until_when(bot: BotHarness) -> None:
    [paused] = await bot.send("/pause until Dec 24")
    assert paused.startswith("Paused until Thu 24 Dec — nudges come back Fri 25 Dec.")
    assert (await user_row(bot)).paused_until == dt.date(2026, 12, 25)
    [snoozed] = await bot.send("/snooze 90m")
    assert snoozed.startswith("Snoozed until Thu 26 Nov 13:30.")
    [shown] = await bot.send("/settings")
    assert "\nSnoozed until 13:30 (/resume)" in shown  # a stored UTC time, on either database


async def test_timezones_as_people_write_them(bot: BotHarness) -> None:
    [nyc] = await bot.send("/tz NYC")
    assert nyc.startswith("Timezone set to America/New_York.")
    [fixed] = await bot.send("/tz GMT+1")
    assert fixed.startswith("Timezone set to UTC+1 (fixed, no summer time). It's Thu 26 Nov, 13:00")
    assert (await user_row(bot)).tz == "Etc/GMT-1"
    [est] = await bot.send("/tz EST")
    assert "/tz America/New_York" in est
    [typo] = await bot.send("/tz Berln")
    assert "did you mean Europe/Berlin?" in typo
    assert (await user_row(bot)).tz == "Etc/GMT-1"


async def test_no_to_go_on_a_day_off(bot: BotHarness) -> None:
    await bot.send("/workdays mon-wed")  # the fixture's Thursday is a day off
    [logged] = await bot.send("/ask 2")
    assert logged.splitlines() == ["✅ Logged: 2 asks.", "Today: 2 asks (day off)."]
    [today] = await bot.send("/today")
    assert today.splitlines()[:2] == [
        "Today, Thu 26 Nov — a day off, no targets",
        "Asks: 2",
    ]
    assert "to go" not in today
    [answer] = await bot.send("how am I doing?")
    assert "to go" not in answer
    await bot.send("/workdays mon-fri")
    [workday] = await bot.send("/today")
    assert "Asks: 2 of 5 — 3 to go" in workday
    [logged] = await bot.send("/ask 1")
    assert logged.splitlines()[-1] == "Today: 3 of 5 asks — 2 to go."
