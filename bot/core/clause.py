"""Reading one clause: its stage, count, name, day and mood ("I did it", "I will", "I didn't").

Pure. `read_clause` never raises; a count that cannot be logged comes back as a `ParseError`
on the reading, used only if the clause turns out to be a log.
"""

from __future__ import annotations

from bot.core.clause_reading import ClauseReading
from bot.core.deeds import (
    a_deed,
    as_noun,
    noise,
    sent_to,
    uncounted,
)
from bot.core.domain import Kind
from bot.core.names import name_after, name_after_determiner, name_before, refers_back
from bot.core.quantity import count_of, day_of
from bot.core.scan import SOMEONE_ELSES, Mood, answer_or_negation, mood_of, scan_words
from bot.core.stageless import without_stage
from bot.core.stages import ANSWERS, main_term, stage_kinds
from bot.core.subjects import (
    Doer,
    asked_about,
    counted_newcomers,
    deed_at,
    doer,
    from_newcomer,
    inbound,
    introduced,
    object_among,
    reword,
    said,
    subject_among,
    to_me,
)
from bot.core.tokens import AND_JOINED, COLON, Clause, Word
from bot.core.vocabulary import (
    GIVE_TO,
    SUBORDINATORS,
    TO_DO_NOUNS,
    Role,
    Sense,
)
from bot.core.vocabulary.people import (
    ASKED_IF,
    BUYERS_SAY,
    CALLS,
    COLLEAGUES,
    FAMILY,
    FOR_WHOM,
    HIRED,
    RELATIVES,
    SERVICES,
    THEIR_LEAD,
    VISITS,
)

__all__ = ["ClauseReading", "Mood", "read_clause"]

R = Role
_ANSWERS = ANSWERS
_BUYERS = frozenset({R.THEIR_WIN, R.AGREE})
_SUBJECTS = frozenset({R.PRONOUN, R.CARRIER, R.BOTH})  # "someone bought", "3 clients upgraded"
_ACTIONS = frozenset({R.VERB, R.BASE})
_SKIPPED = frozenset({R.FILLER, R.DAY})
_TOUCHED = Sense(R.VERB, (Kind.NURTURE,))
_THEIR_LEAD = Sense(R.VERB, (Kind.LEAD,), THEIR_LEAD)
_NOT_BEFORE_LOWERCASE = frozenset({"to", *VISITS})
_BARE = frozenset({R.ADJ, R.ARTICLE, R.ACK})  # "good catchup" says the touch again
_THING_THEN = frozenset({"to", "at"})


def _who(words: tuple[Word, ...], main: int) -> tuple[str | None, bool, bool, set[int]]:
    """Who the clause names, whether by pronoun, whether someone else acted; words used."""
    role = words[main].role
    to = introduced(words, main)
    if to is not None:  # "Marta introduced me to Jules": Jules is who
        return to[0], False, False, set(range(main + 1, to[1]))
    say = next((at for at, w in enumerate(words[:main]) if w.role is R.SAY), main)
    subject, start, pronoun = name_before(words, say if role in _ANSWERS else main)
    used = set(range(start, say if role in _ANSWERS else main))
    if role in _ANSWERS and (subject or pronoun):
        return subject, pronoun, False, used
    acted = role in _ACTIONS and (subject is not None or pronoun)
    light = next((at for at, w in enumerate(words) if w.role is R.LIGHT), -2)
    after = main + 1
    while after < len(words) and (words[after].role in _SKIPPED or words[after].low in ASKED_IF):
        after += 1  # "called back Ruth", "asked if she's in", "new lead today: Acme"
    if after > main + 1 and after < len(words) and refers_back(words[after]):
        return None, True, acted, used  # "asked if they wanted in": whoever came before
    openings = [after, light + 1] + [at + 1 for at, w in enumerate(words) if w.role is R.TO]
    openings += [at + 1 for at, w in enumerate(words) if w.low in FOR_WHOM]  # "a demo for Acme"
    if words[main].sense == _TOUCHED:  # "checked in on Gabe", "dropped off cookies at Acme"
        openings += [at + 1 for at, w in enumerate(words) if at > main and w.low in VISITS]
    unknown = any(w.role is None and not w.proper and not w.numeric for w in words)
    for lowercase in (False, True) if unknown else (False,):  # no lowercase word: no lowercase name
        for at in openings:
            if at <= 0 or (lowercase and not _lowercase_name(words, at, main, after)):
                continue
            found, end, refers = name_after(words, at, lowercase=lowercase)
            if lowercase and at == after and _given_to(words, main, end):
                continue  # "offered upgrade to 3 members": the thing, not who
            if found or refers:
                return found, refers, acted, used | set(range(at, end))
        found, at, end = name_after_determiner(words, lowercase=lowercase)
        if found:
            return found, False, acted, used | set(range(at, end))
    return (subject if acted else None), False, acted, used


