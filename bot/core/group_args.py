"""Parsing what group members and admins type: /privacy and /groupset arguments. Pure."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.domain import MAX_COUNT, Privacy, mask_from_workdays
from bot.core.parsing import ParseError
from bot.core.setting_args import parse_times, parse_workdays
from bot.core.timezone_args import parse_timezone

GROUPSET_HELP = (
    "Admins can set: /groupset tally fri 17:00 (or friday 5pm) · /groupset tally off · "
    "/groupset tz Europe/Berlin · /groupset target 25 (asks a week each) · "
    "/groupset workdays mon-fri · /groupset remove (replying to a member, or with their name)"
)
_CLOCK_12H = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?", re.IGNORECASE)
PRIVACY_HELP = (
    "/privacy full (all your numbers) · /privacy totals (asks only) · /privacy hidden "
    "(nothing: in no list, sum or count) · /privacy mention or /privacy nomention (be "
    "@-mentioned in tallies or not)"
)


@dataclass(frozen=True)
class PrivacyChoice:
    level: Privacy | None = None
    mention: bool | None = None


def parse_privacy(args: str) -> PrivacyChoice | ParseError:
    word = args.strip().lower()
    if word in {level.value for level in Privacy}:
        return PrivacyChoice(level=Privacy(word))
    if word in ("mention", "nomention", "no mention"):
        return PrivacyChoice(mention=word == "mention")
    return ParseError(f"Choose one: {PRIVACY_HELP}")


@dataclass(frozen=True)
class Removal:
    """/groupset remove [name]: take a member off the tally (the name, or the replied-to)."""

    name: str


def parse_groupset(args: str) -> dict[str, object] | Removal | ParseError:
    """Column values for the group row, from e.g. "tally fri 17:00" or "target 25"."""
    words = args.split()
    if not words:
        return ParseError(GROUPSET_HELP)
    setting, rest = words[0].lower(), words[1:]
    if setting == "remove":
        return Removal(" ".join(rest).removeprefix("@"))
    if setting == "tally":
        return _tally(rest)
    if setting == "workdays" and rest:
        days = parse_workdays(" ".join(rest))
        return days if isinstance(days, ParseError) else {"workdays": mask_from_workdays(days)}
    if setting == "tz" and len(rest) == 1:
        tz = parse_timezone(rest[0])
        return tz if isinstance(tz, ParseError) else {"tz": tz}
    if setting == "target" and len(rest) == 1:
        if not rest[0].isdigit() or not 0 < int(rest[0]) <= MAX_COUNT * 7:
            return ParseError(
                "The weekly group target is asks per member, e.g. /groupset target 25"
            )
        return {"weekly_target": int(rest[0])}
    return ParseError(GROUPSET_HELP)


def clock_time(word: str) -> dt.time | None:
    """A time of day: 17:00, 9, 9.30 — or on the 12-hour clock, 5pm, 5:30 pm, 12am."""
    match = _CLOCK_12H.fullmatch(word.strip())
    if match is not None:
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return dt.time(hour % 12 + (12 if match[3].lower() == "p" else 0), minute)
    times = parse_times(word)
    return times[0] if not isinstance(times, ParseError) and len(times) == 1 else None


def _tally(rest: list[str]) -> dict[str, object] | ParseError:
    if [word.lower() for word in rest] == ["off"]:
        return {"tally_enabled": False}
    merged: list[str] = []
    for word in rest:  # "friday 5 pm": the am/pm belongs to the time before it
        if merged and word.lower().replace(".", "") in ("am", "pm"):
            merged[-1] += word
        else:
            merged.append(word)
    rest = merged
    if len(rest) != 2:
        return ParseError("Give a day and a time: /groupset tally fri 17:00 (or tally off)")
    if clock_time(rest[0]) is not None:
        rest = [rest[1], rest[0]]  # "5pm friday"
    days = parse_workdays(rest[0])
    if isinstance(days, ParseError) or len(days) != 1:
        return ParseError(f"“{rest[0][:20]}” isn't one weekday — try /groupset tally fri 17:00")
    at = clock_time(rest[1])
    if at is None:
        return ParseError(f"“{rest[1][:20]}” isn't a time — try /groupset tally fri 17:00")
    return {"tally_weekday": min(days), "tally_time": at.strftime("%H:%M"), "tally_enabled": True}
