"""Faults 4 and 5: Telegram says 429 (too many requests), 403 (blocked), 400 (chat not found,
message too long, group upgraded to a supergroup)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bot.app import build_application, running
from bot.config import Settings
from bot.core.catalogue import COMMANDS
from bot.db.models import Entry, Group, GroupMember, Nudge, User
from bot.jobs import send_due_nudges, send_due_tallies
from bot.runtime.fake_telegram import ApiCall, FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from tests.harness import BotHarness, FakeClock, texts
from tests.reliability.helpers import (
    MAX_CAPTION,
    MAX_TEXT,
    apologies,
    asks_of,
    aware,
    count,
    delivered,
    error_records,
    fetch,
    hold_ticks,
    nudges_per_chat,
    sends,
    started,
    utc,
)

ANN, BOB = 1001, 1002
GROUP = -1001234567890
BASIC_GROUP = -400123
SUPERGROUP = -1000000400123
THURSDAY_15 = utc(2026, 11, 26, 15)
FRIDAY_TALLY = utc(2026, 11, 27, 17, 0, 5)  # groups' default weekly tally: Friday 17:00


class RateLimitedHarness(BotHarness):
    """BotHarness with PTB's AIORateLimiter (max_retries=3) switched on, as in production."""

    def __init__(self, settings: Settings, clock: FakeClock) -> None:
        self.api = FakeTelegram(clock)
        self.clock = clock
        self.app = build_application(settings, request=self.api, clock=clock, rate_limited=True)
        self.updates = UpdateFactory(self.app.bot, api=self.api)


def refused(calls: list[ApiCall], code: int) -> list[ApiCall]:
    return [call for call in calls if call.error_code == code]


# --- 429 -------------------------------------------------------------------------------------


