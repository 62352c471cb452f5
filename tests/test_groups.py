"""Accountability groups end to end: real group Updates through process_update, SQLite and
PostgreSQL, an injected clock, the fake Bot API; every tally number checked against the DB."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bot.app import running
from bot.config import Settings
from bot.db.models import Entry, GroupMember, GroupReport, User
from bot.jobs import send_due_tallies
from bot.runtime.fake_telegram import ApiCall
from tests.group_helpers import (
    ADA,
    ANN,
    ANONYMOUS_ADMIN_ID,
    BASIC_GROUP,
    BOB,
    BOT_USERNAME,
    CAT,
    DAN,
    GROUP,
    OTHER_GROUP,
    START,
    SUPERGROUP,
    WEEK,
    ZOE,
    add_bot,
    anonymous_admin,
    channel_in_group,
    check_against_db,
    db_members,
    group_row,
    memberships,
    reactions,
    read_group_tally,
    say,
    say_calls,
    sent_to,
    tally_call,
    utf16,
)
from tests.harness import BotHarness, FakeClock, texts
from tests.reliability.helpers import fetch, utc
from tests.tally_reader import read_tally

# --- the bot joining a group, /join, /leave ----------------------------------------------------


async def test_added_to_group_greets_once_and_explains_join(bot: BotHarness) -> None:
    [greeting] = await add_bot(bot)
    assert "/join" in greeting
    assert "/groupset tz" in greeting
    assert [c.params["chat_id"] for c in bot.api.calls_to("sendMessage")] == [GROUP]
    # Re-delivery of the same change, and a promotion to admin, greet no more.
    assert await add_bot(bot) == []
    assert await add_bot(bot, old="member", new="administrator") == []
    row = await group_row(bot)
    assert row is not None
    assert row["active"] is True
    assert await memberships(bot) == []


async def test_join_leave_and_logging_in_the_group_joins_first_timers(bot: BotHarness) -> None:
    await add_bot(bot)
    [welcome] = (await say(bot, ANN, "/join"))[0].split("\n")[:1]
    assert "Ann" in welcome
    assert await say(bot, ANN, "/join") == ["You're already in."]
    assert await memberships(bot) == [(ANN.id, "full", False)]
    # Logging in the group makes Bob a member without /join: a ✍ on his message.
    calls = await say_calls(bot, BOB, "/ask 2")
    assert reactions(calls) == [(calls[0].params["message_id"], "✍")]
    assert [m[0] for m in await memberships(bot)] == [ANN.id, BOB.id]
    await say(bot, ANN, "/ask 1")
    [left] = await say(bot, ANN, "/leave")
    assert "left" in left
    assert await say(bot, ANN, "/leave") == ["You weren't in."]
    assert [m[0] for m in await memberships(bot)] == [BOB.id]
    assert sum(e.count for e in await bot.entries(ANN.id)) == 1  # her own log stays
    read = await read_group_tally(bot)
    assert read.names == ["Bob"]
    assert read.team_asks == 2
    # /join and /leave privately explain themselves and change nothing.
    assert "group" in (await say(bot, ANN, "/join", chat_id=None))[0]
    assert [m[0] for m in await memberships(bot)] == [BOB.id]


# --- the tally: privacy, numbers, logs in the group and privately -----------------------------


async def test_tally_three_members_privacy_levels_numbers_match_db(bot: BotHarness) -> None:
    await add_bot(bot)
    bot.api.chat_admins[GROUP] = {ADA.id}
    assert (await say(bot, ADA, "/groupset target 5"))[0].startswith("Saved.")
    # Last week's entries must not count.
    bot.clock.now = utc(2026, 11, 20, 12)
    await say(bot, ANN, "/ask 9")
    await say(bot, BOB, "/ask 9", chat_id=None)
    bot.clock.now = START
    # Ann: full (the default), logs in the group, a reply to the bot logs too.
    await say(bot, ANN, "/join")
    await say(bot, ANN, "/ask 3")
    await say(bot, ANN, "/yes Acme")
    calls = await say_calls(bot, ANN, "2 leads, 4 touches", reply_to_bot=True)
    assert [emoji for _, emoji in reactions(calls)] == ["✍"]
    # Bob: totals, chosen privately (applies to every group he joined), logs privately.
    await say(bot, BOB, "/join")
    [privacy] = await say(bot, BOB, "/privacy totals", chat_id=None)
    assert "totals" in privacy
    await say(bot, BOB, "/ask 5", chat_id=None)
    await say(bot, BOB, "/no", chat_id=None)
    await say(bot, BOB, "/lead 2", chat_id=None)
    # Cat: hidden, chosen in the group after logging there (which joined her).
    await say(bot, CAT, f"/ask@{BOT_USERNAME} 2")
    await say(bot, CAT, "/privacy hidden")
    await say(bot, CAT, "/ask 4", chat_id=None)
    await say(bot, CAT, "/nurture 3", chat_id=None)
    # Dan never joins; his private logs count nowhere. He may still ask for the tally.
    await say(bot, DAN, "/ask 7", chat_id=None)
    assert await memberships(bot) == [
        (ANN.id, "full", False),
        (BOB.id, "totals", False),
        (CAT.id, "hidden", False),
    ]

    call = await tally_call(bot, DAN)
    text = call.params["text"]
    assert len(text) <= 4096
    assert "Cat" not in text
    assert "Dan" not in text
    assert "@" not in text  # first names only, never @usernames
    assert not call.params.get("entities")
    read = read_tally(text)
    check_against_db(read, await db_members(bot), target=5)
    assert [(row.name, row.asks, row.state) for row in read.rows] == [
        ("Bob", 5, "hit"),
        ("Ann", 3, "behind"),  # Thursday: 4 of 5 workdays gone, pace 4
    ]
    assert read.row("Ann").details == {"yes": 1, "no": 0, "leads": 2, "touches": 4}
    # Hidden Cat is in no number: 5 + 3 asks, Ann's answers, leads and touches only.
    assert (read.team_asks, read.goal) == (8, 10)
    assert read.also == {"yes": 1, "no": 0, "leads": 2, "touches": 4}
    assert read.on_pace == (1, 2)
    assert read.hidden == 1


async def test_group_logs_count_exactly_like_private_logs(bot: BotHarness) -> None:
    await add_bot(bot)
    await add_bot(bot, OTHER_GROUP)
    for text in ("/ask 3", "/lead 2 Acme", "/no Acme", "2 touches"):
        await say(bot, CAT, text, reply_to_bot=not text.startswith("/"))
        await say(bot, DAN, text, chat_id=None)
    for command in ("/today", "/week"):
        [cat] = await say(bot, CAT, command, chat_id=None)
        [dan] = await say(bot, DAN, command, chat_id=None)
        assert cat == dan
    cat_entries = [(e.kind, e.count, e.who, e.local_date) for e in await bot.entries(CAT.id)]
    dan_entries = [(e.kind, e.count, e.who, e.local_date) for e in await bot.entries(DAN.id)]
    assert cat_entries == dan_entries
    # Private logs count toward every group the member joined.
    await say(bot, DAN, "/join", chat_id=OTHER_GROUP)
    await say(bot, DAN, "/join", chat_id=GROUP)
    await say(bot, DAN, "/ask 4", chat_id=None)
    for chat_id in (GROUP, OTHER_GROUP):
        read = await read_group_tally(bot, ANN, chat_id)
        check_against_db(read, await db_members(bot, chat_id), target=25)
        assert read.row("Dan").asks == 7
    # Cat logged in GROUP only: that made her a member there, not of OTHER_GROUP.
    assert (await read_group_tally(bot, ANN, OTHER_GROUP)).names == ["Dan"]


async def test_privacy_set_privately_applies_to_every_joined_group(bot: BotHarness) -> None:
    for chat_id in (GROUP, OTHER_GROUP):
        await add_bot(bot, chat_id)
        await say(bot, BOB, "/join", chat_id=chat_id)
    await say(bot, ANN, "/ask 1")
    await say(bot, BOB, "/ask 2", chat_id=None)
    await say(bot, BOB, "/yes", chat_id=None)
    [answer] = await say(bot, BOB, "/privacy hidden", chat_id=None)
    assert "2 groups" in answer
    for chat_id in (GROUP, OTHER_GROUP):
        read = await read_group_tally(bot, ANN, chat_id)
        assert "Bob" not in read.text
        assert read.hidden == 1
        assert read.team_asks in (None, 1)  # Bob's 2 asks are in no sum
    # Back to full in one group only, from inside it.
    await say(bot, BOB, "/privacy full", chat_id=GROUP)
    assert (BOB.id, "full", False) in await memberships(bot, GROUP)
    assert (BOB.id, "hidden", False) in await memberships(bot, OTHER_GROUP)
    row = (await read_group_tally(bot, ANN, GROUP)).row("Bob")
    assert (row.asks, row.details["yes"]) == (2, 1)
    # A bad choice explains the options and changes nothing.
    [help_text] = await say(bot, BOB, "/privacy everything", chat_id=GROUP)
    assert "/privacy full" in help_text
    assert (BOB.id, "full", False) in await memberships(bot, GROUP)


async def test_mention_only_for_members_who_opt_in_utf16_offsets(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ZOE, "/ask 9")  # ranked first: an emoji before Bob's line
    await say(bot, BOB, "/ask 3")
    await say(bot, BOB, "/privacy mention")
    await say(bot, CAT, "/ask 1")
    await say(bot, CAT, "/privacy totals")
    await say(bot, DAN, "/ask 5")
    await say(bot, DAN, "/privacy hidden")
    await say(bot, DAN, "/privacy mention")  # hidden wins: never shown, never mentioned
    call = await tally_call(bot, ANN)
    text = call.params["text"]
    assert "@" not in text
    assert "Dan" not in text
    entities = call.params["entities"]
    assert len(entities) == 1, entities
    [entity] = entities
    assert entity["type"] == "text_mention"
    assert entity["user"]["id"] == BOB.id
    units = text.encode("utf-16-le")
    start, length = entity["offset"], entity["length"]
    assert units[2 * start : 2 * (start + length)].decode("utf-16-le") == "Bob"
    prefix = text[: text.index("2. Bob") + len("2. ")]
    assert start == utf16(prefix) > len(prefix)  # the emoji make UTF-16 offsets differ
    # Opting out again removes the mention.
    await say(bot, BOB, "/privacy nomention")
    assert not (await tally_call(bot, ANN)).params.get("entities")


async def test_mention_entity_covers_an_emoji_name(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 4")
    await say(bot, ZOE, "/ask 2")
    await say(bot, ZOE, "/privacy mention")
    call = await tally_call(bot, ANN)
    [entity] = call.params["entities"]
    units = call.params["text"].encode("utf-16-le")
    start, length = entity["offset"], entity["length"]
    assert units[2 * start : 2 * (start + length)].decode("utf-16-le") == ZOE.name
    assert entity["user"]["id"] == ZOE.id


# --- commands in groups ------------------------------------------------------------------------


async def test_group_reacts_to_commands_with_botname_and_replies_to_it(bot: BotHarness) -> None:
    await add_bot(bot)
    assert reactions(await say_calls(bot, ANN, f"/ask@{BOT_USERNAME} 2"))
    assert await say_calls(bot, ANN, "/ask@some_other_bot 5") == []
    assert await say_calls(bot, ANN, "3 asks") == []  # plain text, not a reply to the bot
    assert await say_calls(bot, ANN, "hello everyone", reply_to_bot=True) == []  # not a log
    assert reactions(await say_calls(bot, ANN, "3 asks", reply_to_bot=True))
    assert sum(e.count for e in await bot.entries(ANN.id)) == 5
    assert reactions(await say_calls(bot, ANN, "/ask 4"))
    calls = await say_calls(bot, ANN, f"/undo@{BOT_USERNAME}")
    assert [emoji for _, emoji in reactions(calls)] == ["👌", None]
    assert texts(calls) == []
    assert sum(e.count for e in await bot.entries(ANN.id)) == 5
    [tally] = await say(bot, BOB, f"/tally@{BOT_USERNAME}")
    [row] = read_tally(tally).rows
    assert (row.name, row.asks) == ("Ann", 5)


# --- /groupset: admins only --------------------------------------------------------------------

GROUPSET_COMMANDS = (
    "/groupset tally fri 17:00",
    "/groupset tz Europe/Berlin",
    "/groupset target 25",
    "/groupset tally off",
    "/groupset tally mon 09:00",
    "/groupset target 30",
)


async def test_groupset_refused_for_non_admins_nothing_changes(bot: BotHarness) -> None:
    await add_bot(bot)
    bot.api.chat_admins[OTHER_GROUP] = {ANN.id}  # admin elsewhere only
    before = await group_row(bot)
    assert before is not None
    for command in GROUPSET_COMMANDS:
        bot.api.clear()
        [answer] = await say(bot, ANN, command)
        assert answer.startswith("Sorry")
        assert "admin" in answer
        [check] = bot.api.calls_to("getChatMember")
        assert int(check.params["chat_id"]) == GROUP
        assert int(check.params["user_id"]) == ANN.id
        assert await group_row(bot) == before
    # A linked channel posting in the group is no admin either.
    await bot.process(channel_in_group(bot, "/groupset target 99"))
    assert await group_row(bot) == before


async def test_groupset_by_admin_and_anonymous_admin(bot: BotHarness) -> None:
    await add_bot(bot)
    row = await group_row(bot)
    assert row is not None
    # The defaults: UTC (DEFAULT_TIMEZONE), Friday 17:00, 25 asks a week.
    assert (row["tz"], row["tally_weekday"], row["tally_time"], row["weekly_target"]) == (
        "UTC",
        4,
        "17:00",
        25,
    )
    assert row["next_tally_at"] == utc(2026, 11, 27, 17)
    bot.api.chat_admins[GROUP] = {ADA.id}

    [answer] = await say(bot, ADA, "/groupset tz Europe/Berlin")
    assert answer.startswith("Saved.")
    assert "Europe/Berlin" in answer
    row = await group_row(bot)
    assert row is not None
    assert row["tz"] == "Europe/Berlin"
    assert row["next_tally_at"] == utc(2026, 11, 27, 16)  # 17:00 CET

    await say(bot, ADA, "/groupset target 30")
    await say(bot, ADA, "/groupset tally mon 09:00")
    row = await group_row(bot)
    assert row is not None
    assert (row["weekly_target"], row["tally_weekday"], row["tally_time"]) == (30, 0, "09:00")
    assert row["next_tally_at"] == utc(2026, 11, 30, 8)

    await say(bot, ADA, "/groupset tally off")
    row = await group_row(bot)
    assert row is not None
    assert (row["tally_enabled"], row["next_tally_at"]) == (False, None)
    bot.clock.now = utc(2026, 11, 30, 8, 0, 30)
    assert (await send_due_tallies(bot.app)).claimed == 0
    assert "30 asks a week each" in (await tally_call(bot, ANN)).params["text"]  # on demand

    # Bad arguments from an admin: an explanation, nothing changes.
    before = await group_row(bot)
    for bad in ("/groupset target lots", "/groupset tz Mars/Olympus", "/groupset tally 25:00"):
        [explained] = await say(bot, ADA, bad)
        assert not explained.startswith("Saved.")
        assert await group_row(bot) == before

    # An anonymous admin (posting as the group through GroupAnonymousBot) may change settings.
    bot.clock.now = START
    [saved] = texts(await bot.process(anonymous_admin(bot, "/groupset tally fri 17:00")))
    assert saved.startswith("Saved.")
    await bot.process(anonymous_admin(bot, f"/groupset@{BOT_USERNAME} target 40"))
    row = await group_row(bot)
    assert row is not None
    assert (row["tally_enabled"], row["tally_weekday"], row["tally_time"]) == (True, 4, "17:00")
    assert row["weekly_target"] == 40
    assert row["next_tally_at"] == utc(2026, 11, 27, 16)
    # ... and ask for the tally; the anonymous admin is no member.
    [tally] = texts(await bot.process(anonymous_admin(bot, "/tally")))
    assert "Target 40 asks a week each" in tally
    assert ANONYMOUS_ADMIN_ID not in [m[0] for m in await memberships(bot)]


# --- supergroup migration, the bot removed and re-added ------------------------------------------


async def test_supergroup_migration_keeps_members_and_settings(bot: BotHarness) -> None:
    await add_bot(bot, BASIC_GROUP)
    bot.api.chat_admins[BASIC_GROUP] = {ADA.id}
    for command in (
        "/groupset tz Europe/Berlin",
        "/groupset target 10",
        "/groupset tally mon 9:00",
    ):
        assert (await say(bot, ADA, command, chat_id=BASIC_GROUP))[0].startswith("Saved.")
    await say(bot, ANN, "/ask 3", chat_id=BASIC_GROUP)
    await say(bot, BOB, "/join", chat_id=BASIC_GROUP)
    await say(bot, BOB, "/privacy totals", chat_id=BASIC_GROUP)
    await say(bot, BOB, "/privacy mention", chat_id=BASIC_GROUP)
    await say(bot, CAT, "/join", chat_id=BASIC_GROUP)
    await say(bot, CAT, "/privacy hidden", chat_id=BASIC_GROUP)
    settings_before = await group_row(bot, BASIC_GROUP)
    members_before = await memberships(bot, BASIC_GROUP)
    assert len(members_before) == 3

    await bot.process(bot.updates.migrate(BASIC_GROUP, SUPERGROUP))

    assert await group_row(bot, BASIC_GROUP) is None
    assert await group_row(bot, SUPERGROUP) == settings_before
    assert await memberships(bot, SUPERGROUP) == members_before
    await say(bot, ANN, "/ask 2", chat_id=SUPERGROUP)
    assert await memberships(bot, SUPERGROUP) == members_before
    call = await tally_call(bot, ANN, SUPERGROUP)
    read = read_tally(call.params["text"])
    check_against_db(read, await db_members(bot, SUPERGROUP), target=10)
    assert [(row.name, row.asks) for row in read.rows] == [("Ann", 5)]
    assert read.not_logged == ["Bob"]
    assert [e["user"]["id"] for e in call.params["entities"]] == [BOB.id]
    # The schedule moved with it: Monday 09:00 Berlin, to the supergroup.
    bot.clock.now = utc(2026, 11, 30, 8, 0, 10)
    bot.api.clear()
    report = await send_due_tallies(bot.app)
    assert (report.claimed, report.sent) == (1, 1)
    assert len(sent_to(bot.api.calls, SUPERGROUP)) == 1
    assert sent_to(bot.api.calls, BASIC_GROUP) == []


async def test_scheduled_tally_follows_a_migration_reported_by_telegram(bot: BotHarness) -> None:
    await add_bot(bot, BASIC_GROUP)
    await say(bot, ANN, "/ask 3", chat_id=BASIC_GROUP)
    bot.api.fail_next(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=SUPERGROUP,
    )
    bot.clock.now = utc(2026, 11, 27, 17, 0, 5)
    bot.api.clear()
    report = await send_due_tallies(bot.app)
    assert report.sent == 1
    [call] = sent_to(bot.api.calls, SUPERGROUP)
    assert "Ann — 3 asks" in call.params["text"]
    assert await group_row(bot, BASIC_GROUP) is None
    assert await memberships(bot, SUPERGROUP) == [(ANN.id, "full", False)]
    reports = await fetch(bot, select(GroupReport.group_id, GroupReport.week))
    assert [tuple(r) for r in reports] == [(SUPERGROUP, WEEK[0])]
    assert (await send_due_tallies(bot.app)).claimed == 0


async def test_migration_keeps_settings_when_the_supergroup_spoke_first(bot: BotHarness) -> None:
    """Updates of two chats may be handled out of order (several instances behind a webhook):
    a member's message in the new supergroup is handled before the migration notice."""
    await add_bot(bot, BASIC_GROUP)
    bot.api.chat_admins[BASIC_GROUP] = {ADA.id}
    await say(bot, ADA, "/groupset tz Europe/Berlin", chat_id=BASIC_GROUP)
    await say(bot, ADA, "/groupset target 10", chat_id=BASIC_GROUP)
    await say(bot, BOB, "/join", chat_id=BASIC_GROUP)
    await say(bot, BOB, "/privacy totals", chat_id=BASIC_GROUP)
    await say(bot, ANN, "/ask 1", chat_id=BASIC_GROUP)
    await say(bot, ANN, "/privacy hidden", chat_id=BASIC_GROUP)
    settings_before = await group_row(bot, BASIC_GROUP)
    assert settings_before is not None
    await say(bot, ANN, "/ask 2", chat_id=SUPERGROUP)  # joins the supergroup, as "full"
    await bot.process(bot.updates.migrate(BASIC_GROUP, SUPERGROUP))
    row = await group_row(bot, SUPERGROUP)
    assert row is not None
    assert (row["tz"], row["weekly_target"]) == ("Europe/Berlin", 10)
    assert row["next_tally_at"] == settings_before["next_tally_at"]
    # The choices members made in the group survive: Ann stays hidden.
    assert await memberships(bot, SUPERGROUP) == [
        (ANN.id, "hidden", False),
        (BOB.id, "totals", False),
    ]
    assert "Ann" not in (await tally_call(bot, DAN, SUPERGROUP)).params["text"]


