"""Use cases over a user's history: streaks and the leak, chart weeks, CSV export."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core import cycle_text, render
from bot.core.domain import Kind, Sender, Tally, WeekPoint, local_day, week_start
from bot.core.export_csv import ExportRow, write_csv
from bot.core.insights import LEAK_WINDOW_DAYS, DayRecord, Leak, Streak, streaks, weakest_stage
from bot.core.paths import tags_of
from bot.db import entry_store as entries
from bot.db import nudge_store as nudges
from bot.db import user_store as users
from bot.db.dialect import among
from bot.db.models import Entry, Pause, User
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
    rows = session.execute(
        select(Entry.user_id, Entry.local_date, Entry.kind, func.sum(Entry.count))
        .where(
            among(session, Entry.user_id, profiles),
            Entry.local_date >= first,
            Entry.local_date <= last,
            Entry.deleted_at.is_(None),
        )
        .group_by(Entry.user_id, Entry.local_date, Entry.kind)
    ).all()
    counts: dict[tuple[int, dt.date], dict[Kind, int]] = defaultdict(dict)
    for user_id, day, kind, total in rows:
        counts[user_id, day][Kind(kind)] = int(total)
    pauses: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for user_id, start, resume in session.execute(
        select(Pause.user_id, Pause.first_day, Pause.resume_day).where(
            among(session, Pause.user_id, profiles),
            Pause.resume_day > first,
            Pause.first_day <= last,
        )
    ):
        pauses[user_id].append((start, resume))
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return {
        user_id: [
            DayRecord(
                day=day,
                tally=Tally.from_counts(counts.get((user_id, day), {})),
                workday=day.weekday() in profile.workdays,
                paused=any(start <= day < resume for start, resume in pauses[user_id]),
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


@dataclass(frozen=True)
class ChartData:
    points: list[WeekPoint]
    weekly_ask_target: int
    title: str


def chart_weeks(session: Session, sender: Sender, now: dt.datetime, weeks: int) -> ChartData:
    """The last `weeks` local weeks (this one included) per stage, for /chart."""
    profile = profile_of(session, sender, now)
    last_monday = week_start(local_day(now, ZoneInfo(profile.tz)))
    first = last_monday - dt.timedelta(weeks=weeks - 1)
    rows = session.execute(
        select(Entry.local_date, Entry.kind, func.sum(Entry.count))
        .where(
            Entry.user_id == profile.user_id,
            Entry.local_date >= first,
            Entry.deleted_at.is_(None),
        )
        .group_by(Entry.local_date, Entry.kind)
    ).all()
    per_week: dict[dt.date, dict[Kind, int]] = defaultdict(lambda: defaultdict(int))
    for day, kind, total in rows:
        per_week[week_start(day)][Kind(kind)] += int(total)
    points = []
    for index in range(weeks):
        monday = first + dt.timedelta(weeks=index)
        tally = Tally.from_counts(per_week.get(monday, {}))
        points.append(
            WeekPoint(monday, tally.asks, tally.leads, tally.nurtures, tally.yeses, tally.nos)
        )
    return ChartData(
        points=points if rows else [],
        weekly_ask_target=profile.targets.asks * len(profile.workdays),
        title=f"{profile.first_name}: last {weeks} weeks",
    )


def _export_rows(session: Session, user_id: int) -> Iterator[ExportRow]:
    result = session.execute(
        select(
            Entry.local_date,
            Entry.kind,
            Entry.count,
            Entry.who,
            Entry.created_at,
            Entry.deleted_at,
            Entry.tags,
        )
        .where(Entry.user_id == user_id)
        .order_by(Entry.local_date, Entry.id)
        .execution_options(yield_per=2000)
    )
    for day, kind, count, who, created_at, deleted_at, tags in result:
        yield ExportRow(day, kind, count, who, created_at, deleted_at is not None, tags_of(tags))


def export_entries(session: Session, user_id: int, out: IO[bytes], tz: str | None = None) -> int:
    """Stream every entry of the user (undone ones flagged) as CSV into `out`."""
    if tz is None:
        tz = session.execute(select(User.tz).where(User.id == user_id)).scalar_one_or_none()
    return write_csv(_export_rows(session, user_id), ZoneInfo(tz or "UTC"), out)


def export_mine(session: Session, sender: Sender, now: dt.datetime, out: IO[bytes]) -> int:
    profile = profile_of(session, sender, now)
    return export_entries(session, profile.user_id, out, profile.tz)


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
