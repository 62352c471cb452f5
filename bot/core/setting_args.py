"""Parse the arguments of setting commands: targets, times, days, spans (the timezone is
`bot.core.timezone_args`, the end of a pause `bot.core.pause_args`).

Pure: stdlib, `bot.core.domain` and `bot.core.parsing` only. Every function returns a value or a
`ParseError` whose message can be sent to the user as is; none raises on any input.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.domain import MAX_COUNT
from bot.core.parsing import INTEGER, ParseError, clean, integer, quote, shorten, vocabulary
from bot.core.vocabulary import CLOCK_WORDS, WEEKDAY_NAMES

MAX_REMINDERS = 4
MAX_FOLLOWUP_DAYS = 60
MAX_PAUSE_DAYS = 365
_TIME = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?(am|pm)?")
_SPAN = re.compile(r"(?:[0-9]+\s*[a-z]+\s*)+", re.ASCII)
_SPAN_PART = re.compile(r"([0-9]+)\s*([a-z]+)", re.ASCII)
_DAY_RANGE = re.compile(r"\s*(?:[-–—]|(?<!\S)to(?!\S))\s*")
_EVERY_DAY = re.compile(r"every\s+day")
_TARGET_SLOTS = vocabulary({0: "ask|asks", 1: "lead|leads", 2: "touch|touches|nurture|nurtures"})
_TARGET_EXAMPLE = "/target 5 leads 2 touches 3"
_DAY_NAMES = tuple(names[0] for names in WEEKDAY_NAMES)
_DAY_GROUPS = vocabulary(
    {
        frozenset(range(5)): "weekdays|weekday|workdays",
        frozenset({5, 6}): "weekend|weekends",
        frozenset(range(7)): "daily|everyday|all",
    }
)
_WORKDAYS_EXAMPLE = "/workdays mon-fri, /workdays mon,wed,fri or /workdays daily"
_SPAN_UNITS = vocabulary(
    {
        1: "m|min|mins|minute|minutes",
        60: "h|hr|hrs|hour|hours",
        24 * 60: "d|day|days",
        7 * 24 * 60: "w|wk|wks|week|weeks",
    }
)


def _parse_target(token: str, slot: int) -> int | ParseError:
    value = integer(token)
    if value is None:
        return ParseError(f"{quote(token)} isn't a number — try /target 5.")
    if value < 0 or value > MAX_COUNT:
        return ParseError(f"{quote(token)}? Targets go from 0 to {MAX_COUNT} — try /target 5.")
    if slot == 0 and value == 0:
        return ParseError("Aim for at least 1 ask a day — asks are what sell. Try /target 5.")
    return value


def _label_first(words: list[str]) -> list[str]:
    """ "10 asks 2 leads" as "asks 10 leads 2"; other orders as they are."""
    pairs = list(zip(words[::2], words[1::2], strict=False))
    if len(words) % 2 or not all(
        integer(number) is not None and label in _TARGET_SLOTS for number, label in pairs
    ):
        return words
    return [word for number, label in pairs for word in (label, number)]


def parse_targets(args: str) -> tuple[int | None, int | None, int | None] | ParseError:
    """Parse `N [leads N] [touches N]` or `N asks [N leads] [N touches]` into (asks, leads,
    nurtures); None when not given."""
    words = _label_first(clean(args).casefold().replace(",", " ").split())
    if not words:
        return ParseError(f"How many asks a day? Try /target 5, or {_TARGET_EXAMPLE}.")
    if words[0] not in _TARGET_SLOTS:
        words.insert(0, "asks")
    labels, numbers = words[::2], words[1::2]
    targets: list[int | None] = [None, None, None]
    for label, number in zip(labels, [*numbers, None], strict=False):
        slot = _TARGET_SLOTS.get(label)
        if slot is None:
            return ParseError(f"Not sure what {quote(label)} is for — try {_TARGET_EXAMPLE}.")
        if number is None:
            return ParseError(f"{quote(label)} needs a number after it — try {_TARGET_EXAMPLE}.")
        if targets[slot] is not None:
            return ParseError(f"{quote(label)} is there twice — try {_TARGET_EXAMPLE}.")
        value = _parse_target(number, slot)
        if isinstance(value, ParseError):
            return value
        targets[slot] = value
    return targets[0], targets[1], targets[2]


def _clock_tokens(args: str) -> list[str]:
    """The words of a list of times, with "9 am", "9 a.m." and "9:00 AM" made one word."""
    text = clean(args).casefold().replace(",", " ").replace("a.m.", "am").replace("p.m.", "pm")
    words: list[str] = []
    for word in text.split():
        if word in ("am", "pm") and words and _TIME.fullmatch(words[-1]):
            words[-1] += word
        else:
            words.append(word)
    return words


def _clock(word: str) -> dt.time | ParseError:
    if word in CLOCK_WORDS:
        return dt.time(CLOCK_WORDS[word])
    match = _TIME.fullmatch(word)
    if match is None:
        return ParseError(f"{quote(word)} isn't a time I can read — try 09:30, 9am or 15:00.")
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half and not 1 <= hour <= 12:
        return ParseError(f"{shorten(word)} isn't a time of day — try 9am or 9pm.")
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return ParseError(f"{shorten(word)} isn't a time of day — try 09:30 or 15:00.")
    return dt.time(hour, minute)


def parse_times(args: str) -> tuple[dt.time, ...] | ParseError:
    """Local reminder times such as "10:00 15:00", "9am", "9:00 AM" or "noon"; "off" = none."""
    words = _clock_tokens(args)
    if not words:
        return ParseError("At what times? Try /remind 10:00 15:00, or /remind off.")
    if len(words) == 1 and words[0] == "off":
        return ()
    times: set[dt.time] = set()
    for word in words:
        found = _clock(word)
        if isinstance(found, ParseError):
            return found
        times.add(found)
    if len(times) > MAX_REMINDERS:
        return ParseError(f"That's {len(times)} times — pick up to {MAX_REMINDERS}.")
    return tuple(sorted(times))


def _weekday(token: str) -> int | None:
    stem = token.removesuffix("s") if len(token) > 3 else token
    if len(stem) < 2:
        return None
    return next((day for day, name in enumerate(_DAY_NAMES) if name.startswith(stem)), None)


def _days_of(token: str) -> frozenset[int] | None:
    if token in _DAY_GROUPS:
        return _DAY_GROUPS[token]
    start, _, end = token.partition("-")
    first, last = _weekday(start), _weekday(end or start)
    if first is None or last is None:
        return None
    return frozenset((first + step) % 7 for step in range((last - first) % 7 + 1))


def parse_workdays(args: str) -> frozenset[int] | ParseError:
    """Parse days such as "mon-fri", "mon,wed,fri", "fri-mon" or "weekdays"; Monday is 0."""
    text = _DAY_RANGE.sub("-", _EVERY_DAY.sub("everyday", clean(args).casefold()))
    words = [word for word in text.replace(",", " ").replace("&", " ").split() if word != "and"]
    if not words:
        return ParseError(f"Which days? Try {_WORKDAYS_EXAMPLE}.")
    days: set[int] = set()
    for word in words:
        found = _days_of(word)
        if found is None:
            return ParseError(f"{quote(word)} isn't a day I know — try {_WORKDAYS_EXAMPLE}.")
        days |= found
    return frozenset(days)


def parse_span(text: str, example: str) -> dt.timedelta | ParseError:
    cleaned = " ".join(clean(text).casefold().split())
    if not cleaned:
        return ParseError(f"How long? Try {example}.")
    if INTEGER.fullmatch(cleaned):
        return ParseError(f"{quote(cleaned)} needs a unit — try {example}.")
    if len(cleaned) > 100 or not _SPAN.fullmatch(cleaned):
        return ParseError(f"{quote(cleaned)} isn't a length of time I can read — try {example}.")
    minutes = 0
    for digits, unit in _SPAN_PART.findall(cleaned):
        if unit not in _SPAN_UNITS:
            return ParseError(f"{quote(unit)} isn't a unit I know — use m, h, d or w: {example}.")
        minutes += int(digits) * _SPAN_UNITS[unit]
    if minutes == 0:
        return ParseError(f"{quote(cleaned)} is no time at all — try {example}.")
    if minutes > MAX_PAUSE_DAYS * 24 * 60:
        return ParseError(f"{quote(cleaned)} is more than {MAX_PAUSE_DAYS} days — try {example}.")
    return dt.timedelta(minutes=minutes)


def parse_duration(text: str) -> dt.timedelta | ParseError:
    """Parse a span such as "30m", "2h", "1h30m", "3 days" or "2w"; 1 minute to 365 days."""
    return parse_span(text, "2h, 30m or 1h30m")


def whole_days(text: str, example: str) -> int | ParseError:
    """A count of days: a bare number, or a span in whole days ("5d", "2w")."""
    days = integer(text)
    if days is None:
        span = parse_span(text, example)
        if isinstance(span, ParseError):
            return span
        if span % dt.timedelta(days=1):
            return ParseError(f"{quote(text)} isn't a whole number of days — try {example}.")
        days = span.days
    if days < 1:
        return ParseError(f"Pick at least 1 day — try {example}.")
    return days


def parse_followup(args: str) -> int | ParseError:
    """Days to wait before a follow-up on an unanswered ask: "5d" or "5" (1–60); "off" = 0."""
    text = " ".join(clean(args).casefold().split())
    if text == "off":
        return 0
    if not text:
        return ParseError("After how many days? Try /followup 5d, or /followup off.")
    days = whole_days(text, "/followup 5d or /followup off")
    if isinstance(days, ParseError):
        return days
    if days > MAX_FOLLOWUP_DAYS:
        return ParseError(f"Follow-ups wait {MAX_FOLLOWUP_DAYS} days at most — try /followup 14d.")
    return days


MAX_CHART_WEEKS = 104
_CHART_SPAN = re.compile(r"([0-9]{1,4})\s*(w|wk|wks|weeks?|d|days?)?", re.IGNORECASE)


def parse_chart_span(args: str) -> int | ParseError:
    """Weeks to chart from "8w", "30d" or "8" (weeks): 1..MAX_CHART_WEEKS."""
    match = _CHART_SPAN.fullmatch(args.strip())
    if match is None:
        return ParseError(f"{quote(args)} isn't a span — try /chart 8w or /chart 30d.")
    number, unit = int(match[1]), (match[2] or "w").lower()
    weeks = -(-number // 7) if unit.startswith("d") else number
    if not 1 <= weeks <= MAX_CHART_WEEKS:
        return ParseError(f"I chart 1 to {MAX_CHART_WEEKS} weeks — try /chart 8w.")
    return weeks
