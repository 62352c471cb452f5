"""The nudge schedule in the database: reschedule a user, claim due nudges, record outcomes.

`claim_due` is the tick's only read of the users table: an indexed range on next_nudge_at,
locked with FOR UPDATE SKIP LOCKED on PostgreSQL so concurrent instances claim disjoint rows.
Each nudge is also a row unique on (user, local day, slot): a nudge is claimed before it is
sent, so it goes out at most once even across restarts and instances.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, cast, exists, func, literal, select, update
from sqlalchemy.orm import Session

from bot.core.domain import Kind, local_day, week_start, workdays_from_mask
from bot.core.schedule import Plan, Slot, latest_due, next_slot, times_from_text, worth_sending
from bot.db import capacity_store, reask_store
from bot.db.dialect import among
from bot.db.models import Entry, Nudge, User
from bot.db.nudge_rows import Claimed as Claimed
from bot.db.nudge_rows import PendingAsk as PendingAsk
from bot.db.nudge_rows import insert_nudges

FOLLOWUP_PREFIX = "followup:"
DIGEST_SLOT = "digest"


_PLAN_COLUMNS = (
    User.id,
    User.tz,
    User.workdays,
    User.remind_times,
    User.paused_until,
    User.snoozed_until,
    User.next_nudge_at,
    User.ask_target,
    User.followup_days,
    User.digest_enabled,
    User.created_at,
    User.capacity,
    User.reask_days,
)


_PLAN_KEY = slice(1, 7)
"""Where in a _PLAN_COLUMNS row the columns that decide a user's slots are."""
assert [c.key for c in list(_PLAN_COLUMNS)[_PLAN_KEY]] == [
    "tz",
    "workdays",
    "remind_times",
    "paused_until",
    "snoozed_until",
    "next_nudge_at",
], "_PLAN_KEY must follow _PLAN_COLUMNS"


def plan_of(row: Any) -> Plan:
    return Plan(
        tz=ZoneInfo(row.tz),
        workdays=workdays_from_mask(row.workdays),
        times=times_from_text(row.remind_times),
        paused_until=row.paused_until,
        snoozed_until=aware(row.snoozed_until),
    )


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _local_date(value: dt.datetime, tz: str) -> dt.date:
    utc = aware(value)
    assert utc is not None
    return utc.astimezone(ZoneInfo(tz)).date()


def reschedule(session: Session, user_id: int, now: dt.datetime) -> Slot | None:
    """Recompute next_nudge_at after a settings change; return the next slot."""
    row = session.execute(
        select(*_PLAN_COLUMNS, User.blocked_at, User.private_chat_at).where(User.id == user_id)
    ).one()
    # Telegram refuses private messages to people who never opened a chat with the bot.
    reachable = row.blocked_at is None and row.private_chat_at is not None
    slot = next_slot(plan_of(row), now) if reachable else None
    session.execute(
        update(User).where(User.id == user_id).values(next_nudge_at=slot.at if slot else None)
    )
    return slot


_SCHEDULED = User.blocked_at.is_(None)
"""Users the tick considers at their next_nudge_at: `claim_due` and `next_due` agree."""


def next_due(session: Session) -> dt.datetime | None:
    """The earliest next_nudge_at `claim_due` would claim at (None: nobody is scheduled)."""
    moment = session.execute(select(func.min(User.next_nudge_at)).where(_SCHEDULED)).scalar()
    return aware(moment)


def claim_due(
    session: Session, now: dt.datetime, limit: int = 1000, skip: frozenset[int] = frozenset()
) -> tuple[int, list[Claimed]]:
    """Claim the nudges due at `now` for up to `limit` users and move their schedule on.
    `skip`: users whose send this tick already failed (released for the next tick).

    Returns how many due users were looked at (fewer than `limit`: none are left) and the
    nudges this caller now owns."""
    due = select(*_PLAN_COLUMNS).where(User.next_nudge_at <= now, _SCHEDULED)
    if skip:
        due = due.where(User.id.not_in(skip))
    rows = (
        session.connection()
        .execute(
            due.order_by(User.next_nudge_at).limit(limit).with_for_update(skip_locked=True, of=User)
        )
        .all()
    )
    if not rows:
        return 0, []
    sendable: dict[int, tuple[Any, Slot]] = {}
    moves: dict[dt.datetime | None, list[int]] = defaultdict(list)
    # Most users share a plan and came due together: work each distinct case out once.
    outcomes: dict[tuple[Any, ...], tuple[Slot | None, dt.datetime | None]] = {}
    for row in rows:
        key = tuple(row)[_PLAN_KEY]  # tz, workdays, times, pause, snooze, next_nudge_at
        if key not in outcomes:
            outcomes[key] = _due_and_next(plan_of(row), aware(row.next_nudge_at), now)
        slot, upcoming = outcomes[key]
        moves[upcoming].append(row.id)
        if slot is not None:
            sendable[row.id] = (row, slot)
    # Users who share a plan move to the same instant: one UPDATE per distinct instant.
    for upcoming, user_ids in moves.items():
        session.connection().execute(
            update(User).where(among(session, User.id, user_ids)).values(next_nudge_at=upcoming)
        )
    full = capacity_store.full(session, sendable)
    claimed = (
        _claim_digests(session, sendable, now)
        + _claim_pace(session, sendable, full, now)
        + _claim_followups(session, sendable, now)
        + reask_store.claim_reasks(session, sendable, full, now)
    )
    return len(rows), claimed


