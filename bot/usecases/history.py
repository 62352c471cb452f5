"""Use cases over a user's history: streaks and the leak, chart weeks, CSV export."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import IO
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core import cycle_text, render
from bot.core.domain import (
    Kind,
    Sender,
    Tally,
    WeekPoint,
    local_day,
    target_to_date,
    week_start,
)
from bot.core.export_csv import ExportSummary, write_csv
from bot.core.insights import LEAK_WINDOW_DAYS, DayRecord, Leak, Streak, streaks, weakest_stage
from bot.db import entry_store as entries
from bot.db import history_store
from bot.db import nudge_store as nudges
from bot.db import user_store as users
from bot.db.nudge_store import Claimed
from bot.db.user_store import Profile
from bot.usecases import cycle
from bot.usecases import logbook as services
from bot.usecases.logbook import PeriodView, StatsView, profile_of


@dataclass(frozen=True)
class Insight:
    """What /today, /stats and the digest add to the counts: streak and the leak."""

    streak: Streak
    leak: Leak
    at_capacity: bool = False
    reasks: tuple[int, int] = (0, 0)
    """Re-asks made (named asks after that name's no) and how many became a yes."""


def day_records(
    session: Session, profile: Profile, first: dt.date, last: dt.date
) -> list[DayRecord]:
    """One record per local day first..last with its counts, workday and pause flags."""
    return records_of_many(session, {profile.user_id: profile}, first, last)[profile.user_id]


def records_of_many(
    session: Session, profiles: dict[int, Profile], first: dt.date, last: dt.date
) -> dict[int, list[DayRecord]]:
    """day_records for many users in two queries (entries, pauses)."""
    counts = history_store.day_counts(session, list(profiles), first, last)
    pauses = history_store.pauses(session, list(profiles), first, last)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return {
        user_id: [
            DayRecord(
                day=day,
                tally=Tally.from_counts(counts.get(user_id, {}).get(day, {})),
                workday=day.weekday() in profile.workdays,
                paused=any(start <= day < resume for start, resume in pauses.get(user_id, [])),
            )
            for day in days
        ]
        for user_id, profile in profiles.items()
    }


def insight(session: Session, profile: Profile, today: dt.date) -> Insight:
    since = entries.first_day(session, profile.user_id)
    records = day_records(session, profile, min(since or today, today), today)
    full = cycle.capacity_status(session, profile.user_id, today)[2]
    return Insight(
        streak=streaks(records, profile.targets.asks, today),
        leak=weakest_stage(leak_window(records, since, today), profile.targets, at_capacity=full),
        at_capacity=full,
        reasks=cycle.reask_totals(session, profile.user_id),
    )


def leak_window(records: list[DayRecord], since: dt.date | None, today: dt.date) -> list[DayRecord]:
    """The last LEAK_WINDOW_DAYS days up to today, but none before the user's first entry:
    days before someone started are not days they skipped."""
    start = max(since or today, today - dt.timedelta(days=LEAK_WINDOW_DAYS - 1))
    return [record for record in records if start <= record.day <= today]


def today(session: Session, sender: Sender, now: dt.datetime) -> tuple[PeriodView, Insight]:
    view = services.day_view(session, sender, now)
    return view, insight(session, view.profile, view.first)


def stats(session: Session, sender: Sender, now: dt.datetime) -> tuple[StatsView, Insight]:
    view = services.stats(session, sender, now)
    return view, insight(session, view.profile, local_day(now, ZoneInfo(view.profile.tz)))


DEFAULT_CHART_WEEKS = 12
"""/chart without a span: from the first week, but no further back than this."""
MIN_CHART_WEEKS = 4
"""A short history is shown with the weeks to come, so one week is not one wide bar."""


@dataclass(frozen=True)
class ChartData:
    points: list[WeekPoint]  # empty: nothing logged yet
    weekly_ask_target: int
    title: str
    span: str  # "since your first week" or "last 12 weeks"
    this_week: int  # index of the unfinished week in `points`; later ones are to come
    target_to_date: int  # this week's ask target up to today
    made: dt.datetime  # local time, for the file name


def chart_weeks(
    session: Session, sender: Sender, now: dt.datetime, weeks: int = DEFAULT_CHART_WEEKS
) -> ChartData:
    """Weeks per stage for /chart: from the user's first week, but no more than `weeks`
    back; at least MIN_CHART_WEEKS (the weeks to come fill up a short history)."""
    profile = profile_of(session, sender, now)
    local = now.astimezone(ZoneInfo(profile.tz))
    today = local_day(now, ZoneInfo(profile.tz))
    this_monday = week_start(today)
    since = entries.first_day(session, profile.user_id)
    back = this_monday - dt.timedelta(weeks=weeks - 1)
    first = back if since is None else min(max(back, week_start(since)), this_monday)
    count = max(MIN_CHART_WEEKS, (this_monday - first).days // 7 + 1)
    per_week = _week_tallies(session, profile.user_id, first, today)
    points = [
        WeekPoint(monday, tally.asks, tally.leads, tally.nurtures, tally.yeses, tally.nos)
        for monday in (first + dt.timedelta(weeks=index) for index in range(count))
        for tally in [per_week.get(monday, Tally())]
    ]
    started = since is not None and first == week_start(since)
    span = "since your first week" if started else f"last {count} weeks"
    return ChartData(
        points=points if since is not None else [],
        weekly_ask_target=profile.targets.asks * len(profile.workdays),
        title=f"{profile.first_name}: {span}",
        span=span,
        this_week=(this_monday - first).days // 7,
        target_to_date=target_to_date(profile.targets.asks, profile.workdays, today),
        made=local,
    )


def _week_tallies(
    session: Session, user_id: int, first: dt.date, last: dt.date
) -> dict[dt.date, Tally]:
    """Counts per stage of each week (by its Monday) from `first` to `last`."""
    days = history_store.day_counts(session, [user_id], first, last).get(user_id, {})
    per_week: dict[dt.date, dict[Kind, int]] = defaultdict(lambda: defaultdict(int))
    for day, kinds in days.items():
        for kind, total in kinds.items():
            per_week[week_start(day)][kind] += total
    return {monday: Tally.from_counts(counts) for monday, counts in per_week.items()}


def export_entries(
    session: Session,
    user_id: int,
    out: IO[bytes],
    tz: str | None = None,
    *,
    with_undone: bool = False,
) -> ExportSummary:
    """Stream the user's entries as CSV into `out`: the undone ones only `with_undone`
    (flagged), since summing a column that holds them over-counts."""
    if tz is None:
        tz = users.timezone_of(session, user_id)
    summary = ExportSummary(with_undone=with_undone)
    write_csv(
        summary.counting(history_store.export_rows(session, user_id, with_undone)),
        ZoneInfo(tz or "UTC"),
        out,
    )
    return summary


def export_mine(
    session: Session, sender: Sender, now: dt.datetime, out: IO[bytes], with_undone: bool = False
) -> tuple[ExportSummary, dt.datetime]:
    """/export: the summary for the caption and the local time for the file name."""
    profile = profile_of(session, sender, now)
    summary = export_entries(session, profile.user_id, out, profile.tz, with_undone=with_undone)
    return summary, now.astimezone(ZoneInfo(profile.tz))


def digest(session: Session, profile: Profile, today: dt.date) -> str:
    """Last week per stage against target, answers, streak and the leak."""
    first = week_start(today) - dt.timedelta(days=7)
    last = first + dt.timedelta(days=6)
    tally = Tally.total(r.tally for r in day_records(session, profile, first, last))
    found = insight(session, profile, today)
    weekly = profile.targets.times(len(profile.workdays))
    extra = cycle.digest_lines(session, profile, today)
    return render.digest(first, last, tally, weekly, found.streak, found.leak, extra)


def nudge_texts(session: Session, claims: list[Claimed]) -> dict[tuple[int, str], str]:
    """Per claimed nudge that needs more than its claim: the digest text, the leak line.
    Leak lines for a whole batch come from two queries; digests (weekly) one by one."""
    texts: dict[tuple[int, str], str] = {}
    pace = [claim for claim in claims if claim.kind == "pace"]
    profiles = users.get_profiles(session, [claim.user_id for claim in claims])
    if pace:
        last = max(claim.slot.day for claim in pace)
        first = min(claim.slot.day for claim in pace) - dt.timedelta(days=LEAK_WINDOW_DAYS - 1)
        pace_profiles = {c.user_id: profiles[c.user_id] for c in pace if c.user_id in profiles}
        records = records_of_many(session, pace_profiles, first, last)
        since = entries.first_days(session, list(pace_profiles))
        paths = cycle.worst_paths(session, {c.user_id: c.slot.day for c in pace})
        for claim in pace:
            if claim.user_id not in records:
                continue
            window = leak_window(records[claim.user_id], since.get(claim.user_id), claim.slot.day)
            leak_ = weakest_stage(window, profiles[claim.user_id].targets)
            path = paths.get(claim.user_id)
            texts[claim.user_id, "pace"] = leak_.short + (
                f"\n{cycle_text.worst_path_line(path)}" if path else ""
            )
    for claim in claims:
        if claim.kind == "digest" and claim.user_id in profiles:
            texts[claim.user_id, "digest"] = digest(
                session, profiles[claim.user_id], claim.slot.day
            )
    return texts


def claim_due_nudges(
    session: Session, now: dt.datetime, limit: int, skip: frozenset[int] = frozenset()
) -> tuple[int, list[Claimed], dict[tuple[int, str], str]]:
    """The tick's transaction: claim what is due and word it, together — if wording fails,
    the claim rolls back with it and the next tick tries again; nothing is lost."""
    users_seen, claims = nudges.claim_due(session, now, limit, skip)
    return users_seen, claims, nudge_texts(session, claims)
