"""Capacity and targets from your own numbers (issue 17), end to end on SQLite and PostgreSQL:
/capacity stops the pushes, /goal proposes a daily target from 8 weeks of rates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.cycle_text import CAPACITY_LINE
from bot.db.models import User
from bot.jobs import send_due_nudges
from tests.harness import BotHarness, texts
from tests.reliability.helpers import delivered, fetch, hold_ticks, utc

ANN, BOB = 1001, 1002
GROUP = -1001234567
THU_15 = utc(2026, 11, 26, 15)
CAPACITY_NOTE = (
    "🧺 You're at capacity this week — deliver, and line up next week.\n"
    "No pushes for asks or leads until next week; nurture the people you'll ask then."
)


@pytest.fixture(autouse=True)
def ticks_held(bot: BotHarness) -> None:
    """The tests run the minute tick themselves (`tick`). (Not an override of `bot`: pytest
    8.4 cannot parametrize an overridden parametrized fixture.)"""
    hold_ticks(bot.app)


async def tick(bot: BotHarness, when: dt.datetime, chat_id: int = ANN) -> list[str]:
    """One tick at `when`: the texts delivered to `chat_id`."""
    bot.clock.now = when
    mark = len(bot.api.calls)
    await send_due_nudges(bot.app)
    return [text for chat, text in delivered(bot.api.calls[mark:]) if chat == chat_id]


async def user(bot: BotHarness, user_id: int = ANN) -> Any:
    [row] = await fetch(
        bot, select(User.ask_target, User.capacity, User.yes_goal).where(User.id == user_id)
    )
    return row


# --- capacity ------------------------------------------------------------------------------


async def test_at_capacity_no_push_for_asks_just_one_note_a_week(bot: BotHarness) -> None:
    """Done when: a seller at capacity gets no push for more asks."""
    assert await bot.send("/capacity 2") == [
        "Capacity: 2 new clients a week. This week so far: 0 yes.\n"
        "Once you reach it, nudges stop pushing asks and leads until next week."
    ]
    await bot.send("/yes Acme")
    await bot.send("/yes Bolt")
    await bot.send("/capacity 2", user_id=BOB, first_name="Bob")
    await bot.send("/yes Zed", user_id=BOB, first_name="Bob")  # one short of capacity
    bot.clock.now = THU_15 - dt.timedelta(minutes=1)
    mark = len(bot.api.calls)

    assert await tick(bot, THU_15) == [CAPACITY_NOTE]
    [bobs] = [text for chat, text in delivered(bot.api.calls[mark:]) if chat == BOB]
    assert bobs.startswith("⏰ 0 of 5 asks today")
    assert await tick(bot, THU_15 + dt.timedelta(days=1)) == []  # once a week, no pushes
    monday = await tick(bot, utc(2026, 11, 30, 15))
    assert any(text.startswith("⏰ 0 of 5 asks today") for text in monday)  # a new week


async def test_at_capacity_the_leak_stops_asking_for_leads(bot: BotHarness) -> None:
    for day in (23, 24, 25):
        bot.clock.now = utc(2026, 11, day, 12)
        await bot.send("/ask 6")
        await bot.send("/touch 6")
    bot.clock.now = utc(2026, 11, 26, 12)
    await bot.send("/yes")

    [before] = await bot.send("/stats")
    await bot.send("/capacity 1")
    [full] = await bot.send("/stats")
    [today] = await bot.send("/today")
    assert await bot.send("/capacity off") == ["Capacity off: no weekly limit on new clients."]
    [after] = await bot.send("/stats")

    assert "The leak is new leads" in before
    assert "You're at capacity this week: more leads and asks would only hurt now." in full
    assert "The leak is new leads" not in full
    assert "Find 3 new people" not in full
    assert today.endswith(CAPACITY_LINE)
    assert "The leak is new leads" in after
    assert (await user(bot)).capacity is None


async def test_capacity_reached_holds_reasks_until_next_week(bot: BotHarness) -> None:
    await bot.send("/no Bob")
    await bot.send("/capacity 1")
    bot.clock.now = utc(2026, 12, 28, 9)
    [reply] = await bot.send("/yes Cat")

    held = [t for t in await tick(bot, utc(2026, 12, 28, 15)) if not t.startswith("🗓")]
    later = await tick(bot, utc(2027, 1, 4, 15))

    assert held == [CAPACITY_NOTE]
    assert [text for text in later if text.startswith("🔁")] == [
        "🔁 A no is an answer, not an end:\n• Bob said no 5 weeks ago — ask again?"
    ]
    assert "Logged: 1 yes — Cat." in reply


@pytest.mark.parametrize(
    ("args", "answer"),
    [
        ("", "How many new clients a week can you take on? Try /capacity 4, or off."),
        ("0", "Capacity goes from 1 to 100 a week — try /capacity 4."),
        ("101", "Capacity goes from 1 to 100 a week — try /capacity 4."),
        ("lots", "How many new clients a week can you take on? Try /capacity 4, or off."),
    ],
)
async def test_capacity_explains_bad_values(bot: BotHarness, args: str, answer: str) -> None:
    await bot.send("/start")
    assert await bot.send(f"/capacity {args}".strip()) == [answer]
    assert (await user(bot)).capacity is None


async def test_cycle_commands_stay_out_of_groups(bot: BotHarness) -> None:
    for command in ("/capacity 3", "/goal 2", "/tags"):
        update = bot.updates.message(command, chat_id=GROUP, date=bot.clock())
        assert texts(await bot.process(update)) == [
            "That one is just for you — send it to me in a private chat."
        ]


# --- /goal ---------------------------------------------------------------------------------


async def seed_rates(bot: BotHarness) -> None:
    """60 asks and 10 yeses within the last 8 weeks; 100 asks just before them."""
    bot.clock.now = utc(2026, 10, 1, 12)  # 57 days ago: outside the 8 weeks
    await bot.send("/ask 100")
    bot.clock.now = utc(2026, 10, 10, 12)  # inside the 8 weeks (the digest's too, 4 days on)
    await bot.send("/ask 30")
    await bot.send("/yes 4")
    bot.clock.now = utc(2026, 11, 26, 12)
    await bot.send("/ask 30")
    await bot.send("/yes 6")


async def test_goal_proposes_a_daily_target_from_your_numbers(bot: BotHarness) -> None:
    """Done when: /goal proposes a target from their numbers."""
    await seed_rates(bot)

    calls = await bot.process(bot.updates.message("/goal 2 yes a week", date=bot.clock()))

    [message] = [c for c in calls if c.method == "sendMessage"]
    assert message.params["text"] == (
        "🎯 For 2 yes a week: your last 8 weeks say 10 yes of 60 asks.\n"
        "1 yes per 6 asks → 12 asks a week → 3 a workday."
    )
    [[button]] = message.params["reply_markup"]["inline_keyboard"]
    assert (button["text"], button["callback_data"]) == ("Set 3 a day", "goal:3")
    assert tuple(await user(bot)) == (5, None, 2)

    pressed = await bot.process(bot.updates.callback(message.result, "goal:3"))

    assert [c.params.get("text") for c in pressed if c.method == "answerCallbackQuery"] == [
        "Target set."
    ]
    [edited] = [c.params["text"] for c in pressed if c.method == "editMessageText"]
    assert edited.endswith("3 a workday.\n🎯 Daily target: 3 asks.")
    assert (await user(bot)).ask_target == 3


async def test_goal_with_too_little_history_gives_a_starting_point_and_why(
    bot: BotHarness,
) -> None:
    await bot.send("/ask 7")
    await bot.send("/capacity 1")

    calls = await bot.process(bot.updates.message("/goal 2", date=bot.clock()))

    [message] = [c for c in calls if c.method == "sendMessage"]
    assert message.params["text"] == (
        "🎯 For 2 yes a week: too little history to read your rate — 7 asks and 0 yes in the "
        "last 8 weeks (I need 20 asks and 2 yeses).\n"
        "A starting point: 1 yes per 10 asks → 20 asks a week → 4 a workday.\n"
        "Log every ask and answer; /goal again once your numbers are in.\n"
        "Note: that's more than your capacity of 1 a week (/capacity)."
    )
    assert message.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "Set 4 a day"


async def test_goal_counts_your_workdays(bot: BotHarness) -> None:
    await seed_rates(bot)
    await bot.send("/workdays mon,wed,fri")
    [text] = await bot.send("/goal 2 clients per week")
    assert text.endswith("1 yes per 6 asks → 12 asks a week → 4 a workday.")


@pytest.mark.parametrize(
    ("args", "answer"),
    [
        ("", "How many yeses a week? Try /goal 2 yes a week."),
        ("lots", "How many yeses a week? Try /goal 2 yes a week."),
        ("0", "Goals go from 1 to 100 yeses a week — try /goal 2."),
        ("2 yes a month", "Not sure what “month” means — try /goal 2 yes a week."),
    ],
)
async def test_goal_explains_bad_values(bot: BotHarness, args: str, answer: str) -> None:
    await bot.send("/start")
    assert await bot.send(f"/goal {args}".strip()) == [answer]
    assert (await user(bot)).yes_goal is None


@pytest.mark.parametrize("data", ["goal:0", "goal:1001", "goal:x", "goal:3:1", "goal:٣", "goal:"])
async def test_forged_goal_buttons_expire(bot: BotHarness, data: str) -> None:
    await bot.send("/goal 2")
    [message] = bot.api.calls_to("sendMessage")
    calls = await bot.process(bot.updates.callback(message.result, data))
    assert [c.params.get("text") for c in calls if c.method == "answerCallbackQuery"] == [
        "That button has expired."
    ]
    assert (await user(bot)).ask_target == 5


async def test_the_digest_proposes_a_new_target_when_your_numbers_moved(bot: BotHarness) -> None:
    await seed_rates(bot)
    await bot.send("/goal 2")  # proposes 3 a day; Ann keeps 5
    digest = [t for t in await tick(bot, utc(2026, 11, 30, 15)) if t.startswith("🗓")]

    assert digest
    assert (
        "Your numbers moved: 1 yes per 6 asks now — for 2 yes a week, 3 asks a workday would "
        "do (now 5). /target 3 sets it."
    ) in digest[0]


async def test_the_digest_proposes_nothing_when_the_target_fits(bot: BotHarness) -> None:
    await seed_rates(bot)
    await bot.send("/goal 2")
    await bot.send("/target 3")
    digest = [t for t in await tick(bot, utc(2026, 11, 30, 15)) if t.startswith("🗓")]

    assert digest
    assert "Your numbers moved" not in digest[0]
