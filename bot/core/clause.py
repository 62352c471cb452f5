"""Reading one clause: its stage, count, name, day and mood ("I did it", "I will", "I didn't").

Pure. `read_clause` never raises; a count that cannot be logged comes back as a `ParseError`
on the reading, used only if the clause turns out to be a log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from bot.core.domain import Kind
from bot.core.names import name_after, name_before
from bot.core.parsing import ParseError
from bot.core.quantity import count_of, day_of, days_ago
from bot.core.tokens import Clause, Word, adverb
from bot.core.vocabulary import TO_DO_NOUNS, Role

R = Role
_STAGE = frozenset({R.NOUN, R.VERB, R.BASE, R.ANSWER, R.WIN})
_ANSWERS = frozenset({R.ANSWER, R.WIN})
_ACTIONS = frozenset({R.VERB, R.BASE})
_PASSIVE = frozenset({R.FILLER, R.GREET, R.THANKS, R.ACK, R.SELF, R.ADJ, R.DAY})
_NEGATED_NEXT = frozenset({R.NOUN, R.CARRIER, R.COUNT, R.ADJ, R.DET, R.VAGUE, R.PRONOUN})
_ANSWER_FITS_AFTER = frozenset({R.SAY, R.ARTICLE, R.LIGHT, R.COUNT})
_OBJECT_WORDS = frozenset({R.COUNT, R.ARTICLE, R.ADJ, R.DET, R.FILLER, R.ACK})
_NOT_NOISE = frozenset({R.DET, R.ARTICLE, R.COUNT, R.CARRIER, R.TO})
_TAIL = frozenset({R.FILLER, R.ACK, R.DAY, R.THANKS})
_OBJECT_OF = frozenset({R.VERB, R.BASE, R.LIGHT, R.WIN})
_COUNT_ONLY = frozenset({R.LIGHT, R.FILLER, R.DAY, R.ACK, R.SELF, R.CARRIER, R.ADJ, R.LAST})


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
    OTHER = 10  # someone else did it: "Tom asked me"
    GREETING = 11
    THANKS = 12
    ACK = 13
    CHATTER = 14


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


@dataclass(slots=True)
class _Scan:
    terms: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    roles: set[Role] = field(default_factory=set)
    stop: int = 1 << 30
    question: bool = False


def _scan(words: tuple[Word, ...]) -> _Scan:
    scan = _Scan()
    opening = True
    for at, word in enumerate(words):
        role = word.role
        if role is None:
            if not word.numeric:
                scan.unknown.append(at)
            elif days_ago(words, at) is None:
                scan.numbers.append(at)
            opening = False
            continue
        if role is R.QUESTION and opening:
            scan.question = True
        elif role in _STAGE and word.sense and word.sense.kinds:
            scan.terms.append(at)
        elif role is R.COUNT and days_ago(words, at) is None:
            scan.numbers.append(at)
        elif role in (R.STOP, R.QUESTION):
            scan.stop = min(scan.stop, at)
        scan.roles.add(role)
        opening = opening and role in _PASSIVE
    return scan


def _answer_or_negation(words: tuple[Word, ...], scan: _Scan) -> None:
    """A bare "no"/"yes" is an answer only where an answer fits: "said no", "a no from Acme",
    "2 nos", "no" alone; "no asks" negates; "no idea", "yes please" are just talk."""
    for at in list(scan.terms):
        word = words[at]
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


def _mood(scan: _Scan) -> Mood | None:
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
    if R.VAGUE in roles and not scan.numbers and R.TIMES not in roles:
        return Mood.VAGUE
    return None


def _main_term(words: tuple[Word, ...], terms: list[int]) -> int:
    answers = [at for at in terms if words[at].role in _ANSWERS]
    actions = [at for at in terms if words[at].role in _ACTIONS]
    return (answers or actions or terms)[0]


def _counted_people(words: tuple[Word, ...], main: int, at: int) -> bool:
    """Whether the lead noun at `at` names the people a verb or "with" reached."""
    start = at - 1
    while start > main and (words[start].numeric or words[start].role in _OBJECT_WORDS):
        start -= 1
    return (start == main and words[main].role in _ACTIONS) or words[start].role is R.TO


def _kinds(words: tuple[Word, ...], terms: list[int], main: int) -> tuple[Kind, ...]:
    """The kinds the clause may log, most likely first."""
    sense = words[main].sense
    assert sense is not None
    kinds = sense.kinds
    for at in terms:
        other = words[at].sense
        assert other is not None
        if at == main or (sense.role in _ANSWERS and other.role not in _ANSWERS):
            continue
        if other.kinds == (Kind.LEAD,) and at > main:
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


def _who(words: tuple[Word, ...], main: int) -> tuple[str | None, bool, bool, set[int]]:
    """Who the clause names, whether by pronoun, whether someone else acted; words used."""
    role = words[main].role
    say = next((at for at, w in enumerate(words[:main]) if w.role is R.SAY), main)
    subject, start, pronoun = name_before(words, say if role in _ANSWERS else main)
    used = set(range(start, say if role in _ANSWERS else main))
    if role in _ANSWERS and (subject or pronoun):
        return subject, pronoun, False, used
    acted = role in _ACTIONS and (subject is not None or pronoun)
    light = next((at for at, w in enumerate(words) if w.role is R.LIGHT), -2)
    after = main + 1
    while after < len(words) and words[after].role is R.FILLER:
        after += 1  # "called back Ruth"
    openings = [after, light + 1] + [at + 1 for at, w in enumerate(words) if w.role is R.TO]
    for lowercase in (False, True):
        for at in openings:
            if at <= 0 or (lowercase and at == after and role in (R.NOUN, R.ANSWER)):
                continue
            if lowercase and words[at - 1].low == "to":
                continue  # "asked them to renew": a verb, not a name
            found, end, refers = name_after(words, at, lowercase=lowercase)
            if found or refers:
                return found, refers, acted, used | set(range(at, end))
    return (subject if acted else None), False, acted, used


def _noise(words: tuple[Word, ...], scan: _Scan, used: set[int]) -> bool:
    """Whether a word before the details ("for", "about"…) is left unexplained; words after
    "the", "a", "my" or a count describe a thing ("the premium package", "5 past clients")."""
    phrase = False
    for at, word in enumerate(words[: scan.stop]):
        if word.role is None and not word.numeric:
            if not (phrase or at in used or adverb(word)):
                return True
        elif word.role not in (R.ADJ, R.ACK, R.FILLER):
            phrase = word.numeric or word.role in _NOT_NOISE or word.role in _OBJECT_OF
    return False


def read_clause(clause: Clause, today: int) -> ClauseReading:
    """What one clause says; `today` is the weekday (Monday = 0) the message counts from."""
    words = clause.words
    scan = _scan(words)
    _answer_or_negation(words, scan)
    scan.question = scan.question or clause.asked
    day = day_of(words, today)
    mood = _mood(scan)
    if mood is not None:
        return ClauseReading(mood, day=day)
    if not scan.terms:
        return _without_stage(words, scan, day)
    main = _main_term(words, scan.terms)
    kinds = _kinds(words, scan.terms, main)
    role = words[main].role
    if role in _ACTIONS and any(w.role is R.ME for w in words[main + 1 :]):
        return ClauseReading(Mood.OTHER, day=day)
    count, clear, error = count_of(words, scan.numbers, kinds[0])
    who, pronoun, acted, used = _who(words, main)
    counted = main and (words[main - 1].role in (R.ARTICLE, R.COUNT) or words[main - 1].numeric)
    to_do = role is R.BASE and not counted
    to_do = to_do or (words[main].low in TO_DO_NOUNS and main + 1 in used)
    sure = clear and not (acted or to_do or _noise(words, scan, used))
    sure = sure and R.BASE not in _plain_roles(words, scan.terms)
    alone = role is R.ANSWER and len(words) == 1
    bare = role is R.NOUN and len(scan.terms) == 1 and who is None and not scan.numbers
    bare = bare and all(w.role in (R.ADJ, R.ARTICLE) for at, w in enumerate(words) if at != main)
    mood = Mood.ANSWER_ALONE if alone else Mood.LOG
    done = role in (R.VERB, R.WIN)
    return ClauseReading(mood, kinds, count, who, pronoun, sure, day, (), error, bare, done)


def _plain_roles(words: tuple[Word, ...], terms: list[int]) -> set[Role | None]:
    """Roles of the words that are not stage terms ("make", "send" are to-dos)."""
    return {
        w.role for at, w in enumerate(words) if at not in terms and w.sense and not w.sense.kinds
    }


def _without_stage(words: tuple[Word, ...], scan: _Scan, day: int | None) -> ClauseReading:
    roles = scan.roles
    name, end, _pronoun = name_after(words, 0, lowercase=False)
    rest = words[end:]
    if name and (not rest or rest[0].role is R.STOP or all(w.role in _TAIL for w in rest)):
        return ClauseReading(Mood.NAMES, names=(name,))  # "Tom", "Dev for the sale"
    if len(scan.numbers) == 1 and not scan.unknown and roles <= _COUNT_ONLY | {R.COUNT}:
        count, _clear, error = count_of(words, scan.numbers, Kind.ASK)
        return ClauseReading(Mood.COUNT, count=count, sure=False, day=day, error=error)
    talk = not scan.numbers and all(words[at].proper for at in scan.unknown)
    for role, mood in ((R.GREET, Mood.GREETING), (R.THANKS, Mood.THANKS), (R.ACK, Mood.ACK)):
        if role in roles and talk:
            return ClauseReading(mood, day=day)
    return ClauseReading(Mood.CHATTER, day=day)
