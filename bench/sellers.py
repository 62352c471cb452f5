"""The simulated sellers of bench/simulate.py: their habits, the asks they log of their own
accord (the same in the run with nudges and in the control run) and the response model —
what a seller does when a nudge arrives.

Habits, each on its own workdays and in its own timezone:
- steady: most of the day's asks before lunch, the rest in the afternoon;
- procrastinating: a few asks around midday, the rest in the evening on some days only;
- weekend-only: `/workdays sat-sun`, steady on those two days;
- a week on holiday: steady, but `/pause 7d` on the second Monday and nothing that week.
Anyone skips a workday now and then (one in ten) and, on a day they log, makes 60–130 % of
the planned asks.

Response model. A pace nudge names the gap ("2 of 5 asks today — 3 to go"). A seller acts
on it with their own probability: 0.7 for those who answer nudges, 0.35 for the half-hearted,
0 for those who ignore them. Acting means, 5 to 40 minutes later, making the asks and
tapping the nudge's button: +3 when 3 or more are missing, else +1 (one in ten taps
"snooze 1h" instead). Half of those asks (rounded down) are ones the seller would have made
later that day anyway: their next planned asks of the day shrink by that much. So a nudge
counts only for the asks it adds, not for the ones it merely moves earlier.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from enum import Enum
from zoneinfo import ZoneInfo

START = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)  # a Monday
TIMEZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "America/Sao_Paulo")
REMINDERS = (("15:00",), ("11:00", "16:00"), ("10:00", "14:00", "17:30"), ("16:30",))
TARGETS = (3, 5, 5, 8)
RESPONSIVENESS = (0.7, 0.7, 0.7, 0.7, 0.35, 0.35, 0.35, 0.0, 0.0, 0.0)
SKIP_A_DAY = 0.1
SNOOZE_INSTEAD = 0.1
RESPONSE_DELAY_MINUTES = (5, 40)
HOUR = 3600  # seconds: moments fall anywhere in a minute, never on a tick's whole minute


class Habit(Enum):
    STEADY = "steady"
    PROCRASTINATING = "procrastinating"
    WEEKEND = "weekend-only"
    HOLIDAY = "a week on holiday"


HABITS = (Habit.STEADY,) * 4 + (Habit.PROCRASTINATING,) * 3 + (Habit.WEEKEND, Habit.HOLIDAY)


@dataclass(frozen=True)
class Seller:
    user_id: int
    name: str
    tz: str
    habit: Habit
    responds: float  # the probability of acting on a nudge
    target: int  # asks a day
    reminders: tuple[str, ...]

    @property
    def workdays(self) -> frozenset[int]:
        return frozenset({5, 6}) if self.habit is Habit.WEEKEND else frozenset(range(5))

    def holiday(self) -> tuple[dt.date, dt.date] | None:
        """The paused days, first and resume day, of a seller who takes a week off."""
        if self.habit is not Habit.HOLIDAY:
            return None
        monday = START.astimezone(ZoneInfo(self.tz)).date() + dt.timedelta(days=7)
        monday -= dt.timedelta(days=monday.weekday())
        return monday, monday + dt.timedelta(days=7)

    def setup(self, nudges: bool) -> list[str]:
        """What the seller types on the first morning."""
        days = "sat-sun" if self.habit is Habit.WEEKEND else "mon-fri"
        remind = " ".join(self.reminders) if nudges else "off"
        return [
            "/start",
            f"/tz {self.tz}",
            f"/target {self.target}",
            f"/workdays {days}",
            f"/remind {remind}",
        ]


@dataclass
class Planned:
    """Asks a seller will log of their own accord at `at` (UTC); `asks` may shrink."""

    at: dt.datetime
    seller: Seller
    asks: int
    text: str = ""  # a command other than asks (the holiday's /pause)
    day: dt.date = field(default=dt.date.min)


def make_sellers(count: int, first_id: int, rng: random.Random) -> list[Seller]:
    return [
        Seller(
            user_id=first_id + n,
            name=f"Seller{n + 1}",
            tz=TIMEZONES[n % len(TIMEZONES)],
            habit=HABITS[n % len(HABITS)],
            responds=rng.choice(RESPONSIVENESS),
            target=rng.choice(TARGETS),
            reminders=rng.choice(REMINDERS) if n % len(HABITS) != 7 else ("12:00",),
        )
        for n in range(count)
    ]


def _local(day: dt.date, seconds: int, tz: str) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(tz))
    return (moment + dt.timedelta(seconds=seconds)).astimezone(dt.UTC)


def plan(seller: Seller, days: int, rng: random.Random) -> list[Planned]:
    """What the seller logs of their own accord over `days` days from START."""
    planned: list[Planned] = []
    first = START.astimezone(ZoneInfo(seller.tz)).date()
    holiday = seller.holiday()
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        if holiday and day == holiday[0]:
            planned.append(Planned(_local(day, 8 * HOUR, seller.tz), seller, 0, "/pause 7d", day))
        if (holiday and holiday[0] <= day < holiday[1]) or day.weekday() not in seller.workdays:
            continue
        if rng.random() < SKIP_A_DAY:
            continue
        total = max(1, round(seller.target * rng.uniform(0.6, 1.3)))
        for seconds, asks in _sessions(seller.habit, total, rng):
            planned.append(Planned(_local(day, seconds, seller.tz), seller, asks, "", day))
    return [entry for entry in planned if entry.asks > 0 or entry.text]


def _sessions(habit: Habit, total: int, rng: random.Random) -> list[tuple[int, int]]:
    """(second of the local day, asks) of one day's logging."""
    if habit is Habit.PROCRASTINATING:
        early = min(total, rng.randint(0, 2))
        late = total - early if rng.random() < 0.6 else 0
        return [
            (rng.randint(11 * HOUR, 14 * HOUR), early),
            (rng.randint(17 * HOUR, 19 * HOUR), late),
        ]
    morning = round(total * 0.6)
    return [
        (rng.randint(9 * HOUR, 12 * HOUR), morning),
        (rng.randint(13 * HOUR, 17 * HOUR), total - morning),
    ]


@dataclass(frozen=True)
class Response:
    delay: dt.timedelta
    button: str  # the nudge button's callback data
    pulled: int  # asks taken from the seller's later plans that day


def respond(seller: Seller, gap: int, rng: random.Random) -> Response | None:
    """What `seller` does about a nudge that says `gap` asks are missing (None: nothing)."""
    if gap <= 0 or rng.random() >= seller.responds:
        return None
    delay = dt.timedelta(seconds=rng.randint(*RESPONSE_DELAY_MINUTES) * 60 + rng.randint(1, 59))
    if rng.random() < SNOOZE_INSTEAD:
        return Response(delay, "nudge:snooze:60", 0)
    asks = 3 if gap >= 3 else 1
    return Response(delay, f"nudge:ask:{asks}", asks // 2)