def _given_to(words: tuple[Word, ...], main: int, end: int) -> bool:
    to = end < len(words) and words[end].low in _THING_THEN  # "dropped off cookies at …"
    return to and said(words[main]) in GIVE_TO


def _lowercase_name(words: tuple[Word, ...], at: int, main: int, after: int) -> bool:
    """Whether a lowercase word at `at` may start a name."""
    if words[at - 1].low in FOR_WHOM:
        return False  # "a quote for the kitchen", "for sure": only a capitalised name
    noun = main > 0 and words[main - 1].role in (R.DET, R.ARTICLE)  # "my contact …"
    labelled = words[at - 1] is COLON  # "new lead: oscar"
    if at == after and not labelled and (words[main].role in (R.NOUN, R.ANSWER) or noun):
        return False  # "contact form": after a noun, a lowercase word is no name
    if words[at - 1].low not in _NOT_BEFORE_LOWERCASE:
        return True
    right_after = at - 2 == main and words[at - 1].low in VISITS  # "checked in on anna"
    return sent_to(words, at, main) or right_after  # not "asked them to renew"


def read_clause(clause: Clause, today: int, listed: bool = False) -> ClauseReading:
    """What one clause says; `today` is the weekday (Monday = 0) the message counts from;
    `listed`: the clause may go on a list of names ("asked irma, bruno and jo")."""
    words = reword(clause.words)
    scan = scan_words(words)
    answer_or_negation(words, scan)
    scan.question = scan.question or clause.asked
    day = day_of(words, today)
    anded = listed or clause.joined == AND_JOINED
    if anded:
        name, end, _pronoun = name_after(words, 0, lowercase=True)
        then = words[end] if end < len(words) else None  # "… and lena over coffee"
        opens = then is not None and (then.low in SUBORDINATORS or then.low == "to")
        if name and then is not None and (opens or then.role is R.STOP):
            return ClauseReading(Mood.NAMES, names=(name,), day=day)  # "… and raúl if they'd renew"
    mood = mood_of(scan)
    if mood is not None:
        return ClauseReading(mood, day=day)
    if not scan.terms:
        return without_stage(words, scan, day, anded)
    main = main_term(words, scan.terms)
    kinds = stage_kinds(words, scan.terms, main)
    if from_newcomer(words, main):
        kinds = (Kind.LEAD,)  # "got a call from a lady named Irene": someone new
    role = words[main].role
    deed = deed_at(words, main)
    if deed is not None and words[main].sense != _THEIR_LEAD:
        someone = _someone_elses(words, main, deed, day)
        if someone is not None:
            return someone
    other = _not_a_sale(words, main, kinds)
    if other is not None:
        return ClauseReading(other, day=day)
    numbers = scan.numbers
    if role in SOMEONE_ELSES or words[main].raw.casefold() in BUYERS_SAY:
        numbers = [at for at in numbers if at < main]  # "Carla said yes to the 40 favors"
    count, clear, error = count_of(words, numbers, kinds[0])
    who, pronoun, acted, used = _who(words, main)
    if not (numbers or who or pronoun or R.TIMES in scan.roles) and uncounted(words, main):
        return ClauseReading(Mood.VAGUE, day=day)  # "answered emails": how many?
    if not a_deed(words, main, bool(who or pronoun or numbers)) or (
        role in _BUYERS and not _by_someone_else(words, main, used, pronoun)
    ):
        return ClauseReading(Mood.CHATTER, day=day)  # "bought a new laptop": the seller did
    to_do = role is R.BASE and not as_noun(words, main)
    to_do = to_do or (words[main].low in TO_DO_NOUNS and main + 1 in used)
    sure = clear and not (acted or to_do or noise(words, scan, used))
    sure = sure and R.BASE not in _plain_roles(words, scan.terms)
    sure = sure and not (role in _ANSWERS and subject_among(words, main, FAMILY | SERVICES))
    sure = sure and not any(w.low in SERVICES for w in words[main + 1 : main + 4])
    alone = role is R.ANSWER and len(words) == 1
    bare = role is R.NOUN and len(scan.terms) == 1 and who is None and not scan.numbers
    bare = bare and all(w.role in _BARE for at, w in enumerate(words) if at != main)
    bare = bare or words[0].low in RELATIVES  # "…, which is the best kind of lead"
    if who is None and kinds == (Kind.ASK,) and asked_about(words, main):
        kinds, bare = (Kind.NURTURE,), True  # "asked how training's going": a chat
    mood = Mood.ANSWER_ALONE if alone else Mood.LOG
    done = role in (R.VERB, R.WIN) or said(words[main]) in CALLS  # "demo call with Acme"
    reading = ClauseReading(mood, kinds, count, who, pronoun, sure, day, (), error, bare, done)
    reading.both = bool(numbers) and any(words[at].role is R.BOTH for at in numbers)
    reading.counted = bool(numbers) or R.TIMES in scan.roles
    return reading


