"""The slot maths of bot/core/schedule.py: workdays, pause, snooze, DST and far-off zones."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.schedule import (
    DEFAULT_TIMES,
    DEFAULT_WORKDAYS,
    Plan,
    Slot,
    latest_due,
    next_slot,
    slot_instant,
    worth_sending,
)

UTC_ZONE = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
EVERY_DAY = frozenset(range(7))
THURSDAY = dt.date(2026, 11, 26)

ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/St_Johns",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "Asia/Kolkata",
    "Asia/Tehran",
    "Africa/Casablanca",
)
DST_CHANGES = tuple(
    dt.datetime(year, month, day, tzinfo=dt.UTC)
    for year, month, day in (
        (2026, 3, 8),
        (2026, 3, 29),
        (2026, 4, 5),
        (2026, 10, 4),
        (2026, 10, 25),
        (2026, 11, 1),
        (2027, 3, 14),
        (2027, 3, 28),
        (2027, 10, 31),
        (2027, 11, 7),
        (2028, 3, 26),
        (2028, 10, 29),
    )
)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)


def default_plan(**changes: Any) -> Plan:
    """15:00 UTC on Monday to Friday, with `changes`."""
    plan = Plan(tz=UTC_ZONE, workdays=DEFAULT_WORKDAYS, times=DEFAULT_TIMES)
    return dataclasses.replace(plan, **changes)


def slots_between(plan: Plan, start: dt.datetime, end: dt.datetime) -> list[Slot]:
    """Every slot after `start` up to `end`, by asking next_slot again and again."""
    found: list[Slot] = []
    slot = next_slot(plan, start)
    while slot is not None and slot.at <= end:
        found.append(slot)
        slot = next_slot(plan, slot.at)
    return found


# --- workdays, pause, snooze -------------------------------------------------------------


def test_default_plan_nudges_at_15_00_monday_to_friday() -> None:
    plan = default_plan()
    assert (dt.time(15, 0),) == DEFAULT_TIMES
    assert frozenset(range(5)) == DEFAULT_WORKDAYS
    slots = slots_between(plan, utc(2026, 11, 26, 12), utc(2026, 12, 4, 23))
    assert [(s.at, s.day, s.label) for s in slots] == [
        (utc(2026, 11, day, 15), dt.date(2026, 11, day), "15:00") for day in (26, 27, 30)
    ] + [(utc(2026, 12, day, 15), dt.date(2026, 12, day), "15:00") for day in (1, 2, 3, 4)]


def test_next_slot_is_strictly_after_the_given_instant() -> None:
    plan = default_plan()
    assert next_slot(plan, utc(2026, 11, 26, 14, 59)) == Slot(
        utc(2026, 11, 26, 15), THURSDAY, "15:00"
    )
    at_slot = next_slot(plan, utc(2026, 11, 26, 15))
    assert at_slot is not None
    assert at_slot.day == dt.date(2026, 11, 27)


def test_next_slot_skips_the_weekend() -> None:
    slot = next_slot(default_plan(), utc(2026, 11, 27, 15, 0, 1))  # Friday, just after
    assert slot == Slot(utc(2026, 11, 30, 15), dt.date(2026, 11, 30), "15:00")  # Monday


def test_next_slot_skips_paused_days() -> None:
    paused = default_plan(paused_until=dt.date(2026, 12, 2))
    slot = next_slot(paused, utc(2026, 11, 26, 12))
    assert slot == Slot(utc(2026, 12, 2, 15), dt.date(2026, 12, 2), "15:00")
    until_saturday = default_plan(paused_until=dt.date(2026, 11, 28))
    slot = next_slot(until_saturday, utc(2026, 11, 26, 12))
    assert slot is not None
    assert slot.day == dt.date(2026, 11, 30)


def test_next_slot_skips_snoozed_times() -> None:
    times = (dt.time(10, 0), dt.time(15, 0), dt.time(17, 30))
    plan = default_plan(times=times, snoozed_until=utc(2026, 11, 26, 16))
    slot = next_slot(plan, utc(2026, 11, 26, 14))
    assert slot == Slot(utc(2026, 11, 26, 17, 30), THURSDAY, "17:30")
    ends_on_the_slot = default_plan(snoozed_until=utc(2026, 11, 26, 15))
    assert next_slot(ends_on_the_slot, utc(2026, 11, 26, 14)) == Slot(
        utc(2026, 11, 26, 15), THURSDAY, "15:00"
    )
    past_snooze = default_plan(snoozed_until=utc(2026, 11, 26, 9))
    assert next_slot(past_snooze, utc(2026, 11, 26, 14)) == Slot(
        utc(2026, 11, 26, 15), THURSDAY, "15:00"
    )


def test_snooze_past_the_last_slot_of_the_day_moves_to_the_next_workday() -> None:
    plan = default_plan(snoozed_until=utc(2026, 11, 27, 16))  # Friday 16:00
    slot = next_slot(plan, utc(2026, 11, 27, 14))
    assert slot == Slot(utc(2026, 11, 30, 15), dt.date(2026, 11, 30), "15:00")


def test_a_long_snooze_still_has_a_next_slot() -> None:
    """/snooze accepts up to 365 days; nudges resume on the first slot after it."""
    plan = default_plan(snoozed_until=utc(2026, 12, 6, 12))  # 10 days, a Sunday
    slot = next_slot(plan, utc(2026, 11, 26, 12))
    assert slot == Slot(utc(2026, 12, 7, 15), dt.date(2026, 12, 7), "15:00")


def test_a_single_workday_repeats_every_week() -> None:
    mondays = default_plan(workdays=frozenset({0}))
    slots = slots_between(mondays, utc(2026, 11, 26, 12), utc(2026, 12, 22))
    assert [s.day for s in slots] == [
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 14),
        dt.date(2026, 12, 21),
    ]


def test_no_times_or_no_workdays_means_no_slot() -> None:
    assert next_slot(default_plan(times=()), utc(2026, 11, 26, 12)) is None
    assert next_slot(default_plan(workdays=frozenset()), utc(2026, 11, 26, 12)) is None


# --- daylight saving time ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "time"),
    [
        pytest.param(BERLIN, dt.date(2027, 3, 28), dt.time(2, 30), id="berlin-spring-forward"),
        pytest.param(BERLIN, dt.date(2026, 10, 25), dt.time(2, 30), id="berlin-fall-back"),
        pytest.param(NEW_YORK, dt.date(2027, 3, 14), dt.time(2, 30), id="new-york-spring"),
        pytest.param(NEW_YORK, dt.date(2026, 11, 1), dt.time(1, 30), id="new-york-fall-back"),
    ],
)
def test_a_reminder_in_the_dst_hour_fires_once_that_day(
    zone: ZoneInfo, day: dt.date, time: dt.time
) -> None:
    plan = Plan(tz=zone, workdays=EVERY_DAY, times=(time,))
    start = dt.datetime.combine(day - dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC)
    slots = slots_between(plan, start, start + dt.timedelta(days=4))
    per_day = [sum(1 for s in slots if s.day == day + dt.timedelta(days=n)) for n in (-1, 0, 1)]
    assert per_day == [1, 1, 1]
    [slot] = [s for s in slots if s.day == day]
    assert slot.label == f"{time:%H:%M}"
    assert slot.at.astimezone(zone).date() == day


def test_spring_forward_gap_time_maps_to_just_after_the_gap() -> None:
    at = slot_instant(dt.date(2027, 3, 28), dt.time(2, 30), BERLIN)
    assert utc(2027, 3, 28, 1) <= at <= utc(2027, 3, 28, 1, 30)  # 03:00–03:30 CEST
    at = slot_instant(dt.date(2027, 3, 14), dt.time(2, 30), NEW_YORK)
    assert utc(2027, 3, 14, 7) <= at <= utc(2027, 3, 14, 7, 30)  # 03:00–03:30 EDT


def test_fall_back_repeated_time_fires_at_its_first_occurrence() -> None:
    assert slot_instant(dt.date(2026, 10, 25), dt.time(2, 30), BERLIN) == utc(2026, 10, 25, 0, 30)
    assert slot_instant(dt.date(2026, 11, 1), dt.time(1, 30), NEW_YORK) == utc(2026, 11, 1, 5, 30)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        pytest.param(BERLIN, dt.date(2027, 3, 28), id="berlin"),
        pytest.param(NEW_YORK, dt.date(2027, 3, 14), id="new-york"),
    ],
)
def test_every_reminder_time_fires_on_the_spring_forward_day(zone: ZoneInfo, day: dt.date) -> None:
    """02:30 falls in the gap (so lands after 03:00) while 03:15 is an ordinary time."""
    plan = Plan(tz=zone, workdays=EVERY_DAY, times=(dt.time(2, 30), dt.time(3, 15)))
    start = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)
    slots = slots_between(plan, start, start + dt.timedelta(days=2))
    assert sorted(s.label for s in slots if s.day == day) == ["02:30", "03:15"]


# --- zones far from UTC ------------------------------------------------------------------


def test_kiritimati_slot_is_at_0100_utc_on_its_own_local_day() -> None:
    plan = default_plan(tz=ZoneInfo("Pacific/Kiritimati"))  # UTC+14
    # Thursday 12:00 UTC is Friday 02:00 there: the next slot is Friday 15:00 local.
    slot = next_slot(plan, utc(2026, 11, 26, 12))
    assert slot == Slot(utc(2026, 11, 27, 1), dt.date(2026, 11, 27), "15:00")
    # Friday 15:00 local is done by Friday 02:00 UTC: Saturday and Sunday are skipped.
    slot = next_slot(plan, utc(2026, 11, 27, 2))
    assert slot == Slot(utc(2026, 11, 30, 1), dt.date(2026, 11, 30), "15:00")


def test_gmt_minus_12_slot_is_at_0300_utc_the_next_utc_day() -> None:
    plan = default_plan(tz=ZoneInfo("Etc/GMT+12"))  # UTC−12
    # Thursday 12:00 UTC is Thursday 00:00 there: the next slot is Thursday 15:00 local.
    slot = next_slot(plan, utc(2026, 11, 26, 12))
    assert slot == Slot(utc(2026, 11, 27, 3), THURSDAY, "15:00")
    # Friday 15:00 local is Saturday 03:00 UTC, and still a workday slot.
    slot = next_slot(plan, utc(2026, 11, 27, 3))
    assert slot == Slot(utc(2026, 11, 28, 3), dt.date(2026, 11, 27), "15:00")


# --- catching up: latest_due and worth_sending --------------------------------------------


@pytest.mark.parametrize(
    ("reminder", "now", "sent"),
    [
        pytest.param(dt.time(15), utc(2026, 11, 26, 15, 0, 30), True, id="on-time"),
        pytest.param(dt.time(15), utc(2026, 11, 26, 16), True, id="1h-late-afternoon"),
        pytest.param(dt.time(15), utc(2026, 11, 26, 18), False, id="3h-late"),
        pytest.param(dt.time(21, 30), utc(2026, 11, 26, 22, 30), False, id="1h-late-at-night"),
        pytest.param(dt.time(2, 30), utc(2026, 11, 26, 2, 30, 30), True, id="on-time-at-night"),
    ],
)
def test_latest_due_and_worth_sending(reminder: dt.time, now: dt.datetime, sent: bool) -> None:
    plan = default_plan(times=(reminder,))
    scheduled = dt.datetime.combine(THURSDAY, reminder, tzinfo=dt.UTC)
    slot = latest_due(plan, scheduled, now)
    assert slot == Slot(scheduled, THURSDAY, f"{reminder:%H:%M}")
    assert worth_sending(slot, now, plan.tz) is sent


def test_late_by_local_night_uses_the_users_zone() -> None:
    plan = default_plan(tz=BERLIN)  # 15:00 CET is 14:00 UTC
    slot = latest_due(plan, utc(2026, 11, 26, 14), utc(2026, 11, 26, 15))
    assert slot == Slot(utc(2026, 11, 26, 14), THURSDAY, "15:00")
    assert worth_sending(slot, utc(2026, 11, 26, 15), BERLIN)
    late_evening = default_plan(tz=BERLIN, times=(dt.time(21, 30),))
    slot = latest_due(late_evening, utc(2026, 11, 26, 20, 30), utc(2026, 11, 26, 21, 15))
    assert slot is not None
    assert not worth_sending(slot, utc(2026, 11, 26, 21, 15), BERLIN)  # 22:15 in Berlin


def test_latest_due_picks_the_latest_of_several_missed_slots() -> None:
    plan = default_plan(times=(dt.time(10), dt.time(13), dt.time(15)))
    slot = latest_due(plan, utc(2026, 11, 26, 10), utc(2026, 11, 26, 14))
    assert slot == Slot(utc(2026, 11, 26, 13), THURSDAY, "13:00")
    assert latest_due(plan, utc(2026, 11, 26, 15, 1), utc(2026, 11, 26, 16)) is None


# --- properties --------------------------------------------------------------------------

minutes = st.one_of(
    st.builds(dt.time, st.integers(0, 23), st.integers(0, 59)),
    st.builds(dt.time, st.integers(0, 3), st.sampled_from((0, 15, 30, 45))),  # DST hours
)
reminder_times = st.lists(minutes, min_size=1, max_size=4, unique=True).map(
    lambda times: tuple(sorted(times))
)
workday_sets = st.frozensets(st.integers(0, 6), min_size=1)
any_instant = st.datetimes(
    min_value=dt.datetime(2026, 1, 1),  # noqa: DTZ001 (hypothesis wants naive bounds)
    max_value=dt.datetime(2028, 12, 31, 23, 59),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)
near_dst_change = st.tuples(st.sampled_from(DST_CHANGES), st.integers(-3 * 86400, 3 * 86400)).map(
    lambda pair: pair[0] + dt.timedelta(seconds=pair[1])
)
starts = st.one_of(any_instant, near_dst_change)


def _dst_change_days(zone: ZoneInfo) -> list[dt.date]:
    """Local days in 2026–2028 on which the zone's UTC offset changes."""
    first, days = dt.date(2026, 1, 1), []
    for offset in range(3 * 366):
        day = first + dt.timedelta(days=offset)
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
        if midnight.utcoffset() != (midnight + dt.timedelta(days=1)).utcoffset():
            days.append(day)
    return days


