"""The privacy rule through the whole bot (SQLite and PostgreSQL): what a member keeps private
changes no tally and no reminder — not by subtraction, not alone, not across two tallies.
README, "Privacy in groups", states the rule."""

from __future__ import annotations

import datetime as dt

from bot.jobs import send_due_reminders, send_due_tallies
from tests.group_helpers import ANN, BOB, CAT, DAN, GROUP, add_bot, say, sent_to, tally_call
from tests.harness import BotHarness
from tests.reliability.helpers import utc
from tests.tally_reader import read_tally


async def _group(bot: BotHarness) -> None:
    """Ann shows everything, Bob his asks only, Cat nothing."""
    await add_bot(bot)
    await say(bot, ANN, "/ask 12")
    await say(bot, ANN, "/lead 2")
    await say(bot, BOB, "/privacy totals", chat_id=None)
    await say(bot, BOB, "/ask 5")
    await say(bot, CAT, "/privacy hidden", chat_id=None)
    await say(bot, CAT, "/join")


async def test_private_numbers_change_no_tally_however_often_it_is_read(bot: BotHarness) -> None:
    await _group(bot)
    before = (await tally_call(bot)).params["text"]
    # Cat logs a whole week's worth, hitting the target; Bob logs leads, touches, answers.
    await say(bot, CAT, "/ask 30")
    await say(bot, CAT, "/yes Acme", chat_id=None)
    await say(bot, CAT, "/lead 9", chat_id=None)
    await say(bot, BOB, "/lead 4")
    await say(bot, BOB, "/touch 6", chat_id=None)
    await say(bot, BOB, "/no Initech", chat_id=None)
    after = (await tally_call(bot)).params["text"]
    assert after == before
    read = read_tally(after)
    assert read.names == ["Ann", "Bob"]
    assert (read.team_asks, read.goal) == (17, 50)  # Ann's and Bob's asks, two counted
    assert read.also == {"yes": 0, "no": 0, "leads": 2, "touches": 0}  # Ann's only
    assert read.on_pace == (0, 2)
    assert read.hidden == 1


async def test_a_lone_hidden_member_is_not_exposed(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, CAT, "/privacy hidden", chat_id=None)
    await say(bot, CAT, "/ask 7")
    text = (await tally_call(bot, DAN)).params["text"]
    read = read_tally(text)
    assert (read.rows, read.not_logged, read.hidden, read.team_asks) == ([], [], 1, None)
    assert "7" not in text.split("\n", 2)[2]
    assert "Cat" not in text


async def test_scheduled_tally_and_reminder_ignore_private_numbers(bot: BotHarness) -> None:
    await _group(bot)
    await say(bot, DAN, "/join")  # visible, nothing logged: the reminder names him
    bot.clock.now = utc(2026, 11, 27, 16, 0, 10)
    mark = len(bot.api.calls)
    await send_due_reminders(bot.app)
    [reminder] = sent_to(bot.api.calls[mark:], GROUP)
    assert "Dan" in reminder.params["text"]
    assert "Cat" not in reminder.params["text"]
    bot.clock.now = utc(2026, 11, 27, 17, 0, 10)
    mark = len(bot.api.calls)
    await send_due_tallies(bot.app)
    [first] = sent_to(bot.api.calls[mark:], GROUP)
    # Same numbers for everyone who shows them, Cat's week doubled: the same tally.
    bot.clock.now = utc(2026, 12, 4, 17, 0, 10) - dt.timedelta(days=7)
    await say(bot, CAT, "/ask 40", chat_id=None)
    await say(bot, CAT, "/touch 40", chat_id=None)
    text = (await tally_call(bot)).params["text"]
    assert read_tally(text).rows == read_tally(first.params["text"]).rows
    assert read_tally(text).focus == read_tally(first.params["text"]).focus
    assert read_tally(text).team_asks == read_tally(first.params["text"]).team_asks
