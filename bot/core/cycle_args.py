"""Parse the arguments of the cycle commands: /reask, /capacity, /goal, /tags and /chart.

Pure: stdlib and `bot.core` only. Every function returns a value or a `ParseError` whose
message can be sent to the user as is; none raises on any input.
"""

from __future__ import annotations

import re

from bot.core.parsing import MAX_TAG, ParseError, clean, integer, quote
from bot.core.setting_args import parse_chart_span, whole_days

DEFAULT_REASK_DAYS = 30
"""A no comes back after a month: long enough for the seller's situation or offer to change,
short enough that they still remember the conversation."""

MAX_REASK_DAYS = 365
MAX_CAPACITY = 100
"""New clients a week; more than a hundred is a typo, not a capacity."""

MAX_YES_GOAL = 100
_REASK_EXAMPLE = "/reask 6w, /reask 30d or /reask off"
_GOAL_WORDS = frozenset(
    {"yes", "yeses", "yesses", "client", "clients", "sale", "sales", "deal", "deals"}
    | {"a", "an", "per", "each", "every", "week", "weeks", "wk", "/week", "/wk"}
)
_TAG_ARG = re.compile(r"#?([^\W\d_][\w-]*)")


def parse_reask(args: str) -> int | ParseError:
    """Days before a named no comes back: "6w", "30d" or "30" (1–365); "off" = 0."""
    text = " ".join(clean(args).casefold().split())
    if text == "off":
        return 0
    if not text:
        return ParseError(f"After how long? Try {_REASK_EXAMPLE}.")
    days = whole_days(text, _REASK_EXAMPLE)
    if isinstance(days, ParseError):
        return days
    if days > MAX_REASK_DAYS:
        return ParseError(f"Re-asks wait a year at most — try {_REASK_EXAMPLE}.")
    return days


def parse_capacity(args: str) -> int | ParseError | None:
    """New clients a week: "4" (1–100); "off" = None (no limit)."""
    text = clean(args).casefold().strip()
    if text == "off":
        return None
    words = text.split()
    value = integer(words[0]) if words else None
    if value is None:
        return ParseError("How many new clients a week can you take on? Try /capacity 4, or off.")
    if not 1 <= value <= MAX_CAPACITY:
        return ParseError(f"Capacity goes from 1 to {MAX_CAPACITY} a week — try /capacity 4.")
    return value


def parse_goal(args: str) -> int | ParseError:
    """Yeses a week from "2 yes a week", "2 clients per week" or "2"."""
    words = clean(args).casefold().replace("/", " /").split()
    value = integer(words[0]) if words else None
    if value is None:
        return ParseError("How many yeses a week? Try /goal 2 yes a week.")
    if not 1 <= value <= MAX_YES_GOAL:
        return ParseError(f"Goals go from 1 to {MAX_YES_GOAL} yeses a week — try /goal 2.")
    unknown = [word for word in words[1:] if word not in _GOAL_WORDS]
    if unknown:
        return ParseError(f"Not sure what {quote(unknown[0])} means — try /goal 2 yes a week.")
    return value


def parse_tag(args: str) -> str | ParseError | None:
    """The tag of "/tags #content" (or "content"), lower case; None for a bare /tags."""
    text = clean(args).strip()
    if not text:
        return None
    match = _TAG_ARG.fullmatch(text)
    if match is None or len(match.group(1)) > MAX_TAG:
        return ParseError(f"{quote(text)} isn't a tag — try /tags #content, or /tags for all.")
    return match.group(1).casefold()


def parse_chart(args: str) -> tuple[int | None, str | None] | ParseError:
    """(weeks or None for the default, tag or None) from "/chart 8w #content", in any order."""
    words = clean(args).split()
    marked = [word for word in words if word.startswith("#")]
    if len(marked) > 1:
        return ParseError("One tag at a time — try /chart #content.")
    tag = None
    if marked:
        match = _TAG_ARG.fullmatch(marked[0])
        if match is None or len(match.group(1)) > MAX_TAG:
            return ParseError(f"{quote(marked[0])} isn't a tag — try /chart #content.")
        tag = match.group(1).casefold()
    span = " ".join(word for word in words if not word.startswith("#"))
    if not span:
        return None, tag
    weeks = parse_chart_span(span)
    if isinstance(weeks, ParseError) and _TAG_ARG.fullmatch(span) and not marked:
        hint = f"try /chart 8w, or /chart #{span} for one tag"
        return ParseError(f"{quote(span)} isn't a span — {hint}.")
    return weeks if isinstance(weeks, ParseError) else (weeks, tag)
