"""Which stage a clause logs: its main stage word, and the kinds it may log, most likely
first ("met 6 new people" logs leads; "zoom with 3 prospects" touches them).

Pure. Used by `bot.core.clause`; the words live in `bot.core.vocabulary`.
"""

from __future__ import annotations

from bot.core.deeds import OBJECT_WORDS, at_venue
from bot.core.domain import Kind
from bot.core.scan import SOMEONE_ELSES
from bot.core.subjects import said
from bot.core.tokens import Word
from bot.core.vocabulary import Role
from bot.core.vocabulary.people import CONVERSATIONS, NEW, RELATIVES

R = Role
ANSWERS = frozenset({R.ANSWER, R.WIN, *SOMEONE_ELSES})
_ACTIONS = frozenset({R.VERB, R.BASE})


def main_term(words: tuple[Word, ...], terms: list[int]) -> int:
    """The stage word the clause is about: an answer before an action ("said yes after I
    pitched"), but not an answer told of someone ("called two customers who bought")."""
    first = terms[0]
    told_of = {
        at for at in terms if any(w.low in RELATIVES for w in words[first + 1 : at]) and at > first
    }
    answers = [at for at in terms if words[at].role in ANSWERS and at not in told_of]
    actions = [at for at in terms if words[at].role in _ACTIONS]
    return (answers or actions or terms)[0]


def _counted_people(words: tuple[Word, ...], main: int, at: int) -> bool:
    """Whether the lead noun at `at` names the people a verb or "with" reached."""
    start = at - 1
    while start > main and (words[start].numeric or words[start].role in OBJECT_WORDS):
        start -= 1
    return (start == main and words[main].role in _ACTIONS) or words[start].role is R.TO


def stage_kinds(words: tuple[Word, ...], terms: list[int], main: int) -> tuple[Kind, ...]:
    """The kinds the clause may log, most likely first."""
    sense = words[main].sense
    assert sense is not None
    kinds = sense.kinds
    for at in terms:
        other = words[at].sense
        assert other is not None
        if at == main or (sense.role in ANSWERS and other.role not in ANSWERS):
            continue
        if at > main and at_venue(words, at):
            continue  # "met ravi at the chamber lunch"
        if other.kinds == (Kind.LEAD,) and at > main:
            if words[at].low in NEW and said(words[main]) in CONVERSATIONS:
                kinds = other.kinds  # "talked to a new guy at the gym"
                continue
            if sense.role in _ACTIONS and Kind.LEAD in kinds:
                kinds = other.kinds  # "met 6 new people": met, and they are leads
                continue
            if _counted_people(words, main, at):
                continue  # "asked 3 prospects", "zoom with 3 prospects": who, not new leads
        if len(kinds) > 1 and len(other.kinds) == 1 and other.kinds[0] in kinds:
            kinds = other.kinds  # "met 6 new people": met, and they are leads
        elif not set(other.kinds) & set(kinds):
            kinds = kinds + tuple(kind for kind in other.kinds if kind not in kinds)
    return kinds
