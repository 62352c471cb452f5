"""Insights from daily tallies: the leaking stage of the sales cycle and ask streaks. Pure: no I/O.

Both take one `DayRecord` per local day, in any order. A day without a record is a gap:
nothing was logged. A gap is never paused (pass a record for every paused day); it is a
workday if the latest record on the same weekday says so, or, with no such record, if it
falls Monday to Friday (the bot's default workdays).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from bot.core.domain import Kind, Tally, Targets
from bot.core.schedule import DEFAULT_WORKDAYS

LEAK_WINDOW_DAYS = 14
"""The leak is judged on the last two weeks: enough to smooth a slow day or a trade fair,
recent enough to reflect how the user works now."""

MIN_ACTIVE_DAYS = 3
"""Workdays (not paused) needed before naming any leak: one or two days are mostly chance,
e.g. a day spent writing content then a day of calls."""

MIN_EVENTS = 5
"""Logged actions (asks, leads, touches, answers) needed before judging a ratio between
stages. Falling short of the ask target is pace, not a ratio, so it needs no sample: that
also keeps more asks from ever making the ask the leak."""

LEAK_SHORTFALL = 0.25
"""A stage leaks when it is more than a quarter below what is expected of it; smaller
misses are ordinary day-to-day noise."""

LEADS_PER_ASK = 1.0
"""Without a lead target: every ask uses up a person, so one new lead per ask keeps the
pipeline from running dry."""

TOUCHES_PER_ASK = 1.0
"""Without a touch target: at least one nurture touch per ask, so asks land on warm people."""

ASKS_PER_LEAD = 0.5
"""Without an ask target: at least one ask for every two new leads. A lead never asked is
a lead wasted; half leaves room for people who need more nurturing first."""

ASKS_PER_TOUCH = 0.25
"""Without an ask target: at least one ask per four nurture touches. Warming up is not
selling; people who have been touched four times are due an ask."""

MIN_ANSWERS = 10
"""Answers (yes + no) needed before calling the yes rate low: with fewer, zero yeses is
ordinary bad luck."""

YES_RATE_LOW = 0.1
"""Fewer than one yes in ten answers, with the asks on pace, points at the offer or the
niche rather than at volume. Most answers are no, and that is fine; nearly all is a signal."""

_ONE_DAY = dt.timedelta(days=1)
_RANK: tuple[Kind, ...] = (Kind.ASK, Kind.LEAD, Kind.NURTURE)
"""Tie order: the ask first (it is the step people skip), then the cycle order."""


@dataclass(frozen=True)
class DayRecord:
    """One local day: what was logged, and whether it was a workday and not on pause."""

    day: dt.date
    tally: Tally
    workday: bool
    paused: bool


@dataclass(frozen=True)
class Leak:
    """The weakest point of the cycle, in the bot's words."""

    code: str
    stage: Kind | None
    headline: str
    next_step: str
    short: str
    """At most 80 characters, for nudges."""


_LEAKS: dict[str, Leak] = {
    leak.code: leak
    for leak in (
        Leak(
            "volume_first",
            None,
            "Nothing logged in the last two weeks — volume comes first.",
            "Make one direct ask today and log it with /ask.",
            "Volume first: one ask today.",
        ),
        Leak(
            "not_enough_data",
            None,
            "Too little logged yet to spot a leak.",
            "Log every ask, lead and touch for a few more workdays — and make one ask today.",
            "Too early to spot a leak. Keep logging, and ask someone today.",
        ),
        Leak(
            "ask",
            Kind.ASK,
            "The leak is the ask: you are nurturing people who never get asked.",
            "Pick the 3 warmest people you've nurtured and ask them today.",
            "Leak: the ask. Ask your 3 warmest people today.",
        ),
        Leak(
            "lead",
            Kind.LEAD,
            "The leak is new leads: you ask plenty, but few new people come in.",
            "Find 3 new people today: reach out through your network, post something useful, "
            "or offer a short talk.",
            "Leak: new leads. Find 3 new people today.",
        ),
        Leak(
            "nurture",
            Kind.NURTURE,
            "The leak is nurturing: new leads come in, but few hear from you again.",
            "Send 3 of your newest leads something useful today: a check-in, an idea, a coffee.",
            "Leak: nurturing. Follow up with 3 leads today.",
        ),
        Leak(
            "answer",
            Kind.YES,
            "You ask and get answers — good — but almost every answer is no.",
            "Follow up with 3 recent noes: ask what would have made it a yes, "
            "then sharpen your offer for that niche.",
            "Lots of noes: ask 3 of them what would make it a yes.",
        ),
        Leak(
            "capacity",
            None,
            "You're at capacity this week: more leads and asks would only hurt now.",
            "Deliver for your new clients, and line up next week: nurture the people "
            "you'll ask then.",
            "You're at capacity this week — deliver, and line up next week.",
        ),
        Leak(
            "balanced",
            None,
            "No leak: leads, nurturing and asks are all on pace.",
            "Keep going — same volume tomorrow, and log every answer, even the noes.",
            "No leak, all three stages on pace. Keep going.",
        ),
    )
}


