"""From raw text to words the reader can look up: cleaning, tokens, phrases, clauses.

Pure. Emoji, zero-width characters, control characters and punctuation inside words never
matter (`#tags` are taken out before, by `bot.core.parsing.take_tags`); each word is looked
up in `bot.core.vocabulary.LEXICON`, longest phrase first; clauses end at punctuation and at
words such as "and" or "but".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from bot.core.spelling import stage_noun, stage_verb
from bot.core.vocabulary import (
    LEXICON,
    MEASURED_AFTER,
    PHRASE_STARTS,
    SHORTHANDS,
    UNITS,
    Role,
    Sense,
)
from bot.core.words import BEFORE_NOUN, CONTEXT_KEYS, in_context, named_number
from bot.core.words import Word as Word
from bot.core.words import adverb as adverb

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufe00-\ufe0f\U000e0000-\U000e007f]"
)
_EMOJI = re.compile(
    "[\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff\u3030"
    "\u303d\u3297\u3299\u20e3\U0001f000-\U0001faff]+"
)
_MONEY = re.compile(
    r"[$€£¥₹]\s?[0-9][0-9,.]*[kKmM]?\b|\b[0-9][0-9,.]*[kK]?\s?(?:[$€£¥₹]|usd|eur|gbp)(?!\w)"
    r"|\b[0-9]+(?:[.,][0-9]+)?\s?%",
    re.IGNORECASE,
)
"""An amount of money ("quoted jamal $1,800") is never a count: it is left out."""
_COFFEE = re.compile(r"☕+(?=\s*\w)")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "\t": " ", "\r": "\n"})
_SHORTHAND = re.compile(
    "|".join(
        rf"(?<!\w){re.escape(short)}" + (r"(?=\s|\w)" if short.endswith("/") else r"(?![\w'])")
        for short in sorted(SHORTHANDS, key=len, reverse=True)
    ),
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?:[+-]|@)?\w(?:[\w'\-]|(?<=\d)[.,:](?=\d))*|([,;.!?:\n|/+&–—…()\-]+)")
_MULTIPLIER = re.compile(r"[x×]([0-9]{1,4})|([0-9]{1,4})[x×]", re.IGNORECASE)
_CLOCK = re.compile(r"[0-9]{1,2}(?::[0-9]{2})?(?:am|pm|h)|[0-9]{1,2}:[0-9]{2}", re.IGNORECASE)

CLOCK = Sense(Role.FILLER)


class Clause(NamedTuple):
    words: tuple[Word, ...]
    asked: bool  # ended with a question mark
    joined: int  # NOT_JOINED, AND_JOINED ("and", not "but") or SAME_CLAUSE ("3 asks 2 leads")


NOT_JOINED, AND_JOINED, SAME_CLAUSE = 0, 1, 2


_JOIN = Word("and", "and", LEXICON["and"], Role.AND, False, False)
COLON = Word(":", ":", Sense(Role.FILLER), Role.FILLER, False, False)
"""A colon goes on the clause ("Update: pitched 3", "new lead: Gabe"): a label ends there."""


def clean(text: str) -> str:
    """The text without zero-width characters and emoji, control characters as spaces, curly
    quotes made straight."""
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text.translate(_QUOTES)))
    text = _COFFEE.sub(" coffee ", text)  # "☕ with Olivia" (not "… on Saturday ☕")
    return _MONEY.sub(" ", _EMOJI.sub(" ", text))


_WOULD = frozenset({"i", "you", "we", "he", "she", "they", "it", "that", "who"})


_ELONGATED = re.compile(r"([a-z])\1\1+")


@functools.lru_cache(maxsize=8192)
def _lookup_key(raw: str) -> str:
    low = raw.casefold()
    if low not in LEXICON and (raw.islower() or raw.isupper()) and _ELONGATED.search(low):
        low = _ELONGATED.sub(r"\1\1", low)  # "goooo", "yesssss": said with feeling
    if "'" not in low:
        return low
    if low.endswith("'ll"):
        return "will"
    if low.endswith("'d") and low[:-2] in _WOULD:
        return "would"  # "I'd like": but "demo'd" stays a verb
    if low.endswith("'s") and low[:-2] in LEXICON and LEXICON[low[:-2]].role is Role.DAY:
        return low[:-2]  # "at Sunday's open house": that Sunday
    return low.replace("'", "")


def _is_proper(raw: str, shouting: bool) -> bool:
    first = raw[0]
    if first == "@":
        return True
    if first.isupper():
        return not shouting
    return first.isalpha() and not first.islower()


def _number_sense(raw: str) -> Sense | None:
    multiplier = _MULTIPLIER.fullmatch(raw)
    if multiplier:
        return Sense(Role.TIMES, value=int(multiplier[1] or multiplier[2]))
    if _CLOCK.fullmatch(raw):
        return CLOCK
    return None


@functools.lru_cache(maxsize=8192)
def _single(raw: str, key: str, shouting: bool) -> Word:
    """One word alone (cached: the same words come again and again)."""
    sense = LEXICON.get(key)
    if sense is None and (raw[0].isdigit() or raw[0] in "xX×"):
        sense = _number_sense(raw)
    head = raw[1:2] if raw[0] in "+-." else raw[0]
    numeric = sense is None and head.isnumeric()
    role = sense.role if sense else None
    return Word(raw, key, sense, role, _is_proper(raw, shouting), numeric)


_BEFORE_VERB = frozenset(
    {Role.FILLER, Role.SELF, Role.DAY, Role.ACK, Role.GREET, Role.THANKS, Role.AND, Role.LAST}
)


def _typo(raw: str, key: str, opening: bool) -> str:
    """Where the seller's verb stands, an unknown word one edit from a stage verb is that verb
    ("pitchd 3", "i folowed up", "Asekd Jon"): in lower case, or capitalised as a sentence
    opens; a name elsewhere is capitalised, so never read as a verb."""
    if key in LEXICON or key in PHRASE_STARTS:
        return key
    if raw.islower() or (opening and raw[:1].isupper() and raw[1:].islower()):
        return stage_verb(key) or key
    return key


def _segment_words(raws: list[str], shouting: bool) -> list[Word]:
    """Look up each word, longest phrase first, within one stretch without punctuation."""
    keys = [_lookup_key(raw) for raw in raws]
    words: list[Word] = []
    at = 0
    while at < len(raws):
        if not words or words[-1].role in _BEFORE_VERB:
            keys[at] = _typo(raws[at], keys[at], not words)
        elif words[-1].role in BEFORE_NOUN and keys[at] not in LEXICON and raws[at].islower():
            keys[at] = stage_noun(keys[at]) or keys[at]  # "sent a propsal"
        special = in_context(words, raws, keys, at) if keys[at] in CONTEXT_KEYS else None
        if special is not None:
            words.append(special)
            at += 1
            continue
        longest = PHRASE_STARTS.get(keys[at], 0)
        for span in range(min(longest, len(raws) - at), 1, -1):
            sense = LEXICON.get(" ".join(keys[at : at + span]))
            if sense is not None:
                raw = " ".join(raws[at : at + span])
                words.append(
                    Word(raw, keys[at], sense, sense.role, _is_proper(raw, shouting), False)
                )
                at += span
                break
        else:
            words.append(_single(raws[at], keys[at], shouting))
            at += 1
    return words


_STAGE_ROLES = frozenset(
    {Role.NOUN, Role.VERB, Role.BASE, Role.ANSWER, Role.WIN, Role.REPLY, Role.THEIR_WIN}
)


def measures(words: Sequence[Word], at: int) -> bool:
    """Whether the number at `at` measures what follows, not how many entries: "the 6 week
    program", "a 6-week program", "the 10 pack", "the 12 month package"."""
    word = words[at]
    if word.numeric and "-" in word.raw[1:] and word.raw.rpartition("-")[2].isalpha():
        return True
    after = words[at + 1] if at + 1 < len(words) else None
    if after is None or after.numeric:
        return False
    if after.low in UNITS:  # not "2 hr mgrs": people follow
        return not (at + 2 < len(words) and words[at + 2].role is Role.CARRIER)
    plain = after.role is None and not after.proper and not after.low.endswith("s")
    return plain and at > 0 and words[at - 1].low in MEASURED_AFTER