def _not_a_sale(words: tuple[Word, ...], main: int, kinds: tuple[Kind, ...]) -> Mood | None:
    """Done to the seller ("Tom asked me for a quote"), for family ("asked my kid to clean his
    room") or by a colleague ("my partner Jess signed 3 clients"): nothing of the seller's."""
    role = words[main].role
    bought_me = role in _BUYERS and main + 1 < len(words) and words[main + 1].role is R.ME
    bought_me = bought_me and words[main].low not in HIRED  # "they booked me for june"
    if (role in _ACTIONS and to_me(words, main)) or bought_me:  # not "renewed with me"
        return Mood.OTHER
    if Kind.LEAD not in kinds and object_among(words, main, FAMILY):
        return Mood.CHATTER
    if role in _ANSWERS and subject_among(words, main, COLLEAGUES):
        return Mood.THEIRS
    return None


def _someone_elses(
    words: tuple[Word, ...], main: int, deed: int, day: int | None
) -> ClauseReading | None:
    """Someone else did it ("my partner pitched 3", "she asked", "Tom pitched"), or someone
    new reached out ("someone named Olivia reached out": a lead); None when the seller did."""
    reached = inbound(words, main)
    counted = counted_newcomers(words, deed) if reached else None
    if counted is not None:  # "3 parents reached out"
        count, _clear, error = count_of(words, [counted], Kind.LEAD)
        return ClauseReading(Mood.LOG, (Kind.LEAD,), count, day=day, error=error, done=True)
    who_did, name = doer(words, deed)
    if who_did is Doer.SELLER or introduced(words, deed):
        return None  # "Marta introduced me to Jules": a lead of mine
    if who_did is Doer.NEWCOMER and reached:
        return ClauseReading(Mood.LOG, (Kind.LEAD,), 1, name, day=day, done=True)
    mine = to_me(words, deed)
    if words[main].role not in _ACTIONS and mine:
        return None  # "Acme got back to me with a yes"
    return ClauseReading(Mood.OTHER if mine or reached else Mood.THEIRS, day=day)


def _by_someone_else(words: tuple[Word, ...], main: int, used: set[int], pronoun: bool) -> bool:
    """Whether a buyer's word ("bought", "went with another vendor") has someone else as its
    subject: a name, a pronoun, or people counted before it."""
    before = [w.role for w in words[:main]]
    counted = any(w.numeric or w.role is R.COUNT for w in words[:main])  # "3 booked"
    return (
        pronoun or counted or any(at < main for at in used) or any(r in _SUBJECTS for r in before)
    )


def _plain_roles(words: tuple[Word, ...], terms: list[int]) -> set[Role | None]:
    """Roles of the words that are not stage terms ("make", "send" are to-dos)."""
    return {
        w.role for at, w in enumerate(words) if at not in terms and w.sense and not w.sense.kinds
    }
