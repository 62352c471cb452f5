"""A word of a message (`Word`), and the words whose sense their neighbours change: "an
older couple" is one couple, "our premium plan" a thing, "quote 2 omar" means "to".

Pure. Used by `bot.core.tokens`, which looks every word up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from bot.core.spelling import adverb_like
from bot.core.vocabulary import LEXICON, Role, Sense

_MOOD_NOUNS = frozenset({"plan", "plans", "goal", "goals", "target", "targets", "aim", "todo"})
_A_THING = Sense(Role.FILLER)
BEFORE_NOUN = frozenset({Role.ARTICLE, Role.COUNT, Role.LIGHT, Role.ADJ})
"""Words after which a noun follows: "a", a count, "sent", "new"."""


class Word(NamedTuple):
    """One word or phrase of a message: as typed, as looked up, and what it means."""

    raw: str
    low: str
    sense: Sense | None
    role: Role | None
    proper: bool  # written like a name: Capitalised, @handle, or in a script without case
    numeric: bool  # written like a number (any script), whether or not it is a whole one


def adverb(word: Word) -> bool:
    """ "quickly", "finally": said how, never a name."""
    return not word.proper and adverb_like(word.low)


def named_number(words: Sequence[Word], at: int) -> bool:
    """A number inside a name: "Dealership on Route 9", "met 2 at Studio 54"."""
    return at > 1 and words[at - 1].proper and words[at - 2].role is Role.STOP


def in_context(words: list[Word], raws: list[str], keys: list[str], at: int) -> Word | None:
    """A word whose sense its neighbours change, or None."""
    raw, key = raws[at], keys[at]
    if key in _PAIRS and words and (words[-1].role in _PAIR_DESCRIBED or words[-1].low == "an"):
        return Word(raw, key, _PEOPLE, Role.CARRIER, False, False)  # "an older couple": one
    told = at + 1 < len(keys) and keys[at + 1] in _SAYS_WHAT  # "my plan is to pitch Dana"
    if key in _MOOD_NOUNS and _in_noun_phrase(words) and not told:
        return Word(raw, key, _A_THING, Role.FILLER, False, False)  # "our premium plan"
    if key in _RINGS and words and words[-1].role in _THING_OPENERS:
        return Word(raw, key, _A_THING, Role.FILLER, False, False)  # "she loves the ring"
    then = LEXICON.get(keys[at + 1]) if at + 1 < len(keys) else None
    if key == "later" and then is not None and then.role is Role.VERB:
        return Word(raw, key, _A_THING, Role.FILLER, False, False)  # "and later phoned Arthur"
    if _two_for_to(words, raws, keys, at):
        return Word(raw, "to", LEXICON["to"], Role.TO, False, False)  # "sent quote 2 omar"
    return None


def _two_for_to(words: list[Word], raws: list[str], keys: list[str], at: int) -> bool:
    """ "quote 2 omar": a "2" between a stage noun and a lowercase name stands for "to"."""
    if raws[at] != "2" or not words or words[-1].role is not Role.NOUN or at + 1 >= len(raws):
        return False
    name = raws[at + 1]
    return name.isalpha() and name.islower() and keys[at + 1] not in LEXICON and name[-1] != "s"


def _in_noun_phrase(words: list[Word]) -> bool:
    """Whether the next word goes on a thing: "the", "our premium", "a new" before it."""
    if not words:
        return False
    last = words[-1]
    if last.role in BEFORE_NOUN or last.role is Role.DET:
        return True
    return last.role is None and len(words) > 1 and words[-2].role in _THING_OPENERS


_PAIRS = frozenset({"couple", "pair"})
_RINGS = frozenset({"ring", "rings", "phone", "phones"})
_PAIR_DESCRIBED = frozenset({None, Role.ADJ, Role.DET})
_PEOPLE = Sense(Role.CARRIER)
_THING_OPENERS = frozenset({Role.DET, Role.ARTICLE, Role.ADJ})
_SAYS_WHAT = frozenset({"is", "was", "for", "today", "tomorrow", "this", "next"})


CONTEXT_KEYS = _PAIRS | _RINGS | _MOOD_NOUNS | {"2", "later"}
"""The only words `in_context` may change (looked up first, for speed)."""