def _split_counts(words: list[Word]) -> list[list[Word]]:
    """ "3 asks 2 leads" and "asks 3 leads 2" are two clauses without a comma; "3 follow-up
    emails" and "asked 3 leads" are one."""
    parts: list[list[Word]] = [[]]
    term = number = False
    for at, word in enumerate(words):
        counted = word.numeric or word.role is Role.COUNT
        is_number = counted and not (measures(words, at) or named_number(words, at))
        if term and number and parts[-1][-1].role is not Role.STOP:
            last, after = parts[-1][-1], words[at + 1] if at + 1 < len(words) else None
            counted_before = last.numeric or last.role is Role.COUNT
            counted_after = after is not None and (after.numeric or after.role is Role.COUNT)
            if is_number or (word.role is Role.NOUN and counted_before and counted_after):
                parts.append([])
                term = number = False
        parts[-1].append(word)
        term, number = term or word.role in _STAGE_ROLES, number or is_number
    return parts


def _inside_name(words: list[Word], at: int) -> bool:
    """An "&" between two capitalised words ("Olsen & Co") belongs to the name."""
    return 0 < at < len(words) - 1 and words[at - 1].proper and words[at + 1].proper


def _joined_name(before: Word, after: Word) -> Word:
    raw = f"{before.raw} & {after.raw}"
    return Word(raw, raw.casefold(), None, None, True, False)


