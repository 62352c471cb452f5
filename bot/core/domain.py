"""The sales cycle in plain values: entry kinds, local days and pace. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

MAX_COUNT = 1000
"""The most a single entry may count; anything above is almost surely a typo."""

DAY_ROLLOVER_HOUR = 3
"""Entries logged before 03:00 local time count for the previous day (late-night logging)."""


class Kind(StrEnum):
    """What an entry records: a stage of the cycle (lead, nurture, ask) or an answer."""

    ASK = "ask"
    LEAD = "lead"
    NURTURE = "nurture"
    YES = "yes"
    NO = "no"


def local_day(now: dt.datetime, tz: ZoneInfo) -> dt.date:
    """The local date an entry made at `now` (aware) counts for in `tz`."""
    local = now.astimezone(tz)
    day = local.date()
    if local.hour < DAY_ROLLOVER_HOUR:
        day -= dt.timedelta(days=1)
    return day


def entry_day(sent_at: dt.datetime, tz: ZoneInfo, days_back: int) -> dt.date:
    """The local day a message's entries count for: its send day, minus `yesterday`."""
    return local_day(sent_at, tz) - dt.timedelta(days=days_back)


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def target_to_date(daily: int, workdays: frozenset[int], today: dt.date) -> int:
    """The unfinished week's target, pro-rated: `daily` for each workday from its Monday to
    `today` included (a whole week's on Sunday)."""
    return daily * sum(1 for weekday in workdays if weekday <= today.weekday())


@dataclass(frozen=True)
class Targets:
    """Daily targets; 0 means no target for that stage."""

    asks: int = 5
    leads: int = 0
    nurtures: int = 0

    def times(self, days: int) -> Targets:
        """The same targets over `days` days (e.g. a week of workdays)."""
        return Targets(self.asks * days, self.leads * days, self.nurtures * days)

    def for_kind(self, kind: Kind) -> int:
        return {Kind.ASK: self.asks, Kind.LEAD: self.leads, Kind.NURTURE: self.nurtures}.get(
            kind, 0
        )


@dataclass(frozen=True)
class Tally:
    """Counts per kind over some period."""

    asks: int = 0
    leads: int = 0
    nurtures: int = 0
    yeses: int = 0
    nos: int = 0

    @classmethod
    def from_counts(cls, counts: dict[Kind, int]) -> Tally:
        return cls(
            asks=counts.get(Kind.ASK, 0),
            leads=counts.get(Kind.LEAD, 0),
            nurtures=counts.get(Kind.NURTURE, 0),
            yeses=counts.get(Kind.YES, 0),
            nos=counts.get(Kind.NO, 0),
        )

    def of(self, kind: Kind) -> int:
        return {
            Kind.ASK: self.asks,
            Kind.LEAD: self.leads,
            Kind.NURTURE: self.nurtures,
            Kind.YES: self.yeses,
            Kind.NO: self.nos,
        }[kind]

    @property
    def answers(self) -> int:
        return self.yeses + self.nos

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            asks=self.asks + other.asks,
            leads=self.leads + other.leads,
            nurtures=self.nurtures + other.nurtures,
            yeses=self.yeses + other.yeses,
            nos=self.nos + other.nos,
        )

    @classmethod
    def total(cls, tallies: Iterable[Tally]) -> Tally:
        return sum(tallies, cls())


@dataclass(frozen=True)
class Pace:
    """Progress of one number against its target."""

    done: int
    target: int

    @property
    def to_go(self) -> int:
        return max(self.target - self.done, 0)

    @property
    def on_target(self) -> bool:
        return self.done >= self.target


def answer_rate(asks: int, answers: int) -> float | None:
    """Answered / asked, or None when nothing was asked."""
    if asks <= 0:
        return None
    return min(answers / asks, 1.0)


@dataclass(frozen=True)
class WeekPoint:
    """One week's counts for a chart; `week_start` is its Monday."""

    week_start: dt.date
    asks: int
    leads: int
    nurtures: int
    yeses: int
    nos: int


def workdays_from_mask(mask: int) -> frozenset[int]:
    """Weekday numbers (Monday = 0) from a 7-bit mask (bit 0 = Monday)."""
    return frozenset(day for day in range(7) if mask >> day & 1)


def mask_from_workdays(days: frozenset[int]) -> int:
    return sum(1 << day for day in days)


class Privacy(StrEnum):
    """What a group sees of a member."""

    FULL = "full"
    """Every number."""
    TOTALS = "totals"
    """Asks only."""
    HIDDEN = "hidden"
    """Nothing: in no list, sum or count (bot.core.group_week.visible)."""


@dataclass(frozen=True)
class Source:
    """The Telegram message an entry came from: re-delivery of it is stored once."""

    chat_id: int
    message_id: int
    part: int = 0
    """Which part of the message: a message with a button per name numbers them from 1."""


@dataclass(frozen=True)
class Sender:
    """Who sent an update, as far as the service layer cares."""

    user_id: int
    first_name: str
    default_tz: str


@dataclass(frozen=True)
class Chat:
    """A group chat an update came from."""

    chat_id: int
    title: str


def at_capacity(yeses_this_week: int, capacity: int | None) -> bool:
    """This week's yeses (new clients) reached what the user can take on (None: no limit)."""
    return capacity is not None and yeses_this_week >= capacity


@dataclass(frozen=True)
class Undone:
    """One entry an undo removed: what it was and the day it counted for."""

    kind: Kind
    count: int
    who: str | None
    day: dt.date
