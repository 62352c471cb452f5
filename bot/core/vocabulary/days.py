"""Days, months and times of day in words: tables shared by the reader and the commands
(`/pause until Dec 24`, `/remind noon`). Pure data."""

from __future__ import annotations

WEEKDAY_NAMES: tuple[tuple[str, ...], ...] = (
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed", "weds"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday",),
    ("sunday",),
)
MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
CLOCK_WORDS = {"noon": 12, "midday": 12, "midnight": 0}
"""Times of day said in words (the hour)."""
DAYS_BACK = {
    "today": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "this am": 0,
    "this pm": 0,
    "2day": 0,
    "todays": 0,
    "yesterdays": 1,
    "earlier today": 0,
    "so far today": 0,
    "yesterday": 1,
    "yday": 1,
    "yestrday": 1,
    "yesteday": 1,
    "yesterdy": 1,
    "ysterday": 1,
    "yesturday": 1,
    "yest": 1,
    "last night": 1,
    "yesterday evening": 1,
    "yesterday morning": 1,
    "yesterday afternoon": 1,
    "day before yesterday": 2,
    "the day before yesterday": 2,
}