def _also(word: Word, before: list[Word]) -> bool:
    """ "she said yes also got an inquiry": "also" after a stage starts another clause."""
    return word.low == "also" and any(w.role in _STAGE_ROLES for w in before)


def clauses(text: str) -> list[Clause]:
    """The clauses of cleaned, tag-free text, split at punctuation and joining words."""
    if not any(char.islower() for char in text) and any(c.isupper() for c in text):
        text = text.lower()  # "CLOSED JORDAN!!!": read as typed in lower case
    shouting = False
    found: list[Clause] = []
    current: list[Word] = []
    stretch: list[str] = []

    def emit(words: list[Word], joined: int, asked: bool) -> None:
        parts = [part for part in _split_counts(words) if part]
        for at, part in enumerate(parts):
            how = SAME_CLAUSE if at else joined
            found.append(Clause(tuple(part), asked and at == len(parts) - 1, how))
        if asked and not parts and found:
            found[-1] = found[-1]._replace(asked=True)

    def close(asked: bool) -> None:
        current.extend(_segment_words(stretch, shouting))
        stretch.clear()
        words: list[Word] = []
        joined = NOT_JOINED
        for at, word in enumerate(current):
            if word is _JOIN and _inside_name(current, at):
                continue
            if words and current[at - 1] is _JOIN and _inside_name(current, at - 1):
                words[-1] = _joined_name(words[-1], word)
                continue
            if word.role is Role.AND or _also(word, words):
                emit(words, joined, False)
                words, joined = [], NOT_JOINED if word.low == "but" else AND_JOINED
            else:
                words.append(word)
        emit(words, joined, asked)
        current.clear()

    if "/" in text:
        text = _SHORTHAND.sub(lambda found: f" {SHORTHANDS[found[0].casefold()]} ", text)
    for match in _TOKEN.finditer(text):
        punctuation = match[1]
        if punctuation is None:
            stretch.append(match[0])
        elif punctuation in (":", "&", "+"):
            current.extend(_segment_words(stretch, shouting))
            stretch.clear()
            current.append(COLON if punctuation == ":" else _JOIN)
        else:
            close("?" in punctuation)
    close(False)
    return found
