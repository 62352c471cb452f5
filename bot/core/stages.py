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
from bot.core.vocabulary import GIVE_TO, Role
from bot.core.vocabulary.people import CONVERSATIONS, NEW, RELATIVES

R = Role
ANSWERS = frozenset({R.ANSWER, R.WIN, *SOMEONE_ELSES})
_ACTIONS = frozenset({R.VERB, R.BASE})
_OBJECT_CHAIN = frozenset({None, R.ADJ, R.ARTICLE, R.DET, R.COUNT})
_GIVEN_KINDS = frozenset({(Kind.ASK,), (Kind.NURTURE,)})  # a thing sent, not people


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
    while start > main and (
        words[start].numeric or words[start].role in OBJECT_WORDS or words[start].low == "of"
    ):
        start -= 1  # "asked eight of my warm leads"
    return (start == main and words[main].role in _ACTIONS) or words[start].role is R.TO


def _object_of(words: tuple[Word, ...], main: int, at: int) -> bool:
    """Whether the noun at `at` is what the verb at `main` acted on: "pitched a newsletter
    package" (not "invited Tom to coffee", "asked Tom for a referral")."""
    start = at - 1
    while start > main and (words[start].numeric or words[start].role in _OBJECT_CHAIN):
        start -= 1
    return start == main


def _given(words: tuple[Word, ...], terms: list[int], main: int) -> tuple[Kind, ...] | None:
    """What was sent decides: "sent over a quote" asks, "emailed an article" touches (but
    "pitched a newsletter package" still asks)."""
    sense = words[main].sense
    if sense is None or sense.role is not R.VERB or sense.kinds == (Kind.ASK,):
        return None
    if said(words[main]) not in GIVE_TO:
        return None
    for at in terms:
        thing = words[at].sense
        if at > main and thing and thing.role is R.NOUN and thing.kinds in _GIVEN_KINDS:
            return thing.kinds if not at_venue(words, at) else None
    return None


def stage_kinds(words: tuple[Word, ...], terms: list[int], main: int) -> tuple[Kind, ...]:
    """The kinds the clause may log, most likely first."""
    sense = words[main].sense
    assert sense is not None
    kinds = sense.kinds
    given = _given(words, terms, main)
    if given is not None:
        return given
    if kinds == (Kind.LEAD, Kind.NURTURE) and any(w.low in NEW for w in words[main + 1 :]):
        return (Kind.LEAD,)  # "met four new prospective clients"
    for at in terms:
        other = words[at].sense
        assert other is not None
        if at == main or (sense.role in ANSWERS and other.role not in ANSWERS):
            continue
        if at > main and at_venue(words, at):
            continue  # "met ravi at the chamber lunch"
        if sense.role is R.VERB and sense.kinds == (Kind.ASK,) and _object_of(words, main, at):
            continue  # "pitched a monthly newsletter package": what was offered
        if other.kinds == (Kind.LEAD,) and at > main:
            talked = said(words[main]) in CONVERSATIONS or words[at - 1].role is R.TO
            if words[at].low in NEW and talked:  # "2 discovery calls with new prospects"
                kinds = other.kinds  # "talked to a new guy at the gym"
                continue
            if sense.role in _ACTIONS and Kind.LEAD in kinds:
                kinds = other.kinds  # "met 6 new people": met, and they are leads
                continue
            if _counted_people(words, main, at):
                continue  # "asked 3 prospects", "zoom with 3 prospects": who, not new leads
        narrows = len(kinds) > 1 and kinds == sense.kinds  # not "… newsletter … zoom"
        if narrows and len(other.kinds) == 1 and other.kinds[0] in kinds:
            kinds = other.kinds  # "met 6 new people": met, and they are leads
        elif not set(other.kinds) & set(kinds):
            kinds = kinds + tuple(kind for kind in other.kinds if kind not in kinds)
    return kinds
