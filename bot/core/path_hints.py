"""Paths named in plain words: "met 3 people at networking", "2 leads from my newsletter",
"coffee with Tom from the podcast" are tagged #networking, #newsletter, #podcast.

Only where the words leave no doubt, by the tables in `bot.core.vocabulary`: a path word
(`PATHS`) right after a cue ("at", "from", …) and at most one determiner, then at most one
venue word ("event"), then nothing but the end of the clause (or a day: "at networking
yesterday"). Anything else — "networking: 3 leads", "from Podcast Pete", "at the podcast
studio" — tags nothing. The phrase is taken out of its clause: "newsletter" in "leads from
my newsletter" says where the leads came from, not that a newsletter went out. Pure.
"""

from __future__ import annotations

from bot.core.tokens import Clause, Word
from bot.core.vocabulary import PATH_CUES, PATH_DETERMINERS, PATH_VENUES, PATHS, Role

_AFTER = frozenset({Role.DAY, Role.FILLER})


def take_paths(parts: list[Clause]) -> tuple[list[Clause], tuple[str, ...]]:
    """The clauses without their path phrases, and the paths they name (once each, in order)."""
    if not any(word.low in PATHS for clause in parts for word in clause.words):
        return parts, ()
    named: list[str] = []
    kept: list[Clause] = []
    for clause in parts:
        words = _without_paths(clause.words, named)
        if len(words) == len(clause.words):
            kept.append(clause)
        elif words:
            kept.append(clause._replace(words=words))
    return kept, tuple(named)


def _without_paths(words: tuple[Word, ...], named: list[str]) -> tuple[Word, ...]:
    out: list[Word] = []
    at = 0
    while at < len(words):
        found = _path_at(words, at)
        if found is None:
            out.append(words[at])
            at += 1
            continue
        at, tag = found
        if tag not in named:
            named.append(tag)
    return tuple(out)


def _single(word: Word, table: frozenset[str] | dict[str, str]) -> bool:
    return word.low in table and " " not in word.raw  # not the start of a longer phrase


def _path_at(words: tuple[Word, ...], at: int) -> tuple[int, str] | None:
    """(where the phrase ends, its path) when a path phrase starts at `at`."""
    if not _single(words[at], PATH_CUES):
        return None
    path = at + 1
    if path < len(words) and _single(words[path], PATH_DETERMINERS):
        path += 1
    if path >= len(words) or not _single(words[path], PATHS):
        return None
    end = path + 1
    if end < len(words) and _single(words[end], PATH_VENUES):
        end += 1
    if any(word.role not in _AFTER for word in words[end:]):
        return None
    return end, PATHS[words[path].low]
