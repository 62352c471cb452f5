"""Driving the bot in groups as Telegram does, and reading what it did there and in the DB."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from telegram import Update

from bot.db.models import Entry, Group, GroupMember, User
from bot.runtime.fake_telegram import ApiCall
from bot.runtime.telegram_json import member_json, user_json
from tests.harness import BotHarness, texts
from tests.reliability.helpers import aware, fetch
from tests.tally_reader import Tally, read_tally

START = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)  # Thursday; the conftest clock
WEEK = (dt.date(2026, 11, 23), dt.date(2026, 11, 29))  # Monday–Sunday around START
GROUP = -1001234567890
OTHER_GROUP = -1009876543210
BASIC_GROUP = -400123  # a basic group, later upgraded to a supergroup
SUPERGROUP = -1000000400123
ANONYMOUS_ADMIN_ID = 1087968824
BOT_USERNAME = "salesbot_bot"


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    username: str | None = None


ANN = Person(1001, "Ann", "ann_sells")
BOB = Person(1002, "Bob", "bobby")
CAT = Person(1003, "Cat", "cat_closes")
DAN = Person(1004, "Dan")
ZOE = Person(1005, "Zoë 🚀")
ADA = Person(1900, "Ada", "ada_admin")


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def say(
    bot: BotHarness, who: Person, text: str, chat_id: int | None = GROUP, **kw: Any
) -> list[str]:
    """`who` sends `text` in `chat_id` (None: their private chat); the bot's answers."""
    return texts(await say_calls(bot, who, text, chat_id, **kw))


async def say_calls(
    bot: BotHarness, who: Person, text: str, chat_id: int | None = GROUP, **kw: Any
) -> list[ApiCall]:
    update = bot.updates.message(
        text,
        user_id=who.id,
        first_name=who.name,
        username=who.username,
        chat_id=chat_id,
        date=bot.clock(),
        **kw,
    )
    return await bot.process(update)


async def add_bot(
    bot: BotHarness, chat_id: int = GROUP, old: str = "left", new: str = "member"
) -> list[str]:
    change = bot.updates.my_chat_member(chat_id, old_status=old, new_status=new)
    return texts(await bot.process(change))


def reactions(calls: Sequence[ApiCall]) -> list[tuple[int, str | None]]:
    """(message id, emoji or None when cleared) of every setMessageReaction."""
    found = []
    for call in calls:
        if call.method != "setMessageReaction":
            continue
        reaction = call.params.get("reaction") or []
        emoji = reaction[0]["emoji"] if reaction else None
        found.append((int(call.params["message_id"]), emoji))
    return found


_update_ids = itertools.count(9_000_000)


def _group_chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}


def raw_update(bot: BotHarness, **payload: Any) -> Update:
    return Update.de_json({"update_id": next(_update_ids), **payload}, bot.app.bot)


def message_json(bot: BotHarness, chat_id: int, sender: dict[str, Any], **fields: Any) -> Any:
    return {
        "message_id": bot.api.next_message_id(chat_id),
        "date": int(bot.clock().timestamp()),
        "chat": _group_chat(chat_id),
        "from": sender,
        **fields,
    }


def anonymous_admin(bot: BotHarness, text: str, chat_id: int = GROUP) -> Update:
    """A message by an anonymous group admin: sent as the group, from GroupAnonymousBot."""
    sender = user_json(ANONYMOUS_ADMIN_ID, "Group", "GroupAnonymousBot", is_bot=True)
    entities = [{"type": "bot_command", "offset": 0, "length": utf16(text.split()[0])}]
    message = message_json(
        bot, chat_id, sender, text=text, entities=entities, sender_chat=_group_chat(chat_id)
    )
    return raw_update(bot, message=message)


