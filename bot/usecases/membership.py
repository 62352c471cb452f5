"""Group membership use cases, each one transaction: the bot and people joining and leaving,
privacy, invitations, undo within a group."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.core.domain import Chat, Sender, Source, Undone
from bot.core.group_args import PrivacyChoice
from bot.db import entry_store as entries
from bot.db import group_store as groups
from bot.db import member_store as members
from bot.db import nudge_rows
from bot.db import user_store as users
from bot.db.member_store import Membership
from bot.db.user_store import Profile


@dataclass(frozen=True)
class Contact:
    """A person doing something in a group, as far as the reply cares."""

    new_person: bool
    """First time the bot meets them at all, here: they have no private chat with it."""
    in_tally: bool
    joined: bool
    """They were just added to the tally."""


def bot_added(session: Session, chat: Chat, default_tz: str, now: dt.datetime) -> bool:
    return groups.ensure_group(session, chat.chat_id, chat.title, default_tz, now)


def bot_removed(session: Session, chat: Chat) -> None:
    """The bot is out of the group (or the group is gone): no more tallies there."""
    groups.deactivate(session, chat.chat_id)


def bot_blocked(session: Session, user_id: int, now: dt.datetime) -> None:
    """The person blocked the bot (or their chat is gone): no nudges until they are back."""
    nudge_rows.mark_blocked(session, user_id, now)


def group_contact(
    session: Session, sender: Sender, chat: Chat, now: dt.datetime, *, join: bool = True
) -> Contact:
    """Make the person (met in a group: no private nudges yet) and the group known; with
    `join`, add a first-timer to the tally (someone who left stays out)."""
    new_person = not users.exists(session, sender.user_id)
    users.ensure_user(
        session, sender.user_id, sender.first_name, sender.default_tz, now, private=False
    )
    groups.ensure_group(session, chat.chat_id, chat.title, sender.default_tz, now)
    joined = join and members.join(session, chat.chat_id, sender.user_id, now)
    found = members.membership(session, chat.chat_id, sender.user_id)
    return Contact(new_person, found is not None and found.in_tally, joined)


def join(session: Session, sender: Sender, chat: Chat, now: dt.datetime) -> Contact:
    """/join: in the tally, back in if they had left."""
    contact = group_contact(session, sender, chat, now, join=False)
    joined = members.rejoin(session, chat.chat_id, sender.user_id, now)
    return Contact(contact.new_person, True, joined)


def leave(session: Session, sender: Sender, chat: Chat, now: dt.datetime) -> bool:
    return members.leave(session, chat.chat_id, sender.user_id, now)


def left_chat(session: Session, chat: Chat, user_id: int, now: dt.datetime) -> bool:
    """The person left the Telegram group (or was removed from it): out of the tally."""
    return members.leave(session, chat.chat_id, user_id, now)


def remove_named(
    session: Session, chat: Chat, name: str, user_id: int | None, now: dt.datetime
) -> list[tuple[int, str]]:
    """An admin takes a member off the tally: `user_id` (a replied-to message) or the one
    member called `name`. The members it could be; removed only when exactly one."""
    if user_id is not None:
        found = members.membership(session, chat.chat_id, user_id)
        named = [(user_id, name)] if found is not None and found.in_tally else []
    else:
        named = members.members_named(session, chat.chat_id, name)
    if len(named) == 1:
        members.leave(session, chat.chat_id, named[0][0], now)
    return named


def newcomers(
    session: Session, chat: Chat, user_ids: list[int], default_tz: str, now: dt.datetime
) -> list[int]:
    """People who just joined the chat and were never invited to /join here."""
    groups.ensure_group(session, chat.chat_id, chat.title, default_tz, now)
    return members.invite_once(session, chat.chat_id, user_ids, now)


@dataclass(frozen=True)
class PrivacySet:
    groups: int
    """Tallies it now applies to (set privately: every one, and later ones too)."""
    here: Membership | None
    """Set in a group: the membership there."""


def set_privacy(
    session: Session, sender: Sender, chat: Chat | None, choice: PrivacyChoice, now: dt.datetime
) -> PrivacySet:
    """In a group: for that group only, without joining anyone. Privately: the default for
    every group, those joined later included."""
    values: dict[str, object] = {}
    if choice.level is not None:
        values["privacy"] = choice.level.value
    if choice.mention is not None:
        values["mention"] = choice.mention
    if chat is None:
        users.ensure_user(session, sender.user_id, sender.first_name, sender.default_tz, now)
        return PrivacySet(members.set_default_privacy(session, sender.user_id, **values), None)
    group_contact(session, sender, chat, now, join=False)
    here = members.set_privacy(session, sender.user_id, chat.chat_id, now, **values)
    return PrivacySet(1 if here.in_tally else 0, here)


def opened_private_chat(session: Session, sender: Sender, now: dt.datetime) -> Profile:
    """A private /start (or a private answer that got through): nudges become possible."""
    profile = users.ensure_user(session, sender.user_id, sender.first_name, sender.default_tz, now)
    users.opened_private_chat(session, sender.user_id, now)
    return profile


def undo_in_group(
    session: Session,
    sender: Sender,
    chat: Chat,
    message_id: int | None,
    now: dt.datetime,
    by: Source,
) -> tuple[int | None, list[Undone]]:
    """/undo in a group (`by` its message): what one of the sender's messages there logged
    (`message_id`, or the latest) — never entries logged anywhere else. The message, and
    what it removed; the same /undo handled again removes nothing more."""
    again = entries.undone_by(session, sender.user_id, by)
    if again:
        return message_id, again
    if message_id is None:
        message_id = members.last_logged_message(session, chat.chat_id, sender.user_id)
    if message_id is None:
        return None, []
    source = Source(chat.chat_id, message_id)
    return message_id, entries.undo_source(session, sender.user_id, source, now, by)


@dataclass(frozen=True)
class UndoPress:
    undone: list[Undone]
    author: str | None
    """Set when someone else logged that message: only they may undo it."""


def undo_pressed(session: Session, sender: Sender, source: Source, now: dt.datetime) -> UndoPress:
    author = members.author_of(session, source.chat_id, source.message_id)
    if author is not None and author[0] != sender.user_id:
        return UndoPress([], author[1])
    return UndoPress(entries.undo_source(session, sender.user_id, source, now), None)


def migrate(session: Session, old_id: int, new_id: int) -> None:
    groups.migrate(session, old_id, new_id)
