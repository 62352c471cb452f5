"""Use cases of the seller's whole cycle, each one transaction: paths and offers (/tags),
capacity, re-asks and their buttons, /goal; and the cycle's lines in nudges and the digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core import cycle_text
from bot.core.cycle_args import DEFAULT_REASK_DAYS
from bot.core.domain import Kind, Sender, Source, Tally, Targets, at_capacity, local_day, week_start
from bot.core.parsing import EntryDraft, LogRequest
from bot.core.paths import PATH_WINDOW_DAYS, PathLeak, funnels, path_leak, tags_of, worst_path
from bot.core.reasks import ASKED, LATER, NEVER, DueReask
from bot.core.targets_from_rates import GOAL_WEEKS, Proposal, moved, propose
from bot.db import capacity_store, reask_store, tag_store
from bot.db import entry_store as entries
from bot.db import user_store as users
from bot.db.user_store import Profile
from bot.usecases import logbook
from bot.usecases.logbook import LogOutcome, profile_of
from bot.usecases.reminders import pending_asks

TAG_WEEKS = 8
"""/tags #x shows this many weeks, one line each: two months, as /chart does by default."""


def _today(profile: Profile, now: dt.datetime) -> dt.date:
    return local_day(now, ZoneInfo(profile.tz))


def capacity_status(session: Session, user_id: int, today: dt.date) -> tuple[int | None, int, bool]:
    """The user's capacity, this week's yeses, and whether they reached it."""
    capacity = users.cycle_settings(session, user_id).capacity
    yeses = capacity_store.yeses_this_week(session, {user_id: today})[user_id]
    return capacity, yeses, at_capacity(yeses, capacity)


def _per_tag(
    rows: Iterable[tuple[dt.date, str, Kind, int]], first: dt.date, last: dt.date
) -> dict[str | None, Tally]:
    return funnels((tags, kind, n) for day, tags, kind, n in rows if first <= day <= last)


def tag_weeks(
    rows: Sequence[tuple[dt.date, str, Kind, int]], tag: str, first_monday: dt.date, count: int
) -> list[tuple[dt.date, Tally]]:
    """`tag`'s counts in each of `count` weeks from `first_monday`, from `tagged_days` rows
    (/tags #x and /chart #x)."""
    weeks = []
    for index in range(count):
        monday = first_monday + dt.timedelta(weeks=index)
        sunday = monday + dt.timedelta(days=6)
        weeks.append((monday, _per_tag(rows, monday, sunday).get(tag, Tally())))
    return weeks


@dataclass(frozen=True)
class TagsView:
    per_tag: dict[str | None, Tally]
    first: dt.date
    last: dt.date
    at_capacity: bool


def tags_overview(session: Session, sender: Sender, now: dt.datetime) -> TagsView:
    """Every tag's funnel over the last PATH_WINDOW_DAYS days, untagged as its own row."""
    profile = profile_of(session, sender, now)
    today = _today(profile, now)
    first = today - dt.timedelta(days=PATH_WINDOW_DAYS - 1)
    per_tag = funnels(tag_store.tag_rows(session, profile.user_id, first, today))
    full = capacity_status(session, profile.user_id, today)[2]
    return TagsView(per_tag, first, today, full)


@dataclass(frozen=True)
class TagView:
    tag: str
    window: Tally
    weeks: list[tuple[dt.date, Tally]]
    first: dt.date
    leak: PathLeak | None


def tag_detail(session: Session, sender: Sender, now: dt.datetime, tag: str) -> TagView:
    """One tag: its funnel over PATH_WINDOW_DAYS days, its leak, and TAG_WEEKS weeks."""
    profile = profile_of(session, sender, now)
    today = _today(profile, now)
    first_monday = week_start(today) - dt.timedelta(weeks=TAG_WEEKS - 1)
    window_first = today - dt.timedelta(days=PATH_WINDOW_DAYS - 1)
    start = min(first_monday, window_first)
    rows = tag_store.tagged_days(session, [profile.user_id], start, today)[profile.user_id]
    window = _per_tag(rows, window_first, today).get(tag, Tally())
    weeks = tag_weeks(rows, tag, first_monday, TAG_WEEKS)
    full = capacity_status(session, profile.user_id, today)[2]
    return TagView(tag, window, weeks, window_first, path_leak(tag, window, at_capacity=full))


def worst_paths(session: Session, days: dict[int, dt.date]) -> dict[int, PathLeak]:
    """Per user, the tag whose leak stands out over the PATH_WINDOW_DAYS days to their day."""
    if not days:
        return {}
    window = dt.timedelta(days=PATH_WINDOW_DAYS - 1)
    first, last = min(days.values()) - window, max(days.values())
    rows = tag_store.tagged_days(session, list(days), first, last)
    found = {}
    for user_id, day in days.items():
        leak = worst_path(_per_tag(rows.get(user_id, []), day - window, day))
        if leak is not None:
            found[user_id] = leak
    return found