DST_DAYS = [
    (name, day) for name in ZONES for day in _dst_change_days(ZoneInfo(name)) if day.year < 2029
]


@st.composite
def plans(
    draw: st.DrawFn, *, snooze_days: int = 2, min_workdays: int = 1
) -> tuple[Plan, dt.datetime]:
    start = draw(starts)
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    paused_until = draw(
        st.none() | st.integers(-3, 10).map(lambda n: start.date() + dt.timedelta(days=n))
    )
    snoozed_until = draw(
        st.none()
        | st.integers(-3600, snooze_days * 86400).map(lambda s: start + dt.timedelta(seconds=s))
    )
    plan = Plan(
        tz=zone,
        workdays=draw(st.frozensets(st.integers(0, 6), min_size=min_workdays)),
        times=draw(reminder_times),
        paused_until=paused_until,
        snoozed_until=snoozed_until,
    )
    return plan, start


@given(plans())
def test_successive_slots_increase_and_respect_workdays_and_pause(
    case: tuple[Plan, dt.datetime],
) -> None:
    plan, start = case
    seen: set[tuple[dt.date, str]] = set()
    after = start
    for _ in range(30):
        slot = next_slot(plan, after)
        if slot is None:
            break
        assert slot.at > after
        assert (slot.day, slot.label) not in seen
        seen.add((slot.day, slot.label))
        assert slot.day.weekday() in plan.workdays
        assert plan.paused_until is None or slot.day >= plan.paused_until
        assert plan.snoozed_until is None or slot.at >= plan.snoozed_until
        assert slot.at.tzinfo is not None
        after = slot.at