@dataclass(frozen=True)
class Streak:
    """Consecutive workdays on the ask target: now, and the longest in the history."""

    current: int
    best: int


def _merged(days: Iterable[DayRecord]) -> dict[dt.date, DayRecord]:
    """One record per date; duplicates add up, and count as workday/paused if any says so."""
    merged: dict[dt.date, DayRecord] = {}
    for record in days:
        seen = merged.get(record.day)
        if seen is not None:
            record = DayRecord(
                record.day,
                seen.tally + record.tally,
                seen.workday or record.workday,
                seen.paused or record.paused,
            )
        merged[record.day] = record
    return merged


def _calendar(
    records: dict[dt.date, DayRecord], first: dt.date, last: dt.date
) -> Iterator[tuple[dt.date, Tally, bool]]:
    """Every date from `first` to `last`: its tally and whether it is an active workday."""
    latest = {day.weekday(): records[day].workday for day in sorted(records)}
    # A weekday no record speaks for counts as a workday if the default workdays say so.
    workdays = {wd for wd in range(7) if latest.get(wd, wd in DEFAULT_WORKDAYS)}
    day = first
    while day <= last:
        record = records.get(day)
        if record is None:
            yield day, Tally(), day.weekday() in workdays
        else:
            yield day, record.tally, record.workday and not record.paused
        day += _ONE_DAY


def stage_shortfalls(total: Tally, targets: Targets, active_days: int) -> dict[Kind, float]:
    """How far each stage is below expectation: 0 (on pace) to 1 (nothing at all)."""
    expected = {
        Kind.ASK: targets.asks * active_days
        if targets.asks > 0
        else max(ASKS_PER_LEAD * total.leads, ASKS_PER_TOUCH * total.nurtures),
        Kind.LEAD: targets.leads * active_days if targets.leads > 0 else LEADS_PER_ASK * total.asks,
        Kind.NURTURE: targets.nurtures * active_days
        if targets.nurtures > 0
        else TOUCHES_PER_ASK * total.asks,
    }
    return {
        kind: max(0.0, 1 - total.of(kind) / want) if want > 0 else 0.0
        for kind, want in expected.items()
    }


def weakest_stage(
    days: Sequence[DayRecord], targets: Targets, *, at_capacity: bool = False
) -> Leak:
    """The stage where the user leaks most over the last `LEAK_WINDOW_DAYS` days of `days`.
    At capacity (this week's yeses reached it) it never asks for more leads or asks: only
    a nurturing leak is named, otherwise the capacity note."""
    records = _merged(days)
    if not records:
        return _LEAKS["capacity" if at_capacity else "volume_first"]
    last = max(records)
    first = max(min(records), last - (LEAK_WINDOW_DAYS - 1) * _ONE_DAY)
    total, active_days = Tally(), 0
    for _, tally, active in _calendar(records, first, last):
        total = total + tally
        active_days += active
    logged = total.asks + total.leads + total.nurtures + total.answers
    if at_capacity:
        return _capacity_leak(total, targets, active_days, logged)
    if logged <= 0:
        return _LEAKS["volume_first"]
    if active_days < MIN_ACTIVE_DAYS:
        return _LEAKS["not_enough_data"]
    shortfalls = stage_shortfalls(total, targets, active_days)
    weakest = max(_RANK, key=shortfalls.__getitem__)  # the first of equals: ties go to the ask
    leaking = shortfalls[weakest] > LEAK_SHORTFALL
    if leaking and weakest is Kind.ASK:
        return _LEAKS["ask"]
    if logged < MIN_EVENTS:
        return _LEAKS["not_enough_data"]
    if leaking:
        return _LEAKS[weakest.value]
    if total.answers >= MIN_ANSWERS and total.yeses < YES_RATE_LOW * total.answers:
        return _LEAKS["answer"]
    return _LEAKS["balanced"]


def _capacity_leak(total: Tally, targets: Targets, active_days: int, logged: int) -> Leak:
    enough = active_days >= MIN_ACTIVE_DAYS and logged >= MIN_EVENTS
    nurture = stage_shortfalls(total, targets, active_days)[Kind.NURTURE]
    return _LEAKS["nurture"] if enough and nurture > LEAK_SHORTFALL else _LEAKS["capacity"]


def streaks(days: Sequence[DayRecord], ask_target: int, today: dt.date) -> Streak:
    """Workdays in a row with at least `ask_target` asks, up to `today`.

    Days off and paused days are skipped; a workday below target breaks the run, except
    `today`, which is still open: it extends the run once on target and never breaks it.
    """
    records = _merged(record for record in days if record.day <= today)
    if ask_target <= 0 or not records:
        return Streak(0, 0)
    run = best = 0
    for day, tally, active in _calendar(records, min(records), today):
        if not active:
            continue
        if tally.asks >= ask_target:
            run += 1
            best = max(best, run)
        elif day != today:
            run = 0
    return Streak(run, best)
