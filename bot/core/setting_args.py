"""Parse the arguments of setting commands: targets, timezone, times, days, spans.

Pure: stdlib, `bot.core.domain` and `bot.core.parsing` only. Every function returns a value or a
`ParseError` whose message can be sent to the user as is; none raises on any input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import zoneinfo

from bot.core.domain import MAX_COUNT
from bot.core.parsing import INTEGER, ParseError, clean, integer, quote, shorten, vocabulary

MAX_REMINDERS = 4
MAX_PAUSE_DAYS = 365
MAX_FOLLOWUP_DAYS = 60
_TIME = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?")
_SPAN = re.compile(r"(?:[0-9]+\s*[a-z]+\s*)+", re.ASCII)
_SPAN_PART = re.compile(r"([0-9]+)\s*([a-z]+)", re.ASCII)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DOTTED_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_DAY_RANGE = re.compile(r"\s*(?:[-–—]|(?<!\S)to(?!\S))\s*")
_EVERY_DAY = re.compile(r"every\s+day")
_TARGET_SLOTS = vocabulary({0: "ask|asks", 1: "lead|leads", 2: "touch|touches|nurture|nurtures"})
_TARGET_EXAMPLE = "/target 5 leads 2 touches 3"
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
_UNTIL = frozenset({"until", "till", "til", "to"})
_NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})
_LATEST_EXAMPLE_DAY = dt.date(9999, 1, 1)


def _parse_target(token: str, slot: int) -> int | ParseError:
    value = integer(token)
    if value is None:
        return ParseError(f"{quote(token)} isn't a number — try /target 5.")
    if value < 0 or value > MAX_COUNT:
        return ParseError(f"{quote(token)}? Targets go from 0 to {MAX_COUNT} — try /target 5.")
    if slot == 0 and value == 0:
        return ParseError("Aim for at least 1 ask a day — asks are what sell. Try /target 5.")
    return value


def parse_targets(args: str) -> tuple[int | None, int | None, int | None] | ParseError:
    """Parse `N [leads N] [touches N]` into (asks, leads, nurtures); None when not given."""
    words = clean(args).casefold().replace(",", " ").split()
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


@functools.cache
def _zone_index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Zone names by casefolded name, and by casefolded city (the part after the last /)."""
    names = sorted((zoneinfo.available_timezones() | {"UTC"}) - _NOT_PLACES)
    by_city: dict[str, list[str]] = {}
    for name in names:
        if "/" in name and not name.startswith("Etc/"):
            by_city.setdefault(name.rsplit("/", 1)[1].casefold(), []).append(name)
    by_name = {name.casefold(): name for name in names}
    return by_name, {city: tuple(found) for city, found in by_city.items()}


def parse_timezone(name: str) -> str | ParseError:
    """The canonical IANA name for `name` (any case; a unique city alone also works)."""
    key = "_".join(clean(name).split()).casefold()
    if not key:
        return ParseError("Which timezone? Try /tz Europe/Berlin.")
    by_name, by_city = _zone_index()
    exact = by_name.get(key)
    candidates = (exact,) if exact else by_city.get(key, ())
    if len(candidates) > 1:
        options = " or ".join(candidates[:3])
        return ParseError(f"{quote(name)} could be {options} — try /tz {candidates[0]}.")
    if candidates:
        with contextlib.suppress(Exception):
            return zoneinfo.ZoneInfo(candidates[0]).key
    return ParseError(f"I don't know the timezone {quote(name)} — try /tz Europe/Berlin.")


def parse_times(args: str) -> tuple[dt.time, ...] | ParseError:
    """Parse local reminder times such as "10:00 15:00" (H, HH, H:MM, HH:MM); "off" = none."""
    words = clean(args).replace(",", " ").split()
    if not words:
        return ParseError("At what times? Try /remind 10:00 15:00, or /remind off.")
    if len(words) == 1 and words[0].casefold() == "off":
        return ()
    times: set[dt.time] = set()
    for word in words:
        match = _TIME.fullmatch(word)
        if match is None:
            return ParseError(f"{quote(word)} isn't a time I can read — try 09:30 or 15:00.")
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour > 23 or minute > 59:
            return ParseError(f"{shorten(word)} isn't a time of day — try 09:30 or 15:00.")
        times.add(dt.time(hour, minute))
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


def _parse_span(text: str, example: str) -> dt.timedelta | ParseError:
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
    return _parse_span(text, "2h, 30m or 1h30m")


def _parse_whole_days(text: str, example: str) -> int | ParseError:
    """A count of days: a bare number, or a span in whole days ("5d", "2w")."""
    days = integer(text)
    if days is None:
        span = _parse_span(text, example)
        if isinstance(span, ParseError):
            return span
        if span % dt.timedelta(days=1):
            return ParseError(f"{quote(text)} isn't a whole number of days — try {example}.")
        days = span.days
    if days < 1:
        return ParseError(f"Pick at least 1 day — try {example}.")
    return days


def _parse_date(text: str, example: str) -> dt.date | ParseError | None:
    """A date written YYYY-MM-DD or DD.MM.YYYY; None when it is not written like a date."""
    iso, dotted = _ISO_DATE.fullmatch(text), _DOTTED_DATE.fullmatch(text)
    if iso:
        year, month, day = iso.groups()
    elif dotted:
        day, month, year = dotted.groups()
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return ParseError(f"{quote(text)} isn't a real date — try {example}.")


def parse_pause(args: str, today: dt.date) -> dt.date | ParseError:
    """The first day nudges resume: "7d" and "2w" count from today; "until D" resumes D+1."""
    soon = min(today, _LATEST_EXAMPLE_DAY) + dt.timedelta(days=14)
    example = f"/pause 7d or /pause until {soon.isoformat()}"
    words = clean(args).casefold().split()
    until = bool(words) and words[0] in _UNTIL
    text = " ".join(words[1:] if until else words)
    if not text:
        return ParseError(f"How long a break? Try {example}.")
    day = _parse_date(text, example)
    if isinstance(day, ParseError):
        return day
    if day is not None:
        if day <= today:
            return ParseError(f"{day.isoformat()} isn't after today — try {example}.")
        days: int | ParseError = (day - today).days + 1
    elif until:
        return ParseError(f"{quote(text)} isn't a date I can read — try {example}.")
    else:
        days = _parse_whole_days(text, "/pause 7d or /pause 2w")
    if isinstance(days, ParseError):
        return days
    if days > MAX_PAUSE_DAYS:
        return ParseError(f"A pause can last up to {MAX_PAUSE_DAYS} days — try {example}.")
    try:
        return today + dt.timedelta(days=days)
    except OverflowError:
        return ParseError("That date is past the end of my calendar.")


def parse_followup(args: str) -> int | ParseError:
    """Days to wait before a follow-up on an unanswered ask: "5d" or "5" (1–60); "off" = 0."""
    text = " ".join(clean(args).casefold().split())
    if text == "off":
        return 0
    if not text:
        return ParseError("After how many days? Try /followup 5d, or /followup off.")
    days = _parse_whole_days(text, "/followup 5d or /followup off")
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