async def test_429_on_replies_is_retried_after_retry_after_and_sent_once(
    settings: Settings, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: Telegram answers 429 (retry_after=1) to the first 3 replies of 5 users logging
    at once. Expected: every entry stored once, every reply delivered exactly once after the
    wait, no apology, no error."""
    bot = RateLimitedHarness(settings, clock)
    users = range(2001, 2006)
    async with running(bot.app):
        hold_ticks(bot.app)
        bot.api.clear()
        bot.api.fail_next(
            "sendMessage", 429, "Too Many Requests: retry after 1", times=3, retry_after=1
        )
        updates = [
            bot.updates.message("/ask 2", user_id=u, first_name=f"U{u}", date=clock())
            for u in users
        ]
        await asyncio.gather(*(bot.app.process_update(update) for update in updates))
        asks = {u: await asks_of(bot, u) for u in users}

    assert len(refused(bot.api.calls, 429)) == 3
    per_chat = Counter(chat for chat, _text in delivered(bot.api.calls))
    assert per_chat == Counter(dict.fromkeys(users, 1))
    assert asks == dict.fromkeys(users, 2)
    assert apologies(bot.api.calls) == []
    assert error_records(caplog.records) == []


async def test_429_storm_on_nudges_delays_but_never_loses_or_repeats_one(
    settings: Settings, clock: FakeClock
) -> None:
    """Fault: a 429 storm while 20 nudges go out: the fake Bot API accepts 15 sends a second
    and answers 429 retry_after=1 to the rest. Expected: after the wait every user gets their
    nudge exactly once in the same tick; every nudge row records its message id."""
    users = list(range(3001, 3021))
    async with started(settings, clock) as setup:
        for user_id in users:
            await setup.send("/start", user_id=user_id, first_name=f"U{user_id}")
    clock.now = THURSDAY_15
    bot = RateLimitedHarness(settings, clock)
    async with running(bot.app):
        hold_ticks(bot.app)
        bot.api.clear()
        bot.api.rate_limit(15, retry_after=1)
        report = await send_due_nudges(bot.app)
        bot.api.rate_limit(None)
        again = await send_due_nudges(bot.app)
        pace_rows = await fetch(
            bot, select(Nudge.user_id, Nudge.message_id).where(Nudge.slot == "15:00")
        )

    assert refused(bot.api.calls, 429), "the storm never happened"
    assert report.failed == 0
    assert again.claimed == 0
    assert nudges_per_chat(bot.api.calls) == Counter(dict.fromkeys(users, 1))
    texts_sent = delivered(bot.api.calls)
    assert len(texts_sent) == len(set(texts_sent)), "a message went out twice"
    assert sorted(row.user_id for row in pace_rows) == users
    assert all(row.message_id is not None for row in pace_rows)


# --- 403 blocked, 400 chat not found -----------------------------------------------------------


@pytest.mark.parametrize("refusal", ["blocked", "chat not found"])
async def test_a_refused_reply_marks_the_user_blocked_and_keeps_the_entry(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, refusal: str
) -> None:
    """Fault: the user blocked the bot (403) or the chat is gone (400 chat not found) and the
    reply to their /ask is refused. Expected: the entry is stored, users.blocked_at is set and
    next_nudge_at cleared (no nudge at 15:00), no apology is attempted and no error logged;
    when they write again they are unblocked and nothing logged before is lost."""
    await bot.send("/start", user_id=ANN)
    (bot.api.blocked if refusal == "blocked" else bot.api.missing_chats).add(ANN)
    bot.api.clear()

    calls = await bot.process(bot.updates.message("/ask 2", user_id=ANN, date=bot.clock()))

    assert [call.error_code for call in sends(calls)] == [403 if refusal == "blocked" else 400]
    assert await asks_of(bot, ANN) == 2
    [row] = await fetch(bot, select(User.blocked_at, User.next_nudge_at).where(User.id == ANN))
    assert (aware(row.blocked_at), row.next_nudge_at) == (bot.clock(), None)
    assert apologies(bot.api.calls) == []
    assert error_records(caplog.records) == []
    bot.clock.now = THURSDAY_15
    assert (await send_due_nudges(bot.app)).claimed == 0

    bot.api.blocked.clear()
    bot.api.missing_chats.clear()
    [answer] = await bot.send("/ask 1", user_id=ANN)
    assert answer.startswith("✅ Logged: 1 ask.")
    assert await asks_of(bot, ANN) == 3
    [row] = await fetch(bot, select(User.blocked_at, User.next_nudge_at).where(User.id == ANN))
    assert row.blocked_at is None
    assert row.next_nudge_at is not None


# --- nothing we send can be too long -----------------------------------------------------------


def check_sizes(calls: list[ApiCall]) -> None:
    """Every send succeeded and fits Telegram's limits (the fake refuses longer ones)."""
    for call in sends(calls):
        assert call.error_code is None, (call.method, call.error_code, call.params.get("text"))
        assert len(str(call.params.get("text", ""))) <= MAX_TEXT
        assert len(str(call.params.get("caption", ""))) <= MAX_CAPTION


async def test_help_stats_and_60_long_pending_asks_fit_in_a_message(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: replies that could grow past Telegram's 4096 characters (60 pending asks with
    120-character names, /help, /stats, help for every command). Expected: every message the
    bot sends is within the limit — none refused as "message is too long", no apology."""
    filler = " Ωмя🚀 Acme Holdings International" * 6
    names = [(f"Client{i:02d}" + filler)[:120] for i in range(60)]
    for name in names:
        [confirmation] = await bot.send(f"/ask 1 {name}", user_id=ANN)
        assert confirmation.startswith("✅ Logged: 1 ask")
    bot.clock.advance(days=5)
    bot.api.clear()

    for text in (
        "/pending",
        "/help",
        "/start",
        "/stats",
        "/today",
        "/week",
        *(f"/help {command.name}" for command in COMMANDS),
    ):
        assert len(await bot.send(text, user_id=ANN)) == 1, text

    check_sizes(bot.api.calls)
    pending = texts(bot.api.calls)[0]
    assert pending.startswith("Pending asks (60):")
    assert await asks_of(bot, ANN) == 60
    assert apologies(bot.api.calls) == []
    assert error_records(caplog.records) == []


def seed_big_group(session: Session, members: int, now: dt.datetime) -> None:
    first = 4_000_000
    names = [(f"M{i:03d} " + "Ωмя🚀" * 20)[:64] for i in range(members)]
    session.execute(
        insert(User),
        [
            {"id": first + i, "first_name": names[i], "tz": "UTC", "created_at": now}
            for i in range(members)
        ],
    )
    session.execute(
        insert(GroupMember),
        [
            {
                "group_id": GROUP,
                "user_id": first + i,
                "privacy": ("full", "totals", "hidden")[i % 3],
                "mention": i % 2 == 0,
                "joined_at": now,
            }
            for i in range(members)
        ],
    )
    session.execute(
        insert(Entry),
        [
            {
                "user_id": first + i,
                "kind": kind,
                "count": 1 + (i * 13) % 997,
                "local_date": now.date(),
                "created_at": now,
            }
            for i in range(members)
            for kind in ("ask", "yes", "no", "lead", "nurture")
        ],
    )


async def test_tally_of_a_300_member_group_fits_in_a_message(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: /tally and the scheduled weekly tally of a 300-member group with long unicode
    names. Expected: both are sent (not refused as too long), within 4096 characters."""
    added = bot.updates.my_chat_member(GROUP, old_status="left", new_status="member")
    await bot.process(added)
    await bot.query(lambda s: seed_big_group(s, 300, bot.clock()))
    bot.api.clear()

    await bot.process(bot.updates.message("/tally", user_id=4_000_000, chat_id=GROUP))
    bot.clock.now = FRIDAY_TALLY
    report = await send_due_tallies(bot.app)

    assert report.sent == 1
    tallies = [text for chat, text in delivered(bot.api.calls) if chat == GROUP]
    assert len(tallies) == 2
    check_sizes(bot.api.calls)
    assert apologies(bot.api.calls) == []
    assert error_records(caplog.records) == []


# --- a group upgraded to a supergroup ------------------------------------------------------------


async def test_a_reply_refused_because_the_group_migrated_moves_the_group(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: the reply to a log in a basic group is refused with 400 "group chat was upgraded
    to a supergroup chat" and migrate_to_chat_id. Expected: the entry is stored once, the
    group row moves to the new id with all its members and settings, no apology, no error;
    the next log in the supergroup counts for the same group."""
    caplog.set_level(logging.INFO)
    await bot.process(
        bot.updates.my_chat_member(BASIC_GROUP, old_status="left", new_status="member")
    )
    for user_id, text in ((ANN, "/ask 3"), (BOB, "/join")):
        await bot.process(
            bot.updates.message(text, user_id=user_id, chat_id=BASIC_GROUP, date=bot.clock())
        )
    [before] = await fetch(
        bot,
        select(Group.tz, Group.weekly_target, Group.next_tally_at).where(Group.id == BASIC_GROUP),
    )
    bot.api.fail_next(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=SUPERGROUP,
    )
    bot.api.clear()

    calls = await bot.process(
        bot.updates.message("/ask 1", user_id=ANN, chat_id=BASIC_GROUP, date=bot.clock())
    )

    assert [call.error_code for call in sends(calls)] == [400]
    assert await asks_of(bot, ANN) == 4
    groups = await fetch(bot, select(Group.id, Group.tz, Group.weekly_target, Group.next_tally_at))
    assert [tuple(g) for g in groups] == [(SUPERGROUP, *before)]
    members = await fetch(
        bot, select(GroupMember.group_id, GroupMember.user_id).order_by(GroupMember.user_id)
    )
    assert [tuple(m) for m in members] == [(SUPERGROUP, ANN), (SUPERGROUP, BOB)]
    assert apologies(bot.api.calls) == []
    assert error_records(caplog.records) == []

    await bot.process(
        bot.updates.message("/ask 2", user_id=BOB, chat_id=SUPERGROUP, date=bot.clock())
    )
    assert await count(bot, select(func.count()).select_from(GroupMember)) == 2
    assert await asks_of(bot, BOB) == 2
