"""What the bot says about settings: /settings, the commands sent without an argument, and
how long a pause or snooze lasts. Pure."""

from __future__ import annotations

import datetime as dt

from bot.core.domain import Targets
from bot.core.render import day_label, targets_line, workdays_label, zone_label


def timezone_now(tz: str, local: dt.datetime) -> str:
    return (
        f"Your timezone: {zone_label(tz)} — it's {day_label(local.date())}, {local:%H:%M} there."
        "\nChange it with /tz and a city, e.g. /tz America/New_York."
    )


def target_now(targets: Targets) -> str:
    return (
        f"🎯 Daily target: {targets_line(targets)}.\n"
        "Change it with e.g. /target 10 asks, or /target 5 leads 2 touches 3."
    )


def times_label(remind_times: str) -> str:
    return remind_times.replace(",", ", ") if remind_times else ""


def remind_now(remind_times: str, workdays: frozenset[int]) -> str:
    if not remind_times:
        return "Nudges are off. Turn them on with e.g. /remind 10:00 15:00."
    return (
        f"Nudges at {times_label(remind_times)} on {workdays_label(workdays)}, only while "
        "you're behind. Change with /remind 9am 3pm, or /remind off."
    )


def paused(resumes_on: dt.date) -> str:
    last = resumes_on - dt.timedelta(days=1)
    return (
        f"Paused until {day_label(last)} — nudges come back {day_label(resumes_on)}. "
        "Paused days never break a streak; /resume ends it early."
    )


def snoozed(until: dt.datetime) -> str:
    return f"Snoozed until {day_label(until.date())} {until:%H:%M}. /resume ends it early."


def reask_label(days: int) -> str:
    """ "a no comes back after 6 weeks", or "off"."""
    if not days:
        return "off"
    span = f"{days // 7} weeks" if days % 7 == 0 and days > 7 else f"{days} days"
    return f"a no comes back after {span}"


def settings(
    *,
    tz: str,
    local: dt.datetime,
    targets: Targets,
    workdays: frozenset[int],
    remind_times: str,
    followup_days: int,
    digest: bool,
    resumes_on: dt.date | None,
    snoozed_until: dt.datetime | None,
    capacity: int | None,
    reask_days: int,
    yes_goal: int | None,
) -> str:
    """Every setting, one a line, with the command that changes it."""
    nudges = f"at {times_label(remind_times)}, while behind" if remind_times else "off"
    followup = f"after {followup_days} days" if followup_days else "off"
    lines = [
        "⚙️ Your settings",
        f"Timezone: {zone_label(tz)} — {day_label(local.date())}, {local:%H:%M} now (/tz)",
        f"Daily target: {targets_line(targets)} (/target)",
        f"Workdays: {workdays_label(workdays)} (/workdays)",
        f"Nudges: {nudges} (/remind)",
        f"Follow-up on unanswered asks: {followup} (/followup)",
        f"Weekly digest: {'on' if digest else 'off'} (/digest)",
        f"Capacity: {f'{capacity} new clients a week' if capacity else 'not set'} (/capacity)",
        f"Re-asks: {reask_label(reask_days)} (/reask)",
        f"Yes goal: {f'{yes_goal} a week' if yes_goal else 'not set'} (/goal)",
    ]
    if resumes_on is not None and resumes_on > local.date():
        last = resumes_on - dt.timedelta(days=1)
        lines.append(f"Paused until {day_label(last)} (/resume)")
    if snoozed_until is not None and snoozed_until > local:
        lines.append(f"Snoozed until {snoozed_until.astimezone(local.tzinfo):%H:%M} (/resume)")
    return "\n".join(lines)
