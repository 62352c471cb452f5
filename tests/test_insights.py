"""Tests for bot.core.insights: leak examples per code, streak examples, and properties."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import Kind, Tally, Targets
from bot.core.insights import (
    LEAK_WINDOW_DAYS,
    DayRecord,
    Leak,
    Streak,
    streaks,
    weakest_stage,
)

MONDAY = dt.date(2026, 11, 2)
CODES = {"not_enough_data", "volume_first", "ask", "lead", "nurture", "answer", "balanced"}
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
PROPERTY = settings(max_examples=200, deadline=None)
NOTHING = Tally()


def day(offset: int, tally: Tally = NOTHING, *, paused: bool = False) -> DayRecord:
    """A record `offset` days after MONDAY; Monday to Friday are workdays."""
    date = MONDAY + dt.timedelta(days=offset)
    return DayRecord(date, tally, workday=date.weekday() < 5, paused=paused)


def fortnight(*workday_tallies: Tally, weeks: int = 2) -> list[DayRecord]:
    """`weeks` weeks from MONDAY; workdays cycle through the tallies, weekends log nothing."""
    records = []
    for offset in range(7 * weeks):
        workday = offset % 7 < 5
        tally = workday_tallies[offset % len(workday_tallies)] if workday else Tally()
        records.append(day(offset, tally))
    return records


def later(records: Sequence[DayRecord], days: int) -> list[DayRecord]:
    shift = dt.timedelta(days=days)
    return [DayRecord(r.day + shift, r.tally, r.workday, r.paused) for r in records]


def assert_well_worded(leak: Leak) -> None:
    assert leak.code in CODES
    assert leak.headline.strip()
    assert leak.next_step.strip()
    assert leak.short.strip()
    assert len(leak.short) <= 80
    assert len(EMOJI.findall(leak.headline + leak.next_step + leak.short)) <= 1


ON_PACE = (
    Tally(asks=6, leads=6, nurtures=8, yeses=1, nos=3),
    Tally(asks=5, leads=5, nurtures=7, yeses=1, nos=2),
)

LEAK_CASES: list[tuple[str, list[DayRecord], Targets, str, Kind | None]] = [
    ("empty input", [], Targets(), "volume_first", None),
    ("two weeks of nothing", fortnight(Tally()), Targets(), "volume_first", None),
    (
        "nurturing, hardly asking",
        fortnight(Tally(asks=1, leads=3, nurtures=5), Tally(leads=2, nurtures=4)),
        Targets(),
        "ask",
        Kind.ASK,
    ),
    (
        "asking, no new leads",
        fortnight(
            Tally(asks=6, leads=1, nurtures=6, nos=3),
            Tally(asks=5, nurtures=7, yeses=1, nos=2),
        ),
        Targets(),
        "lead",
        Kind.LEAD,
    ),
    (
        "leads and asks, no follow-ups",
        fortnight(
            Tally(asks=5, leads=6, nurtures=1, yeses=1, nos=3),
            Tally(asks=6, leads=5, nos=4),
        ),
        Targets(),
        "nurture",
        Kind.NURTURE,
    ),
    (
        "many answers, all no",
        fortnight(
            Tally(asks=6, leads=6, nurtures=8, nos=5),
            Tally(asks=5, leads=5, nurtures=7, nos=4),
        ),
        Targets(),
        "answer",
        Kind.YES,
    ),
    ("everything on pace", fortnight(*ON_PACE), Targets(), "balanced", None),
    (
        "user targets: touches behind",
        fortnight(Tally(asks=3, leads=2, nurtures=1, yeses=1, nos=2)),
        Targets(asks=3, leads=2, nurtures=4),
        "nurture",
        Kind.NURTURE,
    ),
    (
        "no ask target: asks judged against leads and touches",
        fortnight(Tally(leads=3, nurtures=4), Tally(asks=1, leads=3, nurtures=4)),
        Targets(asks=0),
        "ask",
        Kind.ASK,
    ),
    (
        "a paused week does not count against the pace",
        [*fortnight(*ON_PACE, weeks=1), *(day(7 + i, paused=True) for i in range(7))],
        Targets(),
        "balanced",
        None,
    ),
    (
        "gaps on workdays count as days with nothing asked",
        [day(0, Tally(asks=10, leads=20, nurtures=20)), day(7, Tally(asks=10, leads=20))],
        Targets(),
        "ask",
        Kind.ASK,
    ),
    (
        "only the last two weeks count",
        [*fortnight(Tally(leads=5, nurtures=5), weeks=1), *later(fortnight(*ON_PACE), 7)],
        Targets(),
        "balanced",
        None,
    ),
    (
        "tie between ask and lead: the ask",
        fortnight(Tally(asks=5, leads=5, nurtures=10)),
        Targets(asks=10, leads=10),
        "ask",
        Kind.ASK,
    ),
    (
        "tie between lead and nurture: cycle order",
        fortnight(Tally(asks=5, leads=2, nurtures=2)),
        Targets(asks=5, leads=5, nurtures=5),
        "lead",
        Kind.LEAD,
    ),
    (
        "three-way tie: the ask",
        fortnight(Tally(asks=1, leads=1, nurtures=1)),
        Targets(asks=5, leads=5, nurtures=5),
        "ask",
        Kind.ASK,
    ),
    (
        "two workdays are too few",
        [day(0, Tally(asks=20, leads=20, nurtures=20)), day(1, Tally(leads=9))],
        Targets(),
        "not_enough_data",
        None,
    ),
    (
        "four actions are too few for a ratio",
        [day(0, Tally(asks=1, leads=1)), day(1, Tally(asks=1)), day(2, Tally(asks=1))],
        Targets(asks=1),
        "not_enough_data",
        None,
    ),
    (
        "an ask shortfall needs no minimum sample",
        [day(0), day(1, Tally(nos=1)), day(2)],
        Targets(),
        "ask",
        Kind.ASK,
    ),
    (
        "all paused: nothing to judge",
        [day(i, Tally(asks=9, leads=9, nurtures=9), paused=True) for i in range(14)],
        Targets(),
        "not_enough_data",
        None,
    ),
]


@pytest.mark.parametrize(
    ("records", "targets", "code", "stage"),
    [pytest.param(*case[1:], id=case[0]) for case in LEAK_CASES],
)
def test_weakest_stage(
    records: list[DayRecord], targets: Targets, code: str, stage: Kind | None
) -> None:
    leak = weakest_stage(records, targets)
    assert (leak.code, leak.stage) == (code, stage)
    assert_well_worded(leak)
    assert weakest_stage(records[::-1], targets) == leak


def test_every_leak_code_has_an_example() -> None:
    assert {case[3] for case in LEAK_CASES} == CODES


def test_ask_leak_says_what_to_do() -> None:
    leak = weakest_stage(fortnight(Tally(leads=3, nurtures=5)), Targets())
    assert "never get asked" in leak.headline
    assert "3 warmest" in leak.next_step


ON, OFF = Tally(asks=5), Tally(asks=1)


@pytest.mark.parametrize(
    ("records", "today", "expected"),
    [
        pytest.param([], MONDAY, Streak(0, 0), id="empty"),
        pytest.param(
            [day(i, ON) for i in range(5)] + [day(7, ON), day(8, ON)],
            MONDAY + dt.timedelta(days=8),
            Streak(7, 7),
            id="weekend gap does not break",
        ),
        pytest.param(
            [day(i, ON if i % 7 < 5 else OFF) for i in range(9)],
            MONDAY + dt.timedelta(days=8),
            Streak(7, 7),
            id="weekend below target does not break or extend",
        ),
        pytest.param(
            [day(i, ON) for i in range(5)]
            + [day(i, paused=True) for i in range(7, 14)]
            + [day(i, ON) for i in range(14, 19)],
            MONDAY + dt.timedelta(days=18),
            Streak(10, 10),
            id="paused week does not break",
        ),
        pytest.param(
            [day(0, ON), day(1, ON), day(2, OFF), day(3, ON), day(4, ON)],
            MONDAY + dt.timedelta(days=4),
            Streak(2, 2),
            id="workday below target breaks",
        ),
        pytest.param(
            [day(0, ON), day(1, ON), day(3, ON), day(4, ON)],
            MONDAY + dt.timedelta(days=4),
            Streak(2, 2),
            id="missing workday breaks",
        ),
        pytest.param(
            [day(i, ON) for i in range(4)] + [day(4, OFF)],
            MONDAY + dt.timedelta(days=4),
            Streak(4, 4),
            id="today open below target",
        ),
        pytest.param(
            [day(i, ON) for i in range(4)],
            MONDAY + dt.timedelta(days=4),
            Streak(4, 4),
            id="today open with nothing logged",
        ),
        pytest.param(
            [day(i, ON) for i in range(5)],
            MONDAY + dt.timedelta(days=4),
            Streak(5, 5),
            id="today on target extends",
        ),
        pytest.param(
            [day(i, ON) for i in range(4)],
            MONDAY + dt.timedelta(days=7),
            Streak(0, 4),
            id="a whole missed workday breaks the run",
        ),
        pytest.param(
            [day(i, ON) for i in range(5)] + [day(7, OFF), day(8, ON), day(9, ON)],
            MONDAY + dt.timedelta(days=9),
            Streak(2, 5),
            id="best outlives a break",
        ),
        pytest.param(
            [day(i, ON) for i in range(3)] + [day(i, ON) for i in range(3, 10)],
            MONDAY + dt.timedelta(days=2),
            Streak(3, 3),
            id="days after today are ignored",
        ),
        pytest.param(
            [DayRecord(MONDAY + dt.timedelta(days=i), ON, i in (0, 2, 4), False) for i in range(7)]
            + [day(7, ON), day(9, ON), day(11, ON)],
            MONDAY + dt.timedelta(days=11),
            Streak(6, 6),
            id="Mon/Wed/Fri worker: Tue and Thu gaps are days off",
        ),
    ],
)
def test_streaks(records: list[DayRecord], today: dt.date, expected: Streak) -> None:
    assert streaks(records, 5, today) == expected
    assert streaks(records[::-1], 5, today) == expected


def test_no_ask_target_no_streak() -> None:
    records = [day(i, ON) for i in range(5)]
    assert streaks(records, 0, MONDAY + dt.timedelta(days=4)) == Streak(0, 0)
    assert streaks(records, -1, MONDAY + dt.timedelta(days=4)) == Streak(0, 0)


counts = st.integers(0, 1000)
tallies = st.builds(Tally, asks=counts, leads=counts, nurtures=counts, yeses=counts, nos=counts)
small_tallies = st.builds(
    Tally,
    asks=st.integers(0, 12),
    leads=st.integers(0, 12),
    nurtures=st.integers(0, 12),
    yeses=st.integers(0, 6),
    nos=st.integers(0, 12),
)
sparse_tallies = st.sampled_from(
    [Tally(), Tally(), Tally(asks=1), Tally(leads=1), Tally(nurtures=1), Tally(nos=1)]
)
"""Days with at most one entry: thin histories, where the data gates decide."""
dates = st.dates(MONDAY, MONDAY + dt.timedelta(days=40))
fortnight_dates = st.dates(MONDAY, MONDAY + dt.timedelta(days=LEAK_WINDOW_DAYS - 1))
"""Dates inside one leak window, so every added ask is counted."""
target = st.sampled_from([0, 0, 1, 5]) | st.integers(0, 50)
"""Often 0 (no target: the default ratios decide) or a small, common target."""
targets = st.builds(Targets, asks=target, leads=target, nurtures=target)


def records_of(
    tally: st.SearchStrategy[Tally], days: st.SearchStrategy[dt.date] = dates
) -> st.SearchStrategy[list[DayRecord]]:
    """Any dates, in any order, with gaps and duplicates; any workday and pause flags."""
    record = st.builds(
        DayRecord, day=days, tally=tally, workday=st.booleans(), paused=st.booleans()
    )
    return st.lists(record, max_size=30)


def from_monday(tallies: Sequence[Tally]) -> list[DayRecord]:
    return [day(offset, tally) for offset, tally in enumerate(tallies)]


window_histories = st.one_of(
    records_of(small_tallies, fortnight_dates),
    records_of(sparse_tallies, fortnight_dates),
    st.lists(small_tallies, min_size=1, max_size=14).map(from_monday),
    st.lists(sparse_tallies, min_size=1, max_size=14).map(from_monday),
)
"""Histories within one leak window: dense or thin, odd flags and gaps or plain weeks."""


def with_more_asks(records: Sequence[DayRecord], index: int, more: int) -> list[DayRecord]:
    changed = list(records)
    old = changed[index]
    tally = Tally(
        old.tally.asks + more, old.tally.leads, old.tally.nurtures, old.tally.yeses, old.tally.nos
    )
    changed[index] = DayRecord(old.day, tally, old.workday, old.paused)
    return changed


@PROPERTY
@given(st.one_of(records_of(tallies), records_of(small_tallies)), targets)
def test_weakest_stage_never_raises(records: list[DayRecord], targets: Targets) -> None:
    assert_well_worded(weakest_stage(records, targets))


@PROPERTY
@given(window_histories, targets, st.data())
def test_more_asks_never_make_the_ask_the_leak(
    records: list[DayRecord], targets: Targets, data: st.DataObject
) -> None:
    """Asks are added a few at a time; once the leak is not the ask, it never becomes it."""
    if not records:
        records = [DayRecord(MONDAY, Tally(), True, False)]
    steps = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(records) - 1), st.integers(1, 3) | st.integers(1, 40)),
            max_size=25,
        )
    )
    codes = [weakest_stage(records, targets).code]
    for index, more in steps:
        records = with_more_asks(records, index, more)
        codes.append(weakest_stage(records, targets).code)
    first_other = next((i for i, code in enumerate(codes) if code != "ask"), len(codes))
    assert "ask" not in codes[first_other:], codes


@pytest.mark.parametrize(
    "targets", [Targets(), Targets(asks=1), Targets(asks=0), Targets(asks=5, leads=1, nurtures=1)]
)
def test_more_asks_never_make_the_ask_the_leak_near_the_gates(targets: Targets) -> None:
    """Every small history of 2 to 5 workdays, where the data gates decide, one ask added."""
    for workdays, leads, nurtures, nos, asks in itertools.product(
        range(2, 6), range(4), range(4), range(3), range(6)
    ):
        first = Tally(asks=asks, leads=leads, nurtures=nurtures, nos=nos)
        rest = [day(offset) for offset in range(1, workdays)]
        before = weakest_stage([day(0, first), *rest], targets)
        after = weakest_stage([*with_more_asks([day(0, first)], 0, 1), *rest], targets)
        assert before.code == "ask" or after.code != "ask", (before, after, first, workdays)


plain_days = st.tuples(st.integers(0, 8), st.booleans(), st.booleans())
"""(asks, workday, paused) for one day of a consecutive history."""


def consecutive(days: Sequence[tuple[int, bool, bool]]) -> list[DayRecord]:
    return [
        DayRecord(MONDAY + dt.timedelta(days=i), Tally(asks=asks), workday, paused)
        for i, (asks, workday, paused) in enumerate(days)
    ]


@PROPERTY
@given(
    st.lists(plain_days, min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8), st.booleans()), max_size=10),
    st.integers(1, 6),
)
def test_paused_days_never_break_a_streak(
    days: list[tuple[int, bool, bool]],
    inserts: list[tuple[int, int, bool]],
    ask_target: int,
) -> None:
    today = MONDAY + dt.timedelta(days=len(days) - 1)
    expected = streaks(consecutive(days), ask_target, today)
    longer = [(plain, False) for plain in days]
    for position, asks, workday in inserts:
        longer.insert(min(position, len(longer)), ((asks, workday, True), True))
    last_original = max(i for i, (_, inserted) in enumerate(longer) if not inserted)
    shifted_today = MONDAY + dt.timedelta(days=last_original)
    assert (
        streaks(consecutive([plain for plain, _ in longer]), ask_target, shifted_today) == expected
    )


@PROPERTY
@given(records_of(small_tallies), st.integers(-2, 12), dates)
def test_best_at_least_current(records: list[DayRecord], ask_target: int, today: dt.date) -> None:
    streak = streaks(records, ask_target, today)
    assert streak.best >= streak.current >= 0
    assert streaks(records[::-1], ask_target, today) == streak
