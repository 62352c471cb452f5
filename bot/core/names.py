"""Names inside a clause: who was asked ("asked Sarah"), who answered ("Bob said no").

Pure. A name is a run of words that are not in the vocabulary, written like names
(Capitalised, @handle, or in a script without case); where a name is expected anyway (right
after "asked" or "with"), a lowercase word that is not in the vocabulary counts too.
"""

from __future__ import annotations

from bot.core.tokens import Word, adverb
from bot.core.vocabulary import CHANNELS, NAME_NOUNS, Role
from bot.core.vocabulary.people import DEAL_NOUNS, OF_PLACE, RELATIONS

MAX_NAME_WORDS = 5
_INSIDE_NAMES = frozenset({Role.NOUN, Role.CARRIER, Role.ADJ, Role.ACK, Role.FILLER, Role.COUNT})
_SKIPPED_BEFORE = frozenset({Role.FILLER, Role.ACK, Role.ADJ, Role.BOTH, Role.IS, Role.ARTICLE})
_AFTER_NAME = frozenset({Role.STOP, Role.TO, Role.FILLER, Role.ACK, Role.DAY, Role.THANKS})
_DESCRIBING = frozenset({None, Role.CARRIER, Role.ADJ})  # "my neighbor Ruth", "our client"
_OPENING = frozenset({Role.FILLER, Role.ACK, Role.DAY, Role.GREET, Role.THANKS, Role.LAST})
_AFFILIATED = frozenset({"at", "from", "of"})
_REFERRING = frozenset(
    {"he", "she", "they", "him", "them", "hes", "shes", "theyre", "theyve", "theyd", "hed"}
)


def _opens(word: Word, lowercase: bool) -> bool:
    if word.sense is not None or word.numeric:
        return False
    if word.proper:
        return True
    return lowercase and word.raw[:1].isalpha() and not adverb(word) and word.low not in CHANNELS


def _continues(word: Word, proper: bool) -> bool:
    """Whether `word` goes on a name: any unknown word ("Acme corp"), or a capitalised
    ordinary word after a capitalised start ("Green Co", "Acme Sales")."""
    if word.numeric or adverb(word):
        return False
    if word.role is None:
        return word.raw[:1].isalpha() or word.raw[:1] == "@"
    initial = len(word.raw) == 1 and word.raw.isupper()  # "John F Kennedy"
    return proper and word.proper and (word.role in _INSIDE_NAMES or initial)


def refers_back(word: Word) -> bool:
    """He, she, they: someone named earlier in the message."""
    return word.low in _REFERRING or (word.low == "her" and word.sense is not None)


def name_after(
    words: tuple[Word, ...], at: int, *, lowercase: bool
) -> tuple[str | None, int, bool]:
    """The name starting at `at`, the index after it, and whether a pronoun stands there."""
    if at >= len(words):
        return None, at, False
    first = words[at]
    if refers_back(first) and (at + 1 == len(words) or words[at + 1].sense is not None):
        return None, at + 1, True
    if not _opens(first, lowercase):
        return None, at, False
    end = at + 1
    while end < len(words) and end - at < MAX_NAME_WORDS and _continues(words[end], first.proper):
        end += 1
    return shown(words[at:end]), end, False


def shown(words: tuple[Word, ...]) -> str:
    """A name as stored: typed all in lower case, it gets its capitals ("marcus" → "Marcus");
    otherwise it is kept as typed ("ACME corp", "iPhone Co")."""
    name = " ".join(word.raw for word in words)
    if not name.islower():
        return name
    return " ".join(raw[:1].upper() + raw[1:] for raw in name.split(" "))