def _due_and_next(
    plan: Plan, since: dt.datetime | None, now: dt.datetime
) -> tuple[Slot | None, dt.datetime | None]:
    """The slot to send now (if any is worth sending) and the next next_nudge_at."""
    assert since is not None
    slot = latest_due(plan, since, now)
    upcoming = next_slot(plan, now)
    if slot is not None and not worth_sending(slot, now, plan.tz):
        slot = None
    return slot, upcoming.at if upcoming else None


def first_of_week(row: Any, slot: Slot) -> bool:
    """The week's first reminder: the first time on the first workday."""
    first = _week_opening(row.workdays, row.remind_times)
    return first is not None and (slot.day.weekday(), slot.label) == first


@functools.cache
def _week_opening(workdays: int, remind_times: str) -> tuple[int, str] | None:
    """The weekday and time of a plan's first reminder in a week (a few distinct plans)."""
    days = workdays_from_mask(workdays)
    return (min(days), min(remind_times.split(","))) if days else None


def _claim_digests(
    session: Session, sendable: dict[int, tuple[Any, Slot]], now: dt.datetime
) -> list[Claimed]:
    """The weekly digest rides on the week's first reminder (Monday's first, by default):
    once a week, for users who were already here when the week began (a digest of last
    week). A week whose first reminder was paused, snoozed or missed gets none."""
    keys = [
        (uid, week_start(slot.day), DIGEST_SLOT)
        for uid, (row, slot) in sendable.items()
        if row.digest_enabled
        and first_of_week(row, slot)
        and _local_date(row.created_at, row.tz) < week_start(slot.day)
    ]
    claimed_ids = insert_nudges(session, keys, now)
    return [
        Claimed(uid, "digest", (nudge_id,), sendable[uid][1])
        for (uid, _day, _label), nudge_id in claimed_ids.items()
    ]


def _claim_pace(
    session: Session, sendable: dict[int, tuple[Any, Slot]], full: set[int], now: dt.datetime
) -> list[Claimed]:
    """Behind on asks: a pace nudge — or, at capacity (`full`), the week's capacity note."""
    if not sendable:
        return []
    day_at = functools.cache(lambda at, tz: local_day(at, ZoneInfo(tz)))  # few distinct
    days = {uid: day_at(slot.at, row.tz) for uid, (row, slot) in sendable.items()}
    asks = _asks_on(session, days)
    behind = {
        uid: (row, slot) for uid, (row, slot) in sendable.items() if asks[uid] < row.ask_target
    }
    notes = capacity_store.claim_notes(session, {u: behind.pop(u) for u in full & set(behind)}, now)
    claimed_ids = insert_nudges(
        session,
        [(uid, slot.day, slot.label) for uid, (_row, slot) in behind.items()],
        now,
    )
    return notes + [
        Claimed(uid, "pace", (nudge_id,), behind[uid][1], asks[uid], behind[uid][0].ask_target)
        for (uid, _day, _label), nudge_id in claimed_ids.items()
    ]


def _asks_on(session: Session, days: dict[int, dt.date]) -> dict[int, int]:
    """Asks per user on that user's own local day, in one query."""
    rows = session.execute(
        select(Entry.user_id, Entry.local_date, func.sum(Entry.count))
        .where(
            among(session, Entry.user_id, days),
            among(session, Entry.local_date, set(days.values())),
            Entry.kind == Kind.ASK.value,
            Entry.deleted_at.is_(None),
        )
        .group_by(Entry.user_id, Entry.local_date)
    ).all()
    asks: dict[int, int] = defaultdict(int)
    for user_id, day, total in rows:
        if days[user_id] == day:
            asks[user_id] = int(total)
    return asks


def _claim_followups(
    session: Session, sendable: dict[int, tuple[Any, Slot]], now: dt.datetime
) -> list[Claimed]:
    """Asks to a named person still unanswered after the user's follow-up delay: once each."""
    waiting = {uid: v for uid, v in sendable.items() if v[0].followup_days > 0}
    if not waiting:
        return []
    rows = session.execute(
        select(Entry.id, Entry.user_id, Entry.who, Entry.local_date)
        .where(
            among(session, Entry.user_id, waiting),
            Entry.kind == Kind.ASK.value,
            Entry.who.is_not(None),
            Entry.answered_by_id.is_(None),
            Entry.deleted_at.is_(None),
            ~exists().where(
                and_(
                    Nudge.user_id == Entry.user_id,
                    Nudge.slot == literal(FOLLOWUP_PREFIX, String) + cast(Entry.id, String),
                )
            ),
        )
        .order_by(Entry.id)
    ).all()
    due: dict[int, list[PendingAsk]] = defaultdict(list)
    for entry_id, user_id, who, day in rows:
        row, slot = waiting[user_id]
        if (slot.day - day).days >= row.followup_days:
            due[user_id].append(PendingAsk(entry_id, who or "", day))
    keys = [
        (uid, ask.day, f"{FOLLOWUP_PREFIX}{ask.entry_id}")
        for uid, asks in due.items()
        for ask in asks
    ]
    claimed_ids = insert_nudges(session, keys, now)
    mine: dict[int, list[int]] = defaultdict(list)
    for (uid, _day, _label), nudge_id in claimed_ids.items():
        mine[uid].append(nudge_id)
    return [
        Claimed(uid, "followup", tuple(ids), waiting[uid][1], pending=tuple(due[uid]))
        for uid, ids in mine.items()
    ]
