"""Scanning one clause: which words carry its stage, count and names, and whose mood it has
("I did it", "I will", "I didn't" — or someone else's "if she'd buy", "said not now").

Pure. Used by `bot.core.clause`; the words live in `bot.core.vocabulary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from bot.core.domain import Kind
from bot.core.quantity import days_ago
from bot.core.tokens import COLON, Word, measures
from bot.core.vocabulary import CONDITIONS, SUBORDINATORS, Role
from bot.core.vocabulary.people import CHEER
from bot.core.words import named_number

R = Role
SOMEONE_ELSES = frozenset({R.REPLY, R.THEIR_WIN, R.AGREE})
STAGE = frozenset({R.NOUN, R.VERB, R.BASE, R.ANSWER, R.WIN, *SOMEONE_ELSES})
_DONE = frozenset({R.VERB, R.WIN, R.THEIR_WIN, R.LIGHT})
_MOODS = frozenset({R.PLAN, R.WISH, R.NEG, R.HABIT})
_BOUNDARIES = frozenset({R.STOP, R.QUESTION, R.DET, R.ARTICLE})
_NOUN_MOODS = frozenset({R.PLAN, R.WISH})  # "offered Jorge the annual plan"
_LABEL_ONLY = frozenset({R.NEG, R.HABIT})  # a label's "not" does not reach past its colon
_PASSIVE = frozenset({R.FILLER, R.GREET, R.THANKS, R.ACK, R.SELF, R.ADJ, R.DAY})
_NEGATED_NEXT = frozenset(
    {R.NOUN, R.CARRIER, R.COUNT, R.ADJ, R.DET, R.VAGUE, R.PRONOUN, R.ANSWER}  # "no yes"
)
_ANSWER_FITS_AFTER = frozenset({R.SAY, R.ARTICLE, R.LIGHT, R.COUNT})


class Mood(IntEnum):
    """What a clause says; the first four can be logged."""

    LOG = 1
    NAMES = 2  # only names: "Tom" after "asked Sarah,"
    COUNT = 3  # only a count: "did 3"
    ANSWER_ALONE = 4  # only "yes" or "no"
    QUESTION = 5
    NEGATION = 6
    PLAN = 7
    WISH = 8
    VAGUE = 9  # "a few asks": no count to log
    OTHER = 10  # someone else did it to the seller: "Tom asked me"
    GREETING = 11
    THANKS = 12
    ACK = 13
    CHATTER = 14
    THEIRS = 15  # someone else's own deed: "my partner pitched 3 clients"
    HABIT = 16  # "I usually ask 5 a day", "people always say no"


@dataclass(slots=True)
class Scan:
    terms: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    roles: set[Role] = field(default_factory=set)
    stop: int = 1 << 30
    question: bool = False


def _detail(word: Word, detail: frozenset[Role]) -> frozenset[Role]:
    """The mood roles that no longer belong to the seller after `word`: once the seller's
    verb is said as done, "if", "that", "who"… open someone else's clause ("asked Ruth if
    she'd buy"), and "the", "a", "my" a thing ("offered Jorge the annual plan")."""
    if word.raw.casefold() in SUBORDINATORS:
        return _MOODS
    if word.role is R.STOP:  # "had a convo with petra about her goals for next year"
        return detail | {R.FUTURE}
    return detail | _NOUN_MOODS if word.role in (R.DET, R.ARTICLE) else detail


def _about_someone(words: tuple[Word, ...], at: int) -> bool:
    """ "Wes who needs a website": after a name, "who" tells of that person."""
    return words[at].low in SUBORDINATORS and words[at - 1].role is None and words[at - 1].proper


def _cheer(words: tuple[Word, ...], at: int) -> Role:
    """ "5 asks lets go!" cheers; "lets go ask 3 people" plans."""
    later = any(w.role in STAGE or w.role is R.LIGHT for w in words[at + 1 :])
    return R.PLAN if later else R.ACK


def _inside_name(words: tuple[Word, ...], at: int) -> bool:
    """A capitalised stage noun after a capitalised name goes on the name ("Duff Beer"); an
    answer after "the" describes a thing ("the paid plan")."""
    before = words[at - 1] if at else None
    if before is None:
        return False
    if words[at].role in (R.THEIR_WIN, R.WIN) and before.role in (R.DET, R.ARTICLE):
        return True
    named = words[at].proper and before.proper and before.role is None
    return words[at].role is R.NOUN and named


