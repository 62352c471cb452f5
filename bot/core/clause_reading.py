"""What one clause says (`ClauseReading`): read by `bot.core.clause` and
`bot.core.stageless`, joined into a message's entries by `bot.core.joining`. Pure data."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.domain import Kind
from bot.core.parsing import ParseError
from bot.core.scan import Mood

__all__ = ["ClauseReading", "Mood"]


@dataclass(slots=True)
class ClauseReading:
    mood: Mood
    kinds: tuple[Kind, ...] = ()
    count: int = 1
    who: str | None = None
    pronoun: bool = False  # "he said yes": who is whoever came before
    sure: bool = True
    day: int | None = None
    names: tuple[str, ...] = ()
    error: ParseError | None = None
    bare: bool = False  # only a stage noun ("new lead"): it may settle the clause before
    done: bool = False  # said in the past tense ("asked", "said no"): no "will" carries over
    both: bool = False  # counted as "both": the two counted or named before
    restates: bool = False  # a count said again: "one ask today. just one."
    described: bool = False  # a name given to someone described: "guy named Wes"
    guess: bool = False  # a lowercase name after "and": "asked irma and bruno"
    counted: bool = False  # a count of its own: "asked 3", not "asked everyone"