def channel_in_group(bot: BotHarness, text: str, chat_id: int = GROUP) -> Update:
    """A message a linked channel posts into the group (sender_chat is not the group)."""
    channel = {"id": -1005555555555, "type": "channel", "title": "Some channel"}
    sender = user_json(136817688, "Channel", is_bot=True)
    entities = [{"type": "bot_command", "offset": 0, "length": utf16(text.split()[0])}]
    message = message_json(bot, chat_id, sender, text=text, entities=entities, sender_chat=channel)
    return raw_update(bot, message=message)


def replying(
    bot: BotHarness, who: Person, text: str, message_id: int, author: Person, chat_id: int = GROUP
) -> Update:
    """`who` sends `text` in the group as a reply to `author`'s message `message_id`."""
    replied = {
        "message_id": message_id,
        "date": int(bot.clock().timestamp()),
        "chat": _group_chat(chat_id),
        "from": user_json(author.id, author.name),
        "text": "…",
    }
    entities = (
        [{"type": "bot_command", "offset": 0, "length": utf16(text.split()[0])}]
        if text.startswith("/")
        else []
    )
    sender = user_json(who.id, who.name)
    fields: dict[str, Any] = {"text": text, "reply_to_message": replied}
    if entities:
        fields["entities"] = entities
    return raw_update(bot, message=message_json(bot, chat_id, sender, **fields))


def member_update(bot: BotHarness, who: Person, old: str, new: str, chat_id: int = GROUP) -> Update:
    """A `chat_member` update: `who`'s status in the group changed (they did it)."""
    user = user_json(who.id, who.name)
    change = {
        "chat": _group_chat(chat_id),
        "from": user,
        "date": int(bot.clock().timestamp()),
        "old_chat_member": member_json(user, old),
        "new_chat_member": member_json(user, new),
    }
    return raw_update(bot, chat_member=change)


def left_message(bot: BotHarness, who: Person, chat_id: int = GROUP) -> Update:
    """The "X left the group" service message."""
    user = user_json(who.id, who.name)
    return raw_update(bot, message=message_json(bot, chat_id, user, left_chat_member=user))


def joined_message(bot: BotHarness, people: Sequence[Person], chat_id: int = GROUP) -> Update:
    """The "X joined the group" service message (they joined by link)."""
    users = [user_json(p.id, p.name) for p in people]
    return raw_update(bot, message=message_json(bot, chat_id, users[0], new_chat_members=users))


async def tally_call(bot: BotHarness, who: Person = DAN, chat_id: int = GROUP) -> ApiCall:
    """`who` asks for a fresh /tally (any live one is forgotten first); the full tally."""
    await bot.query(
        lambda session: session.execute(
            update(Group).where(Group.id == chat_id).values(live_message_id=None)
        )
    )
    calls = [c for c in await say_calls(bot, who, "/tally", chat_id) if c.method == "sendMessage"]
    assert len(calls) == 1, calls
    assert calls[0].error_code is None, calls[0]
    return calls[0]


async def read_group_tally(bot: BotHarness, who: Person = DAN, chat_id: int = GROUP) -> Tally:
    return read_tally((await tally_call(bot, who, chat_id)).params["text"])


def sent_to(calls: Sequence[ApiCall], chat_id: int) -> list[ApiCall]:
    return [
        c
        for c in calls
        if c.method == "sendMessage" and int(c.params["chat_id"]) == chat_id and not c.error_code
    ]


# --- what the database says -----------------------------------------------------------------

KINDS = ("ask", "yes", "no", "lead", "nurture")


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    privacy: str
    mention: bool
    counts: dict[str, int]

    @property
    def asks(self) -> int:
        return self.counts["ask"]

    @property
    def details(self) -> dict[str, int]:
        c = self.counts
        return {"yes": c["yes"], "no": c["no"], "leads": c["lead"], "touches": c["nurture"]}


