"""What the bot says: plain-text replies built from plain values. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.answer_match import Answered
from bot.core.domain import DAY_ROLLOVER_HOUR, Kind, Pace, Tally, Targets, answer_rate
from bot.core.insights import Leak, Streak

MAX_MESSAGE = 4096
WAITING_SHOWN = 5
"""Pending asks named when an answer matches none (/pending lists them all)."""

_NAMES: dict[Kind, tuple[str, str]] = {
    Kind.ASK: ("ask", "asks"),
    Kind.LEAD: ("lead", "leads"),
    Kind.NURTURE: ("nurture touch", "nurture touches"),
    Kind.YES: ("yes", "yeses"),
    Kind.NO: ("no", "noes"),
}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int = MAX_MESSAGE) -> str:
    """Telegram refuses messages over 4096 characters; it may count UTF-16 code units (an
    emoji is two), so measure those and cut with a visible ellipsis."""
    if len(text) * 2 <= limit or utf16_len(text) <= limit:
        return text
    cut = text[: limit - 1]
    while utf16_len(cut) > limit - 1:
        cut = cut[: len(cut) - max((utf16_len(cut) - limit + 1) // 2, 1)]
    return cut + "…"


def amount(count: int, kind: Kind) -> str:
    singular, plural = _NAMES[kind]
    return f"{count} {singular if count == 1 else plural}"


def day_label(day: dt.date) -> str:
    return day.strftime("%a %d %b").replace(" 0", " ")


def pace_line(done: int, target: int, noun: str = "asks", *, workday: bool = True) -> str:
    """ "2 of 5 asks — 3 to go"; on a day off there is nothing to go: "2 asks"."""
    pace = Pace(done=done, target=target)
    counted = f"{done} {noun}".rstrip()
    if target <= 0 or not workday:
        return counted
    if pace.on_target:
        return f"{done} of {target} {noun}".rstrip() + " — target hit 🎯"
    return f"{done} of {target} {noun}".rstrip() + f" — {pace.to_go} to go"


def logged(
    counts: Sequence[tuple[Kind, int, str | None]],
    day: dt.date,
    today: dt.date,
    day_tally: Tally,
    targets: Targets,
    *,
    duplicate: bool = False,
    answers: Sequence[Answered] = (),
    workday: bool = True,
) -> str:
    parts = []
    for kind, count, who in counts:
        text = amount(count, kind)
        if who:
            text += f" ({who})" if kind in (Kind.LEAD, Kind.NURTURE) else f" — {who}"
        parts.append(text)
    when = "" if day == today else f" for {day_label(day)}"
    head = f"Already logged{when}: " if duplicate else f"✅ Logged{when}: "
    lines = [head + ", ".join(parts) + "."]
    lines += answer_lines(answers)
    if any(kind == Kind.NO for kind, _, _ in counts):
        lines.append("A no is progress: it is an answer.")
    label = "Today" if day == today else day_label(day)
    off = "" if workday else " (day off)"
    lines.append(f"{label}: {pace_line(day_tally.asks, targets.asks, workday=workday)}{off}.")
    return "\n".join(lines)


def period(title: str, tally: Tally, targets: Targets, *, workday: bool = True) -> str:
    """Counts per stage against targets (none on a day off), then answers."""
    lines = [
        title if workday else f"{title} — a day off, no targets",
        f"Asks: {pace_line(tally.asks, targets.asks, '', workday=workday)}",
        f"Leads: {pace_line(tally.leads, targets.leads, '', workday=workday)}",
        f"Nurture touches: {pace_line(tally.nurtures, targets.nurtures, '', workday=workday)}",
        f"Answers: {tally.yeses} yes, {tally.nos} no",
    ]
    return "\n".join(lines)


def today(day: dt.date, tally: Tally, targets: Targets, *, workday: bool = True) -> str:
    return period(f"Today, {day_label(day)}", tally, targets, workday=workday)


def week(first: dt.date, last: dt.date, tally: Tally, targets: Targets) -> str:
    return period(f"This week, {day_label(first)} – {day_label(last)}", tally, targets)


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)}%"


def stats(lifetime: Tally, since: dt.date | None, recent: Tally, recent_days: int) -> str:
    if since is None:
        return "No entries yet. Log your first ask: /ask"
    lines = [
        f"Since {day_label(since)} {since.year}",
        f"Asks: {lifetime.asks} · Leads: {lifetime.leads} · Touches: {lifetime.nurtures}",
        f"Answers: {lifetime.yeses} yes, {lifetime.nos} no",
        f"Answer rate: {percent(answer_rate(lifetime.asks, lifetime.answers))}"
        f" · Yes rate: {percent(answer_rate(lifetime.asks, lifetime.yeses))}",
        "",
        f"Last {recent_days} days: {amount(recent.asks, Kind.ASK)},"
        f" {amount(recent.leads, Kind.LEAD)}, {amount(recent.nurtures, Kind.NURTURE)},"
        f" {recent.yeses} yes / {recent.nos} no",
    ]
    return "\n".join(lines)


def streak(current: Streak) -> str:
    if current.best == 0:
        return "Streak: none yet — hit your ask target on a workday to start one."
    days = f"{current.current} workday{'s' if current.current != 1 else ''}"
    return f"Streak: {days} on target (best {current.best})."


def leak(found: Leak) -> str:
    return f"{found.headline}\nNext step: {found.next_step}"


def digest(
    first: dt.date,
    last: dt.date,
    tally: Tally,
    weekly: Targets,
    streak_: Streak,
    leak_: Leak,
    extra: Sequence[str] = (),
) -> str:
    lines = [
        f"🗓 Your week, {day_label(first)} – {day_label(last)}",
        period("", tally, weekly).strip(),
        f"Answer rate: {percent(answer_rate(tally.asks, tally.answers))}"
        " — every answer counts, a no too.",
        streak(streak_),
        leak(leak_),
        *extra,
        "/digest off stops this weekly note.",
    ]
    return fit("\n".join(lines))


def undone(kind: Kind, count: int, who: str | None, day: dt.date) -> str:
    target = f" — {who}" if who else ""
    return f"↩️ Removed {amount(count, kind)}{target} from {day_label(day)}."


def zone_label(tz: str) -> str:
    """ "Europe/Berlin"; a fixed offset as people say it: "UTC+1 (fixed)"."""
    if tz.startswith("Etc/GMT") and tz[7:8] in ("+", "-"):
        sign = "-" if tz[7] == "+" else "+"  # Etc/GMT-1 is UTC+1
        return f"UTC{sign}{tz[8:]} (fixed, no summer time)"
    return tz


def timezone_set(tz: str, local: dt.datetime) -> str:
    text = f"Timezone set to {zone_label(tz)}. It's {day_label(local.date())}, {local:%H:%M} there."
    if local.hour < DAY_ROLLOVER_HOUR:
        text += f" Until {DAY_ROLLOVER_HOUR:02d}:00, entries still count for the day before."
    return text


def answer_lines(answers: Sequence[Answered]) -> list[str]:
    """Which pending ask each named answer closed, or why none: several fit (buttons
    follow), it was answered already, or nothing waiting matches."""
    closed = [answer.closed for answer in answers if answer.closed]
    lines = ["Answer recorded for " + ", ".join(closed) + "."] if closed else []
    for answer in answers:
        if answer.choices:
            lines.append(f"Which ask is “{answer.who}” for? Tap it below.")
        elif answer.already:
            lines.append(f"Your ask to {answer.already} was already answered.")
        elif answer.closed is None and answer.waiting:
            shown = ", ".join(answer.waiting[:WAITING_SHOWN])
            more = len(answer.waiting) - WAITING_SHOWN
            shown += f" and {more} more (/pending)" if more > 0 else ""
            lines.append(f"No waiting ask matches “{answer.who}”. Still waiting: {shown}.")
        elif answer.closed is None:
            lines.append(f"No ask to {answer.who} was waiting for an answer.")
    return lines


def counted(count: int, singular: str, plural: str) -> str:
    """ "1 lead", "2 leads"."""
    return f"{count} {singular if count == 1 else plural}"


def targets_line(targets: Targets) -> str:
    """ "5 asks, 1 lead, 2 touches": the stages with a target."""
    parts = [counted(targets.asks, "ask", "asks")]
    if targets.leads:
        parts.append(counted(targets.leads, "lead", "leads"))
    if targets.nurtures:
        parts.append(counted(targets.nurtures, "touch", "touches"))
    return ", ".join(parts)


def targets_set(targets: Targets) -> str:
    return f"🎯 Daily target: {targets_line(targets)}."


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def workdays_label(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if ordered == [0, 1, 2, 3, 4]:
        return "Mon–Fri"
    if len(ordered) == 7:
        return "every day"
    return ", ".join(_WEEKDAYS[day] for day in ordered)


def next_nudge(at: dt.datetime | None, tz: str) -> str:
    if at is None:
        return "No nudges scheduled."
    local = at.astimezone(ZoneInfo(tz))
    return f"Next nudge: {day_label(local.date())} {local:%H:%M} ({tz}), if you're behind."


def nudge(asks: int, target: int, leak_line: str = "") -> str:
    lines = [
        f"⏰ {asks} of {target} asks today — {target - asks} to go.",
        "Who is one direct ask away from a yes (or a no)? Ask now, then tap below.",
    ]
    if leak_line:
        lines.append(leak_line)
    return "\n".join(lines)


def followup(pending: Sequence[tuple[str, dt.date]], today: dt.date) -> str:
    lines = ["📬 Still waiting for an answer:"]
    for who, day in pending[:20]:
        lines.append(f"• {who} — asked {age(day, today)}")
    if len(pending) > 20:
        lines.append(f"…and {len(pending) - 20} more (/pending)")
    lines.append("A follow-up gets you an answer — and a no is progress too. /yes name · /no name")
    return fit("\n".join(lines))


def age(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def pending(asks: Sequence[tuple[str, dt.date]], today: dt.date) -> str:
    if not asks:
        return "No pending asks. Name who you ask (/ask Acme) and I'll track the answer."
    lines = [f"Pending asks ({len(asks)}):"]
    lines += [f"• {who} — asked {age(day, today)}" for who, day in asks[:50]]
    if len(asks) > 50:
        lines.append(f"…and {len(asks) - 50} older ones.")
    lines.append("Log the answer with /yes name or /no name.")
    return fit("\n".join(lines))