def scan_words(words: tuple[Word, ...]) -> Scan:
    scan = Scan()
    opening, done = True, False
    detail: frozenset[Role] = frozenset()
    for at, word in enumerate(words):
        role = word.role
        if role is R.AGREE and R.SAY not in scan.roles:
            role = R.PLAN  # "I'll take two" said by the seller
        elif role is R.ACK and word.sense and word.sense.value == CHEER:
            role = _cheer(words, at)
        if role in detail:
            continue
        if role is R.VAGUE and at + 1 < len(words) and words[at + 1].role is None:
            continue  # "emailed Ama some tips": how many tips does not matter
        if (done and role in _BOUNDARIES) or (at and _about_someone(words, at)):
            detail = _detail(word, detail)
        done = done or role in _DONE
        if role is None:
            if word.numeric and named_number(words, at):
                scan.unknown.append(at)  # "Dealership on Route 9": part of a name
            elif not word.numeric:
                scan.unknown.append(at)
            elif days_ago(words, at) is None and not measures(words, at):
                scan.numbers.append(at)
            opening = False
            continue
        if role is R.QUESTION and opening:
            scan.question = True
        elif opening and role is R.STOP and word.raw.casefold() in CONDITIONS:
            role = R.WISH  # "if Greg says yes"
        elif role is R.BOTH:
            scan.numbers.append(at)
        elif role in STAGE and word.sense and _inside_name(words, at):
            scan.unknown.append(at)  # "Duff Beer", "Cheers Bar"
        elif role in STAGE and word.sense and word.sense.kinds:
            scan.terms.append(at)
        elif role is R.COUNT and days_ago(words, at) is None and not measures(words, at):
            scan.numbers.append(at)
        elif role in (R.STOP, R.QUESTION):
            scan.stop = min(scan.stop, at)
        if word is COLON:
            scan.roles -= _LABEL_ONLY  # "recap since I forgot to send it: asked Pia"
        scan.roles.add(role)
        opening = opening and role in _PASSIVE
    return scan


def answer_or_negation(words: tuple[Word, ...], scan: Scan) -> None:
    """A bare "no"/"yes" is an answer only where an answer fits: "said no", "a no from Acme",
    "2 nos", "no" alone; "no asks" negates; "no idea", "yes please" are just talk."""
    for at in list(scan.terms):
        word = words[at]
        if word.role is R.REPLY:
            _reply(words, scan, at)
        if word.role is not R.ANSWER or word.low not in ("no", "yes"):
            continue
        if at and (words[at - 1].role in _ANSWER_FITS_AFTER or words[at - 1].numeric):
            continue
        after = words[at + 1] if at + 1 < len(words) else None
        if after is None or after.role in (R.TO, R.DAY) or (after.proper and after.role is None):
            continue
        scan.terms.remove(at)
        if word.low == "no" and (after.numeric or after.role in _NEGATED_NEXT):
            scan.roles.add(R.NEG)
        else:
            scan.unknown.append(at)


def _reply(words: tuple[Word, ...], scan: Scan, at: int) -> None:
    """ "nope", "not right now" answer only when someone said them: "Tom said nope", "nope from
    Jorge"; said alone they are the seller's own no (or a plain "yep")."""
    after = words[at + 1] if at + 1 < len(words) else None
    said = at and words[at - 1].role is R.SAY
    mine = at + 2 < len(words) and words[at + 2].role is R.ME  # "nope from me"
    if said or (after is not None and after.role is R.TO and not mine):
        return
    scan.terms.remove(at)
    sense = words[at].sense
    scan.roles.add(R.NEG if sense and Kind.NO in sense.kinds else R.ACK)


def mood_of(scan: Scan) -> Mood | None:
    """The mood when the clause is not a plain log, or None."""
    roles = scan.roles
    if scan.question:
        return Mood.QUESTION
    if R.NEG in roles:
        return Mood.NEGATION
    if R.FUTURE in roles or R.PLAN in roles:
        return Mood.PLAN
    if R.WISH in roles:
        return Mood.WISH
    if R.HABIT in roles:
        return Mood.HABIT
    if R.GROUP in roles:
        return Mood.THEIRS
    if R.VAGUE in roles and not scan.numbers and R.TIMES not in roles:
        return Mood.VAGUE
    return None
