"""Capacity in the pure core: when a seller is full, and what the leak detector says then."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import Tally, Targets, at_capacity
from bot.core.insights import DayRecord, weakest_stage

PROPERTY = settings(max_examples=300, deadline=None)
MONDAY = dt.date(2026, 11, 2)
COUNT = st.integers(min_value=0, max_value=30)
DAYS = st.lists(
    st.builds(
        lambda offset, tally, paused: DayRecord(
            MONDAY + dt.timedelta(days=offset),
            tally,
            workday=(MONDAY + dt.timedelta(days=offset)).weekday() < 5,
            paused=paused,
        ),
        st.integers(min_value=0, max_value=20),
        st.builds(Tally, COUNT, COUNT, COUNT, COUNT, COUNT),
        st.booleans(),
    ),
    max_size=20,
)
TARGETS = st.builds(
    Targets,
    st.integers(min_value=1, max_value=20),
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=0, max_value=20),
)


def test_at_capacity_when_this_weeks_yeses_reach_it() -> None:
    assert at_capacity(4, 4)
    assert at_capacity(5, 4)
    assert not at_capacity(3, 4)
    assert not at_capacity(100, None)


def test_at_capacity_the_lead_leak_becomes_the_capacity_note() -> None:
    week = [
        DayRecord(MONDAY + dt.timedelta(days=d), Tally(asks=6, nurtures=6), True, False)
        for d in range(4)
    ]
    assert weakest_stage(week, Targets()).code == "lead"
    assert weakest_stage(week, Targets(), at_capacity=True).code == "capacity"


@PROPERTY
@given(DAYS, TARGETS)
def test_at_capacity_the_leak_never_asks_for_leads_or_asks(
    days: list[DayRecord], targets: Targets
) -> None:
    leak = weakest_stage(days, targets, at_capacity=True)
    assert leak.code in {"capacity", "nurture"}
