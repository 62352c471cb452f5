"""How many and which day, as a clause says them: "3", "three", "twice", "x2"; "yesterday",
"on Monday", "last Friday", "2 days ago". Pure."""

from __future__ import annotations

from bot.core.domain import MAX_COUNT, Kind
from bot.core.parsing import ParseError, integer, quote
from bot.core.tokens import Word
from bot.core.vocabulary import PERIOD, WEEKDAY_OFFSET, Role

MAX_DAYS_BACK = 7
CONFLICT = -1
"""The day of a clause that names two different days."""

PLURALS = {
    Kind.ASK: "asks",
    Kind.LEAD: "leads",
    Kind.NURTURE: "touches",
    Kind.YES: "yeses",
    Kind.NO: "nos",
}
_DAY_WORDS = frozenset({"day", "days"})
_TOLD_OF = frozenset({"from", "since", "of", "than", "starting", "beginning", "until", "till"})


def days_ago(words: tuple[Word, ...], at: int) -> int | None:
    """N in "N days ago" when the number at `at` starts one."""
    if at + 2 < len(words) and words[at + 1].low in _DAY_WORDS and words[at + 2].low == "ago":
        return _value(words[at])
    return None


def _describes(words: tuple[Word, ...], at: int) -> bool:
    """A day word inside a thing's name: "a Sunday order", "a standing Sunday order"."""
    before = words[at - 1] if at else None
    if before is None or before.role is Role.ARTICLE:
        return before is not None
    return before.role is None and at > 1 and words[at - 2].role is Role.ARTICLE


def _value(word: Word) -> int | None:
    if word.sense is not None:
        return word.sense.value
    return integer(word.raw)


def day_of(words: tuple[Word, ...], today: int) -> int | None:
    """Days back from the message's day, CONFLICT for two different days, PERIOD for a span
    ("last week"), None when the clause names no day. A weekday is the latest one, never
    ahead: today itself, unless "last" comes before it."""
    found: set[int] = set()
    for at, word in enumerate(words):
        back: int | None = None
        if word.role is not Role.DAY and not word.numeric and word.role is not Role.COUNT:
            continue
        if at and (words[at - 1].low in _TOLD_OF or _describes(words, at)):
            continue  # "customers from last month", "a standing Sunday order": no day
        if word.role is Role.DAY and word.sense is not None:
            back = word.sense.value
            if WEEKDAY_OFFSET <= back < PERIOD:
                back = (today - (back - WEEKDAY_OFFSET)) % 7
                if back == 0 and at and words[at - 1].role is Role.LAST:
                    back = 7
        elif word.numeric or word.role is Role.COUNT:
            back = days_ago(words, at)
            if back is not None and not 0 <= back <= MAX_DAYS_BACK:
                back = PERIOD
        if back is not None:
            found.add(back)
    if not found:
        return None
    return found.pop() if len(found) == 1 else CONFLICT


def _counts_people(words: tuple[Word, ...], at: int) -> bool:
    """ "on three past clients", "at two wine shops": the number counts people or places."""
    for word in words[at + 1 : at + 4]:
        if word.role is Role.CARRIER:
            return True
        if word.role not in (None, Role.ADJ) or word.proper or word.numeric:
            return False
    return False


def count_of(
    words: tuple[Word, ...], numbers: list[int], kind: Kind, example: str = ""
) -> tuple[int, bool, ParseError | None]:
    """The count, whether it is clear, and an error if a written count cannot be logged (the
    count is then 0 for a zero, else 1).
    Numbers after "at", "by"… are times or dates; "3 times", "twice", "x3" multiply."""
    times = next((w.sense.value for w in words if w.role is Role.TIMES and w.sense), 0)
    counts = []
    for at in numbers:
        people = _counts_people(words, at)
        after_stop = at and words[at - 1].role is Role.STOP and not people
        after_stop = after_stop or (at and words[at - 1].low == "all")  # "for all 8 units"
        if after_stop or days_ago(words, at) is not None:
            continue  # "at 3", "on the 12th" — but "checked in on three past clients"
        if at + 1 < len(words) and words[at + 1].low == "times":
            times = _value(words[at]) or 0
            continue
        counts.append(at)
    if not counts:
        return (times or 1), True, None
    word = words[counts[0]]
    value = _value(word)
    example = example or f"2 {PLURALS[kind]}"
    if value is None:
        error = f"{quote(word.raw)} isn't a whole number — try {example}."
    elif value == 0:
        error = f"0 {PLURALS[kind]}? Log at least 1 — e.g. {example}."
    elif value < 0:
        error = f"{quote(word.raw)}? Counts can't be negative — /undo takes one back."
    elif value > MAX_COUNT:
        error = f"{quote(word.raw)} is more than one entry can hold ({MAX_COUNT} max)."
    else:
        return min(value * (times or 1), MAX_COUNT), len(counts) == 1 and not times, None
    return (0 if value == 0 else 1), False, ParseError(error)