async def db_members(
    bot: BotHarness, chat_id: int = GROUP, week: tuple[dt.date, dt.date] = WEEK
) -> dict[int, Member]:
    """Everyone in the group's tally with their summed entries for the week, from SQL."""
    in_tally = (GroupMember.group_id == chat_id, GroupMember.left_at.is_(None))
    people = await fetch(
        bot,
        select(User.id, User.first_name, GroupMember.privacy, GroupMember.mention)
        .join(GroupMember, GroupMember.user_id == User.id)
        .where(*in_tally),
    )
    sums = await fetch(
        bot,
        select(Entry.user_id, Entry.kind, func.sum(Entry.count))
        .join(GroupMember, GroupMember.user_id == Entry.user_id)
        .where(
            *in_tally,
            Entry.local_date >= week[0],
            Entry.local_date <= week[1],
            Entry.deleted_at.is_(None),
        )
        .group_by(Entry.user_id, Entry.kind),
    )
    counts: dict[int, dict[str, int]] = {row[0]: dict.fromkeys(KINDS, 0) for row in people}
    for user_id, kind, total in sums:
        counts[user_id][kind] = int(total)
    return {
        uid: Member(uid, name, privacy, bool(mention), counts[uid])
        for uid, name, privacy, mention in people
    }


def check_against_db(read: Tally, members: dict[int, Member], target: int) -> None:
    """Every number in the tally is what the database holds, as the privacy rule allows:
    hidden members in nothing, totals members in the asks only."""
    seen = [m for m in members.values() if m.privacy != "hidden"]
    full = [m for m in seen if m.privacy == "full"]
    assert read.target == target
    assert read.hidden == len(members) - len(seen)
    if seen:
        assert read.team_asks == sum(m.asks for m in seen)
        assert read.goal == target * len(seen)
        also = {k: sum(m.details[k] for m in full) for k in ("yes", "no", "leads", "touches")}
        assert read.also == ({} if not any(also.values()) else also)
        pace = target if read.pace is None else read.pace
        assert read.on_pace == (sum(1 for m in seen if m.asks >= pace), len(seen))
    by_name = {m.name: m for m in members.values()}
    for row in read.rows:
        member = by_name[row.name]
        assert member.privacy != "hidden", f"{row.name} is hidden but listed"
        assert row.asks == member.asks, row
        expected = member.details if member.privacy == "full" else dict.fromkeys(row.details, 0)
        assert row.details == expected, row

    def answers(m: Member) -> int:  # a totals member's answers are not seen: no tie-break
        return m.counts["yes"] + m.counts["no"] if m.privacy == "full" else 0

    def shows(m: Member) -> bool:
        return m.asks > 0 or (m.privacy == "full" and any(m.details.values()))

    ranking = sorted(
        (m for m in seen if shows(m)),
        key=lambda m: (-m.asks, -answers(m), m.name.casefold(), m.user_id),
    )
    assert read.names == [m.name for m in ranking][: len(read.rows)]
    assert [row.rank for row in read.rows] == list(range(1, len(read.rows) + 1))
    if read.more is None:
        assert sorted(read.not_logged) == sorted(m.name for m in seen if not shows(m))


async def group_row(bot: BotHarness, chat_id: int = GROUP) -> dict[str, Any] | None:
    rows = await fetch(
        bot,
        select(
            Group.tz,
            Group.weekly_target,
            Group.tally_weekday,
            Group.tally_time,
            Group.tally_enabled,
            Group.active,
            Group.next_tally_at,
            Group.workdays,
        ).where(Group.id == chat_id),
    )
    if not rows:
        return None
    row = dict(rows[0]._mapping)
    row["next_tally_at"] = aware(row["next_tally_at"])
    return row


async def memberships(bot: BotHarness, chat_id: int = GROUP) -> list[tuple[int, str, bool]]:
    """(user, privacy, mention) of everyone in the group's tally."""
    rows = await fetch(
        bot,
        select(GroupMember.user_id, GroupMember.privacy, GroupMember.mention)
        .where(GroupMember.group_id == chat_id, GroupMember.left_at.is_(None))
        .order_by(GroupMember.user_id),
    )
    return [(int(uid), str(privacy), bool(mention)) for uid, privacy, mention in rows]
