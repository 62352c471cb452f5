"""Who is in a group's tally: Telegram's member updates, invitations, admins removing someone,
/privacy without joining, no silent rejoin, privacy defaults, group-only people and private
nudges (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.db.models import User
from bot.jobs import send_due_nudges
from tests.group_helpers import (
    ADA,
    ANN,
    BOB,
    CAT,
    GROUP,
    OTHER_GROUP,
    Person,
    add_bot,
    joined_message,
    left_message,
    member_update,
    memberships,
    read_group_tally,
    replying,
    say,
    say_calls,
    sent_to,
)
from tests.harness import BotHarness, texts
from tests.reliability.helpers import fetch, utc


async def test_a_member_who_leaves_the_chat_leaves_the_tally(bot: BotHarness) -> None:
    await add_bot(bot)
    for who in (ANN, BOB, CAT):
        await say(bot, who, "/ask 3")
    await bot.process(member_update(bot, BOB, "member", "left"))
    await bot.process(left_message(bot, BOB))  # Telegram sends both: still once
    await bot.process(left_message(bot, CAT))
    assert [m[0] for m in await memberships(bot)] == [ANN.id]
    read = await read_group_tally(bot)
    assert read.names == ["Ann"]
    assert "Bob" not in read.text
    assert "Cat" not in read.text
    assert read.team_asks == 3


async def test_newcomers_are_invited_to_join_once(bot: BotHarness) -> None:
    await add_bot(bot)
    [invite] = texts(await bot.process(member_update(bot, BOB, "left", "member")))
    assert "Bob" in invite
    assert "/join" in invite
    # The service message for the same arrival, and a second arrival: no second invitation.
    assert texts(await bot.process(joined_message(bot, [BOB]))) == []
    await bot.process(member_update(bot, BOB, "member", "left"))
    assert texts(await bot.process(member_update(bot, BOB, "left", "member"))) == []
    # Two at once: one message; someone who was in the tally before is not invited.
    await say(bot, ANN, "/ask 1")
    await bot.process(left_message(bot, ANN))
    [both] = texts(await bot.process(joined_message(bot, [CAT, ANN, Person(1777, "Eve")])))
    assert "Cat" in both
    assert "Eve" in both
    assert "Ann" not in both
    assert await memberships(bot) == []  # invited, not joined


async def test_an_admin_removes_a_member_from_the_tally(bot: BotHarness) -> None:
    await add_bot(bot)
    bot.api.chat_admins[GROUP] = {ADA.id}
    await say(bot, ANN, "/ask 2")
    bob_log = (await say_calls(bot, BOB, "/ask 4"))[0].params["message_id"]
    await say(bot, CAT, "/ask 1")
    [refused] = await say(bot, ANN, "/groupset remove Cat")
    assert refused.startswith("Sorry")
    [removed] = texts(await bot.process(replying(bot, ADA, "/groupset remove", bob_log, BOB)))
    assert "Bob is off the tally" in removed
    [by_name] = await say(bot, ADA, "/groupset remove cat")
    assert "Cat is off the tally" in by_name
    [unknown] = await say(bot, ADA, "/groupset remove Zed")
    assert "no one" in unknown
    assert [m[0] for m in await memberships(bot)] == [ANN.id]
    # Logging again doesn't bring Bob back; /join does.
    await say(bot, BOB, "/ask 1")
    assert [m[0] for m in await memberships(bot)] == [ANN.id]
    await say(bot, BOB, "/join")
    assert [m[0] for m in await memberships(bot)] == [ANN.id, BOB.id]


async def test_privacy_in_a_group_never_joins_anyone(bot: BotHarness) -> None:
    await add_bot(bot)
    [mention] = await say(bot, ANN, "/privacy mention")
    assert "/join" in mention
    [hidden] = await say(bot, BOB, "/privacy hidden")
    assert "/join" in hidden
    assert await memberships(bot) == []
    await say(bot, BOB, "/join")
    await say(bot, ANN, "/join")
    assert await memberships(bot) == [(ANN.id, "full", True), (BOB.id, "hidden", False)]


async def test_logging_after_leave_does_not_rejoin_and_says_so(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/privacy totals")
    await say(bot, ANN, "/join")
    await say(bot, ANN, "/leave")
    calls = await say_calls(bot, ANN, "/ask 6")
    [notice] = [c.params["text"] for c in sent_to(calls, GROUP)]
    assert "not in this group's tally" in notice
    assert "/join" in notice
    assert "6" not in notice
    assert await memberships(bot) == []
    assert sum(e.count for e in await bot.entries(ANN.id)) == 6  # logged for her all the same
    assert (await read_group_tally(bot)).team_asks is None
    # Privacy survives leave and rejoin.
    await say(bot, ANN, "/join")
    assert await memberships(bot) == [(ANN.id, "totals", False)]


async def test_privacy_chosen_privately_applies_to_groups_joined_later(bot: BotHarness) -> None:
    await add_bot(bot)
    await add_bot(bot, OTHER_GROUP)
    [saved] = await say(bot, ANN, "/privacy hidden", chat_id=None)  # no group yet
    assert "every group you join" in saved
    await say(bot, ANN, "/privacy mention", chat_id=None)
    await say(bot, ANN, "/join")
    await say(bot, ANN, "/ask 3", chat_id=OTHER_GROUP)  # joining by logging, too
    assert await memberships(bot) == [(ANN.id, "hidden", True)]
    assert await memberships(bot, OTHER_GROUP) == [(ANN.id, "hidden", True)]
    read = await read_group_tally(bot, BOB, OTHER_GROUP)
    assert (read.hidden, read.names, read.team_asks) == (1, [], None)
    await say(bot, ANN, "/leave")
    await say(bot, ANN, "/join")
    assert await memberships(bot) == [(ANN.id, "hidden", True)]


async def next_nudge(bot: BotHarness, person: Person) -> dt.datetime | None:
    [row] = await fetch(bot, select(User.next_nudge_at).where(User.id == person.id))
    return row[0]  # type: ignore[no-any-return]


async def test_no_private_nudges_for_people_met_only_in_a_group(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, BOB, "/ask 1")  # met in the group: Telegram would refuse a private message
    await say(bot, ANN, "/start", chat_id=None)
    await say(bot, ANN, "/ask 1")
    assert await next_nudge(bot, BOB) is None
    assert await next_nudge(bot, ANN) is not None
    bot.clock.now = utc(2026, 11, 26, 15, 0, 30)
    bot.api.clear()
    report = await send_due_nudges(bot.app)
    assert report.sent == 1
    assert [int(c.params["chat_id"]) for c in bot.api.calls_to("sendMessage")] == [ANN.id]
    # Once Bob opens a private chat (/start there), his nudges begin.
    await say(bot, BOB, "/start", chat_id=None)
    assert await next_nudge(bot, BOB) is not None
