"""When the next nudge is due: pure maths over timezone, workdays, reminder times, pause, snooze.

A *slot* is one reminder time on one local calendar day. Its instant is computed with the
zone's rules: a time that does not exist (spring forward) maps to the moment after the gap,
a time that exists twice (fall back) to its first occurrence — so every slot fires once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

GRACE = dt.timedelta(hours=2)
"""A nudge missed while the bot was down is still sent up to this long after its time."""

LATE = dt.timedelta(minutes=5)
"""A nudge sent more than this after its time is a catch-up: never sent at night."""

QUIET_FROM, QUIET_UNTIL = dt.time(22, 0), dt.time(7, 0)
"""Local night: catch-up nudges are dropped rather than sent in it."""

HORIZON_DAYS = 9
"""Days searched for the next slot: the day before (a zone's date may lag UTC), a full week."""
DEFAULT_TIMES = (dt.time(15, 0),)
DEFAULT_WORKDAYS = frozenset(range(5))


@dataclass(frozen=True)
class Plan:
    """A user's nudge settings, as plain values."""

    tz: ZoneInfo
    workdays: frozenset[int]
    times: tuple[dt.time, ...]
    paused_until: dt.date | None = None
    """First local day nudges resume (None: not paused)."""
    snoozed_until: dt.datetime | None = None


@dataclass(frozen=True, order=True)
class Slot:
    at: dt.datetime
    """The instant, aware UTC."""
    day: dt.date
    """The local calendar day the reminder belongs to."""
    label: str
    """The reminder time as HH:MM; with `day` it names the slot uniquely."""


def slot_instant(day: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=tz).astimezone(dt.UTC)


def _slots_from(plan: Plan, first_day: dt.date) -> Iterator[Slot]:
    start = max(first_day, plan.paused_until or first_day)
    for offset in range(HORIZON_DAYS):
        day = start + dt.timedelta(days=offset)
        if day.weekday() not in plan.workdays:
            continue
        # Sorted by instant, not by label: a time in a spring-forward gap moves past later ones.
        yield from sorted(
            Slot(slot_instant(day, at, plan.tz), day, at.strftime("%H:%M")) for at in plan.times
        )


def next_slot(plan: Plan, after: dt.datetime) -> Slot | None:
    """The first slot strictly after `after` that is not paused or snoozed."""
    if not plan.times or not plan.workdays:
        return None
    not_before = max(after, plan.snoozed_until or after)
    first_day = not_before.astimezone(plan.tz).date() - dt.timedelta(days=1)
    for slot in _slots_from(plan, first_day):
        if slot.at > after and slot.at >= not_before:
            return slot
    return None


def latest_due(plan: Plan, since: dt.datetime, now: dt.datetime) -> Slot | None:
    """The latest slot with since <= at <= now (the one a tick should consider sending)."""
    latest = None
    slot = next_slot(plan, since - dt.timedelta(microseconds=1))
    while slot is not None and slot.at <= now:
        latest = slot
        slot = next_slot(plan, slot.at)
    return latest


def worth_sending(slot: Slot, now: dt.datetime, tz: ZoneInfo) -> bool:
    """On time, or a catch-up within the grace window and not at local night."""
    late_by = now - slot.at
    if late_by <= LATE:
        return True
    local = now.astimezone(tz).time()
    at_night = local >= QUIET_FROM or local < QUIET_UNTIL
    return late_by <= GRACE and not at_night


def times_from_text(text: str) -> tuple[dt.time, ...]:
    """Stored form "10:00,15:00" back to times."""
    return tuple(dt.time.fromisoformat(part) for part in text.split(",") if part)


def times_to_text(times: tuple[dt.time, ...]) -> str:
    return ",".join(at.strftime("%H:%M") for at in sorted(set(times)))


def next_weekly(weekday: int, at: dt.time, tz: ZoneInfo, after: dt.datetime) -> Slot:
    """The first weekly instant (local `weekday` at `at`) strictly after `after`."""
    day = after.astimezone(tz).date() - dt.timedelta(days=1)
    while True:
        if day.weekday() == weekday:
            instant = slot_instant(day, at, tz)
            if instant > after:
                return Slot(instant, day, at.strftime("%H:%M"))
        day += dt.timedelta(days=1)
