"""Local-day maths across DST changes and far timezones; Pace, Tally and answer_rate."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import (
    DAY_ROLLOVER_HOUR,
    Kind,
    Pace,
    Tally,
    Targets,
    answer_rate,
    local_day,
    week_start,
)

ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Kiritimati",
        "Etc/GMT+12",
        "Asia/Kathmandu",
        "Australia/Lord_Howe",
    )
]
instants = st.datetimes(
    min_value=dt.datetime(1970, 1, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
    max_value=dt.datetime(2100, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)
zones = st.sampled_from(ZONES)
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
FAST = settings(max_examples=200, deadline=None)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


@FAST
@given(instants, zones, offsets)
def test_local_day_is_one_date_that_depends_only_on_the_instant(
    now: dt.datetime, tz: ZoneInfo, offset: dt.timezone
) -> None:
    day = local_day(now, tz)
    assert type(day) is dt.date
    assert local_day(now.astimezone(offset), tz) == day
    assert local_day(now, tz) == day


@FAST
@given(instants, zones, st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3)))
def test_local_day_never_goes_back_in_time(
    now: dt.datetime, tz: ZoneInfo, later: dt.timedelta
) -> None:
    assert local_day(now, tz) <= local_day(now + later, tz)


@FAST
@given(instants, zones)
def test_local_day_differs_from_the_calendar_date_only_before_0300(
    now: dt.datetime, tz: ZoneInfo
) -> None:
    local = now.astimezone(tz)
    day = local_day(now, tz)
    if local.hour >= DAY_ROLLOVER_HOUR:
        assert day == local.date()
    else:
        assert day == local.date() - dt.timedelta(days=1)


@FAST
@given(instants, zones)
def test_a_local_day_is_at_most_one_step_from_the_next_minute(
    now: dt.datetime, tz: ZoneInfo
) -> None:
    step = local_day(now + dt.timedelta(minutes=1), tz) - local_day(now, tz)
    assert step in (dt.timedelta(0), dt.timedelta(days=1))


def _minutes_per_day(start: dt.datetime, hours: int, tz: ZoneInfo) -> dict[dt.date, int]:
    counts: dict[dt.date, int] = {}
    previous: dt.date | None = None
    for minute in range(hours * 60):
        day = local_day(start + dt.timedelta(minutes=minute), tz)
        assert previous is None or day in (previous, previous + dt.timedelta(days=1))
        counts[day] = counts.get(day, 0) + 1
        previous = day
    return counts


@pytest.mark.parametrize(
    ("zone", "change", "short_or_long"),
    [
        # The day before the change runs from 03:00 to 03:00 across it: 23 or 25 hours.
        ("Europe/Berlin", dt.date(2026, 3, 29), 23),
        ("Europe/Berlin", dt.date(2026, 10, 25), 25),
        ("America/New_York", dt.date(2026, 3, 8), 23),
        ("America/New_York", dt.date(2026, 11, 1), 25),
    ],
)
def test_every_utc_minute_around_a_dst_change_maps_to_one_day(
    zone: str, change: dt.date, short_or_long: int
) -> None:
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(change - dt.timedelta(days=2), dt.time(), dt.UTC)
    counts = _minutes_per_day(start, 96, tz)
    before = change - dt.timedelta(days=1)
    assert counts[before] == short_or_long * 60
    assert counts[change] == 24 * 60
    assert counts[change - dt.timedelta(days=2)] == 24 * 60
    assert sorted(counts) == [change + dt.timedelta(days=n) for n in range(-3, 2)]


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        # Berlin spring forward (02:00 CET -> 03:00 CEST at 01:00 UTC).
        (utc(2026, 3, 29, 0, 59), "Europe/Berlin", dt.date(2026, 3, 28)),
        (utc(2026, 3, 29, 1, 0), "Europe/Berlin", dt.date(2026, 3, 29)),
        # Berlin fall back: 02:30 happens twice, both count for Saturday.
        (utc(2026, 10, 25, 0, 30), "Europe/Berlin", dt.date(2026, 10, 24)),
        (utc(2026, 10, 25, 1, 30), "Europe/Berlin", dt.date(2026, 10, 24)),
        (utc(2026, 10, 25, 2, 0), "Europe/Berlin", dt.date(2026, 10, 25)),
        # New York fall back: 01:30 EDT and 01:30 EST, then 03:00 EST.
        (utc(2026, 11, 1, 5, 30), "America/New_York", dt.date(2026, 10, 31)),
        (utc(2026, 11, 1, 6, 30), "America/New_York", dt.date(2026, 10, 31)),
        (utc(2026, 11, 1, 8, 0), "America/New_York", dt.date(2026, 11, 1)),
        # The same instant, 26 hours apart in wall time: two days apart.
        (utc(2026, 11, 26, 14, 0), "Pacific/Kiritimati", dt.date(2026, 11, 27)),
        (utc(2026, 11, 26, 14, 0), "Etc/GMT+12", dt.date(2026, 11, 25)),
        # Quarter-hour and half-hour offsets.
        (utc(2026, 11, 25, 21, 14), "Asia/Kathmandu", dt.date(2026, 11, 25)),  # 02:59
        (utc(2026, 11, 25, 21, 15), "Asia/Kathmandu", dt.date(2026, 11, 26)),  # 03:00
        (utc(2026, 11, 25, 15, 59), "Australia/Lord_Howe", dt.date(2026, 11, 25)),
        (utc(2026, 11, 25, 16, 0), "Australia/Lord_Howe", dt.date(2026, 11, 26)),
    ],
)
def test_local_day_examples(now: dt.datetime, zone: str, expected: dt.date) -> None:
    assert local_day(now, ZoneInfo(zone)) == expected


@FAST
@given(st.dates())
def test_week_start_is_the_monday_of_that_week(day: dt.date) -> None:
    monday = week_start(day)
    assert monday.weekday() == 0
    assert 0 <= (day - monday).days < 7


def test_pace() -> None:
    assert (Pace(3, 5).to_go, Pace(3, 5).on_target) == (2, False)
    assert (Pace(5, 5).to_go, Pace(5, 5).on_target) == (0, True)
    assert (Pace(8, 5).to_go, Pace(8, 5).on_target) == (0, True)
    assert (Pace(0, 0).to_go, Pace(0, 0).on_target) == (0, True)


@FAST
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_pace_adds_up(done: int, target: int) -> None:
    pace = Pace(done, target)
    assert pace.to_go >= 0
    assert pace.on_target == (pace.to_go == 0)
    assert min(done, target) + pace.to_go == target


def test_tally() -> None:
    tally = Tally.from_counts({Kind.ASK: 4, Kind.NO: 2, Kind.YES: 1})
    assert tally == Tally(asks=4, leads=0, nurtures=0, yeses=1, nos=2)
    assert [tally.of(kind) for kind in Kind] == [4, 0, 0, 1, 2]
    assert tally.answers == 3
    assert Tally().answers == 0


def test_targets() -> None:
    targets = Targets(asks=6, leads=2)
    assert targets.times(5) == Targets(30, 10, 0)
    assert [targets.for_kind(kind) for kind in Kind] == [6, 2, 0, 0, 0]
    assert Targets() == Targets(asks=5, leads=0, nurtures=0)


def test_answer_rate() -> None:
    assert answer_rate(0, 0) is None
    assert answer_rate(0, 3) is None
    assert answer_rate(10, 3) == pytest.approx(0.3)
    assert answer_rate(4, 4) == 1.0
    assert answer_rate(2, 5) == 1.0  # answers to asks logged before the bot, capped


@FAST
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_answer_rate_is_a_fraction(asks: int, answers: int) -> None:
    rate = answer_rate(asks, answers)
    if asks == 0:
        assert rate is None
    else:
        assert rate is not None
        assert 0.0 <= rate <= 1.0