@pytest.mark.parametrize("removed_as", ["left", "kicked"])
async def test_bot_removed_stops_scheduled_tallies_readded_resumes(
    bot: BotHarness, removed_as: str
) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    await say(bot, BOB, "/join")
    await say(bot, BOB, "/privacy totals")
    assert await add_bot(bot, old="member", new=removed_as) == []
    row = await group_row(bot)
    assert row is not None
    assert (row["active"], row["next_tally_at"]) == (False, None)
    bot.clock.now = utc(2026, 11, 27, 17, 0, 5)
    bot.api.clear()
    assert (await send_due_tallies(bot.app)).claimed == 0
    bot.clock.now = utc(2026, 11, 28, 12)
    assert (await send_due_tallies(bot.app)).claimed == 0
    assert bot.api.calls_to("sendMessage") == []

    # Re-added on Saturday: members and privacy kept, next Friday's tally goes out.
    assert len(await add_bot(bot)) <= 1
    assert await memberships(bot) == [(ANN.id, "full", False), (BOB.id, "totals", False)]
    row = await group_row(bot)
    assert row is not None
    assert (row["active"], row["next_tally_at"]) == (True, utc(2026, 12, 4, 17))
    bot.clock.now = utc(2026, 12, 4, 17, 0, 5)
    bot.api.clear()
    assert (await send_due_tallies(bot.app)).sent == 1
    assert len(sent_to(bot.api.calls, GROUP)) == 1


