"""Reading back: /today, /week, /stats against what was logged; /target; /help; /start."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from bot.app import running
from bot.config import Settings
from bot.db.models import User
from tests.harness import BotHarness, FakeClock

ANN = 1001


async def report(bot: BotHarness, command: str, lines: int = 5, **kw: Any) -> str:
    """The counts block of a report: its first `lines` lines (more may follow, e.g. streaks)."""
    [text] = await bot.send(command, **kw)
    assert len(text) <= 4096
    return "\n".join(text.splitlines()[:lines])


async def user_rows(bot: BotHarness, *columns: Any) -> list[tuple[Any, ...]]:
    statement = select(*columns).where(User.id == ANN)
    return await bot.query(lambda session: [tuple(row) for row in session.execute(statement)])


async def log_a_day(bot: BotHarness) -> None:
    """Thu 26 Nov: 7 asks (2 of them undone), 3 leads, 4 touches, 1 yes and 2 noes."""
    await bot.send("/ask 3")
    await bot.send("2 asks, 3 leads")
    await bot.send("/ask 2 Acme")
    await bot.send("/undo")  # the 2 asks to Acme
    await bot.send("4 touches")
    await bot.send("/yes Bob")
    await bot.send("1 no")
    await bot.send("/no Zed")


async def test_today_counts_every_stage_and_answer(bot: BotHarness) -> None:
    await log_a_day(bot)
    assert await report(bot, "/today") == (
        "Today, Thu 26 Nov\nAsks: 5 of 5 — target hit 🎯\nLeads: 3\nNurture touches: 4\n"
        "Answers: 1 yes, 2 no"
    )


async def test_today_with_nothing_logged(bot: BotHarness) -> None:
    assert await report(bot, "/today") == (
        "Today, Thu 26 Nov\nAsks: 0 of 5 — 5 to go\nLeads: 0\nNurture touches: 0\n"
        "Answers: 0 yes, 0 no"
    )


async def test_today_ignores_other_days_and_other_users(bot: BotHarness) -> None:
    await bot.send("/ask 2")
    await bot.send("/ask 4 yesterday")
    await bot.send("/ask 9", user_id=2002, first_name="Bo")
    assert (await report(bot, "/today")).splitlines()[1] == "Asks: 2 of 5 — 3 to go"


async def test_pace_in_the_log_confirmation(bot: BotHarness) -> None:
    assert (await bot.send("/ask 3"))[0].endswith("Today: 3 of 5 asks — 2 to go.")
    assert (await bot.send("/ask 2"))[0].endswith("Today: 5 of 5 asks — target hit 🎯.")
    assert (await bot.send("/ask"))[0].endswith("Today: 6 of 5 asks — target hit 🎯.")


async def test_week_sums_monday_to_today(bot: BotHarness) -> None:
    bot.clock.now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # Monday
    await bot.send("/ask 4")
    await bot.send("/lead 2")
    bot.clock.now = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)  # Sunday: last week
    await bot.send("/ask 7")
    bot.clock.now = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)  # Thursday
    await log_a_day(bot)

    assert await report(bot, "/week") == (
        "This week, Mon 23 Nov – Sun 29 Nov\nAsks: 9 of 25 — 16 to go\nLeads: 5\n"
        "Nurture touches: 4\nAnswers: 1 yes, 2 no"
    )


async def test_stats_totals_and_answer_rate(bot: BotHarness) -> None:
    bot.clock.now = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)  # 25 days before
    await bot.send("/ask 5")
    await bot.send("/nurture 2")
    bot.clock.now = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    await log_a_day(bot)
    await bot.send("/lead 9")
    await bot.send("/undo")
    await bot.send("/yes Quinn")
    await bot.send("/undo")

    assert await report(bot, "/stats", lines=6) == (
        "Since Sun 1 Nov 2026\n"
        "Asks: 10 · Leads: 3 · Touches: 6\n"
        "Answers: 1 yes, 2 no\n"
        "Answer rate: 30% · Yes rate: 10%\n"
        "\n"
        "Last 14 days: 5 asks, 3 leads, 4 nurture touches, 1 yes / 2 no"
    )


async def test_stats_with_nothing_logged(bot: BotHarness) -> None:
    assert await report(bot, "/stats", lines=1) == "No entries yet. Log your first ask: /ask"
    await bot.send("/ask 2")
    await bot.send("/undo")
    assert await report(bot, "/stats", lines=1) == "No entries yet. Log your first ask: /ask"


async def test_stats_answer_rate_needs_asks(bot: BotHarness) -> None:
    await bot.send("/yes")
    lines = (await report(bot, "/stats", lines=6)).splitlines()
    assert lines[3] == "Answer rate: – · Yes rate: –"


async def test_targets_show_up_in_today_and_week(bot: BotHarness) -> None:
    assert await bot.send("/target 6 leads 2 touches 3") == [
        "🎯 Daily target: 6 asks, 2 leads, 3 touches."
    ]
    await bot.send("/ask 2")
    await bot.send("2 leads, 1 touch")

    assert await report(bot, "/today") == (
        "Today, Thu 26 Nov\nAsks: 2 of 6 — 4 to go\nLeads: 2 of 2 — target hit 🎯\n"
        "Nurture touches: 1 of 3 — 2 to go\nAnswers: 0 yes, 0 no"
    )
    assert await report(bot, "/week") == (
        "This week, Mon 23 Nov – Sun 29 Nov\nAsks: 2 of 30 — 28 to go\n"
        "Leads: 2 of 10 — 8 to go\nNurture touches: 1 of 15 — 14 to go\nAnswers: 0 yes, 0 no"
    )
    assert (await bot.send("/ask"))[0].endswith("Today: 3 of 6 asks — 3 to go.")
    assert await user_rows(bot, User.ask_target, User.lead_target, User.nurture_target) == [
        (6, 2, 3)
    ]


async def test_target_alone_keeps_the_other_targets(bot: BotHarness) -> None:
    await bot.send("/target 6 leads 2 touches 3")
    assert await bot.send("/target 4") == ["🎯 Daily target: 4 asks, 2 leads, 3 touches."]


async def test_help_lists_the_commands(bot: BotHarness) -> None:
    [overview] = await bot.send("/help")
    for command in ("/ask", "/lead", "/nurture", "/yes", "/no", "/undo", "/today", "/week"):
        assert f"\n{command} " in overview
    for command in ("/stats", "/target", "/tz", "/help"):
        assert f"\n{command} " in overview
    assert "3 asks" in overview
    assert len(overview) <= 4096


async def test_help_for_one_command(bot: BotHarness) -> None:
    [ask] = await bot.send("/help ask")
    assert ask.startswith("/ask [N] [who]\n")
    assert "/ask 2 yesterday" in ask
    assert await bot.send("/help /touch") == await bot.send("/help nurture")
    assert await bot.send("/help nosuch") == ["I have no command “nosuch”. /help lists them all."]


async def test_start_registers_the_user_and_greets_them(bot: BotHarness) -> None:
    assert await user_rows(bot, User.id) == []
    [greeting] = await bot.send("/start", first_name="Ann")
    assert greeting.startswith("Hi Ann!")
    assert "5 asks" in greeting
    assert "timezone UTC" in greeting
    assert len(greeting) <= 4096
    assert await user_rows(bot, User.id, User.first_name, User.tz, User.ask_target) == [
        (ANN, "Ann", "UTC", 5)
    ]

    await bot.send("/start", first_name="Annie")
    assert await user_rows(bot, User.id, User.first_name) == [(ANN, "Annie")]


def _commands_of(params: dict[str, Any]) -> list[str]:
    commands = params["commands"]
    if isinstance(commands, str):
        commands = json.loads(commands)
    return [str(command["command"]) for command in commands]


async def test_the_command_menu_is_registered_at_start(
    settings: Settings, clock: FakeClock
) -> None:
    harness = BotHarness(settings, clock)
    async with running(harness.app):
        registered = harness.api.calls_to("setMyCommands")
        assert len(registered) == 3  # private chats, groups, group admins
        names = sorted({name for call in registered for name in _commands_of(call.params)})
        expected = {"ask", "lead", "nurture", "yes", "no", "undo", "today", "week", "stats"}
        assert expected | {"target", "tz", "help"} <= set(names)
        harness.api.clear()
        for name in names:
            [reply] = await harness.send(f"/help {name}")
            assert reply.startswith(f"/{name}"), reply
