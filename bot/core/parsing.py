"""What every parser shares: log entries before they are stored, errors ready to send, and
small helpers for numbers and quoting. Messages are read by `bot.core.reader`, log commands
by `bot.core.log_args`.

Pure: stdlib and `bot.core.domain` only. Every function returns a value or a `ParseError` whose
message can be sent to the user as is; none of them raises on any input string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from bot.core.domain import Kind

MAX_TEXT = 1000
MAX_WHO = 120
MAX_ENTRIES = 10
_QUOTE_CHARS = 40


@dataclass(frozen=True)
class EntryDraft:
    """One entry to log, before it has an owner or a day."""

    kind: Kind
    count: int
    who: str | None


@dataclass(frozen=True)
class LogRequest:
    """The entries of one message, counted `days_back` days before the day it was sent."""

    entries: tuple[EntryDraft, ...]
    days_back: int
    tags: tuple[str, ...] = ()
    """The message's #tags (lower case, no '#'): they tag every entry of the message."""


@dataclass(frozen=True)
class ParseError:
    """Input we could not use; the message is ready to send to the user."""

    message: str


@dataclass(frozen=True)
class NotALog:
    """Plain text that is not a quick log at all."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
INTEGER = re.compile(r"([+-]?)([0-9]+)")
_V = TypeVar("_V")


def vocabulary(table: dict[_V, str]) -> dict[str, _V]:
    """Invert {value: "word|other word"} into {"word": value, "other word": value}."""
    return {word: value for value, words in table.items() for word in words.split("|")}


def clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def shorten(text: str) -> str:
    text = " ".join(clean(text).split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"


def quote(text: str) -> str:
    return f"“{shorten(text)}”"


def looks_numeric(token: str) -> bool:
    """Whether the token starts like a number (any script, sign or decimal point)."""
    head = token[1:] if token[:1] in ("+", "-", ".") else token
    return head[:1].isnumeric()


def integer(token: str) -> int | None:
    """The value of an ASCII integer token, clamped to ±10**6; None if it is not one."""
    match = INTEGER.fullmatch(token)
    if match is None:
        return None
    sign, digits = match.groups()
    significant = digits.lstrip("0")
    magnitude = int(significant or "0") if len(significant) <= 6 else 10**6
    return -magnitude if sign == "-" else magnitude


def who_error(who: str | None) -> ParseError | None:
    """The reply for a name or note too long to store, or None when it fits."""
    if who is None or len(who) <= MAX_WHO:
        return None
    return ParseError(f"That name or note has {len(who)} characters — {MAX_WHO} at most, please.")


# --- #tags (issue 17): taken off commands and plain text; the reader exposes them as `tags`.

MAX_TAGS = 5
"""Tags per message: a path and an offer, with room to spare; more is a typo or a paste."""

MAX_TAG = 32
_TAG = re.compile(r"(?<!\S)#([^\W\d_][\w-]*)(?!#)")  # "#a#b" is no tag: a word with #s


def take_tags(text: str) -> tuple[str, tuple[str, ...]] | ParseError:
    """`text` without its `#word` tokens, and those words (lower case, in order, once each)."""
    tags: list[str] = []
    for match in _TAG.finditer(text):
        tag = match.group(1).casefold()
        if len(tag) > MAX_TAG:
            return ParseError(f"#{shorten(tag)} is a long tag — {MAX_TAG} characters at most.")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        return ParseError(f"That's {len(tags)} tags — {MAX_TAGS} per message at most.")
    return _TAG.sub(" ", text), tuple(tags)