async def test_bot_kicked_without_notice_scheduled_send_stops(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    bot.api.blocked.add(GROUP)  # Telegram answers 403: the bot was kicked
    bot.clock.now = utc(2026, 11, 27, 17, 0, 5)
    report = await send_due_tallies(bot.app)
    assert (report.claimed, report.sent, report.blocked) == (1, 0, 1)
    row = await group_row(bot)
    assert row is not None
    assert (row["active"], row["next_tally_at"]) == (False, None)
    bot.clock.now = utc(2026, 12, 4, 17, 0, 5)
    assert (await send_due_tallies(bot.app)).claimed == 0


async def test_a_reply_refused_in_the_group_stops_scheduled_tallies(bot: BotHarness) -> None:
    """The bot was kicked without notice and a reply there is refused (403): the error
    handler marks the group inactive, so no tally is even claimed; no apology is tried."""
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    bot.api.blocked.add(GROUP)
    bot.api.clear()
    calls = await say_calls(bot, ANN, "/tally")
    assert [call.error_code for call in calls if call.method == "sendMessage"] == [403]
    row = await group_row(bot)
    assert row is not None
    assert (row["active"], row["next_tally_at"]) == (False, None)
    bot.clock.now = utc(2026, 11, 27, 17, 0, 5)
    assert (await send_due_tallies(bot.app)).claimed == 0


# --- the scheduled weekly tally: timezone boundary, once per week across restarts --------------

KIRITIMATI_DUE = utc(2026, 11, 27, 3)  # Friday 17:00 in Pacific/Kiritimati (UTC+14)
KIRITIMATI_NEXT = utc(2026, 12, 4, 3)


async def _kiritimati_group(bot: BotHarness) -> None:
    await add_bot(bot)
    bot.api.chat_admins[GROUP] = {ADA.id}
    [saved] = await say(bot, ADA, "/groupset tz Pacific/Kiritimati")
    assert "Pacific/Kiritimati" in saved
    row = await group_row(bot)
    assert row is not None
    assert row["next_tally_at"] == KIRITIMATI_DUE
    await say(bot, ANN, "/ask 2")
    await say(bot, ANN, "/lead 30")
    await say(bot, BOB, "/join")
    await say(bot, BOB, "/ask 1", chat_id=None)
    await say(bot, BOB, "/nurture 40", chat_id=None)


async def tick(bot: BotHarness, at: dt.datetime) -> list[ApiCall]:
    """One scheduler tick at `at`; the tallies it sent to GROUP."""
    bot.clock.now = at
    mark = len(bot.api.calls)
    await send_due_tallies(bot.app)
    return sent_to(bot.api.calls[mark:], GROUP)


async def test_scheduled_tally_timezone_boundary_once_across_restart(
    settings: Settings, clock: FakeClock
) -> None:
    first = BotHarness(settings, clock)
    async with running(first.app):
        await _kiritimati_group(first)
        for at in (START, utc(2026, 11, 26, 23), KIRITIMATI_DUE - dt.timedelta(seconds=1)):
            assert await tick(first, at) == []
        [call] = await tick(first, KIRITIMATI_DUE + dt.timedelta(seconds=20))
        read = read_tally(call.params["text"])
        assert [(row.name, row.asks) for row in read.rows] == [("Ann", 2), ("Bob", 1)]
        check_against_db(read, await db_members(first), target=25)
        assert await tick(first, KIRITIMATI_DUE + dt.timedelta(seconds=50)) == []
        assert await tick(first, KIRITIMATI_DUE + dt.timedelta(minutes=1)) == []

    second = BotHarness(settings, clock)  # a restart: same database, new process
    async with running(second.app):
        for at in (
            KIRITIMATI_DUE + dt.timedelta(minutes=2),
            KIRITIMATI_DUE + dt.timedelta(hours=1),
            utc(2026, 11, 27, 17),
            utc(2026, 11, 29, 9),  # Sunday 23:00 in Kiritimati: still the same week
        ):
            assert await tick(second, at) == []
        # Next week: new entries only, the tally goes out once at the same local time.
        second.clock.now = utc(2026, 12, 1, 12)
        await say(second, ANN, "/ask 7")
        assert await tick(second, KIRITIMATI_NEXT - dt.timedelta(seconds=1)) == []
        [call] = await tick(second, KIRITIMATI_NEXT)
        read = read_tally(call.params["text"])
        assert [(row.name, row.asks) for row in read.rows] == [("Ann", 7)]
        assert read.not_logged == ["Bob"]
        week = (dt.date(2026, 11, 30), dt.date(2026, 12, 6))
        check_against_db(read, await db_members(second, week=week), target=25)
        assert await tick(second, KIRITIMATI_NEXT + dt.timedelta(minutes=1)) == []
        reports = await fetch(
            second, select(GroupReport.group_id, GroupReport.week).order_by(GroupReport.week)
        )
        assert [tuple(r) for r in reports] == [
            (GROUP, dt.date(2026, 11, 23)),
            (GROUP, dt.date(2026, 11, 30)),
        ]


async def test_scheduled_tally_missed_while_down_is_caught_up_once(
    settings: Settings, clock: FakeClock
) -> None:
    first = BotHarness(settings, clock)
    async with running(first.app):
        await _kiritimati_group(first)
    second = BotHarness(settings, clock)  # down over 03:00 UTC, back at 03:40
    async with running(second.app):
        assert len(await tick(second, KIRITIMATI_DUE + dt.timedelta(minutes=40))) == 1
        assert await tick(second, KIRITIMATI_DUE + dt.timedelta(minutes=41)) == []


async def test_scheduled_tally_once_with_two_instances(
    settings: Settings, clock: FakeClock
) -> None:
    one, two = BotHarness(settings, clock), BotHarness(settings, clock)
    async with running(one.app), running(two.app):
        await _kiritimati_group(one)
        clock.now = KIRITIMATI_DUE + dt.timedelta(seconds=3)
        one.api.clear()
        two.api.clear()
        reports = await asyncio.gather(send_due_tallies(one.app), send_due_tallies(two.app))
        assert sum(r.sent for r in reports) == 1
        sent = sent_to(one.api.calls, GROUP) + sent_to(two.api.calls, GROUP)
        assert len(sent) == 1
        again = await asyncio.gather(send_due_tallies(one.app), send_due_tallies(two.app))
        assert sum(r.claimed for r in again) == 0


async def test_scheduled_tally_once_per_week_even_when_moved_later(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    bot.api.chat_admins[GROUP] = {ADA.id}
    assert len(await tick(bot, utc(2026, 11, 27, 17, 0, 5))) == 1
    await say(bot, ADA, "/groupset tally sun 12:00")  # later in the week already reported
    assert await tick(bot, utc(2026, 11, 29, 12, 0, 5)) == []
    assert len(await tick(bot, utc(2026, 12, 6, 12, 0, 5))) == 1


async def test_scheduled_tally_retried_after_a_failed_send_then_once(bot: BotHarness) -> None:
    await add_bot(bot)
    await say(bot, ANN, "/ask 3")
    bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)
    bot.clock.now = utc(2026, 11, 27, 17, 0, 5)
    report = await send_due_tallies(bot.app)
    assert (report.claimed, report.sent, report.failed) == (1, 0, 1)
    assert len(await tick(bot, utc(2026, 11, 27, 17, 1, 5))) == 1
    assert await tick(bot, utc(2026, 11, 27, 17, 2, 5)) == []


async def test_scheduled_tally_names_the_weakest_stage(bot: BotHarness) -> None:
    """Asks far behind, plenty of leads and touches: the group leaks at the ask."""
    await _kiritimati_group(bot)
    [call] = await tick(bot, KIRITIMATI_DUE)
    text = call.params["text"]
    assert len(text) <= 4096
    focus = [line for line in text.split("\n") if line.startswith("Team focus:")]
    assert len(focus) == 1, f"no 'Team focus:' line in the scheduled tally:\n{text}"
    assert "the ask" in focus[0].lower()
    assert "Leak:" not in text


async def test_scheduled_weakest_stage_follows_the_data(bot: BotHarness) -> None:
    """Asks on pace for a small target, no new leads: now the leak is the lead."""
    await add_bot(bot)
    bot.api.chat_admins[GROUP] = {ADA.id}
    await say(bot, ADA, "/groupset target 5")
    await say(bot, ANN, "/ask 25")
    await say(bot, ANN, "/nurture 30")
    await say(bot, BOB, "/ask 5")
    await say(bot, BOB, "/nurture 10")
    [call] = await tick(bot, utc(2026, 11, 27, 17, 0, 5))
    focus = [line for line in call.params["text"].split("\n") if line.startswith("Team focus")]
    assert len(focus) == 1
    assert "new leads" in focus[0].lower()


# --- a big group: within Telegram's 4096 characters --------------------------------------------


def _seed_big_group(session: Session, members: int, now: dt.datetime) -> None:
    first_id = 3_000_000
    names = [
        (f"Member {i:03d} " + "Ωмя🚀" * 15)[:64] if i % 4 == 0 else f"Member {i:03d}"
        for i in range(members)
    ]
    session.execute(
        insert(User),
        [
            {"id": first_id + i, "first_name": names[i], "tz": "UTC", "created_at": now}
            for i in range(members)
        ],
    )
    privacy = ("full", "full", "totals", "hidden", "full")
    session.execute(
        insert(GroupMember),
        [
            {
                "group_id": GROUP,
                "user_id": first_id + i,
                "privacy": privacy[i % len(privacy)],
                "mention": i % 7 == 0,
                "joined_at": now,
            }
            for i in range(members)
        ],
    )
    rows = []
    for i in range(members):
        for day in range(4):  # Monday–Thursday of this week
            for kind, count in (
                ("ask", 1 + (i * 7 + day) % 11),
                ("yes", 1 + i % 2),
                ("no", 1 + i % 3),
                ("lead", 2 + i % 5),
                ("nurture", 3 + i % 4),
            ):
                rows.append(
                    {
                        "user_id": first_id + i,
                        "kind": kind,
                        "count": count * 1000 if i == 1 else count,
                        "local_date": WEEK[0] + dt.timedelta(days=day),
                        "created_at": now,
                    }
                )
    session.execute(insert(Entry), rows)


async def test_tally_of_300_members_fits_telegram(bot: BotHarness) -> None:
    await add_bot(bot)
    await bot.query(lambda s: _seed_big_group(s, 300, START))
    call = await tally_call(bot, ANN)
    text = call.params["text"]
    assert len(text) <= 4096
    assert "@" not in text
    members = await db_members(bot)
    assert len(members) == 300
    read = read_tally(text)
    check_against_db(read, members, target=25)
    # The members that did not fit are summed up in one line.
    shown = [m for m in members.values() if m.privacy != "hidden"]
    assert read.more is not None
    more, more_asks = read.more
    assert len(read.rows) + more == len(shown)
    assert more_asks == sum(m.asks for m in shown) - sum(row.asks for row in read.rows)
    assert read.hidden == 60
    # Mentions only for listed members who opted in, each covering their name.
    units = text.encode("utf-16-le")
    by_id = {m.user_id: m for m in members.values()}
    listed = {row.name for row in read.rows}
    expected = {m.user_id for m in shown if m.mention and m.name in listed}
    entities = call.params.get("entities") or []
    assert {e["user"]["id"] for e in entities} == expected
    for entity in entities:
        start, length = entity["offset"], entity["length"]
        name = units[2 * start : 2 * (start + length)].decode("utf-16-le")
        assert name == by_id[entity["user"]["id"]].name
