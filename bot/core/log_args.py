"""The arguments of /ask, /lead, /nurture, /yes and /no: `[N] [kind word] [day] [to|from|with]
who[, who…]`, read with the reader's vocabulary.

Pure. "/ask 3 today" and "/ask 3 asks" log 3 asks with no name; "/ask 2 on Friday" counts for
the latest Friday; "/ask Acme, Beta" logs one ask to each; emoji and #tags are not names.
"""

from __future__ import annotations

import re

from bot.core.domain import Kind
from bot.core.parsing import (
    MAX_ENTRIES,
    MAX_TEXT,
    EntryDraft,
    LogRequest,
    ParseError,
    looks_numeric,
    quote,
    shorten,
    take_tags,
    who_error,
)
from bot.core.quantity import count_of
from bot.core.tokens import Word, clean
from bot.core.vocabulary import (
    COMMAND_WORDS,
    COMPANY_SUFFIXES,
    LEXICON,
    LONGEST_PHRASE,
    PERIOD,
    WEEKDAY_OFFSET,
    Role,
)

_COMMANDS = {kind: f"/{kind}" for kind in Kind}
_NAMING = {Kind.ASK: "who you asked", Kind.LEAD: "the lead"}
_PREPOSITIONS = frozenset({"to", "from", "with"})
_NAME_SEPARATORS = re.compile(r"\s*,\s*")
_EDGE_PUNCTUATION = ".!?:"


def _key(words: list[str]) -> str:
    return " ".join(word.casefold().strip(_EDGE_PUNCTUATION) for word in words)


def _day_phrase(words: list[str], at: int, today: int) -> tuple[int, int] | None:
    """(days back, width) for a day phrase starting at `at`: today, yesterday, on Friday."""
    for width in range(min(LONGEST_PHRASE, len(words) - at), 0, -1):
        sense = LEXICON.get(_key(words[at : at + width]))
        if sense is not None and sense.role is Role.DAY and sense.value != PERIOD:
            back = sense.value
            if back >= WEEKDAY_OFFSET:
                back = (today - (back - WEEKDAY_OFFSET)) % 7
            return back, width
    return None


def _without_days(words: list[str], today: int) -> tuple[list[str], set[int]]:
    """The words without day phrases, and the days they named (PERIOD for "tomorrow")."""
    kept: list[str] = []
    days: set[int] = set()
    at = 0
    while at < len(words):
        future = LEXICON.get(_key(words[at : at + 2])) or LEXICON.get(_key(words[at : at + 1]))
        if future is not None and future.role is Role.FUTURE:
            days.add(PERIOD)
            at += 1
            continue
        found = _day_phrase(words, at, today)
        if found is None:
            kept.append(words[at])
            at += 1
        else:
            days.add(found[0])
            at += found[1]
    return kept, days


def _count(kind: Kind, words: list[str]) -> tuple[int | None, list[str], ParseError | None]:
    """The count written first (digits or a number word), and the words after it."""
    if not words:
        return None, words, None
    sense = LEXICON.get(words[0].casefold())
    if sense is not None and sense.role in (Role.COUNT, Role.ARTICLE):
        return sense.value, words[1:], None
    if not looks_numeric(words[0]):
        return None, words, None
    word = Word(words[0], words[0], None, None, False, True)
    count, _clear, error = count_of((word,), [0], kind, f"{_COMMANDS[kind]} 2")
    return (None, words, error) if error else (count, words[1:], None)


def _needs_number(kind: Kind, token: str) -> ParseError:
    command, name = _COMMANDS[kind], shorten(token[:1].upper() + token[1:])
    return ParseError(
        f"{quote(token)} isn't a number — try {command} 3,"
        f" or {command} 1 {name} to name {_NAMING[kind]}."
    )


def _names(words: list[str], kind: Kind) -> list[str]:
    """The names in what is left, split at commas; a leading to/from/with is dropped."""
    names: list[str] = []
    for part in _NAME_SEPARATORS.split(" ".join(words)):
        found = part.split()
        if found and _key(found[:1]) in COMMAND_WORDS.get(kind, ()):
            found = found[1:]
        if len(found) > 1 and found[0].casefold() in _PREPOSITIONS:
            found = found[1:]
        if names and found and _key(found).replace(".", "") in COMPANY_SUFFIXES:
            names[-1] = f"{names[-1]}, {' '.join(found)}"  # "Acme, Inc."
        elif found:
            names.append(" ".join(found))
    return names


def parse_command(kind: Kind, args: str, today: int = 0) -> LogRequest | ParseError:
    """Read what follows /ask, /lead, /nurture, /yes or /no, sent on weekday `today`."""
    if len(args) > MAX_TEXT:
        return ParseError(f"That's too long to be a log — keep it to {MAX_TEXT} characters.")
    tagged = take_tags(args)
    if isinstance(tagged, ParseError):
        return tagged
    body, tags = tagged
    words, days = _without_days(clean(body).split(), today)
    if PERIOD in days:
        return ParseError(f"I log what's done — send it once it is, e.g. {_COMMANDS[kind]} 2.")
    if len(days) > 1:
        return ParseError(f"One day per command, please — e.g. {_COMMANDS[kind]} 2 yesterday.")
    count, words, error = _count(kind, words)
    if error is not None:
        return error
    if words and _key(words[:1]) in COMMAND_WORDS.get(kind, ()):
        words = words[1:]  # "/ask 3 asks"
    first = words[0] if words else ""
    if count is None and kind in _NAMING and first[:1].islower() and first not in _PREPOSITIONS:
        return _needs_number(kind, first)
    names = _names(words, kind)
    if len(names) > 1 and count not in (None, len(names)):
        return ParseError(
            f"{count} for {len(names)} names? Name each once — e.g. "
            f"{_COMMANDS[kind]} Acme, Beta logs one each."
        )
    if len(names) > MAX_ENTRIES:
        return ParseError(f"That's {len(names)} names — I take up to {MAX_ENTRIES} at once.")
    problem = next((who_error(name) for name in names if who_error(name)), None)
    if problem is not None:
        return problem
    day = days.pop() if days else 0
    if len(names) > 1:
        return LogRequest(tuple(EntryDraft(kind, 1, name) for name in names), day, tags)
    return LogRequest((EntryDraft(kind, count or 1, names[0] if names else None),), day, tags)
