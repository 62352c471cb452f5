"""A daily ask target from the seller's own numbers: /goal N yes a week. Pure: no I/O.

A target that comes from someone else's numbers is either too low to sell or too high to
keep; one that comes from your own yes rate is simply the arithmetic of your goal.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.domain import MAX_COUNT

GOAL_WEEKS = 8
"""The yes rate is read over the last 8 weeks: two months smooth out a slow week or a
holiday, and still reflect the current offer."""

MIN_RATE_ASKS = 20
"""Asks needed before trusting the seller's own rate: with fewer, two lucky yeses would set
a target far too low (and two unlucky weeks one far too high)."""

MIN_RATE_YESES = 2
"""Yeses needed: a rate resting on a single yes is a guess."""

STARTING_ASKS_PER_YES = 10
"""Without enough history: one yes in ten asks, a cautious rate for asks to nurtured
people. It errs towards more asks; the seller's own numbers replace it within weeks."""

TARGET_MOVED = 0.25
"""The digest proposes a new target when your numbers now say one more than a quarter away
from the current one (and at least one ask a day): smaller moves are noise."""

DEFAULT_WORKDAYS_A_WEEK = 5


@dataclass(frozen=True)
class Proposal:
    """The daily ask target that reaches `yes_goal` yeses a week at the rate used."""

    yes_goal: int
    asks: int
    """Asks over the last GOAL_WEEKS weeks (the history looked at)."""
    yeses: int
    from_history: bool
    """False: too little history, the rate is STARTING_ASKS_PER_YES."""
    weekly_asks: int
    daily_asks: int
    workdays: int

    @property
    def asks_per_yes(self) -> float:
        if not self.from_history:
            return float(STARTING_ASKS_PER_YES)
        return max(self.asks / self.yeses, 1.0)


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def propose(yes_goal: int, asks: int, yeses: int, workdays: int) -> Proposal:
    """The proposal for `yes_goal` yeses a week from `asks` and `yeses` over GOAL_WEEKS weeks.
    Never fewer asks than yeses (a yes needs an ask), never below 1 or above MAX_COUNT a day."""
    from_history = asks >= MIN_RATE_ASKS and yeses >= MIN_RATE_YESES
    if from_history:
        weekly = _ceil_div(yes_goal * max(asks, yeses), yeses)
    else:
        weekly = yes_goal * STARTING_ASKS_PER_YES
    days = workdays if workdays > 0 else DEFAULT_WORKDAYS_A_WEEK
    daily = min(max(_ceil_div(weekly, days), 1), MAX_COUNT)
    return Proposal(yes_goal, asks, yeses, from_history, weekly, daily, days)


def moved(current_daily: int, proposal: Proposal) -> bool:
    """Whether the digest should propose `proposal` instead of the current daily target."""
    if not proposal.from_history:
        return False
    gap = abs(proposal.daily_asks - current_daily)
    return gap >= 1 and gap > TARGET_MOVED * current_daily
