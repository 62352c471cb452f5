"""What a word does in a message (`Role`), and what it means (`Sense`): the reader's grammar,
the same for any language; the English words themselves are in `bot.core.vocabulary`."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from bot.core.domain import Kind


class Role(IntEnum):
    """What a word does in a message."""

    NOUN = 1  # a stage as a thing: "asks", "coffee", "proposal"
    VERB = 2  # a stage done: "asked", "called"
    BASE = 3  # a stage not (yet) done, or a to-do: "ask Tom", "calling"
    ANSWER = 4  # yes / no as nouns
    WIN = 5  # answer verbs: closed, won, lost, signed
    SAY = 6  # said, told me: "Bob said no"
    COUNT = 7  # number words
    ARTICLE = 8  # a, an
    TIMES = 9  # once, twice
    CARRIER = 10  # what a count may count: people, clients, deals
    DAY = 11  # today, yesterday, Monday (value: days back, or 10 + weekday)
    FUTURE = 12  # tomorrow, next week
    NEG = 13  # didn't, nobody, zero
    PLAN = 14  # will, need to, going to
    WISH = 15  # want to, should, hope
    QUESTION = 16  # what, how, did I (at the start of a clause)
    GREET = 17
    THANKS = 18
    ACK = 19  # ok, cool
    VAGUE = 20  # a few, several: no count we could log
    FILLER = 21  # just, so, finally: carry nothing
    LIGHT = 22  # made, sent, had, got, did: a stage noun follows
    TO = 23  # to, with, from: a name may follow
    STOP = 24  # for, about, at: what follows is detail
    DET = 25  # the, my: a noun phrase follows, not a name
    PRONOUN = 26  # he, she, they: someone named before
    ME = 27  # me, us: someone else did it to me
    AND = 28  # clause separators that are words
    SELF = 29  # i, we
    ADJ = 30  # new, direct: may stand between a count and its noun
    LAST = 31  # "last" before a weekday: never today
    REPLY = 32  # nope, not right now: an answer only when someone said it ("Tom said nope")
    THEIR_WIN = 33  # bought, upgraded: an answer only when someone else did it ("Jenna bought")
    AGREE = 34  # will take, will sign: an answer only after "said" ("she said she'll take two")
    BOTH = 35  # both, both of them: two, counted or named before
    IS = 36  # is, are, was: "sales is hard" says how a thing is, not what was done
    HABIT = 37  # usually, always: what the seller tends to do, not what was done
    GROUP = 38  # as a group, as a team: a total of several people, not the seller's own


class Sense(NamedTuple):
    role: Role
    kinds: tuple[Kind, ...] = ()
    value: int = 0
