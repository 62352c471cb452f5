"""One live tally per group and week: posted and pinned, refreshed at most every few minutes,
later /tally pointing to it; the reminder an hour before the scheduled tally; group times
and workdays (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.app import running
from bot.config import Settings
from bot.jobs import send_due_reminders, send_due_tallies
from bot.runtime.fake_telegram import ApiCall
from tests.group_helpers import ADA, ANN, BOB, CAT, DAN, GROUP, add_bot, group_row, say, say_calls
from tests.harness import BotHarness, FakeClock
from tests.reliability.helpers import utc
from tests.tally_reader import read_tally

FRIDAY_16 = utc(2026, 11, 27, 16, 0, 20)
FRIDAY_17 = utc(2026, 11, 27, 17, 0, 20)


def full_tallies(calls: list[ApiCall], *, attempts: bool = False) -> list[ApiCall]:
    """Tallies sent or edited in (`attempts`: Telegram's refusals too, e.g. "not modified")."""
    return [
        c
        for c in calls
        if c.method in ("sendMessage", "editMessageText")
        and (attempts or not c.error_code)
        and str(c.params["text"]).startswith("📊")
    ]


def pointers(calls: list[ApiCall]) -> list[int]:
    """The live message each "☝️" reply points to."""
    return [
        int(c.params["reply_parameters"]["message_id"])
        for c in calls
        if c.method == "sendMessage" and str(c.params["text"]).startswith("☝️")
    ]


async def test_tally_posts_pins_then_points_then_refreshes_in_place(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    calls = await say_calls(bot, BOB, "/tally")
    [posted] = full_tallies(calls)
    live = posted.result["message_id"]
    [pin] = [c for c in calls if c.method == "pinChatMessage"]
    assert (pin.params["message_id"], pin.params["disable_notification"]) == (live, True)
    # A minute later: a pointer only, no second tally.
    bot.clock.advance(minutes=1)
    await say(bot, ANN, "/ask 2")
    calls = await say_calls(bot, BOB, "/tally")
    assert full_tallies(calls) == []
    assert pointers(calls) == [live]
    # Past the refresh interval: the same message edited with the new numbers, then a pointer.
    bot.clock.advance(minutes=5)
    calls = await say_calls(bot, BOB, "/tally")
    [edited] = full_tallies(calls)
    assert (edited.method, edited.params["message_id"]) == ("editMessageText", live)
    assert read_tally(edited.params["text"]).row("Ann").asks == 5
    assert pointers(calls) == [live]


async def test_sixty_tally_requests_post_one_full_tally(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    calls: list[ApiCall] = []
    for _ in range(60):
        bot.clock.advance(seconds=2)
        calls += await say_calls(bot, DAN, "/tally")
    assert len(full_tallies(calls, attempts=True)) == 1
    assert len(pointers(calls)) == 59


async def test_a_deleted_live_tally_is_posted_again(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    [first] = full_tallies(await say_calls(bot, BOB, "/tally"))
    bot.clock.advance(minutes=6)
    bot.api.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
    calls = await say_calls(bot, BOB, "/tally")
    [again] = [c for c in full_tallies(calls) if c.method == "sendMessage"]
    assert again.result["message_id"] != first.result["message_id"]
    bot.api.fail_next("sendMessage", 400, "Bad Request: message to be replied not found")
    calls = await say_calls(bot, BOB, "/tally")  # pointer refused: the message is gone too
    [third] = full_tallies(calls)
    assert pointers(await say_calls(bot, BOB, "/tally")) == [third.result["message_id"]]


async def test_a_tally_where_the_bot_may_not_pin_still_goes_out(bot: BotHarness) -> None:
    await add_bot(bot)
    bot.api.fail_next("pinChatMessage", 400, "Bad Request: not enough rights to pin a message")
    calls = await say_calls(bot, BOB, "/tally")
    assert len(full_tallies(calls)) == 1
    assert not any("Sorry" in str(c.params.get("text")) for c in calls)


async def test_the_scheduled_tally_becomes_the_live_one(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    bot.clock.now = FRIDAY_17
    mark = len(bot.api.calls)
    assert (await send_due_tallies(bot.app)).sent == 1
    [scheduled] = full_tallies(bot.api.calls[mark:])
    bot.clock.advance(minutes=1)
    assert pointers(await say_calls(bot, BOB, "/tally")) == [scheduled.result["message_id"]]


async def test_reminder_an_hour_before_names_who_has_not_logged(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    for who, choice in ((BOB, "mention"), (CAT, "nomention"), (DAN, "hidden")):
        await say(bot, who, "/join")
        await say(bot, who, f"/privacy {choice}")
    bot.clock.now = FRIDAY_16 - dt.timedelta(minutes=1)
    assert (await send_due_reminders(bot.app)).claimed == 0
    bot.clock.now = FRIDAY_16
    mark = len(bot.api.calls)
    assert (await send_due_reminders(bot.app)).sent == 1
    [reminder] = [c for c in bot.api.calls[mark:] if c.method == "sendMessage"]
    text = reminder.params["text"]
    assert "17:00" in text
    assert "Bob, Cat" in text
    assert "Ann" not in text
    assert "Dan" not in text  # hidden: in no list
    [mention] = reminder.params["entities"]
    assert mention["user"]["id"] == BOB.id
    assert (await send_due_reminders(bot.app)).claimed == 0  # once
    # Next week everyone logged by Friday 16:00: no reminder at all.
    bot.clock.now = utc(2026, 12, 2, 12)
    for who in (ANN, BOB, CAT):
        await say(bot, who, "/ask 1")
    bot.clock.now = FRIDAY_16 + dt.timedelta(days=7)
    report = await send_due_reminders(bot.app)
    assert (report.claimed, report.sent) == (0, 0)


async def test_reminder_once_with_two_instances(settings: Settings, clock: FakeClock) -> None:
    one, two = BotHarness(settings, clock), BotHarness(settings, clock)
    async with running(one.app), running(two.app):
        await add_bot(one)
        await say(one, BOB, "/join")
        clock.now = FRIDAY_16
        reports = await asyncio.gather(send_due_reminders(one.app), send_due_reminders(two.app))
        assert sum(r.sent for r in reports) == 1
        again = await asyncio.gather(send_due_reminders(one.app), send_due_reminders(two.app))
        assert sum(r.claimed for r in again) == 0


async def test_a_late_tick_still_reminds_before_the_tally_but_not_after(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, BOB, "/join")
    bot.clock.now = FRIDAY_16 + dt.timedelta(minutes=40)  # down over 16:00, back at 16:40
    assert (await send_due_reminders(bot.app)).sent == 1
    bot.clock.now = FRIDAY_16 + dt.timedelta(days=7, minutes=70)  # next week: back at 17:10
    report = await send_due_reminders(bot.app)
    assert report.sent == 0
    # Down for two whole weeks, back at 16:30 on a Friday: that Friday's reminder goes out.
    bot.clock.now = FRIDAY_16 + dt.timedelta(days=28, minutes=30)
    assert (await send_due_reminders(bot.app)).sent == 1
    assert (await send_due_reminders(bot.app)).claimed == 0


async def test_no_reminder_when_the_scheduled_tally_is_off(bot: BotHarness) -> None:
    await add_bot(bot)
    bot.api.chat_admins[GROUP] = {ADA.id}
    await say(bot, BOB, "/join")
    await say(bot, ADA, "/groupset tally off")
    bot.clock.now = FRIDAY_16
    assert (await send_due_reminders(bot.app)).claimed == 0


async def test_group_times_accept_5pm_and_weekday_names(bot: BotHarness) -> None:
    await add_bot(bot)
    bot.api.chat_admins[GROUP] = {ADA.id}
    for command, weekday, time in (
        ("/groupset tally friday 5pm", 4, "17:00"),
        ("/groupset tally Thursday 9:30 am", 3, "09:30"),
        ("/groupset tally 6pm sat", 5, "18:00"),
    ):
        [saved] = await say(bot, ADA, command)
        assert saved.startswith("Saved."), (command, saved)
        row = await group_row(bot)
        assert row is not None
        assert (row["tally_weekday"], row["tally_time"]) == (weekday, time)


async def test_pace_follows_the_group_workdays(bot: BotHarness) -> None:
    await add_bot(bot)
    bot.api.chat_admins[GROUP] = {ADA.id}
    await say(bot, ADA, "/groupset target 20")
    [saved] = await say(bot, ADA, "/groupset workdays mon-thu")
    assert "Mon" in saved
    await say(bot, ANN, "/ask 12")
    read = read_tally((await say_calls(bot, BOB, "/tally"))[0].params["text"])
    assert "day 4 of 4" in read.text  # Thursday: the group's last workday
    assert read.pace == 20
    assert read.row("Ann").to_pace == 8
