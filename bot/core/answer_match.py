"""Which pending ask an answer is for: "/yes acme" closes the ask to "Acme Corp". Pure.

Case, accents, emoji and punctuation never matter. The first rule that finds anything
decides: the same name; then every word of the answer among the ask's words; then every word
of the answer starting one of the ask's words ("Acm" → "Acme Corp"). One name found is a
`Match`; several are `Candidates` (offer a button each); none is `NoMatch` with the open ones.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

MIN_PREFIX = 2
_APOSTROPHES = frozenset("'’ʼ`´")


@dataclass(frozen=True)
class Match:
    name: str


@dataclass(frozen=True)
class Candidates:
    names: tuple[str, ...]


@dataclass(frozen=True)
class NoMatch:
    open: tuple[str, ...]


def name_key(name: str) -> str:
    """The name as compared: casefolded, without accents, emoji or punctuation."""
    kept = []
    for char in unicodedata.normalize("NFKD", name.casefold()):
        if char.isalnum():
            kept.append(char)
        elif char not in _APOSTROPHES and not unicodedata.combining(char):
            kept.append(" ")
    return " ".join("".join(kept).split())


def _same(answer: list[str], ask: list[str]) -> bool:
    return answer == ask


def _words(answer: list[str], ask: list[str]) -> bool:
    return all(word in ask for word in answer)


def _prefixes(answer: list[str], ask: list[str]) -> bool:
    return all(
        len(word) >= MIN_PREFIX and any(theirs.startswith(word) for theirs in ask)
        for word in answer
    )


_RULES: tuple[Callable[[list[str], list[str]], bool], ...] = (_same, _words, _prefixes)


def match_pending(who: str, pending: Sequence[str]) -> Match | Candidates | NoMatch:
    """The pending ask (by name, as stored) that an answer naming `who` is for."""
    names = list(dict.fromkeys(pending))
    keyed: dict[str, str] = {}
    for name in names:
        keyed.setdefault(name_key(name), name)  # "Acme" and "ACME!" are one ask
    answer = name_key(who).split()
    if answer:
        for rule in _RULES:
            found = [name for key, name in keyed.items() if key and rule(answer, key.split())]
            if len(found) == 1:
                return Match(found[0])
            if found:
                return Candidates(tuple(found))
    return NoMatch(tuple(keyed.values()))


@dataclass(frozen=True)
class Answered:
    """What one named answer did to the pending asks."""

    who: str
    """The name as the answer gave it."""
    answer_id: int
    closed: str | None = None
    """The name of the pending ask it closed."""
    choices: tuple[tuple[int, str], ...] = ()
    """Several pending asks fit, none was closed: (ask id, name) for a button each."""
    already: str | None = None
    """No pending ask fits, but an answered one does: the name of that ask."""
    waiting: tuple[str, ...] = ()
    """Nothing fits: the names still waiting for an answer."""


class Press(Enum):
    """What a press on one of several fitting asks did."""

    CLOSED = "closed"
    ALREADY = "already"
    GONE = "gone"
