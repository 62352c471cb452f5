"""bot.core.targets_from_rates: the /goal arithmetic — the issue's example, then properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import MAX_COUNT
from bot.core.targets_from_rates import (
    MIN_RATE_ASKS,
    MIN_RATE_YESES,
    STARTING_ASKS_PER_YES,
    TARGET_MOVED,
    moved,
    propose,
)

PROPERTY = settings(max_examples=500, deadline=None)
GOALS = st.integers(min_value=1, max_value=100)
COUNTS = st.integers(min_value=0, max_value=5000)
WORKDAYS = st.integers(min_value=0, max_value=7)


def test_the_issues_example() -> None:
    """ "1 yes per 6 asks → 12 asks a week → 3 a workday"."""
    proposal = propose(2, asks=60, yeses=10, workdays=5)
    assert (proposal.asks_per_yes, proposal.weekly_asks, proposal.daily_asks) == (6.0, 12, 3)
    assert proposal.from_history


def test_too_little_history_uses_the_starting_rate() -> None:
    for asks, yeses in ((MIN_RATE_ASKS - 1, 10), (100, MIN_RATE_YESES - 1), (0, 0)):
        proposal = propose(2, asks, yeses, 5)
        assert not proposal.from_history
        assert proposal.asks_per_yes == STARTING_ASKS_PER_YES
        assert (proposal.weekly_asks, proposal.daily_asks) == (20, 4)


@PROPERTY
@given(GOALS, COUNTS, COUNTS, WORKDAYS)
def test_the_daily_target_reaches_the_goal_and_no_more(
    goal: int, asks: int, yeses: int, workdays: int
) -> None:
    proposal = propose(goal, asks, yeses, workdays)
    days = proposal.workdays
    assert days == (workdays or 5)
    assert 1 <= proposal.daily_asks <= MAX_COUNT
    if proposal.daily_asks < MAX_COUNT:
        assert proposal.daily_asks * days >= proposal.weekly_asks  # enough asks a week
    if proposal.daily_asks > 1:
        assert (proposal.daily_asks - 1) * days < proposal.weekly_asks  # and not more
    if proposal.from_history:
        rate_asks = max(asks, yeses)  # never fewer asks than yeses
        assert proposal.weekly_asks * yeses >= goal * rate_asks
        assert (proposal.weekly_asks - 1) * yeses < goal * rate_asks
        assert proposal.weekly_asks >= goal
    else:
        assert proposal.weekly_asks == goal * STARTING_ASKS_PER_YES


@PROPERTY
@given(GOALS, COUNTS, COUNTS, WORKDAYS)
def test_a_bigger_goal_never_needs_fewer_asks(
    goal: int, asks: int, yeses: int, workdays: int
) -> None:
    smaller, bigger = propose(goal, asks, yeses, workdays), propose(goal + 1, asks, yeses, workdays)
    assert bigger.daily_asks >= smaller.daily_asks


@PROPERTY
@given(GOALS, COUNTS, COUNTS, WORKDAYS, st.integers(min_value=1, max_value=MAX_COUNT))
def test_the_digest_reproposes_only_a_real_move(
    goal: int, asks: int, yeses: int, workdays: int, current: int
) -> None:
    proposal = propose(goal, asks, yeses, workdays)
    if moved(current, proposal):
        gap = abs(proposal.daily_asks - current)
        assert proposal.from_history
        assert gap >= 1
        assert gap > TARGET_MOVED * current
    assert not moved(proposal.daily_asks, proposal)