def set_capacity(
    session: Session, sender: Sender, now: dt.datetime, capacity: int | None
) -> tuple[int | None, int]:
    profile = profile_of(session, sender, now)
    users.update_settings(session, profile.user_id, capacity=capacity)
    return capacity, capacity_status(session, profile.user_id, _today(profile, now))[1]


def set_reask(session: Session, sender: Sender, now: dt.datetime, days: int) -> int:
    profile = profile_of(session, sender, now)
    users.update_settings(session, profile.user_id, reask_days=days)
    return days


def _proposal(session: Session, profile: Profile, today: dt.date, yes_goal: int) -> Proposal:
    first = today - dt.timedelta(weeks=GOAL_WEEKS) + dt.timedelta(days=1)
    history = entries.tally(session, profile.user_id, first, today)
    return propose(yes_goal, history.asks, history.yeses, len(profile.workdays))


def goal(
    session: Session, sender: Sender, now: dt.datetime, yes_goal: int
) -> tuple[Proposal, int | None]:
    """The daily ask target for `yes_goal` yeses a week (remembered for the digest)."""
    profile = profile_of(session, sender, now)
    users.update_settings(session, profile.user_id, yes_goal=yes_goal)
    capacity = users.cycle_settings(session, profile.user_id).capacity
    return _proposal(session, profile, _today(profile, now), yes_goal), capacity


def set_daily_asks(session: Session, sender: Sender, now: dt.datetime, asks: int) -> Targets:
    profile_of(session, sender, now)
    return users.set_targets(session, sender.user_id, asks, None, None)


@dataclass(frozen=True)
class PendingView:
    asks: list[tuple[str, dt.date]]
    reasks: list[DueReask]
    today: dt.date


def pending(session: Session, sender: Sender, now: dt.datetime) -> PendingView:
    """Named asks waiting for an answer, and, apart, the re-asks due."""
    asks, today = pending_asks(session, sender, now)
    delay = users.cycle_settings(session, sender.user_id).reask_days
    return PendingView(asks, reask_store.due(session, sender.user_id, today, delay), today)


@dataclass(frozen=True)
class ReaskOutcome:
    who: str
    decision: str
    already: bool = False
    """The name was asked again already: nothing logged."""
    logged: LogOutcome | None = None
    back_on: dt.date | None = None


def decide_reask(
    session: Session,
    sender: Sender,
    now: dt.datetime,
    no_entry_id: int,
    decision: str,
    source: Source,
) -> ReaskOutcome | None:
    """A re-ask button: log the ask again (through logbook.log, tagged like the no), put it
    off by another delay, or drop it. None when the no is not this user's (or is gone)."""
    profile = profile_of(session, sender, now)
    found = reask_store.named_nos(session, [profile.user_id], no_entry_id).get(profile.user_id)
    if not found:
        return None
    no = found[0]
    if no.asked_since or no.decision == ASKED:
        return ReaskOutcome(no.who, ASKED, already=True)
    today = _today(profile, now)
    if decision == ASKED:
        reask_store.decide(session, no.entry_id, profile.user_id, ASKED, now)
        tags = tags_of(reask_store.no_tags(session, no.entry_id))
        request = LogRequest((EntryDraft(Kind.ASK, 1, no.who),), 0, tags)
        logged = logbook.log(session, sender, request, source, now, now)
        return ReaskOutcome(no.who, ASKED, logged=logged)
    if decision == LATER:
        delay = users.cycle_settings(session, profile.user_id).reask_days or DEFAULT_REASK_DAYS
        back_on = today + dt.timedelta(days=delay)
        reask_store.decide(session, no.entry_id, profile.user_id, LATER, now, back_on)
        return ReaskOutcome(no.who, LATER, back_on=back_on)
    reask_store.decide(session, no.entry_id, profile.user_id, NEVER, now)
    return ReaskOutcome(no.who, NEVER)


def digest_lines(session: Session, profile: Profile, today: dt.date) -> list[str]:
    """The cycle's part of the weekly digest: last week's re-asks, the path that leaks
    most, and a new target when the seller's numbers moved away from the current one."""
    first = week_start(today) - dt.timedelta(days=7)
    asked, became_yes = reask_store.counts(session, profile.user_id, first, first + dt.timedelta(6))
    lines = [cycle_text.reask_counts(asked, became_yes)] if asked else []
    leak = worst_paths(session, {profile.user_id: today}).get(profile.user_id)
    if leak is not None:
        lines.append(cycle_text.worst_path_line(leak))
    yes_goal = users.cycle_settings(session, profile.user_id).yes_goal
    if yes_goal is not None:
        proposal = _proposal(session, profile, today, yes_goal)
        if moved(profile.targets.asks, proposal):
            lines.append(cycle_text.target_moved(proposal, profile.targets.asks))
    return lines


def reask_totals(session: Session, user_id: int) -> tuple[int, int]:
    return reask_store.counts(session, user_id, dt.date.min, dt.date.max)
