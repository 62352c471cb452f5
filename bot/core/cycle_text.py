"""What the bot says about the whole cycle: paths and offers (/tags), re-asks, capacity and
targets from your own numbers (/goal). Pure: plain values in, text out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from bot.core.domain import Tally, answer_rate
from bot.core.paths import (
    MIN_OFFER_ASKS,
    MIN_OFFER_YESES,
    MIN_PATH_ACTIONS,
    PathLeak,
    actions,
    enough_data,
    path_leaks,
    strongest_offer,
)
from bot.core.reasks import DueReask, said_no_ago
from bot.core.render import counted, day_label, fit, percent
from bot.core.targets_from_rates import GOAL_WEEKS, MIN_RATE_ASKS, MIN_RATE_YESES, Proposal

MAX_TAGS_SHOWN = 15
FUNNEL_HEAD = "leads → touches → asks → yes / no"
CAPACITY_LINE = "You're at capacity this week — deliver, and line up next week."


def tagged(tags: Iterable[str]) -> str:
    return "🏷 " + " ".join(f"#{tag}" for tag in tags)


def _name(tag: str | None) -> str:
    return "untagged" if tag is None else f"#{tag}"


def funnel(tally: Tally) -> str:
    """ "40 → 31 → 8 → 3 / 2 · answered 63%, yes 38%": the cycle in order, then the rates."""
    line = f"{tally.leads} → {tally.nurtures} → {tally.asks} → {tally.yeses} / {tally.nos}"
    if tally.asks > 0:
        answered = percent(answer_rate(tally.asks, tally.answers))
        line += f" · answered {answered}, yes {percent(answer_rate(tally.asks, tally.yeses))}"
    return line


def _ordered(per_tag: Mapping[str | None, Tally]) -> list[str | None]:
    tags: list[str | None] = sorted(
        (t for t in per_tag if t is not None), key=lambda t: (-actions(per_tag[t]), t)
    )
    return [*tags, None] if None in per_tag else tags


def _leak_line(tag: str, tally: Tally, leaks: Mapping[str, PathLeak]) -> str:
    if tag in leaks:
        return f"• {leaks[tag].sentence}"
    if not enough_data(tally):
        return f"• #{tag}: too little data yet ({actions(tally)} of {MIN_PATH_ACTIONS} actions)"
    return f"• #{tag}: no leak — {tally.yeses} yes of {counted(tally.asks, 'ask', 'asks')}"


def offer_line(per_tag: Mapping[str | None, Tally]) -> str:
    found = strongest_offer(per_tag)
    if found is None:
        return (
            f"Strongest offer: too early to tell — I compare tags once two of them have "
            f"{MIN_OFFER_ASKS}+ asks and the best has {MIN_OFFER_YESES}+ yeses."
        )
    best, other = found
    return (
        f"Strongest offer: #{best.tag} — {best.yeses} yes of {counted(best.asks, 'ask', 'asks')}"
        f" vs #{other.tag} {other.yeses} of {other.asks}."
    )


def tags_overview(
    per_tag: Mapping[str | None, Tally], first: dt.date, last: dt.date, *, at_capacity: bool
) -> str:
    if all(tag is None for tag in per_tag):
        return (
            f"No tags since {day_label(first)}. Add #word to any log — /lead 3 #content, "
            "“asked Tom #audit” — and /tags shows each path's cycle and where it leaks."
        )
    order = _ordered(per_tag)
    shown, hidden = order[:MAX_TAGS_SHOWN], len(order) - MAX_TAGS_SHOWN
    lines = [f"🏷 Your paths, {day_label(first)} – {day_label(last)}", FUNNEL_HEAD, ""]
    lines += [f"{_name(tag)}: {funnel(per_tag[tag])}" for tag in shown]
    if hidden > 0:
        lines.append(f"…and {hidden} more (/tags #name shows one).")
    leaks = path_leaks(per_tag, at_capacity=at_capacity)
    lines += ["", "Where each path leaks:"]
    lines += [_leak_line(tag, per_tag[tag], leaks) for tag in shown if tag is not None]
    lines += ["", offer_line(per_tag)]
    if at_capacity:
        lines.append(CAPACITY_LINE)
    return fit("\n".join(lines))


def tag_detail(
    tag: str,
    window: Tally,
    weeks: Sequence[tuple[dt.date, Tally]],
    first: dt.date,
    leak: PathLeak | None,
) -> str:
    if not any(actions(tally) for _monday, tally in weeks) and not actions(window):
        return f"Nothing tagged #{tag} yet. Tag any log: /lead 3 #{tag} · “asked Tom #{tag}”."
    if leak is not None:
        verdict = f"Leak: {leak.words}."
    elif enough_data(window):
        verdict = "No leak."
    else:
        verdict = f"Too little data for a verdict ({actions(window)} of {MIN_PATH_ACTIONS})."
    lines = [
        f"🏷 #{tag} since {day_label(first)}: {funnel(window)}",
        verdict,
        "",
        f"Week by week ({FUNNEL_HEAD}):",
        *(f"{day_label(monday)}: {funnel(tally)}" for monday, tally in weeks),
    ]
    return fit("\n".join(lines))


def worst_path_line(leak: PathLeak) -> str:
    return f"Worst path: {leak.sentence}."


def reask_nudge(reasks: Sequence[DueReask], today: dt.date) -> str:
    lines = ["🔁 A no is an answer, not an end:"]
    lines += [f"• {r.who} said no {said_no_ago(r.day, today)} — ask again?" for r in reasks]
    return fit("\n".join(lines))


def pending_reasks(reasks: Sequence[DueReask], today: dt.date, limit: int = 20) -> str:
    lines = [f"Re-asks due ({len(reasks)}):"]
    lines += [f"• {r.who} said no {said_no_ago(r.day, today)}" for r in reasks[:limit]]
    if len(reasks) > limit:
        lines.append(f"…and {len(reasks) - limit} more.")
    return "\n".join(lines)


def span(days: int) -> str:
    if days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


def reask_set(days: int) -> str:
    if days == 0:
        return "Re-asks off: a no stays a no. /reask 30d brings them back."
    return (
        f"🔁 Every named no comes back after {span(days)}: on a workday, at your reminder time, "
        "with [Asked again] [Not yet] [Never]."
    )


def capacity_set(capacity: int | None, yeses: int) -> str:
    if capacity is None:
        return "Capacity off: no weekly limit on new clients."
    clients = f"{capacity} new client{'s' if capacity != 1 else ''} a week"
    text = f"Capacity: {clients}. This week so far: {yeses} yes."
    if yeses >= capacity:
        return f"{text}\n{CAPACITY_LINE}"
    return text + "\nOnce you reach it, nudges stop pushing asks and leads until next week."


def capacity_note() -> str:
    return (
        f"🧺 {CAPACITY_LINE}\n"
        "No pushes for asks or leads until next week; nurture the people you'll ask then."
    )


def _rate(proposal: Proposal) -> str:
    per = proposal.asks_per_yes
    shown = f"{per:.0f}" if per == int(per) else f"{per:.1f}"
    return f"1 yes per {shown} asks"


def goal(proposal: Proposal, capacity: int | None) -> str:
    path = (
        f"{_rate(proposal)} → {proposal.weekly_asks} asks a week → {proposal.daily_asks} a workday"
    )
    head = f"🎯 For {proposal.yes_goal} yes a week"
    if proposal.from_history:
        lines = [
            f"{head}: your last {GOAL_WEEKS} weeks say {proposal.yeses} yes of "
            f"{proposal.asks} asks.",
            f"{path}.",
        ]
    else:
        lines = [
            f"{head}: too little history to read your rate — {proposal.asks} asks and "
            f"{proposal.yeses} yes in the last {GOAL_WEEKS} weeks (I need {MIN_RATE_ASKS} "
            f"asks and {MIN_RATE_YESES} yeses).",
            f"A starting point: {path}.",
            "Log every ask and answer; /goal again once your numbers are in.",
        ]
    if capacity is not None and proposal.yes_goal > capacity:
        lines.append(f"Note: that's more than your capacity of {capacity} a week (/capacity).")
    return "\n".join(lines)


def target_moved(proposal: Proposal, current: int) -> str:
    return (
        f"Your numbers moved: {_rate(proposal)} now — for {proposal.yes_goal} yes a week, "
        f"{proposal.daily_asks} asks a workday would do (now {current}). "
        f"/target {proposal.daily_asks} sets it."
    )


def reask_counts(asked: int, became_yes: int) -> str:
    return f"Re-asks: {asked} asked again, {became_yes} became a yes."
