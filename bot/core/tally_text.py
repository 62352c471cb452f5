"""A group's weekly tally and its reminder as text: compact, pace-aware, within Telegram's
size limit, mentions as UTF-16 entities. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.domain import Kind, Tally
from bot.core.group_week import MemberWeek, WeekSummary, resting
from bot.core.insights import Leak
from bot.core.render import amount, day_label, fit, utf16_len

MAX_TALLY = 4096
STREAK_SHOWN = 2
"""Weeks on target in a row from which a member's line shows the streak."""
_FOOTER_ROOM = 120
AT_CAPACITY = "🧺 at capacity"
"""Instead of "N to pace" for a member whose week's yeses reached their /capacity."""

TEAM_FOCUS = {
    "volume_first": "Volume first: each of you, make one direct ask today.",
    "not_enough_data": "Keep logging every ask, lead and touch — and each ask someone today.",
    "ask": "The ask: lots of nurturing, few asks. Each pick your 3 warmest people and ask them.",
    "lead": "New leads: we ask plenty, but few new people come in. Each find 3 new people.",
    "nurture": "Following up: new leads rarely hear from us again. Each send 3 leads something "
    "useful.",
    "answer": "Lots of noes: each ask 3 of them what would have made it a yes.",
    "balanced": "No leak — leads, touches and asks all on pace. Same again next week!",
}


@dataclass(frozen=True)
class Mention:
    """A text_mention entity: offsets in UTF-16 code units, as Telegram counts."""

    offset: int
    length: int
    user_id: int


@dataclass(frozen=True)
class TallyText:
    text: str
    mentions: tuple[Mention, ...]


@dataclass
class _Writer:
    """Text with mentions, measured in UTF-16 units as it grows."""

    text: str = ""
    units: int = 0
    mentions: list[Mention] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.text += text
        self.units += utf16_len(text)

    def name(self, member: MemberWeek) -> None:
        if member.mention:
            self.mentions.append(Mention(self.units, utf16_len(member.first_name), member.user_id))
        self.add(member.first_name)

    def done(self, limit: int = MAX_TALLY) -> TallyText:
        return TallyText(fit(self.text, limit), tuple(self.mentions))


def _details(tally: Tally) -> str:
    parts = [
        f"{tally.yeses} yes" if tally.yeses else "",
        f"{tally.nos} no" if tally.nos else "",
        amount(tally.leads, Kind.LEAD) if tally.leads else "",
        f"{tally.nurtures} touch{'es' if tally.nurtures != 1 else ''}" if tally.nurtures else "",
    ]
    return "".join(f" · {part}" for part in parts if part)


def member_rest(member: MemberWeek, summary: WeekSummary) -> str:
    """Everything after the name on a member's line."""
    asks = member.week.asks
    if asks >= summary.weekly_target:
        state = " 🎯"
    elif asks >= summary.pace:
        state = " ✅"
    elif resting(member, summary.pace):
        state = f" · {AT_CAPACITY}"
    else:
        state = f" · {summary.pace - asks} to {'go' if summary.final else 'pace'}"
    streak = f" · 🔥 {member.streak} weeks" if member.streak >= STREAK_SHOWN else ""
    return f" — {amount(asks, Kind.ASK)}{state}{_details(member.week)}{streak}"


def _head(summary: WeekSummary) -> str:
    when = (
        "week complete"
        if summary.complete
        else f"pace by today: {summary.pace} (day {summary.day} of {summary.workdays})"
    )
    return (
        f"📊 {summary.title[:64]} — week of {day_label(summary.first)}\n"
        f"Target {summary.weekly_target} asks a week each · {when}\n"
    )


def _change(summary: WeekSummary) -> str:
    now, before = summary.team.asks, summary.last_week
    if now == before == 0:
        return ""
    since = "last week" if summary.final else "last week so far"
    if now == before:
        return f" · same as {since}"
    return f" · {'↑' if now > before else '↓'} {abs(now - before)} vs {since}"


def _footer(summary: WeekSummary) -> str:
    team = summary.team
    lines = []
    if summary.counted:
        share = f" ({team.asks * 100 // summary.goal}%)" if summary.goal else ""
        lines.append(f"Team: {team.asks} of {summary.goal} asks{share}{_change(summary)}")
        if _details(team):
            lines.append("Also:" + _details(team).removeprefix(" ·"))
        done = f"hit {summary.weekly_target} asks" if summary.final else "on pace"
        full = f", {summary.resting} at capacity" if summary.resting else ""
        lines.append(f"{summary.on_pace} of {summary.counted} {done}{full}.")
    if summary.focus is not None:
        lines.append(f"Team focus: {team_focus_text(summary.focus)}")
    return "\n".join(lines)


def team_focus_text(leak: Leak) -> str:
    return TEAM_FOCUS.get(leak.code, leak.headline)


def render_tally(summary: WeekSummary, limit: int = MAX_TALLY) -> TallyText:
    """The tally. Past `limit` the member list stops and one line sums up the rest."""
    out = _Writer()
    out.add(_head(summary) + "\n")
    footer = _footer(summary)
    if not summary.counted and not summary.hidden:
        out.add("No members yet. Join with /join.")
        return out.done(limit)
    budget = limit - out.units - utf16_len(footer) - _FOOTER_ROOM
    listed = 0
    for rank, member in enumerate(summary.shown, start=1):
        rest = member_rest(member, summary)
        if utf16_len(f"{rank}. {member.first_name}{rest}\n") + out.units > budget:
            break
        out.add(f"{rank}. ")
        out.name(member)
        out.add(rest + "\n")
        listed += 1
    if listed < len(summary.shown):
        more = summary.shown[listed:]
        total = sum(m.week.asks for m in more)
        out.add(f"…and {len(more)} more: {amount(total, Kind.ASK)}.\n")
    if summary.not_logged:
        names(out, "Not logged yet: ", summary.not_logged, budget)
        out.add("\n")
    if summary.hidden:
        out.add(
            "+ 1 member keeps their numbers private.\n"
            if summary.hidden == 1
            else f"+ {summary.hidden} members keep their numbers private.\n"
        )
    out.add("\n" + footer)
    return out.done(limit)


def names(out: _Writer, lead: str, members: Sequence[MemberWeek], budget: int) -> None:
    """`lead` then the names, comma separated, as many as fit in `budget`."""
    out.add(lead)
    for index, member in enumerate(members):
        left = len(members) - index
        if out.units + utf16_len(member.first_name) + 24 > budget:
            out.add(f"and {left} more")
            return
        out.add(", " if index else "")
        out.name(member)


def render_reminder(
    members: Sequence[MemberWeek], at: dt.time, limit: int = MAX_TALLY
) -> TallyText | None:
    """An hour before the tally: who hasn't logged this week; None when everyone has."""
    if not members:
        return None
    out = _Writer()
    names(out, f"⏰ Weekly tally at {at:%H:%M}. Not logged yet this week: ", members, limit - 200)
    out.add(".\nLog here with /ask 3 (or reply to me with “3 asks”) — or in our private chat.")
    return out.done(limit)
