"""Turn what people type into log entries, and the helpers every parser shares.

Pure: stdlib and `bot.core.domain` only. Every function returns a value or a `ParseError` whose
message can be sent to the user as is; none of them raises on any input string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from bot.core.domain import MAX_COUNT, Kind

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
    """The entries of one message; days_back is 1 when the user said "yesterday"."""

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
_LOG_SEPARATORS = re.compile(r"[,;&+]|(?<!\S)and(?!\S)", re.IGNORECASE)

_TOO_LONG = ParseError(f"That's too long to be a log — keep it to {MAX_TEXT} characters.")
_V = TypeVar("_V")


def vocabulary(table: dict[_V, str]) -> dict[str, _V]:
    """Invert {value: "word|other word"} into {"word": value, "other word": value}."""
    return {word: value for value, words in table.items() for word in words.split("|")}


_COMMANDS = {kind: f"/{kind}" for kind in Kind}
_PLURALS = dict(zip(Kind, ("asks", "leads", "touches", "yeses", "nos"), strict=True))
_NAMING = {Kind.ASK: "who you asked", Kind.LEAD: "the lead"}
_KIND_WORDS = vocabulary(
    {
        Kind.ASK: "ask|asks|asked|direct ask|direct asks",
        Kind.LEAD: "lead|leads|new lead|new leads",
        Kind.NURTURE: "nurture|nurtures|nurtured|touch|touches|touched"
        "|follow-up|follow-ups|followup|followups|follow up|follow ups",
        Kind.YES: "yes|yeses|yesses",
        Kind.NO: "no|nos|noes",
    }
)
_NUMBER_WORDS = frozenset({"a", "an", "one"})
_PREPOSITIONS = frozenset({"to", "from", "with"})


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


def _parse_count(token: str, kind: Kind, example: str) -> int | ParseError:
    if token.casefold() in _NUMBER_WORDS:
        return 1
    value = integer(token)
    if value is None:
        return ParseError(f"{quote(token)} isn't a whole number — try {example}.")
    if value == 0:
        return ParseError(f"0 {_PLURALS[kind]}? Log at least 1 — e.g. {example}.")
    if value < 0:
        return ParseError(f"{quote(token)}? Counts can't be negative — /undo takes one back.")
    if value > MAX_COUNT:
        return ParseError(f"{quote(token)} is more than one entry can hold ({MAX_COUNT} max).")
    return value


def _who(words: list[str]) -> str | ParseError | None:
    who = " ".join(words)
    if len(who) > MAX_WHO:
        return ParseError(
            f"That name or note has {len(who)} characters — {MAX_WHO} at most, please."
        )
    return who or None


def _without_yesterday(words: list[str]) -> tuple[list[str], int]:
    kept = [word for word in words if word.casefold() != "yesterday"]
    return kept, int(len(kept) < len(words))


def _needs_number(kind: Kind, token: str) -> ParseError:
    command, name = _COMMANDS[kind], shorten(token[:1].upper() + token[1:])
    return ParseError(
        f"{quote(token)} isn't a number — try {command} 3,"
        f" or {command} 1 {name} to name {_NAMING[kind]}."
    )


def parse_command(kind: Kind, args: str) -> LogRequest | ParseError:
    """Parse what follows /ask, /lead, /nurture, /yes or /no: `[N] [to|from|with] [who]`."""
    if len(args) > MAX_TEXT:
        return _TOO_LONG
    tagged = take_tags(args)
    if isinstance(tagged, ParseError):
        return tagged
    args, tags = tagged
    words, days_back = _without_yesterday(clean(args).split())
    count = 1
    explicit = bool(words) and looks_numeric(words[0])
    if explicit:
        parsed = _parse_count(words[0], kind, f"{_COMMANDS[kind]} 2")
        if isinstance(parsed, ParseError):
            return parsed
        count, words = parsed, words[1:]
    if len(words) > 1 and words[0].casefold() in _PREPOSITIONS:
        words = words[1:]
    elif not explicit and kind in _NAMING and words and words[0][0].islower():
        return _needs_number(kind, words[0])
    who = _who(words)
    if isinstance(who, ParseError):
        return who
    return LogRequest((EntryDraft(kind, count, who),), days_back, tags)


def _match_kind_word(lowered: list[str], at: int) -> tuple[Kind, int] | None:
    for width in (2, 1):
        phrase = " ".join(lowered[at : at + width])
        if at + width <= len(lowered) and phrase in _KIND_WORDS:
            return _KIND_WORDS[phrase], at + width
    return None


def _parse_log_part(words: list[str]) -> EntryDraft | ParseError | NotALog:
    """One part of a quick log: `[N] kind [N] [to|from|with who]`, N on one side at most."""
    lowered = [word.casefold() for word in words]
    count_token: str | None = None
    at = 0
    if lowered[0] in _NUMBER_WORDS or looks_numeric(lowered[0]):
        count_token, at = words[0], 1
    found = _match_kind_word(lowered, at)
    if found is None:
        return NotALog()
    kind, at = found
    if count_token is None and at < len(words) and looks_numeric(words[at]):
        count_token, at = words[at], at + 1
    tail = words[at:]
    if tail and (len(tail) < 2 or lowered[at] not in _PREPOSITIONS):
        return NotALog()
    count = 1 if count_token is None else _parse_count(count_token, kind, f"2 {_PLURALS[kind]}")
    if isinstance(count, ParseError):
        return count
    who = _who(tail[1:])
    if isinstance(who, ParseError):
        return who
    return EntryDraft(kind, count, who)


def parse_quick_log(text: str) -> LogRequest | ParseError | NotALog:
    """Parse plain text such as "3 asks, 2 leads" or "a yes from Acme yesterday".

    All or nothing: a part with a bad count gives its ParseError; otherwise any part that
    is not a log makes the whole message NotALog.
    """
    if len(text) > MAX_TEXT:
        return _TOO_LONG
    tagged = take_tags(text)
    if isinstance(tagged, ParseError):
        return tagged
    text, tags = tagged
    days_back = 0
    results: list[EntryDraft | ParseError | NotALog] = []
    for part in _LOG_SEPARATORS.split(clean(text).strip().rstrip(".!")):
        words, said_yesterday = _without_yesterday(part.split())
        days_back |= said_yesterday
        if words:
            results.append(_parse_log_part(words))
    errors = [result for result in results if isinstance(result, ParseError)]
    if errors:
        return errors[0]
    entries = tuple(result for result in results if isinstance(result, EntryDraft))
    if not entries or len(entries) < len(results):
        return NotALog()
    if len(entries) > MAX_ENTRIES:
        return ParseError(f"That's {len(entries)} entries — I take up to {MAX_ENTRIES} a message.")
    return LogRequest(entries, days_back, tags)


# --- #tags (issue 17). The reader (core/reader.py) will expose them as `tags` on its reading.

MAX_TAGS = 5
"""Tags per message: a path and an offer, with room to spare; more is a typo or a paste."""

MAX_TAG = 32
_TAG = re.compile(r"(?<!\S)#([^\W\d_][\w-]*)")


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
