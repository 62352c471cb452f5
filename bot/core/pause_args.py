"""The argument of /pause: how long, or until which day ("7d", "2w", "until Dec 24", "until
2026-12-24", "until Friday"). Pure."""

from __future__ import annotations

import datetime as dt
import re

from bot.core.parsing import ParseError, clean, integer, quote
from bot.core.setting_args import MAX_PAUSE_DAYS, whole_days
from bot.core.vocabulary import MONTH_NAMES, WEEKDAY_NAMES

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DOTTED_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_MONTHS = {name: month for month, names in enumerate(MONTH_NAMES, 1) for name in names}
_DAY_OF_MONTH = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?")
_UNTIL = frozenset({"until", "till", "til", "to"})
_LATEST_EXAMPLE_DAY = dt.date(9999, 1, 1)


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


def _named_day(text: str, today: dt.date) -> dt.date | ParseError | None:
    """ "Dec 24", "24 December", "Friday": the next such day after today; None otherwise."""
    words = text.replace(",", " ").split()
    weekday = next((d for d, names in enumerate(WEEKDAY_NAMES) if text in names), None)
    if weekday is not None:
        return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if len(words) not in (2, 3) or not (words[0] in _MONTHS or words[1] in _MONTHS):
        return None
    month_first = words[0] in _MONTHS
    month, day_word = (words[0], words[1]) if month_first else (words[1], words[0])
    day, year = _DAY_OF_MONTH.fullmatch(day_word), integer(words[2]) if len(words) > 2 else None
    if day is None or (len(words) > 2 and year is None):
        return None
    try:
        found = dt.date(year or today.year, _MONTHS[month], int(day[1]))
        if year is None and found < today:
            found = found.replace(year=today.year + 1)
    except ValueError:
        return ParseError(f"{quote(text)} isn't a real date — try /pause until Dec 24.")
    return found


def parse_pause(args: str, today: dt.date) -> dt.date | ParseError:
    """The first day nudges resume: "7d" and "2w" count from today; "until D" resumes D+1,
    where D is a date (2026-12-24, 24.12.2026, Dec 24, 24 December) or a weekday."""
    soon = min(today, _LATEST_EXAMPLE_DAY) + dt.timedelta(days=14)
    example = f"/pause 7d or /pause until {soon.isoformat()}"
    words = clean(args).casefold().split()
    until = bool(words) and words[0] in _UNTIL
    text = " ".join(words[1:] if until else words)
    if not text:
        return ParseError(f"How long a break? Try {example}.")
    day = _parse_date(text, example)
    if day is None:
        day = _named_day(text, today)
    if isinstance(day, ParseError):
        return day
    if day is not None:
        if day <= today:
            return ParseError(f"{day.isoformat()} isn't after today — try {example}.")
        days: int | ParseError = (day - today).days + 1
    elif until:
        return ParseError(f"{quote(text)} isn't a date I can read — try {example}.")
    else:
        days = whole_days(text, "/pause 7d or /pause 2w")
    if isinstance(days, ParseError):
        return days
    if days > MAX_PAUSE_DAYS:
        return ParseError(f"A pause can last up to {MAX_PAUSE_DAYS} days — try {example}.")
    try:
        return today + dt.timedelta(days=days)
    except OverflowError:
        return ParseError("That date is past the end of my calendar.")