def name_after_determiner(
    words: tuple[Word, ...], *, lowercase: bool = False
) -> tuple[str | None, int, int]:
    """A capitalised name after "the", "my"…, and where it starts and ends: "the Hendersons",
    "the Acme deal", "my neighbor Ruth" — not "the Premium package" (a thing, not who).
    With `lowercase`, a name in lower case right after who someone is to the seller: "my
    neighbour gail", "my cousin's friend tanya", "the owner of blue door cafe"."""
    if lowercase:
        return _after_relation(words)
    for at, word in enumerate(words):
        if word.role is not Role.DET:
            continue
        start = at + 1
        while start < len(words) and start - at <= 2 and not words[start].proper:
            if words[start].role not in _DESCRIBING or words[start].numeric:
                break
            start += 1
        end = start
        while end < len(words) and end - start < MAX_NAME_WORDS and words[end].proper:
            if words[end].role is not None or not words[end].raw[:1].isalpha():
                break
            end += 1
        follows = words[end] if end < len(words) else None
        if end > start and (
            follows is None or follows.role in _AFTER_NAME or _names_a_job(words, end)
        ):
            return shown(words[start:end]), start, end
    return None, 0, 0


def _names_a_job(words: tuple[Word, ...], at: int) -> bool:
    """ "the Acme deal", "the Nguyen bathroom job": a job named for who it is for."""
    for word in words[at : at + 3]:
        if word.low in NAME_NOUNS:
            return True
        if word.role is not None or word.proper:
            return False
    return False


def _relation(word: Word) -> bool:
    low = word.raw.casefold()
    return low.removesuffix("'s").removesuffix("s") in RELATIONS or low in RELATIONS


_BEFORE_RELATION = frozenset({Role.DET, Role.TO, Role.VERB})  # "called old client mehmet"


def _after_relation(words: tuple[Word, ...]) -> tuple[str | None, int, int]:
    for at, word in enumerate(words):
        if word.role not in _BEFORE_RELATION:
            continue
        start, related = at + 1, False
        while start < len(words) and start - at <= 4:
            if _relation(words[start]):
                related = not words[start].raw.endswith("'s")  # not "my kid's soccer game"
            elif words[start].role is not Role.ADJ or words[start].numeric:
                break
            start += 1
        if related and start < len(words) and words[start].low in OF_PLACE:
            start += 1  # "the owner of blue door cafe"
        elif word.low == "the":
            related = False  # "the teacher training": a thing
        found, end, _pronoun = name_after(words, start, lowercase=True)
        if related and found:
            return found, start, end
        end = start
        while end < len(words) and end - start < 1 and _opens(words[end], lowercase=True):
            end += 1
        if start < end < len(words) and words[end].low in DEAL_NOUNS:  # "the dunmore deal"
            return shown(words[start:end]), start, end
    return None, 0, 0


def name_before(words: tuple[Word, ...], pivot: int) -> tuple[str | None, int, bool]:
    """The name (or pronoun) just before `pivot`, as the one who did or said it; its start."""
    at = pivot - 1
    while at >= 0 and words[at].role in _SKIPPED_BEFORE:
        at -= 1
    if at < 0:
        return None, pivot, False
    if refers_back(words[at]) or words[at].role is Role.PRONOUN:
        return None, at, refers_back(words[at])
    end = start = at + 1
    opening = next((i for i, w in enumerate(words) if w.role not in _OPENING), end)
    if 0 < end - opening <= MAX_NAME_WORDS and all(_opens(w, True) for w in words[opening:end]):
        return shown(words[opening:end]), opening, False  # "yesterday northside cafe said no"
    while start > 0 and end - start < MAX_NAME_WORDS:
        word = words[start - 1]
        if not ((word.proper and _continues(word, True)) or (start == 1 and _opens(word, True))):
            break
        start -= 1
    while start < end and not _opens(words[start], lowercase=start == 0):
        start += 1
    if start == end:
        first, after, _pronoun = name_after(words, 0, lowercase=False)
        if first and after < len(words) and words[after].low in _AFFILIATED:
            return first, 0, False  # "Fernando at the body shop said yes"
        return None, pivot, False
    return shown(words[start:end]), start, False