@given(plans(snooze_days=30))
def test_there_is_always_a_next_slot(case: tuple[Plan, dt.datetime]) -> None:
    """Non-empty times and workdays: the schedule never runs dry (next_nudge_at stays set)."""
    plan, start = case
    after = start
    for _ in range(10):
        slot = next_slot(plan, after)
        assert slot is not None
        after = slot.at


@given(plans(snooze_days=0, min_workdays=2))
def test_no_slot_is_skipped(case: tuple[Plan, dt.datetime]) -> None:
    """Following next_slot for ten days reaches every reminder instant of the (workday, time)
    pairs in that window exactly once. Two times that land on one instant (one in a
    spring-forward gap and the time right after it, e.g. 02:00 and 03:00 in Berlin) are one
    nudge: the schedule is a sequence of instants."""
    plan, start = case
    end = start + dt.timedelta(days=10)
    got = [s.at for s in slots_between(plan, start, end)]
    first = start.astimezone(plan.tz).date() - dt.timedelta(days=1)
    expected = set()
    for offset in range(14):
        day = first + dt.timedelta(days=offset)
        if day.weekday() not in plan.workdays or day < (plan.paused_until or day):
            continue
        for time in plan.times:
            at = slot_instant(day, time, plan.tz)
            if start < at <= end and (plan.snoozed_until is None or at >= plan.snoozed_until):
                expected.add(at)
    assert len(got) == len(set(got))
    assert set(got) == expected


@settings(max_examples=400)
@given(st.sampled_from(DST_DAYS), reminder_times)
def test_no_slot_is_skipped_or_repeated_around_a_dst_change(
    change: tuple[str, dt.date], times: tuple[dt.time, ...]
) -> None:
    """Around a clock change every reminder instant is reached, and no slot comes twice.

    Two times may land on one instant (02:00 in a 02:00–03:00 gap is 03:00): one nudge then."""
    name, change_day = change
    plan = Plan(tz=ZoneInfo(name), workdays=EVERY_DAY, times=times)
    start = dt.datetime.combine(change_day - dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC)
    end = start + dt.timedelta(days=4)
    slots = slots_between(plan, start, end)
    assert len({(s.day, s.label) for s in slots}) == len(slots)
    expected = {
        slot_instant(day, time, plan.tz)
        for day in (change_day + dt.timedelta(days=n) for n in range(-3, 4))
        for time in times
    }
    assert [s.at for s in slots] == sorted(at for at in expected if start < at <= end)
