"""The database schema as SQLAlchemy 2 typed models. Alembic owns every change to it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql import text

from bot.core.domain import mask_from_workdays
from bot.core.schedule import DEFAULT_TIMES, DEFAULT_WORKDAYS, times_to_text

GROUP_WORKDAYS = mask_from_workdays(frozenset(range(5)))
"""Monday to Friday."""

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

BigId = BigInteger().with_variant(Integer(), "sqlite")
"""64-bit on PostgreSQL; INTEGER (also 64-bit, and the rowid alias) on SQLite."""

UtcDateTime = DateTime(timezone=True)

UNDONE_BY_A_MESSAGE = "undone_by_message_id IS NOT NULL"
NAMED_NO = "kind = 'no' AND who IS NOT NULL"
"""The named no's (re-ask candidates) have a small index of their own: the tick looks them
up for every user at a reminder time, and they are a sliver of all entries."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(64), default="")
    tz: Mapped[str] = mapped_column(String(64))
    ask_target: Mapped[int] = mapped_column(Integer, default=5)
    lead_target: Mapped[int] = mapped_column(Integer, default=0)
    nurture_target: Mapped[int] = mapped_column(Integer, default=0)
    workdays: Mapped[int] = mapped_column(
        SmallInteger, default=mask_from_workdays(DEFAULT_WORKDAYS)
    )
    remind_times: Mapped[str] = mapped_column(String(32), default=times_to_text(DEFAULT_TIMES))
    followup_days: Mapped[int] = mapped_column(SmallInteger, default=3)
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    capacity: Mapped[int | None] = mapped_column(SmallInteger)
    """New clients (yeses) a week the user can take on; None: no limit."""
    reask_days: Mapped[int] = mapped_column(SmallInteger, default=30)
    """Days after a named no before it comes back as a re-ask; 0: never."""
    yes_goal: Mapped[int | None] = mapped_column(SmallInteger)
    """Yeses a week asked for with /goal: the digest re-proposes a target when rates move."""
    paused_until: Mapped[dt.date | None] = mapped_column(Date)
    snoozed_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    blocked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    next_nudge_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    private_chat_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """When the user first talked to the bot privately; None: known from groups only, so
    Telegram refuses private messages to them (no nudges)."""
    group_privacy: Mapped[str] = mapped_column(String(8), default="full", server_default="full")
    """What groups see of the user unless chosen otherwise in one group (/privacy privately)."""
    group_mention: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Entry(Base):
    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint(
            "source_chat_id", "source_message_id", "source_seq", name="uq_entries_source"
        ),
        CheckConstraint("kind IN ('ask', 'lead', 'nurture', 'yes', 'no')", name="kind"),
        CheckConstraint("count > 0", name="count_positive"),
        Index("ix_entries_user_day", "user_id", "local_date"),
        Index(
            "ix_entries_named_nos",
            "user_id",
            sqlite_where=text(NAMED_NO),
            postgresql_where=text(NAMED_NO),
        ),
        Index(
            "ix_entries_undone_by",
            "undone_by_chat_id",
            "undone_by_message_id",
            sqlite_where=text(UNDONE_BY_A_MESSAGE),
            postgresql_where=text(UNDONE_BY_A_MESSAGE),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=False
    )
    kind: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(Integer)
    who: Mapped[str | None] = mapped_column(String(120))
    tags: Mapped[str | None] = mapped_column(String(200))
    """Space-separated tags without '#' (bot.core.paths.tags_text); None: untagged."""
    local_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    source_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    source_seq: Mapped[int] = mapped_column(SmallInteger, default=0)
    answered_by_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("entries.id", ondelete="SET NULL")
    )
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    undone_by_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    undone_by_message_id: Mapped[int | None] = mapped_column(BigInteger)
    """The /undo message that removed the entry: that /undo handled again (a replay after a
    crash) answers the same and removes nothing more."""


class Reask(Base):
    """What the user decided about re-asking a named no: asked again, later, or never."""

    __tablename__ = "reasks"
    __table_args__ = (CheckConstraint("decision IN ('asked', 'later', 'never')", name="decision"),)

    no_entry_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[str] = mapped_column(String(8))
    not_before: Mapped[dt.date | None] = mapped_column(Date)
    """For "later": the first local day it may come back."""
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Pause(Base):
    """A holiday: local days first_day .. resume_day - 1 never break a streak."""

    __tablename__ = "pauses"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[dt.date] = mapped_column(Date)
    resume_day: Mapped[dt.date] = mapped_column(Date)


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(128), default="")
    tz: Mapped[str] = mapped_column(String(64))
    weekly_target: Mapped[int] = mapped_column(Integer, default=25)
    tally_weekday: Mapped[int] = mapped_column(SmallInteger, default=4)
    tally_time: Mapped[str] = mapped_column(String(5), default="17:00")
    tally_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    next_tally_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    workdays: Mapped[int] = mapped_column(
        SmallInteger, default=GROUP_WORKDAYS, server_default=str(GROUP_WORKDAYS)
    )
    next_reminder_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)
    """An hour before the next scheduled tally: who hasn't logged yet this week."""
    live_week: Mapped[dt.date | None] = mapped_column(Date)
    """The week (its Monday) of the tally message that /tally refreshes."""
    live_message_id: Mapped[int | None] = mapped_column(BigInteger)
    live_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class GroupMember(Base):
    __tablename__ = "group_members"

    group_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    privacy: Mapped[str] = mapped_column(String(8), default="full")
    mention: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    left_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """Not in the tally (left, removed, or only a privacy choice made here): logging in the
    group does not bring them back; /join does. Privacy and mention stay."""


class GroupInvite(Base):
    """A newcomer to the chat was invited to /join: once per group and person."""

    __tablename__ = "group_invites"

    group_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    invited_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Nudge(Base):
    """A reminder that went out; unique per user, local day and slot, so never sent twice."""

    __tablename__ = "nudges"
    __table_args__ = (UniqueConstraint("user_id", "local_date", "slot", name="uq_nudges_once"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[dt.date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    message_id: Mapped[int | None] = mapped_column(BigInteger)


class GroupReport(Base):
    """A weekly tally that went out; unique per group and week."""

    __tablename__ = "group_reports"
    __table_args__ = (UniqueConstraint("group_id", "week", name="uq_group_reports_once"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("groups.id", ondelete="CASCADE"))
    week: Mapped[dt.date] = mapped_column(Date)
    sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class InboxUpdate(Base):
    """An update as Telegram delivered it, stored before it is confirmed (the next getUpdates
    offset, or the webhook's 200) and marked done once handled; unfinished ones are replayed
    on start. Done rows are kept for a while so that a redelivery is recognised."""

    __tablename__ = "inbox"
    __table_args__ = (
        Index(
            "ix_inbox_pending",
            "update_id",
            "chat_key",
            postgresql_where=text("done_at IS NULL"),
            sqlite_where=text("done_at IS NULL"),
        ),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_key: Mapped[int] = mapped_column(BigInteger)  # chat id, else user id, else 0
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(Text)  # the update's JSON
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)


class InboxLease(Base):
    """Which running `salesbot run` hands out a chat's waiting updates, and until when: with
    several instances on one database a chat's updates go to one of them at a time, in
    order. Renewed every second while held; a crashed instance's leases lapse."""

    __tablename__ = "inbox_leases"

    chat_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    owner: Mapped[str] = mapped_column(String(32))
    until: Mapped[dt.datetime] = mapped_column(UtcDateTime)
