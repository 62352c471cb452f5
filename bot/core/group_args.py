"""Parsing what group members and admins type: /privacy and /groupset arguments. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.domain import MAX_COUNT, Privacy
from bot.core.parsing import ParseError
from bot.core.setting_args import parse_times, parse_workdays
from bot.core.timezone_args import parse_timezone

GROUPSET_HELP = (
    "Admins can set: /groupset tally fri 17:00 · /groupset tally off · "
    "/groupset tz Europe/Berlin · /groupset target 25"
)
PRIVACY_HELP = (
    "/privacy full (all numbers) · /privacy totals (asks only) · /privacy hidden (only in the "
    "group sum) · /privacy mention or /privacy nomention (be @-mentioned in tallies or not)"
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


def parse_groupset(args: str) -> dict[str, object] | ParseError:
    """Column values for the group row, from e.g. "tally fri 17:00" or "target 25"."""
    words = args.split()
    if not words:
        return ParseError(GROUPSET_HELP)
    setting, rest = words[0].lower(), words[1:]
    if setting == "tally":
        return _tally(rest)
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


def _tally(rest: list[str]) -> dict[str, object] | ParseError:
    if [word.lower() for word in rest] == ["off"]:
        return {"tally_enabled": False}
    if len(rest) != 2:
        return ParseError("Give a day and a time: /groupset tally fri 17:00 (or tally off)")
    days = parse_workdays(rest[0])
    if isinstance(days, ParseError) or len(days) != 1:
        return ParseError(f"“{rest[0][:20]}” isn't one weekday — try /groupset tally fri 17:00")
    times = parse_times(rest[1])
    if isinstance(times, ParseError) or len(times) != 1:
        return ParseError(f"“{rest[1][:20]}” isn't a time — try /groupset tally fri 17:00")
    at: dt.time = times[0]
    return {"tally_weekday": min(days), "tally_time": at.strftime("%H:%M"), "tally_enabled": True}
