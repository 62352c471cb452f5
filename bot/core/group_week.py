"""A group's week in numbers: the privacy rule, pace, streaks, the change on last week and
the team's weakest stage. Pure: plain values in, plain values out.

The privacy rule (README, "Privacy in groups") lives in `visible` and nowhere else: every
sum, count, streak and comparison a group sees is built from visible tallies only, so no
arithmetic over any number of tallies can recover what a member keeps to themselves. That
includes "at capacity": it is judged on the visible yeses, so only a member who shows every
number can be shown at capacity (docs/groups.md).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.domain import Privacy, Tally, Targets, at_capacity
from bot.core.insights import LEAK_WINDOW_DAYS, DayRecord, Leak, weakest_stage

STREAK_WEEKS = 12
"""How far back a streak of weeks on target is counted."""
HISTORY_DAYS = (STREAK_WEEKS - 1) * 7
"""Days before this week's Monday whose asks a week summary reads."""
_DAY = dt.timedelta(days=1)


def visible(tally: Tally, privacy: Privacy) -> Tally | None:
    """The part of a member's numbers a group may see, list and sum; None: the member is in
    no list, sum or count at all."""
    if privacy is Privacy.FULL:
        return tally
    if privacy is Privacy.TOTALS:
        return Tally(asks=tally.asks)
    return None


def shows_anything(tally: Tally) -> bool:
    return tally != Tally()


@dataclass(frozen=True)
class MemberHistory:
    """A member and their own numbers (any privacy: `visible` filters them)."""

    user_id: int
    first_name: str
    privacy: Privacy
    mention: bool
    week: Tally
    """This week up to the day it is read."""
    past_asks: Mapping[dt.date, int]
    """Asks per day before this week: what streaks and "vs last week" read."""
    capacity: int | None = None
    """New clients a week the member can take on (/capacity); None: no limit."""

    def visible_asks(self, first: dt.date, last: dt.date) -> int | None:
        asks = sum(n for day, n in self.past_asks.items() if first <= day <= last)
        seen = visible(Tally(asks=asks), self.privacy)
        return None if seen is None else seen.asks


@dataclass(frozen=True)
class GroupWeek:
    """What a week summary needs: the week (its Monday), the day it is read on, settings,
    the members, and the team's numbers per day summed per privacy level (for its weakest
    stage over the last two weeks)."""

    title: str
    first: dt.date
    today: dt.date
    weekly_target: int
    workdays: frozenset[int]
    members: Sequence[MemberHistory]
    team_days: Mapping[Privacy, Mapping[dt.date, Tally]]


@dataclass(frozen=True)
class MemberWeek:
    user_id: int
    first_name: str
    privacy: Privacy
    mention: bool
    week: Tally
    """Visible numbers only."""
    streak: int
    """Weeks in a row on target, this one included once hit."""
    at_capacity: bool = False
    """The visible yeses of the week reached the member's capacity."""


def resting(member: MemberWeek, pace: int) -> bool:
    """Behind pace but at capacity: shown and counted as at capacity, not behind."""
    return member.at_capacity and member.week.asks < pace


@dataclass(frozen=True)
class WeekSummary:
    title: str
    first: dt.date
    last: dt.date
    weekly_target: int
    pace: int
    """Asks each member needs by the end of `today` to be on pace for the weekly target."""
    day: int
    """Workdays of the week so far (today included)."""
    workdays: int
    working_today: bool
    """`today` is one of the group's workdays (so the week is not over before it ends)."""
    shown: tuple[MemberWeek, ...]
    """Visible members with something visible, ranked."""
    not_logged: tuple[MemberWeek, ...]
    """Visible members with nothing visible yet."""
    hidden: int
    team: Tally
    last_week: int
    """The same members' visible asks over last week up to the same weekday."""
    goal: int
    on_pace: int
    resting: int
    """Members behind pace but at capacity (`resting`)."""
    focus: Leak | None
    """The weakest stage of the members who show every number; None if there are none."""

    @property
    def final(self) -> bool:
        """No workday left after today: pace is the weekly target."""
        return self.day >= self.workdays

    @property
    def complete(self) -> bool:
        """The week's last workday is over."""
        return self.final and not self.working_today

    @property
    def counted(self) -> int:
        return len(self.shown) + len(self.not_logged)


def week_pace(
    target: int, workdays: frozenset[int], first: dt.date, today: dt.date
) -> tuple[int, int, int]:
    """(asks needed by the end of `today`, workdays so far, workdays in the week)."""
    days = [first + _DAY * offset for offset in range(7)]
    total = sum(1 for day in days if day.weekday() in workdays) or 7
    so_far = sum(1 for day in days if day <= today and (day.weekday() in workdays or total == 7))
    return math.ceil(target * so_far / total), so_far, total


def weeks_on_target(member: MemberHistory, first: dt.date, target: int, this_week: int) -> int:
    """Weeks in a row with at least `target` visible asks: this week once hit, then back."""
    if target <= 0:
        return 0
    run = 1 if this_week >= target else 0
    for back in range(1, STREAK_WEEKS):
        monday = first - 7 * _DAY * back
        past = member.visible_asks(monday, monday + 6 * _DAY)
        if past is None or past < target:
            break
        run += 1
    return run


def ranked(members: Sequence[MemberWeek]) -> list[MemberWeek]:
    return sorted(
        members,
        key=lambda m: (-m.week.asks, -m.week.answers, m.first_name.casefold(), m.user_id),
    )


def team_focus(week: GroupWeek, today: dt.date) -> Leak | None:
    """The weakest stage of the members who show every number, as if they were one seller,
    over the days up to `today` (members showing asks only would skew it toward leads)."""
    full = sum(1 for m in week.members if m.privacy is Privacy.FULL)
    if not full or not week.workdays:
        return None
    numbers = week.team_days.get(Privacy.FULL, {})
    first = today - (LEAK_WINDOW_DAYS - 1) * _DAY
    days = []
    for offset in range(LEAK_WINDOW_DAYS):
        day = first + offset * _DAY
        tally = numbers.get(day, Tally())
        days.append(DayRecord(day, tally, workday=day.weekday() in week.workdays, paused=False))
    daily = math.ceil(week.weekly_target * full / len(week.workdays))
    return weakest_stage(days, Targets(asks=max(daily, 1)))


def summarize(week: GroupWeek) -> WeekSummary:
    last = week.first + 6 * _DAY
    today = min(max(week.today, week.first), last)
    pace, so_far, total = week_pace(week.weekly_target, week.workdays, week.first, today)
    weeks = []
    for m in week.members:
        tally = visible(m.week, m.privacy)
        if tally is not None:
            streak = weeks_on_target(m, week.first, week.weekly_target, tally.asks)
            full = at_capacity(tally.yeses, m.capacity)  # visible yeses only
            weeks.append(
                MemberWeek(m.user_id, m.first_name, m.privacy, m.mention, tally, streak, full)
            )
    shown = ranked([m for m in weeks if shows_anything(m.week)])
    not_logged = sorted(
        (m for m in weeks if not shows_anything(m.week)),
        key=lambda m: (m.first_name.casefold(), m.user_id),
    )
    last_week = sum(
        m.visible_asks(week.first - 7 * _DAY, today - 7 * _DAY) or 0 for m in week.members
    )
    return WeekSummary(
        title=week.title,
        first=week.first,
        last=last,
        weekly_target=week.weekly_target,
        pace=pace,
        day=so_far,
        workdays=total,
        working_today=today.weekday() in week.workdays,
        shown=tuple(shown),
        not_logged=tuple(not_logged),
        hidden=len(week.members) - len(weeks),
        team=Tally.total(m.week for m in weeks),
        last_week=last_week,
        goal=week.weekly_target * len(weeks),
        on_pace=sum(1 for m in weeks if m.week.asks >= pace),
        resting=sum(1 for m in weeks if resting(m, pace)),
        focus=team_focus(week, today),
    )
